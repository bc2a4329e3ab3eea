"""The models of events and mentoring, one module each, re-exported here."""

from .mentoring import (  # noqa: F401
    BookingStatus,
    Mentor,
    MentoringBooking,
    MentoringSlot,
    MentoringTopic,
    SlotStatus,
)
