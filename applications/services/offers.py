"""Offers: an accepted application is an offer with a response deadline
(Application.offer_expires_at). The applicant accepts or declines it on the dashboard; a
periodic scan reminds them 48 hours before the deadline and another expires it at the
deadline, so the place can go to someone else.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..enums import ApplicationStatus
from ..models import Application
from ..selectors.interviews import expired_offer_ids, offers_due_for_reminder
from ..selectors.next_step import next_step_for_email
from .errors import ApplicationError, NotAllowed
from .lifecycle import transition_application

logger = logging.getLogger(__name__)

OFFER_REMINDER_LEAD = timedelta(hours=48)


class OfferError(ApplicationError):
    """A response to an offer that its state or its deadline does not allow; nothing was
    changed."""


def offer_deadline_passed(application: Application, *, now: datetime | None = None) -> bool:
    """Whether the offer's response deadline is behind us (an offer without one never
    expires)."""
    deadline = application.offer_expires_at
    return deadline is not None and deadline <= (now or timezone.now())


@transaction.atomic
def respond_to_offer(
    *, application: Application, by: User, accept: bool, reason: str = ""
) -> Application:
    """The applicant accepts (accepted -> confirmed) or declines (accepted -> declined, with
    an optional reason) their offer; the status email for the new status goes after commit.

    Only the applicant (NotAllowed). OfferError when there is no open offer or its
    deadline has passed, even if the expiry scan has not run yet.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise NotAllowed(gettext("Only the applicant can answer their offer."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise OfferError(gettext("There is no open offer to answer on this application."))
    if offer_deadline_passed(application):
        raise OfferError(
            gettext(
                "The deadline to answer this offer has passed. Write to the program office if "
                "you are still interested."
            )
        )
    reason = reason.strip()
    if accept:
        return transition_application(
            application=application, to=ApplicationStatus.CONFIRMED, by=by
        )
    application = transition_application(
        application=application,
        to=ApplicationStatus.DECLINED,
        by=by,
        note=reason,
        email_context={"reason": reason},
    )
    return application


def send_offer_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminder for every open offer whose deadline is at most 48 hours away.

    The periodic scan (task applications.scan_offer_reminders); the dedupe key
    `offer:<application id>:48h` makes a second run send nothing more. Returns how many
    reminders were queued.
    """
    now = now or timezone.now()
    queued = 0
    for application in offers_due_for_reminder(now=now, lead=OFFER_REMINDER_LEAD):
        queue_notification(
            to=application.applicant,
            template="offer_reminder",
            key=f"offer:{application.pk}:48h",
            context={
                "intake": application.intake,
                "offer_expires_at": application.offer_expires_at.astimezone(UTC).isoformat(),
                "next_step": next_step_for_email(application=application, now=now),
                "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
            },
        )
        queued += 1
    return queued


def expire_offers(*, now: datetime | None = None) -> int:
    """Expire every offer whose deadline has passed (accepted -> expired, by nobody), each
    in its own transaction; the status_expired email goes after each commit.

    The periodic task applications.expire_offers. An offer the applicant is answering at
    this very moment is skipped (its row is locked) and looked at again on the next run.
    Returns how many offers expired.
    """
    now = now or timezone.now()
    expired = 0
    for pk in expired_offer_ids(now=now):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=ApplicationStatus.ACCEPTED, offer_expires_at__lte=now)
                .first()
            )
            if application is None:
                continue
            transition_application(
                application=application,
                to=ApplicationStatus.EXPIRED,
                by=None,
                note="The deadline to answer the offer passed.",
            )
            expired += 1
    if expired:
        logger.info("expired %s offers", expired)
    return expired
