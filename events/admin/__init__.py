"""The admin of events and mentoring, one module each."""

from . import events, mentoring  # noqa: F401
