"""The periodic scan of letter requests nobody answered: the preceptor is reminded 7, 14 and
21 days after the request (LETTER_REMINDER_DAYS), then the program office is told
(LETTER_OFFICE_AFTER_DAYS). Run by preceptors.tasks (hmc_portal/schedule.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hmc_portal.dates import written
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification

from ..models import LetterRequest, LetterStatus
from .services import email_preceptor


def send_letter_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue each reminder due to preceptors who have not answered a letter request: at
    LETTER_REMINDER_DAYS days (7, 14, 21) after the request, then one email to the program
    office at LETTER_OFFICE_AFTER_DAYS. Each has its own dedupe key
    (letter:<id>:remind<days>d, letter:<id>:office), so a repeated scan sends nothing more.
    Returns how many were queued by this run."""
    now = now or timezone.now()
    queued = 0
    waiting = LetterRequest.objects.filter(status=LetterStatus.REQUESTED).select_related(
        "application__applicant", "preceptor__user"
    )
    oldest = now - datetime.timedelta(days=min(settings.LETTER_REMINDER_DAYS))
    for letter_request in waiting.filter(created_at__lte=oldest).order_by("pk"):
        age = (now - letter_request.created_at).days
        with transaction.atomic():
            due = [d for d in settings.LETTER_REMINDER_DAYS if d <= age]
            if due:
                days = max(due)
                key = f"letter:{letter_request.pk}:remind{days}d"
                queued += _queue_once(
                    lambda letter_request=letter_request, key=key, days=days: email_preceptor(
                        letter_request, "letter_reminder", key, days=days
                    ),
                    key,
                )
            if age >= settings.LETTER_OFFICE_AFTER_DAYS and settings.PROGRAM_OFFICE_EMAIL:
                key = f"letter:{letter_request.pk}:office"
                queued += _queue_once(
                    lambda letter_request=letter_request, key=key: queue_notification(
                        to=settings.PROGRAM_OFFICE_EMAIL,
                        template="letter_office_unanswered",
                        key=key,
                        context={
                            "applicant_name": letter_request.application.applicant.get_full_name(),
                            "preceptor_name": str(letter_request.preceptor),
                            "specialty": letter_request.specialty,
                            "requested_on": written(letter_request.created_at, "date"),
                            "due_date": written(letter_request.due_date, "date"),
                            "admin_url": settings.SITE_URL
                            + reverse(
                                "admin:preceptors_letterrequest_change",
                                args=[letter_request.pk],
                            ),
                        },
                        reply_to=letter_request.application.applicant.email,
                    ),
                    key,
                )
    return queued


def _queue_once(queue, key: str) -> int:
    if Notification.objects.filter(dedupe_key=key).exists():
        return 0
    queue()
    return 1
