"""Erasing an account: the applicant asks (with their password) and waits
ERASURE_WAIT_DAYS, during which signing in cancels it; staff may erase at once for a request
received by mail. The erasure runs every registered shredder (registry.shredders) in one
transaction, the account's own last, and writes one audit entry that holds no personal value.

An erasure blocker (registry.erasure_blockers: an enrolment in progress) refuses a request
and, when it appears after the request was made, holds it: the periodic run leaves it
scheduled and tells the program office once.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.notifications.outbox import queue_notification

from ..errors import ErasureError, WrongPassword
from ..models import ErasureRequest, ErasureStatus
from ..registry import DataShredder, erasure_blockers, shredders
from ..selectors import scheduled_erasure

logger = logging.getLogger(__name__)
User = get_user_model()


def erasure_refusal(*, user) -> list[str]:
    """Why this account cannot be erased now: the blockers' sentences, or a staff account
    (which is closed by an administrator, not erased here). Empty when it can."""
    if user.is_staff:
        return [_("A staff account cannot be erased here: an administrator closes it.")]
    return erasure_blockers.reasons(user)


@transaction.atomic
def request_erasure(*, user, password: str) -> ErasureRequest:
    """The applicant asks for their account to be erased after ERASURE_WAIT_DAYS.

    Raises ErasureError (nothing stored) for a wrong password, a blocker (its sentences), or
    a request already waiting. Logs `privacy.erasure.requested` and emails the date and that
    signing in before then cancels it (`erasure_scheduled`).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password or ""):
        raise WrongPassword(_("That password is not right. Your account is unchanged."))
    reasons = erasure_refusal(user=user)
    if reasons:
        raise ErasureError(" ".join(reasons))
    if scheduled_erasure(user=user) is not None:
        raise ErasureError(_("Your account is already scheduled for deletion."))
    now = timezone.now()
    erasure = ErasureRequest.objects.create(
        user=user,
        requested_at=now,
        erase_after=now + datetime.timedelta(days=settings.ERASURE_WAIT_DAYS),
        requested_by=user,
    )
    log_action(
        erasure,
        "privacy.erasure.requested",
        by=user,
        person=user,
        data={"erase_after": erasure.erase_after},
    )
    queue_notification(
        to=user,
        template="erasure_scheduled",
        key=f"erasure:{erasure.pk}:scheduled",
        context={
            "erase_after": erasure.erase_after.isoformat(),
            "days": settings.ERASURE_WAIT_DAYS,
            "privacy_url": settings.SITE_URL + reverse("privacy:page"),
            "login_url": settings.SITE_URL + reverse("accounts:login"),
        },
    )
    return erasure


@transaction.atomic
def cancel_erasure(*, user, by) -> ErasureRequest | None:
    """Cancel the account's waiting erasure (the applicant signed in, or pressed "Keep my
    account"). Logs `privacy.erasure.cancelled` and emails that the account stays
    (`erasure_cancelled`). Returns the request, or None when none was waiting."""
    erasure = (
        ErasureRequest.objects.select_for_update()
        .filter(user=user, status=ErasureStatus.SCHEDULED)
        .first()
    )
    if erasure is None:
        return None
    erasure.status = ErasureStatus.CANCELLED
    erasure.cancelled_at = timezone.now()
    erasure.save(update_fields=["status", "cancelled_at"])
    log_action(erasure, "privacy.erasure.cancelled", by=by, person=user)
    queue_notification(
        to=user,
        template="erasure_cancelled",
        key=f"erasure:{erasure.pk}:cancelled",
        context={"privacy_url": settings.SITE_URL + reverse("privacy:page")},
    )
    return erasure


def _ordered_shredders() -> list[DataShredder]:
    # The account's own shredder runs last: the others may still find rows by the person's
    # email or name before it anonymises them.
    return sorted(shredders, key=lambda shredder: bool(getattr(shredder, "runs_last", False)))


def _summary_of(result) -> dict:
    """What a shredder returned, kept when it is counts ({"deleted": 2}); else {}."""
    if isinstance(result, dict):
        return {str(k): v for k, v in result.items() if isinstance(v, int | bool)}
    return {}


