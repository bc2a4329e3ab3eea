"""The visa invitation letter's writes: the applicant asks, a coordinator approves (the
letter is issued at once through hmc_portal.issuance and emailed) or sends the request back
with a reason; a change of the placement revokes the letter and, when the plan left is still
eligible, issues a new one from the same approved details.

Every service owns its transaction, locks the request's row, writes its activity-log entry
and queues its email in the same transaction."""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.issuance.services import IssuanceError, issue_document, revoke_document
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification

from ..enums import OPEN_VISA_LETTER_STATUSES, VisaLetterStatus
from ..errors import VisaLetterError
from ..models import VisaLetterRequest
from ..models.visa import letter_number
from .eligibility import confirmed_blocks, unmet_conditions
from .letter import TITLE, build_letter

if TYPE_CHECKING:
    from hmc_portal.users.models import User

# A machine-readable zone holds A-Z, 0-9 and "<" (spaces and hyphens in a name become "<").
PASSPORT_NAME = re.compile(r"^[A-Z]+(?:[ '-][A-Z]+)*$")
PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{6,9}$")
MAX_REASON = 1000
CHANGED = "The placement this letter describes changed."
ENDED = "The applicant left the program: the placement this letter describes ended."


@dataclass(frozen=True)
class VisaLetterDetails:
    """What the applicant enters: their identity exactly as in the passport, the consulate
    and the visa interview date if booked."""

    passport_name: str
    date_of_birth: datetime.date
    nationality: str  # ISO 3166 alpha-2
    passport_number: str
    passport_expiry: datetime.date
    consulate: str
    interview_date: datetime.date | None = None


def normalize_passport_name(value: str) -> str:
    """The name as the MRZ prints it: upper case, "<" fillers as spaces, single spaces."""
    return " ".join(value.replace("<", " ").upper().split())


def normalize_passport_number(value: str) -> str:
    return "".join(value.split()).upper()


def detail_problems(details: VisaLetterDetails, *, today: datetime.date) -> list[str]:
    """What is wrong with the details whatever the placement (the form says the same)."""
    problems = []
    if not PASSPORT_NAME.match(details.passport_name) or len(details.passport_name) > 120:
        problems.append(
            _(
                "Write the name exactly as in the passport's machine-readable zone: letters A to "
                "Z and spaces only."
            )
        )
    if not PASSPORT_NUMBER.match(details.passport_number):
        problems.append(_("A passport number has 6 to 9 letters (A to Z) and digits only."))
    if details.passport_expiry <= today:
        problems.append(_("This passport has expired: renew it before asking for the letter."))
    if details.date_of_birth >= today or details.date_of_birth.year < 1900:
        problems.append(_("Enter your date of birth as in your passport."))
    if details.interview_date is not None and details.interview_date < today:
        problems.append(_("The visa interview date is in the past."))
    if not details.consulate.strip() or len(details.consulate) > 150:
        problems.append(_("Name the US embassy or consulate (at most 150 characters)."))
    return problems


def open_request(application) -> VisaLetterRequest | None:
    return VisaLetterRequest.objects.filter(
        application=application, status__in=OPEN_VISA_LETTER_STATUSES
    ).first()


