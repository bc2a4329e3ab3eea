"""Reminders found by periodic scans (hmc_portal/schedule.py). Each has a dedupe key, so a
second scan, or two beat processes, never send one twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from hmc_portal.notifications.models import Notification

from ..enums import RequestStatus
from ..links import request_link_url
from ..models import RotationRequest
from ..selectors import REQUEST_JOINS
from .placement.common import notify_applicant, notify_preceptor


def _without_notification(queryset: QuerySet[RotationRequest], event: str):
    """Only requests whose reminder `rotation_request:<id>:<event>` was never queued."""
    key = Concat(
        Value("rotation_request:"),
        Cast("pk", CharField()),
        Value(f":{event}"),
        output_field=CharField(),
    )
    return queryset.annotate(reminder_key=key).exclude(
        Exists(Notification.objects.filter(dedupe_key=OuterRef("reminder_key")))
    )


def send_preceptor_nudges(*, now: datetime.datetime | None = None) -> int:
    """Remind preceptors of requests they have not answered for ROTATION_NUDGE_AFTER_DAYS
    days (once per request, key `rotation_request:<id>:nudge`), with a fresh one-click link.
    Returns how many reminders were queued."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ROTATION_NUDGE_AFTER_DAYS)
    due = _without_notification(
        RotationRequest.objects.filter(
            status=RequestStatus.REQUESTED,
            created_at__lte=cutoff,
            rotation__start_date__gt=timezone.localdate(now),
        ).select_related(*REQUEST_JOINS, "application__applicant"),
        "nudge",
    )
    count = 0
    for rotation_request in due.order_by("created_at", "pk"):
        with transaction.atomic():
            notify_preceptor(
                rotation_request,
                "rotation_request_nudge",
                "nudge",
                link_url=request_link_url(rotation_request=rotation_request),
                link_days=settings.ROTATION_LINK_MAX_AGE // 86_400,
                days_waiting=(now - rotation_request.created_at).days,
            )
        count += 1
    return count


def send_start_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind applicants of a confirmed rotation starting within
    ROTATION_START_REMINDER_DAYS days: site address, reporting time and instructions,
    preceptor (once per request, key `rotation_request:<id>:start7d`). Returns how many."""
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.ROTATION_START_REMINDER_DAYS)
    due = _without_notification(
        RotationRequest.objects.filter(
            status=RequestStatus.CONFIRMED,
            rotation__start_date__gt=today,
            rotation__start_date__lte=horizon,
        ).select_related(*REQUEST_JOINS, "application__applicant"),
        "start7d",
    )
    count = 0
    for rotation_request in due.order_by("rotation__start_date", "pk"):
        with transaction.atomic():
            notify_applicant(
                rotation_request,
                "rotation_start_reminder",
                "start7d",
                days_left=(rotation_request.rotation.start_date - today).days,
            )
        count += 1
    return count
