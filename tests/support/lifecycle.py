"""Arranging an application's status in tests: moves made as an actor the lifecycle table
allows (applications.lifecycle), whoever `by` is."""

from applications.enums import ApplicationStatus, DocumentStatus
from applications.lifecycle import Actor, find_move
from applications.services import transition_application


def allowed_actor(application, to) -> Actor:
    """An actor the table lets make this move now (a coordinator's moves first)."""
    move = find_move(application.status, to)
    if move is None:
        return Actor.COORDINATOR  # the service refuses it as the lifecycle lacks it
    for actor in (Actor.COORDINATOR, Actor.APPLICANT, Actor.SYSTEM):
        if actor in move.actors:
            return actor
    raise AssertionError(f"nobody makes {application.status} -> {to}")


def move_through(application, *statuses):
    """Move `application` through `statuses` by nobody in particular (as the lifecycle tests
    do), verifying its documents before an offer as staff would."""
    for status in statuses:
        if status == ApplicationStatus.ACCEPTED:
            application.documents.update(status=DocumentStatus.VERIFIED)
        application = transition_application(
            application=application,
            to=ApplicationStatus(status),
            by=None,
            actor=allowed_actor(application, status),
        )
    return application
