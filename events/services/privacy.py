"""An applicant's erasure, events' part: run by events.privacy's shredders inside the
erasure's transaction. Not logged here: the erasure logs itself once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hmc_portal.notifications.outbox import cancel_pending_notifications
from hmc_portal.users.models import User
from rotations.services.placement.capacity import free_place, lock_holder

from ..enums import RegistrationStatus
from ..mentoring.services import reminder_keys as session_reminder_keys
from ..models import BookingStatus, Event, MentoringBooking, Registration
from .events import promote_from_waitlist, reminder_keys


@transaction.atomic
def erase_registrations(*, user: User) -> int:
    """Give up the places (and waiting list places) on events still to come: each freed place
    goes to the first on the waiting list, who is emailed as usual; the person's reminders
    never go out. Past registrations stay as they are (they hold no personal text, only the
    link to the anonymised account) so each event's attendance still adds up. Nothing is
    emailed to the person. Returns how many places were given up."""
    now = timezone.now()
    upcoming = (
        Registration.objects.filter(user=user, event__starts_at__gt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("event_id")
        .values_list("pk", "event_id")
    )
    count = 0
    for pk, event_id in list(upcoming):
        event = lock_holder(Event, event_id)
        registration = Registration.objects.select_for_update().get(pk=pk)
        had_place = registration.status == RegistrationStatus.REGISTERED
        cancel_pending_notifications(keys=reminder_keys(registration))
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlisted_at = None
        registration.sequence += 1
        registration.save(update_fields=["status", "waitlisted_at", "sequence", "updated_at"])
        if had_place:
            free_place(event, count="registered_count")
            promote_from_waitlist(event=event)
        count += 1
    return count


@transaction.atomic
def erase_mentoring(*, user: User) -> int:
    """Sessions still to come are cancelled (the mentor's time is free again, their
    reminders never go out); every session keeps its time and status, for the mentor's
    record, but loses the words about the applicant: the agenda, the mentor's notes and
    follow-up actions, the reasons for cancelling. Returns how many sessions changed."""
    now = timezone.now()
    bookings = list(MentoringBooking.objects.select_for_update().filter(applicant=user))
    for booking in bookings:
        fields = ["agenda", "private_note", "follow_up", "cancel_reason"]
        if booking.status == BookingStatus.BOOKED and booking.starts_at > now:
            cancel_pending_notifications(keys=session_reminder_keys(booking))
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = now
            booking.sequence += 1
            fields += ["status", "cancelled_at", "sequence"]
        booking.agenda = booking.private_note = booking.follow_up = booking.cancel_reason = ""
        booking.save(update_fields=fields)
    return len(bookings)