@transaction.atomic
def erase(*, erasure: ErasureRequest, by=None) -> ErasureRequest:
    """Erase the request's account now: every shredder in turn (in this transaction: one
    that fails rolls all of them back, and no file is deleted, since files go after commit),
    the summary of what each did, ONE audit entry `privacy.erasure.done` (no personal value),
    the request marked done. `by` is the staff member (None: the periodic task).

    Raises ErasureError when the request is not waiting any more or a blocker applies."""
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
    if erasure.status != ErasureStatus.SCHEDULED:
        raise ErasureError(_("This erasure request is not waiting any more."))
    user = User.objects.select_for_update().get(pk=erasure.user_id)
    reasons = erasure_refusal(user=user)
    if reasons:
        raise ErasureError(" ".join(reasons))
    summary = {}
    for shredder in _ordered_shredders():
        summary[shredder.name] = _summary_of(shredder.shred(user))
    erasure.status = ErasureStatus.DONE
    erasure.done_at = timezone.now()
    erasure.summary = summary
    erasure.save(update_fields=["status", "done_at", "summary"])
    log_action(
        erasure,
        "privacy.erasure.done",
        by=by,
        data={
            "requested_by": "staff" if erasure.requested_by_id != erasure.user_id else "applicant",
            "shredders": sorted(summary),
        },
    )
    return erasure


@transaction.atomic
def erase_account_now(*, user, by, reason: str) -> ErasureRequest:
    """Staff erase an account at once, for a request received by mail (no waiting: the
    person asked in writing). Needs the `privacy.erase_account` permission and a reason;
    the same blockers apply (ErasureError, nothing changed). A request the applicant made
    themselves and that still waits is the one erased. Logs `privacy.erasure.requested`
    with the reason, then `privacy.erasure.done` by the staff member."""
    if not (by.is_active and by.is_staff and by.has_perm("privacy.erase_account")):
        raise ErasureError(_("You may not erase accounts."))
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError(_("Say why the account is erased (e.g. a request received by mail)."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == by.pk:
        raise ErasureError(_("You cannot erase your own account."))
    if ErasureRequest.objects.filter(user=user, status=ErasureStatus.DONE).exists():
        raise ErasureError(_("This account was erased already."))
    reasons = erasure_refusal(user=user)
    if reasons:
        raise ErasureError(" ".join(reasons))
    now = timezone.now()
    erasure = (
        ErasureRequest.objects.select_for_update()
        .filter(user=user, status=ErasureStatus.SCHEDULED)
        .first()
    )
    if erasure is None:
        erasure = ErasureRequest.objects.create(
            user=user, requested_at=now, erase_after=now, requested_by=by, reason=reason
        )
    else:
        erasure.reason, erasure.erase_after = reason, now
        erasure.save(update_fields=["reason", "erase_after"])
    log_action(
        erasure,
        "privacy.erasure.requested",
        by=by,
        data={"reason": reason, "by_staff": True},
    )
    return erase(erasure=erasure, by=by)


def _hold(*, erasure: ErasureRequest, reasons: list[str]) -> bool:
    """A due erasure a blocker stops: it stays scheduled; the first time, the program office
    is told (`erasure_held`) and `privacy.erasure.held` logged. True when newly held."""
    if erasure.held_at is not None:
        return False
    erasure.held_at = timezone.now()
    erasure.save(update_fields=["held_at"])
    log_action(erasure, "privacy.erasure.held", by=None, data={"reasons": reasons})
    if settings.PROGRAM_OFFICE_EMAIL:
        queue_notification(
            to=settings.PROGRAM_OFFICE_EMAIL,
            template="erasure_held",
            key=f"erasure:{erasure.pk}:held",
            context={
                "request_id": erasure.pk,
                "account_id": erasure.user_id,
                "reasons": reasons,
                "admin_url": settings.SITE_URL
                + reverse("admin:privacy_erasurerequest_change", args=[erasure.pk]),
            },
        )
    return True


def erase_due_accounts(*, now: datetime.datetime | None = None) -> int:
    """The periodic run: erase every scheduled request whose `erase_after` has passed, each
    in its own transaction (one that fails is logged and left for the next run). A request a
    blocker stops now is held (see _hold). Running it twice erases each account once.
    Returns how many were erased."""
    now = now or timezone.now()
    due = list(
        ErasureRequest.objects.filter(
            status=ErasureStatus.SCHEDULED, erase_after__lte=now
        ).values_list("pk", flat=True)
    )
    erased = 0
    for pk in due:
        try:
            with transaction.atomic():
                erasure = (
                    ErasureRequest.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, status=ErasureStatus.SCHEDULED, erase_after__lte=now)
                    .first()
                )
                if erasure is None:
                    continue  # erased, cancelled or being erased by another run
                reasons = erasure_refusal(user=erasure.user)
                if reasons:
                    _hold(erasure=erasure, reasons=reasons)
                    continue
                erase(erasure=erasure)
                erased += 1
        except Exception:  # noqa: BLE001 - one account's failure must not stop the others
            logger.exception("Erasure request %s failed; it stays scheduled", pk)
    return erased
