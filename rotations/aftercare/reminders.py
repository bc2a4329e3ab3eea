"""The follow-up's periodic emails to preceptors (hmc_portal/schedule.py): the weekly list of
observers whose attendance waits for confirmation, and reminders of overdue evaluations.
Each has a dedupe key, so a second scan, or two beat processes, never send one twice."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hmc_portal.languages import speaking_to
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification

from ..enums import EvaluationKind, RequestStatus
from ..models import RotationRequest
from ..selectors import date_range
from . import rules
from .links import attendance_link_url
from .selectors import block_state, with_aftercare


def _followed(today: datetime.date):
    """Confirmed blocks that have started, of applications still enrolled."""
    return with_aftercare(
        RotationRequest.objects.filter(
            status=RequestStatus.CONFIRMED,
            application__status="enrolled",
            rotation__start_date__lte=today,
        ).order_by("rotation__start_date", "pk")
    )


def weekly_key(preceptor_id: int, today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"attendance:preceptor:{preceptor_id}:{year}-W{week:02d}"


def send_attendance_requests(*, today: datetime.date | None = None) -> int:
    """Email each preceptor, once per ISO week (key `attendance:preceptor:<id>:<year>-W<week>`),
    the list of their observers whose attendance is not confirmed up to date (blocks running,
    or ended but unconfirmed), each with a one-click "Confirm full attendance" link and the
    portal page to mark missed days. Returns how many emails were queued."""
    today = today or timezone.localdate()
    by_preceptor = defaultdict(list)
    for rotation_request in _followed(today):
        state = block_state(rotation_request, today=today)
        if not state.attendance_up_to_date:
            by_preceptor[rotation_request.rotation.preceptor].append(state)
    count = 0
    for preceptor, blocks in by_preceptor.items():
        key = weekly_key(preceptor.pk, today)
        if Notification.objects.filter(dedupe_key=key).exists():
            continue
        with speaking_to(preceptor.user):
            observers = [
                {
                    "name": block.rotation_request.application.applicant.display_name,
                    "specialty": block.rotation.specialty.name,
                    "dates": date_range(block.rotation),
                    "ended": block.ended,
                    "confirm_url": attendance_link_url(rotation_request=block.rotation_request),
                    "page_url": settings.SITE_URL
                    + reverse("preceptors:attendance", args=[block.rotation_request.pk]),
                }
                for block in blocks
            ]
        with transaction.atomic():
            queue_notification(
                to=preceptor.user,
                template="attendance_weekly",
                key=key,
                context={
                    "observers": observers,
                    "count": len(observers),
                    "link_days": settings.ATTENDANCE_LINK_MAX_AGE // 86_400,
                    "evaluations_url": settings.SITE_URL + reverse("preceptors:evaluations"),
                },
            )
        count += 1
    return count


def reminder_threshold(days_late: int) -> int | None:
    """The reminder an evaluation `days_late` days past its due day is due for: the largest
    of EVALUATION_REMINDER_DAYS reached, then one every EVALUATION_REMINDER_EVERY_DAYS after
    the last of them until it is done (a scan that missed a day still sends it)."""
    reached = [days for days in settings.EVALUATION_REMINDER_DAYS if days_late >= days]
    if not reached:
        return None
    last = max(settings.EVALUATION_REMINDER_DAYS)
    every = settings.EVALUATION_REMINDER_EVERY_DAYS
    if days_late >= last + every:
        return last + (days_late - last) // every * every
    return max(reached)


def send_evaluation_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the preceptor of each evaluation not submitted 1, 4 and 8 days after its due
    day, then weekly until it is (EVALUATION_REMINDER_DAYS, EVALUATION_REMINDER_EVERY_DAYS;
    once per request, kind and threshold: key
    `evaluation:<request>:<kind>:<days>d`). Returns how many were queued."""
    today = today or timezone.localdate()
    count = 0
    for rotation_request in _followed(today):
        state = block_state(rotation_request, today=today)
        for kind in rules.evaluation_kinds(state.rotation):
            if kind in state.evaluations:
                continue
            threshold = reminder_threshold((today - rules.due_on(state.rotation, kind)).days)
            if threshold is None:
                continue
            key = f"evaluation:{rotation_request.pk}:{kind}:{threshold}d"
            if Notification.objects.filter(dedupe_key=key).exists():
                continue
            preceptor = state.rotation.preceptor.user
            with speaking_to(preceptor):
                context = {
                    "applicant_name": rotation_request.application.applicant.display_name,
                    "specialty": state.rotation.specialty.name,
                    "dates": date_range(state.rotation),
                    "final": kind == EvaluationKind.FINAL,
                    "days_late": (today - rules.due_on(state.rotation, kind)).days,
                    "evaluation_url": settings.SITE_URL
                    + reverse(f"preceptors:evaluation_{kind}", args=[rotation_request.pk]),
                }
            with transaction.atomic():
                queue_notification(
                    to=preceptor, template="evaluation_reminder", key=key, context=context
                )
            count += 1
    return count