@transaction.atomic
def request_visa_letter(
    *, application: Application, details: VisaLetterDetails, by: User
) -> VisaLetterRequest:
    """Store the applicant's request for a coordinator to decide. Refuses (VisaLetterError
    with `reasons`, nothing stored) bad details, an application that does not meet every
    condition (rotations.arrival.eligibility) and a second request while one is open.
    Logs `rotations.visa_letter.requested`."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    details = VisaLetterDetails(
        **{
            **details.__dict__,
            "passport_name": normalize_passport_name(details.passport_name),
            "passport_number": normalize_passport_number(details.passport_number),
            "consulate": details.consulate.strip(),
        }
    )
    problems = detail_problems(details, today=timezone.localdate())
    if problems:
        raise VisaLetterError(" ".join(problems), reasons=problems)
    if open_request(application) is not None:
        raise VisaLetterError(
            _(
                "You have asked for a visa invitation letter already: it is waiting for the "
                "program office or issued."
            )
        )
    unmet = unmet_conditions(application, passport_expiry=details.passport_expiry)
    if unmet:
        reasons = [str(u.reason) for u in unmet]
        raise VisaLetterError(
            _("You cannot ask for the letter yet: %s") % " ".join(reasons), reasons=reasons
        )
    try:
        with transaction.atomic():
            visa_request = VisaLetterRequest.objects.create(
                application=application, **details.__dict__
            )
    except IntegrityError as error:  # a double click that passed the check above
        raise VisaLetterError(_("You have asked for a visa invitation letter already.")) from error
    log_action(
        visa_request,
        "rotations.visa_letter.requested",
        by=by,
        person=application.applicant,
        data={"consulate": details.consulate, "interview_date": details.interview_date},
    )
    return visa_request


def _lock(visa_request: VisaLetterRequest) -> VisaLetterRequest:
    return (
        VisaLetterRequest.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "letter")
        .get(pk=visa_request.pk)
    )


def _issue(visa_request: VisaLetterRequest, *, by: User | None) -> None:
    """Issue the next letter of a locked request for its current itinerary and email it."""
    blocks = confirmed_blocks(visa_request.application)
    sequence = visa_request.letters_issued + 1
    number = letter_number(visa_request.pk, sequence)
    try:
        document = issue_document(
            kind="visa_letter",
            owner=visa_request.application.applicant,
            holder_name=visa_request.passport_name,
            title=TITLE,
            reference=number,
            build=build_letter(visa_request, blocks),
            by=by,
        )
    except IssuanceError as error:
        raise VisaLetterError(str(error)) from error
    visa_request.letter = document
    visa_request.letters_issued = sequence
    visa_request.status = VisaLetterStatus.ISSUED
    visa_request.save(update_fields=["letter", "letters_issued", "status"])
    log_action(
        visa_request,
        "rotations.visa_letter.issued",
        by=by,
        person=visa_request.application.applicant,
        data={"number": number, "blocks": [b.rotation_id for b in blocks]},
    )
    _email(
        visa_request,
        "visa_letter_issued",
        f"visa_letter:{visa_request.pk}:{sequence}",
        attach=document,
    )


def _email(visa_request: VisaLetterRequest, template: str, key: str, *, attach=None, **extra):
    applicant = visa_request.application.applicant
    with speaking_to(applicant):
        context = {
            "number": visa_request.letter_number,
            "support_url": settings.SITE_URL + reverse("rotations:support"),
            "interview_date": written(visa_request.interview_date, "date"),
            **extra,
        }
    attachments = (
        [Attachment(attach.filename, "application/pdf", issued_document=attach.pk)]
        if attach is not None
        else []
    )
    queue_notification(
        to=applicant, template=template, key=key, context=context, attachments=attachments
    )


@transaction.atomic
def approve_visa_letter_request(*, visa_request: VisaLetterRequest, by: User) -> VisaLetterRequest:
    """waiting -> issued: a coordinator checked the details against the verified passport;
    the letter is issued and emailed at once. Refuses (VisaLetterError, nothing changed) a
    request not waiting and an application no longer eligible. Logs
    `rotations.visa_letter.approved` and `...issued`."""
    visa_request = _lock(visa_request)
    if visa_request.status != VisaLetterStatus.WAITING:
        raise VisaLetterError(_("Only a request waiting for the program office can be approved."))
    unmet = unmet_conditions(visa_request.application, passport_expiry=visa_request.passport_expiry)
    if unmet:
        reasons = [str(u.reason) for u in unmet]
        raise VisaLetterError(
            _("The applicant does not meet every condition: %s") % " ".join(reasons),
            reasons=reasons,
        )
    visa_request.decided_at = timezone.now()
    visa_request.decided_by = by
    visa_request.save(update_fields=["decided_at", "decided_by"])
    log_action(
        visa_request,
        "rotations.visa_letter.approved",
        by=by,
        person=visa_request.application.applicant,
    )
    _issue(visa_request, by=by)
    return visa_request


@transaction.atomic
def send_back_visa_letter_request(
    *, visa_request: VisaLetterRequest, by: User, reason: str
) -> VisaLetterRequest:
    """waiting -> sent_back, with the reason the applicant reads (they may ask again).
    Refuses an empty reason and a request not waiting. Logs `rotations.visa_letter.sent_back`
    and emails the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise VisaLetterError(_("Say what the applicant should correct: they read the reason."))
    if len(reason) > MAX_REASON:
        raise VisaLetterError(
            _("The reason is too long: at most %(limit)s characters.") % {"limit": MAX_REASON}
        )
    visa_request = _lock(visa_request)
    if visa_request.status != VisaLetterStatus.WAITING:
        raise VisaLetterError(_("Only a request waiting for the program office can be sent back."))
    visa_request.status = VisaLetterStatus.SENT_BACK
    visa_request.send_back_reason = reason
    visa_request.decided_at = timezone.now()
    visa_request.decided_by = by
    visa_request.save(update_fields=["status", "send_back_reason", "decided_at", "decided_by"])
    log_action(
        visa_request,
        "rotations.visa_letter.sent_back",
        by=by,
        person=visa_request.application.applicant,
        data={"reason": reason},
    )
    _email(
        visa_request,
        "visa_letter_sent_back",
        f"visa_letter:{visa_request.pk}:sent_back",
        reason=reason,
    )
    return visa_request


@transaction.atomic
def letter_after_placement_change(
    *, application: Application, by: User | None, ended: bool = False
) -> VisaLetterRequest | None:
    """The placement an issued letter describes changed (a block cancelled) or ended (the
    applicant left): revoke the letter ("the placement it describes changed"); if the
    application is still eligible with the plan left, issue a new letter from the same
    approved details (a new number); otherwise the request is revoked and the applicant
    may ask again. A request still waiting stays waiting (the coordinator checks the
    conditions again when deciding). None when there was no issued letter."""
    visa_request = VisaLetterRequest.objects.filter(
        application=application, status=VisaLetterStatus.ISSUED
    ).first()
    if visa_request is None:
        return None
    visa_request = _lock(visa_request)
    old = visa_request.letter
    # Revoked already by hand in admin: the request follows below all the same.
    with contextlib.suppress(IssuanceError):
        revoke_document(document=old, by=by, reason=ENDED if ended else CHANGED)
    log_action(
        visa_request,
        "rotations.visa_letter.revoked",
        by=by,
        person=application.applicant,
        data={"number": old.reference, "ended": ended},
    )
    eligible = not ended and not unmet_conditions(
        visa_request.application, passport_expiry=visa_request.passport_expiry
    )
    if eligible:
        _issue(visa_request, by=by)
        return visa_request
    visa_request.status = VisaLetterStatus.REVOKED
    visa_request.revoked_at = timezone.now()
    visa_request.save(update_fields=["status", "revoked_at"])
    _email(visa_request, "visa_letter_revoked", f"visa_letter:{visa_request.pk}:revoked")
    return visa_request
