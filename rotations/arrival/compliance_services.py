"""Every write of pre-arrival compliance: the observer hands evidence in, staff verify or
reject it (with a reason), reminders before the first day and the office's weekly list of
who is not cleared. Each write logs its activity and emails through the outbox."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import files  # the checks every applicant's upload goes through
from applications.models import Application
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..models import ComplianceEvidence, EvidenceStatus, Requirement
from ..selectors import date_range
from . import compliance_selectors as selectors
from .compliance import ItemState

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

# Days before the first day at a site when anything missing or expiring is reminded.
REMINDER_DAYS = (60, 30, 14, 7)


class ComplianceError(Exception):
    """A compliance write the input or the current state does not allow; the message is
    for the person who asked, and nothing was changed (no row, no stored file)."""


def money(cents: int) -> str:
    """US dollars for a message: 100000000 -> "$1,000,000"."""
    dollars, rest = divmod(cents, 100)
    return f"${dollars:,}" + (f".{rest:02d}" if rest else "")


def check_evidence_input(
    *,
    requirement: Requirement,
    test_date: datetime.date | None,
    expiry_date: datetime.date | None,
    amount: int | None,
    today: datetime.date,
) -> None:
    """The dates and amount the requirement asks for, plausible (ComplianceError else)."""
    if requirement.needs_test_date and test_date is None:
        raise ComplianceError(_("Enter the date of the test, vaccine, training or check."))
    if requirement.needs_expiry and expiry_date is None:
        raise ComplianceError(_("Enter the date the document expires."))
    if test_date is not None and test_date > today:
        raise ComplianceError(
            _("The test date %(date)s is in the future: enter the date it was done.")
            % {"date": written(test_date)}
        )
    if expiry_date is not None and expiry_date < today:
        raise ComplianceError(
            _("This document expired on %(date)s: upload one that is still valid.")
            % {"date": written(expiry_date)}
        )
    if test_date and expiry_date and expiry_date < test_date:
        raise ComplianceError(_("The expiry date is before the test date."))
    if requirement.minimum_amount is not None:
        if amount is None:
            raise ComplianceError(_("Enter the coverage amount of your policy."))
        if amount < requirement.minimum_amount:
            raise ComplianceError(
                _("The coverage must be at least %(minimum)s; your policy covers %(amount)s.")
                % {"minimum": money(requirement.minimum_amount), "amount": money(amount)}
            )


def submit_evidence(
    *,
    application: Application,
    requirement: Requirement,
    upload: UploadedFile,
    by: User,
    test_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    amount: int | None = None,
    today: datetime.date | None = None,
) -> ComplianceEvidence:
    """The observer hands in evidence for one requirement of a site they are placed at:
    the file (checked by its bytes and scanned like every document, stored privately under a
    random key) with the dates and amount the rule needs. It waits for staff's review;
    whether it lasts long enough is judged at once (the page flags it). Logs
    `rotations.compliance.uploaded`. On any refusal nothing is kept, the file included."""
    today = today or timezone.localdate()
    if application.applicant_id != by.pk:
        raise ComplianceError(_("This application is not yours."))
    if (
        not selectors.requirements_for_application(application_id=application.pk)
        .filter(pk=requirement.pk)
        .exists()
    ):
        raise ComplianceError(_("This requirement is not one of the sites you are placed at."))
    check_evidence_input(
        requirement=requirement,
        test_date=test_date,
        expiry_date=expiry_date,
        amount=amount,
        today=today,
    )
    try:
        checked = files.inspect_upload(upload)
    except files.InvalidDocument as error:
        raise ComplianceError(str(error)) from error
    evidence = ComplianceEvidence(
        application=application,
        requirement=requirement,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        test_date=test_date if requirement.needs_test_date else None,
        expiry_date=expiry_date if requirement.needs_expiry else None,
        amount=amount if requirement.minimum_amount is not None else None,
    )
    content = upload if checked.content is None else checked.content
    evidence.file.save(checked.name, File(content), save=False)
    try:
        with transaction.atomic():
            evidence.save()
            log_action(
                evidence,
                "rotations.compliance.uploaded",
                by=by,
                person=by,
                data={
                    "requirement": requirement.pk,
                    "name": checked.name,
                    "test_date": test_date,
                    "expiry_date": expiry_date,
                },
            )
    except BaseException:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def _lock_pending(evidence: ComplianceEvidence) -> ComplianceEvidence:
    evidence = (
        ComplianceEvidence.objects.select_for_update(of=("self",))
        .select_related("requirement__site", "application__applicant")
        .get(pk=evidence.pk)
    )
    if evidence.status != EvidenceStatus.PENDING:
        raise ComplianceError(_("This evidence was reviewed already."))
    return evidence


def _decide(evidence: ComplianceEvidence, status: str, *, by: User, reason: str = ""):
    if not by.is_staff:
        raise ComplianceError(_("Only the program office reviews pre-arrival evidence."))
    with transaction.atomic():
        evidence = _lock_pending(evidence)
        evidence.status, evidence.reject_reason = status, reason
        evidence.decided_by, evidence.decided_at = by, timezone.now()
        evidence.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
        log_action(
            evidence,
            f"rotations.compliance.{status}",
            by=by,
            person=evidence.application.applicant,
            data={"requirement": evidence.requirement_id, "reason": reason},
        )
        applicant = evidence.application.applicant
        with speaking_to(applicant):
            context = {
                "status": status,
                "requirement": evidence.requirement.name,
                "hospital": evidence.requirement.site.name,
                "reason": reason,
                "compliance_url": settings.SITE_URL + reverse("rotations:compliance"),
            }
        queue_notification(
            to=applicant,
            template="compliance_evidence_decided",
            key=f"compliance_evidence:{evidence.pk}:{status}",
            context=context,
        )
    return evidence


def verify_evidence(*, evidence: ComplianceEvidence, by: User) -> ComplianceEvidence:
    """Staff checked the evidence: verified. Emails the applicant; logs
    `rotations.compliance.verified`. Only pending evidence can be decided."""
    return _decide(evidence, EvidenceStatus.VERIFIED, by=by)


def reject_evidence(*, evidence: ComplianceEvidence, reason: str, by: User) -> ComplianceEvidence:
    """Staff do not accept the evidence, saying why; the applicant is emailed the reason and
    hands in another. Logs `rotations.compliance.rejected`."""
    reason = (reason or "").strip()
    if not reason:
        raise ComplianceError(_("Say why, so the applicant knows what to hand in instead."))
    return _decide(evidence, EvidenceStatus.REJECTED, by=by, reason=reason)


def reminder_threshold(days_left: int) -> int | None:
    """The reminder a rotation `days_left` days away is due for: the nearest of
    REMINDER_DAYS not yet passed (a scan that missed a day still sends it)."""
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due and days_left > 0 else None


def send_compliance_reminders(*, today: datetime.date | None = None) -> int:
    """Remind observers, 60, 30, 14 and 7 days before their first day at a site, of each
    requirement still missing or expiring before it is needed (once per rotation request,
    requirement and threshold: key `compliance:<request>:<requirement>:<days>d`). Returns
    how many were queued."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    requests = list(
        selectors.starting_requests(first=today + datetime.timedelta(days=1), last=horizon)
    )
    count = 0
    for row in selectors.compliance_for_requests(requests).values():
        if not row.first_at_site:
            continue
        days_left = (row.stay.first_day - today).days
        threshold = reminder_threshold(days_left)
        if threshold is None:
            continue
        for item in row.clearance.to_do:
            key = f"compliance:{row.rotation_request.pk}:{item.requirement.pk}:{threshold}d"
            if Notification.objects.filter(dedupe_key=key).exists():
                continue
            with transaction.atomic():
                _queue_reminder(row, item, key=key, days_left=days_left)
            count += 1
    return count


