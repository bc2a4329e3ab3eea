"""Every write of events: registering (under the same locking rules as a rotation's places,
rotations.services.placement.capacity), cancelling with the waiting list's promotion,
changing an event's time, the reminders, and staff's acts (copy, message, attendance)."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from applications.enums import ApplicationStatus
from applications.selectors import current_application
from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import (
    Attachment,
    cancel_pending_notifications,
    queue_notification,
)
from hmc_portal.users.models import User
from rotations.services.placement.capacity import (
    fill_from_waitlist,
    free_place,
    has_free_place,
    lock_holder,
    take_place,
)

from .. import event_calendar
from ..enums import Audience, RegistrationStatus
from ..models import Event, Registration, Speaker
from ..models.events import LIFECYCLE, new_event_uid

COUNT = "registered_count"

# The reminders the scan sends: label, how long before the start it is due, and until when
# (the 24-hour reminder gives way to the 1-hour one in the last hour).
REMINDERS = (
    ("24h", timedelta(hours=24), timedelta(hours=1)),
    ("1h", timedelta(hours=1), timedelta(0)),
)


class EventError(Exception):
    """A registration or an event change that cannot be made; nothing was changed."""


# --- who may register ------------------------------------------------------------------------


def registration_problem(*, event: Event, user: User, now: datetime | None = None) -> str:
    """Why `user` may not register for `event` now ("" when they may): the event is not
    published, started, not open yet, closed, or the person lacks the status it asks for."""
    now = now or timezone.now()
    if not event.published:
        return gettext("This event is not open for registration.")
    if event.starts_at <= now:
        return gettext("This event has already started or taken place.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return gettext("Registration for this event is not open yet.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return gettext("Registration for this event is closed.")
    if event.audience == Audience.ANYONE:
        return ""
    application = current_application(user=user)
    status = application.status if application else None
    if event.audience == Audience.ENROLLED:
        if status in (ApplicationStatus.ENROLLED, ApplicationStatus.COMPLETED):
            return ""
        return gettext("This event is for enrolled observers only.")
    if status == ApplicationStatus.WAITLISTED:
        status = ApplicationStatus.INTERVIEW  # reviewed and waiting: as far as an interview
    # An event saved without its first status (outside admin's validation): any submitted one.
    first = event.min_status if event.min_status in LIFECYCLE else LIFECYCLE[0]
    if status in LIFECYCLE and LIFECYCLE.index(status) >= LIFECYCLE.index(first):
        return ""
    return gettext("This event is for applicants whose application is at least “%(status)s”.") % {
        "status": ApplicationStatus(first).label
    }


# --- emails ----------------------------------------------------------------------------------


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def event_context(event: Event) -> dict:
    return {
        "event_title": event.title,
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "event_time_zone": event.time_zone,
        "in_person": event.is_in_person,
        "online": event.is_online,
        "venue": event.venue,
        "address": event.address,
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
    }


def ics(registration: Registration, method: str) -> list[Attachment]:
    with speaking_to(registration.user):
        content = event_calendar.event_ics(registration, method=method)
    return [
        Attachment(
            filename="event.ics", mimetype=f"text/calendar; method={method}", content=content
        )
    ]


def reminder_keys(registration: Registration) -> list[str]:
    sequence = event_calendar.ics_sequence(registration)
    return [f"event:{registration.pk}:{label}:s{sequence}" for label, _, _ in REMINDERS]


def _email_place(registration: Registration, template: str, **context) -> None:
    """The email that gives the person a place, with its calendar invitation."""
    queue_notification(
        to=registration.user,
        template=template,
        key=f"event:{registration.pk}:s{event_calendar.ics_sequence(registration)}:{template}",
        context={**event_context(registration.event), **context},
        attachments=ics(registration, event_calendar.REQUEST),
    )


# --- registering and cancelling --------------------------------------------------------------


def _lock_registration(registration: Registration) -> Registration:
    return (
        Registration.objects.select_related("event", "user")
        .select_for_update(of=("self",))
        .get(pk=registration.pk)
    )


@transaction.atomic
def register_for_event(*, event: Event, user: User, now: datetime | None = None) -> Registration:
    """Give `user` a place on `event`, or a place on its waiting list when it is full.

    Locks the event's row before counting (never more registered than the capacity, also
    when many register at once; a check constraint backs it). One registration per person
    and event: a cancelled one is reused. Emails the place with its ICS (METHOD:REQUEST) or
    the waiting list's confirmation. EventError when the event is not open to them, they are
    registered already, or it is full without a waiting list. Logs
    `events.registration.registered` or `events.registration.waitlisted`.
    """
    now = now or timezone.now()
    event = lock_holder(Event, event.pk)
    problem = registration_problem(event=event, user=user, now=now)
    if problem:
        raise EventError(problem)
    registration = Registration.objects.select_for_update().filter(event=event, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        if registration.status == RegistrationStatus.WAITLISTED:
            raise EventError(gettext("You are already on this event's waiting list."))
        raise EventError(gettext("You are already registered for this event."))
    if not has_free_place(event, count=COUNT) and not event.waitlist_enabled:
        raise EventError(gettext("This event is full."))
    if registration is None:
        registration = Registration(event=event, user=user)
    else:
        registration.sequence += 1  # after a cancellation: the calendar's newer message
    if has_free_place(event, count=COUNT):
        take_place(event, count=COUNT)
        registration.status = RegistrationStatus.REGISTERED
        registration.waitlisted_at = None
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
    registration.event = event
    registration.attended_at = None
    registration.save()
    log_action(
        registration,
        f"events.registration.{registration.status}",
        by=user,
        person=user,
        data={"event": event.pk},
    )
    if registration.status == RegistrationStatus.REGISTERED:
        _email_place(registration, "event_registered")
    else:
        queue_notification(
            to=user,
            template="event_waitlisted",
            key=f"event:{registration.pk}:s{registration.sequence}:event_waitlisted",
            context=event_context(event),
        )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> Registration:
    """Cancel a place (or a place on the waiting list); a freed place goes at once to the
    first on the waiting list, who is emailed their place with its ICS.

    The person gets the calendar's cancellation (METHOD:CANCEL, the same UID, a higher
    SEQUENCE); their unsent reminders never go out. EventError when already cancelled or
    the event has started. Logs `events.registration.cancelled` (and `promoted`).
    """
    event = lock_holder(Event, registration.event_id)
    registration = _lock_registration(registration)
    registration.event = event
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(gettext("This registration is already cancelled."))
    if event.starts_at <= timezone.now():
        raise EventError(gettext("This event has already started or taken place."))
    had_place = registration.status == RegistrationStatus.REGISTERED
    cancel_pending_notifications(keys=reminder_keys(registration))
    registration.status = RegistrationStatus.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence", "updated_at"])
    log_action(
        registration,
        "events.registration.cancelled",
        by=by,
        person=registration.user,
        data={"event": event.pk, "had_place": had_place},
    )
    queue_notification(
        to=registration.user,
        template="event_cancelled",
        key=f"event:{registration.pk}:s{event_calendar.ics_sequence(registration)}:cancelled",
        context={**event_context(event), "had_place": had_place},
        attachments=ics(registration, event_calendar.CANCEL) if had_place else None,
    )
    if had_place:
        free_place(event, count=COUNT)
        promote_from_waitlist(event=event)
    return registration


def promote_from_waitlist(*, event: Event) -> list[Registration]:
    """Give the locked event's free places to its waiting list, first come first served;
    each promoted person is emailed their place with its ICS. Inside the caller's
    transaction, which holds the event's lock. Logs `events.registration.promoted`."""

    def next_waiting() -> Registration | None:
        return (
            Registration.objects.select_for_update(skip_locked=False)
            .filter(event=event, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )

    def admit(registration: Registration) -> bool:
        registration.status = RegistrationStatus.REGISTERED
        registration.waitlisted_at = None
        registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
        registration.event = event
        log_action(
            registration,
            "events.registration.promoted",
            by=None,
            person=registration.user,
            data={"event": event.pk},
        )
        _email_place(registration, "event_promoted")
        return True

    return fill_from_waitlist(event, next_waiting=next_waiting, admit=admit, count=COUNT)


# --- staff: the event itself -----------------------------------------------------------------


@transaction.atomic
def save_event(*, event: Event, by: User) -> Event:
    """Create or change an event from staff's form (already validated).

    A new time for an existing event raises its calendar SEQUENCE and emails every
    registered person the updated ICS; their reminders follow the new time (their dedupe
    keys carry the sequence). A lower capacity than the places taken is refused by the
    model's validation; a higher one gives the new places to the waiting list. Logs
    `events.event.created`, `events.event.updated` or `events.event.rescheduled`.
    """
    if event.pk is None:
        event.save()
        log_action(event, "events.event.created", by=by, data={"title": event.title})
        return event
    locked = lock_holder(Event, event.pk)
    moved = (locked.starts_at, locked.ends_at) != (event.starts_at, event.ends_at)
    if event.capacity < locked.registered_count:
        raise EventError(
            gettext("%(count)s people are registered: the capacity cannot be lower.")
            % {"count": locked.registered_count}
        )
    registered = list(
        Registration.objects.select_related("user").filter(
            event=event, status=RegistrationStatus.REGISTERED
        )
    )
    if moved:
        for registration in registered:
            registration.event = locked
            cancel_pending_notifications(keys=reminder_keys(registration))
        event.sequence = locked.sequence + 1
    event.registered_count = locked.registered_count
    event.save()
    if moved:
        log_action(
            event,
            "events.event.rescheduled",
            by=by,
            data={"from": iso(locked.starts_at), "to": iso(event.starts_at)},
        )
        for registration in registered:
            registration.event = event
            _email_place(
                registration, "event_rescheduled", previous_starts_at=iso(locked.starts_at)
            )
    else:
        log_action(event, "events.event.updated", by=by, data={"title": event.title})
    promote_from_waitlist(event=event)
    return event


@transaction.atomic
def copy_event(*, event: Event, by: User) -> Event:
    """An unpublished copy of `event` with its speakers and no registrations (staff then set
    its new date). Logs `events.event.copied` on the copy."""
    speakers = list(event.speakers.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.uid = new_event_uid()
    copy.title = gettext("%(title)s (copy)") % {"title": event.title}
    copy.published = False
    copy.registered_count = 0
    copy.sequence = 0
    copy.save(force_insert=True)
    Speaker.objects.bulk_create(
        Speaker(
            event=copy,
            name=s.name,
            title=s.title,
            affiliation=s.affiliation,
            preceptor_id=s.preceptor_id,
            order=s.order,
        )
        for s in speakers
    )
    log_action(copy, "events.event.copied", by=by, data={"from": event.pk})
    return copy


@transaction.atomic
def message_registrants(*, event: Event, subject: str, body: str, by: User) -> int:
    """Email every registered person of `event` staff's message, one email each through the
    outbox (dedupe key per message and person). Returns how many. Logs
    `events.event.messaged` with the subject."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise EventError(gettext("Write a subject and a message."))
    message_id = uuid.uuid4().hex[:12]
    registrations = Registration.objects.select_related("user").filter(
        event=event, status=RegistrationStatus.REGISTERED
    )
    count = 0
    for registration in registrations:
        queue_notification(
            to=registration.user,
            template="event_message",
            key=f"event:{event.pk}:message:{message_id}:{registration.pk}",
            context={**event_context(event), "subject": subject, "body": body},
        )
        count += 1
    log_action(event, "events.event.messaged", by=by, data={"subject": subject, "sent": count})
    return count


# --- staff: attendance -----------------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, registrations: QuerySet[Registration] | list, by: User) -> int:
    """Record that these registered people attended (their event has started); the others
    are left. Returns how many were marked. Logs `events.registration.attended` each."""
    now = timezone.now()
    marked = 0
    ids = [r.pk for r in registrations]
    for registration in (
        Registration.objects.select_for_update()
        .select_related("event", "user")
        .filter(pk__in=ids, status=RegistrationStatus.REGISTERED, attended_at__isnull=True)
    ):
        if registration.event.starts_at > now:
            continue
        registration.attended_at = now
        registration.save(update_fields=["attended_at", "updated_at"])
        log_action(
            registration,
            "events.registration.attended",
            by=by,
            person=registration.user,
            data={"event": registration.event_id},
        )
        marked += 1
    return marked


@dataclass
class AttendanceImport:
    matched: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


MAX_IMPORT_BYTES = 1_000_000


def import_attendance(*, event: Event, data: bytes, by: User) -> AttendanceImport:
    """Mark attendance from a join platform's CSV export: the column named "email" (any
    case) lists who joined. Each address matches a registered person of the event or is
    reported as not found. EventError for a file that is not such a CSV (nothing marked)."""
    if event.starts_at > timezone.now():
        raise EventError(gettext("Attendance can be recorded once the event has started."))
    if len(data) > MAX_IMPORT_BYTES:
        raise EventError(gettext("The file is too large (1 MB at most)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EventError(gettext("The file is not a UTF-8 CSV file.")) from error
    reader = csv.DictReader(io.StringIO(text))
    column = next(
        (name for name in (reader.fieldnames or []) if name and name.strip().lower() == "email"),
        None,
    )
    if column is None:
        raise EventError(gettext("The file has no “email” column."))
    emails = []
    for row in reader:
        email = (row.get(column) or "").strip().lower()
        if email and email not in emails:
            emails.append(email)
    registrations = {
        r.user.email.lower(): r
        for r in Registration.objects.select_related("user").filter(
            event=event, status=RegistrationStatus.REGISTERED
        )
    }
    result = AttendanceImport()
    found = []
    for email in emails:
        if email in registrations:
            result.matched.append(email)
            found.append(registrations[email])
        else:
            result.not_found.append(email)
    mark_attendance(registrations=found, by=by)
    return result


# --- the reminder scan -----------------------------------------------------------------------


def send_event_reminders(*, now: datetime | None = None) -> int:
    """Queue every event reminder due at `now`: 24 hours and 1 hour before the start (the
    1-hour one carries an online event's join link).

    The periodic scan (task events.send_event_reminders). The dedupe key
    `event:<registration>:<24h|1h>:s<sequence>` sends each once however often it runs; an
    event whose time changed (higher sequence) is reminded at its new time. Returns how
    many were queued.
    """
    now = now or timezone.now()
    queued = 0
    for label, lead, until in REMINDERS:
        registrations = Registration.objects.select_related("event", "user").filter(
            status=RegistrationStatus.REGISTERED,
            event__published=True,
            event__starts_at__gt=now + until,
            event__starts_at__lte=now + lead,
        )
        for registration in registrations:
            event = registration.event
            context = {**event_context(event), "reminder": label}
            if label == "1h" and event.is_online:
                context["join_url"] = event.join_url
            queue_notification(
                to=registration.user,
                template="event_reminder",
                key=f"event:{registration.pk}:{label}:s{event_calendar.ics_sequence(registration)}",
                context=context,
            )
            queued += 1
    return queued
