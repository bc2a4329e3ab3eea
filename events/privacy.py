"""What events holds about an applicant: registrations (with waiting list places and
attendance) and mentoring sessions with the notes written in them. Registered by
EventsConfig.ready through `register()`."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection, shredders
from hmc_portal.privacy.schema import DATETIME, INTEGER, STRING, array, iso, nullable, obj, section

from .models import MentoringBooking, Registration
from .services.privacy import erase_mentoring, erase_registrations

REGISTRATION = obj(
    event_id=INTEGER,
    event=STRING,
    kind=STRING,
    format=STRING,
    starts_at=DATETIME,
    ends_at=DATETIME,
    status=STRING,
    registered_at=DATETIME,
    waitlisted_at=nullable(DATETIME),
    attended_at=nullable(DATETIME),
)


class RegistrationShredder(DataShredder):
    name = "events.registrations"
    verbose_name = _("Event registrations, waiting lists and attendance")
    keeps = _(
        "Past events keep a registration and attendance linked to the anonymised account, "
        "so their attendance still adds up; places on events still to come are given up."
    )
    schema = section(array(REGISTRATION))

    def export(self, user) -> ExportSection:
        registrations = Registration.objects.filter(user=user).select_related("event")
        return ExportSection(
            data=[
                {
                    "event_id": item.event_id,
                    "event": item.event.title,
                    "kind": item.event.kind,
                    "format": item.event.format,
                    "starts_at": iso(item.event.starts_at),
                    "ends_at": iso(item.event.ends_at),
                    "status": item.status,
                    "registered_at": iso(item.created_at),
                    "waitlisted_at": iso(item.waitlisted_at),
                    "attended_at": iso(item.attended_at),
                }
                for item in registrations.order_by("event__starts_at", "pk")
            ]
        )

    def shred(self, user) -> None:
        erase_registrations(user=user)


SESSION = obj(
    id=INTEGER,
    mentor=STRING,
    starts_at=DATETIME,
    ends_at=DATETIME,
    status=STRING,
    agenda=STRING,
    booked_at=DATETIME,
    cancelled_at=nullable(DATETIME),
    cancel_reason=STRING,
    mentor_note=STRING,
    follow_up=STRING,
    noted_at=nullable(DATETIME),
)


class MentoringShredder(DataShredder):
    name = "events.mentoring"
    verbose_name = _("Mentoring sessions and their notes")
    keeps = _(
        "Past sessions keep their time and status for the mentor's record, without your "
        "agenda or any note about you; sessions still to come are cancelled."
    )
    schema = section(array(SESSION))

    def export(self, user) -> ExportSection:
        bookings = MentoringBooking.objects.filter(applicant=user).select_related(
            "slot__mentor__user"
        )
        return ExportSection(
            data=[
                {
                    "id": item.pk,
                    "mentor": item.slot.mentor.user.display_name,
                    "starts_at": iso(item.starts_at),
                    "ends_at": iso(item.ends_at),
                    "status": item.status,
                    "agenda": item.agenda,
                    "booked_at": iso(item.created_at),
                    "cancelled_at": iso(item.cancelled_at),
                    "cancel_reason": item.cancel_reason,
                    "mentor_note": item.private_note,
                    "follow_up": item.follow_up,
                    "noted_at": iso(item.noted_at),
                }
                for item in bookings.order_by("starts_at", "pk")
            ]
        )

    def shred(self, user) -> None:
        erase_mentoring(user=user)


def register() -> None:
    shredders.register(RegistrationShredder())
    shredders.register(MentoringShredder())
