"""An erasure waits while a placement is under way: anonymising an enrolled observer would
leave preceptors with blocks nobody can be reached for, and a confirmed application still
holds (or waits for) places that withdrawing releases properly, with its refunds."""

from __future__ import annotations

from django.utils.translation import gettext

from applications.enums import ApplicationStatus
from applications.models import Application

from ..enums import RequestStatus


def placement_in_progress(user) -> str | None:
    """Why `user`'s account cannot be erased now, or None."""
    applications = Application.objects.filter(applicant=user)
    if applications.filter(status=ApplicationStatus.ENROLLED).exists():
        return gettext(
            "Your observership is under way (your application is enrolled): please talk to "
            "the program office before deleting your account."
        )
    holding = applications.filter(
        status=ApplicationStatus.CONFIRMED,
        rotation_requests__status__in=[RequestStatus.CONFIRMED, RequestStatus.REQUESTED],
    )
    if holding.exists():
        return gettext(
            "You have accepted your offer and have rotations requested or confirmed: withdraw "
            "your application first (your dashboard has the button), then delete your "
            "account."
        )
    return None
