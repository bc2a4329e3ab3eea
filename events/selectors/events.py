"""Named reads of events: the public list, one person's registrations, who attended."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.models import Application
from hmc_portal.records import RecordLine
from hmc_portal.users.models import User

from ..enums import RegistrationStatus
from ..models import Event, Registration, Speaker


def published_events() -> QuerySet[Event]:
    """Every published event, with its speakers (one query more)."""
    return Event.objects.filter(published=True).prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.select_related("preceptor__user"))
    )


def upcoming_events(*, kind: str = "", format: str = "", now: datetime | None = None):
    """Published events not ended yet, soonest first, filtered by kind and format."""
    queryset = published_events().filter(ends_at__gt=now or timezone.now())
    if kind:
        queryset = queryset.filter(kind=kind)
    if format:
        queryset = queryset.filter(format=format)
    return queryset.order_by("starts_at", "pk")


def past_events(*, now: datetime | None = None, limit: int = 10) -> list[Event]:
    """The latest published events already over, newest first."""
    return list(
        Event.objects.filter(published=True, ends_at__lte=now or timezone.now()).order_by(
            "-starts_at", "-pk"
        )[:limit]
    )


def registrations_by_event(*, user: User, event_ids: list[int]) -> dict[int, Registration]:
    """The viewer's live (not cancelled) registrations of these events, by event id."""
    if not user.is_authenticated or not event_ids:
        return {}
    return {
        r.event_id: r
        for r in Registration.objects.filter(user=user, event_id__in=event_ids).exclude(
            status=RegistrationStatus.CANCELLED
        )
    }


def registration_for(*, user: User, event: Event) -> Registration | None:
    return registrations_by_event(user=user, event_ids=[event.pk]).get(event.pk)


def places_left(*, event_ids: list[int]) -> dict[int, int]:
    """{event id: places left} of published events, for the live counts of the pages."""
    return {
        pk: max(capacity - taken, 0)
        for pk, capacity, taken in Event.objects.filter(
            published=True, pk__in=event_ids
        ).values_list("pk", "capacity", "registered_count")
    }


def join_link_visible(*, event: Event, registration: Registration | None, now=None) -> bool:
    """Whether the join link is shown: to a registered person of an online or hybrid event,
    from EVENT_JOIN_LINK_MINUTES before its start until its end."""
    now = now or timezone.now()
    return bool(
        event.is_online
        and event.join_url
        and registration is not None
        and registration.status == RegistrationStatus.REGISTERED
        and event.starts_at - timedelta(minutes=settings.EVENT_JOIN_LINK_MINUTES)
        <= now
        < event.ends_at
    )


def attended_events(application_or_user: Application | User) -> list[Event]:
    """The events the person attended (attendance recorded), oldest first: what the
    observer's record, a letter of recommendation's draft or a certificate may mention
    ("Attended: <title>, <date>")."""
    user = (
        application_or_user.applicant
        if isinstance(application_or_user, Application)
        else application_or_user
    )
    return list(
        Event.objects.filter(
            registrations__user=user,
            registrations__status=RegistrationStatus.REGISTERED,
            registrations__attended_at__isnull=False,
        ).order_by("starts_at", "pk")
    )


def record_lines(user) -> list[RecordLine]:
    """The observer's record as hmc_portal.records asks for it: each event attended, by its
    title and the day it took place in its own time zone."""
    return [
        RecordLine(
            text=event.title,
            day=event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date(),
        )
        for event in attended_events(user)
    ]
