"""Every write to rotations and rotation requests (one module per concern)."""

from ..errors import PlacementError, RequestLinkError
from .catalogue import (
    block_dates,
    create_rotation,
    create_rotation_series,
    ensure_site,
    ensure_specialty,
)
from .placement import (
    cancel_rotation,
    cancel_rotation_request,
    capacity_problem,
    choose_rotations,
    confirm_rotation_request,
    decline_rotation_request,
    finish_placement,
    grant_replacement,
    release_places,
    release_requests_for_application,
    save_rotation,
    set_published,
    withdraw_replacement,
)
from .reminders import send_preceptor_nudges, send_start_reminders

__all__ = [
    "PlacementError",
    "RequestLinkError",
    "block_dates",
    "cancel_rotation",
    "cancel_rotation_request",
    "capacity_problem",
    "choose_rotations",
    "confirm_rotation_request",
    "create_rotation",
    "create_rotation_series",
    "decline_rotation_request",
    "ensure_site",
    "ensure_specialty",
    "finish_placement",
    "grant_replacement",
    "release_places",
    "release_requests_for_application",
    "save_rotation",
    "set_published",
    "send_preceptor_nudges",
    "send_start_reminders",
    "withdraw_replacement",
]
