"""The models of events and mentoring, one module each, re-exported here."""

from .events import Event, Registration, Speaker

__all__ = ["Event", "Registration", "Speaker"]