def _queue_reminder(row, item, *, key: str, days_left: int) -> None:
    applicant = row.rotation_request.application.applicant
    with speaking_to(applicant):
        context = {
            "requirement": item.requirement.name,
            "description": item.requirement.description,
            "expiring": item.state == ItemState.EXPIRES,
            "good_until": written(item.good_until) if item.good_until else "",
            "start_by": written(item.start_by) if item.start_by else "",
            "days_left": days_left,
            "first_day": written(row.stay.first_day),
            "hospital": row.rotation.site.name,
            "compliance_url": settings.SITE_URL + reverse("rotations:compliance"),
        }
    queue_notification(to=applicant, template="compliance_reminder", key=key, context=context)


def send_office_compliance_list(*, today: datetime.date | None = None) -> Notification | None:
    """Email the program office (PROGRAM_OFFICE_EMAIL) who is not cleared to start a
    rotation beginning in the next 30 days, with what each still needs; once a week (key
    `compliance:office:<ISO year>-W<week>`). Nothing when nobody is behind or no address
    is set."""
    today = today or timezone.localdate()
    if not settings.PROGRAM_OFFICE_EMAIL:
        return None
    rows = selectors.not_cleared_starting_soon(today=today, days=30)
    if not rows:
        return None
    year, week, _weekday = today.isocalendar()
    people = [
        {
            "name": row.rotation_request.application.applicant.display_name,
            "email": row.rotation_request.application.applicant.email,
            "rotation": f"{row.rotation.specialty.name}, {row.rotation.site.name}",
            "dates": date_range(row.rotation),
            "to_do": [
                f"{item.requirement.name}: {item.label}"
                for item in row.clearance.items
                if item.state not in (ItemState.DONE, ItemState.NOT_NEEDED)
            ],
        }
        for row in rows
    ]
    with transaction.atomic():
        return queue_notification(
            to=settings.PROGRAM_OFFICE_EMAIL,
            template="compliance_office_list",
            key=f"compliance:office:{year}-W{week:02d}",
            context={
                "people": people,
                "count": len(people),
                "admin_url": settings.SITE_URL
                + reverse("admin:rotations_complianceevidence_not_cleared"),
            },
        )
