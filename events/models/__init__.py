"""The models of events and mentoring, one module each, re-exported here."""

from .events import Event, Registration, Speaker
from .mentoring import (
    BookingStatus,
    Mentor,
    MentoringBooking,
    MentoringSlot,
    MentoringTopic,
    SlotStatus,
)

__all__ = [
    "BookingStatus",
    "Event",
    "Mentor",
    "MentoringBooking",
    "MentoringSlot",
    "MentoringTopic",
    "Registration",
    "SlotStatus",
    "Speaker",
]
