"""The admin of events and mentoring, one module each."""

from . import mentoring  # noqa: F401
