"""Placement: an applicant's ranked choices (`choices`), the preceptor's answer (`answers`),
cancellation and release (`cancelling`), releasing an application's places while it
stays (`releasing`), replacement blocks (`replacements`), staff's edits of places
(`staff`), and what they share (`common`: locks, emails, enrolment, the waiting list on
top of `capacity`, the places logic that events will reuse).

Lock order, the same in every writer so that none waits on another in a circle: the
application (applications.selectors.application_for_update), then the rotation, then the
request. The rotation's lock is what keeps `confirmed_count` within the capacity when many
confirm at once; the database's CheckConstraint refuses a count above it whatever happens.
"""

from .answers import confirm_rotation_request, decline_rotation_request
from .cancelling import cancel_rotation, cancel_rotation_request, release_requests_for_application
from .choices import choose_rotations, finish_placement
from .common import PLACEABLE_STATUSES, email_context
from .releasing import release_places
from .replacements import grant_replacement, withdraw_replacement
from .staff import capacity_problem, save_rotation, set_published

__all__ = [
    "PLACEABLE_STATUSES",
    "cancel_rotation",
    "cancel_rotation_request",
    "capacity_problem",
    "choose_rotations",
    "confirm_rotation_request",
    "decline_rotation_request",
    "email_context",
    "finish_placement",
    "grant_replacement",
    "release_places",
    "release_requests_for_application",
    "save_rotation",
    "set_published",
    "withdraw_replacement",
]
