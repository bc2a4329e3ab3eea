"""Every write to an application goes through these services (one module per concern)."""

from .errors import ApplicationError, TransitionError
from .lifecycle import (
    record_status_change,
    start_application,
    transition_application,
    update_applicant_profile,
)

__all__ = [
    "ApplicationError",
    "TransitionError",
    "record_status_change",
    "start_application",
    "transition_application",
    "update_applicant_profile",
]
