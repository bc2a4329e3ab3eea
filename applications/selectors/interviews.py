"""Named reads of interviews, offered interview slots and open offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User

from ..enums import ApplicationStatus, InterviewStatus
from ..models import Application, Interview, InterviewSlot


def interviews_for_user(*, user: User) -> QuerySet[Interview]:
    """The interviews a user may see: those of their own applications, or every one for
    staff; with the application, applicant and interviewer joined."""
    queryset = Interview.objects.select_related("application__applicant", "interviewer")
    if user.is_staff:
        return queryset
    return queryset.filter(application__applicant=user)


def interview_slots_for_user(*, user: User) -> QuerySet[InterviewSlot]:
    """The offered slots a user may see: those of their own applications (staff: all)."""
    queryset = InterviewSlot.objects.select_related("application__applicant")
    if user.is_staff:
        return queryset
    return queryset.filter(application__applicant=user)


def _lapsed() -> Exists:
    # A slot lapses once any interview of its application was created at or after the slot
    # was offered: the applicant picked one of the offered times, or a coordinator booked a
    # time directly. Slots offered later than that interview make a new, open offer.
    return Exists(
        Interview.objects.filter(
            application=OuterRef("application"), created_at__gte=OuterRef("created_at")
        )
    )


def _open_slots(*, application: Application, now: datetime) -> QuerySet[InterviewSlot]:
    scheduled = Interview.objects.filter(
        application=OuterRef("application"), status=InterviewStatus.SCHEDULED
    )
    return (
        InterviewSlot.objects.filter(
            application=application, interview__isnull=True, starts_at__gt=now
        )
        .exclude(_lapsed())
        .exclude(Exists(scheduled))
        .select_related("interviewer")
        .order_by("starts_at", "pk")
    )


def open_interview_slots(
    *, application: Application, now: datetime | None = None
) -> QuerySet[InterviewSlot]:
    """The slots the applicant can still pick, earliest first: not picked, not lapsed, in
    the future, and only while the application is at the interview stage with no interview
    scheduled."""
    if application.status != ApplicationStatus.INTERVIEW:
        return InterviewSlot.objects.none()
    return _open_slots(application=application, now=now or timezone.now())


def slot_is_open(*, slot: InterviewSlot, now: datetime | None = None) -> bool:
    """Whether the applicant can still pick this slot (see open_interview_slots)."""
    return open_interview_slots(application=slot.application, now=now).filter(pk=slot.pk).exists()


@dataclass(frozen=True)
class InterviewPanel:
    """The dashboard's interview card: the interview to join (scheduled, not over yet), the
    earlier ones, and the times on offer. Each interview carries `ends_at`."""

    upcoming: Interview | None
    past: list[Interview]
    open_slots: list[InterviewSlot]


def interview_panel(*, application: Application, now: datetime | None = None) -> InterviewPanel:
    """Everything the dashboard shows about the application's interviews, in two queries
    whatever their number (one after the interview stage)."""
    now = now or timezone.now()
    interviews = list(application.interviews.select_related("interviewer").order_by("starts_at"))
    upcoming, past = None, []
    for interview in interviews:
        interview.ends_at = interview.starts_at + timedelta(minutes=interview.duration_minutes)
        if interview.status == InterviewStatus.SCHEDULED and interview.ends_at > now:
            upcoming = interview
        else:
            past.append(interview)
    # Times are offered only while the application is at the interview stage.
    slots = []
    if application.status == ApplicationStatus.INTERVIEW:
        slots = list(_open_slots(application=application, now=now))
    return InterviewPanel(upcoming=upcoming, past=past[::-1], open_slots=slots)


def _dedupe_key(*parts) -> Concat:
    return Concat(
        *[Cast(part, CharField()) if isinstance(part, OuterRef) else Value(part) for part in parts],
        output_field=CharField(),
    )


def interviews_due_for_reminder(
    *, now: datetime, lead: timedelta, until: timedelta, label: str
) -> QuerySet[Interview]:
    """Scheduled interviews whose `label` reminder is due at `now` and not yet queued.

    Due means: the interview starts more than `until` and at most `lead` from now, and it
    was (re)scheduled before the reminder fell due (an invitation sent inside the window
    already told the applicant the time). The reminder's dedupe key carries the calendar
    sequence, `interview:<id>:<label>:s<sequence>`, so a moved interview is reminded again
    and the reminders of its old time are never looked at.
    """
    key = _dedupe_key("interview:", OuterRef("pk"), f":{label}:s", OuterRef("sequence"))
    return (
        Interview.objects.filter(
            status=InterviewStatus.SCHEDULED,
            starts_at__gt=now + until,
            starts_at__lte=now + lead,
            updated_at__lt=F("starts_at") - lead,
        )
        .exclude(Exists(Notification.objects.filter(dedupe_key=key)))
        .select_related("application__applicant", "interviewer")
        .order_by("starts_at", "pk")
    )


def offers_due_for_reminder(*, now: datetime, lead: timedelta) -> QuerySet[Application]:
    """Open offers whose deadline is at most `lead` away and whose reminder
    (`offer:<id>:48h`) was not queued yet."""
    key = _dedupe_key("offer:", OuterRef("pk"), ":48h")
    return (
        Application.objects.filter(
            status=ApplicationStatus.ACCEPTED,
            offer_expires_at__gt=now,
            offer_expires_at__lte=now + lead,
        )
        .exclude(Exists(Notification.objects.filter(dedupe_key=key)))
        .select_related("applicant")
        .order_by("offer_expires_at", "pk")
    )


def expired_offer_ids(*, now: datetime) -> list[int]:
    """Applications whose offer deadline has passed while they are still only offered."""
    return list(
        Application.objects.filter(status=ApplicationStatus.ACCEPTED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", flat=True)
    )
