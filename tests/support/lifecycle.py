"""Arranging an application's status in tests: moves made as an actor the lifecycle table
allows (applications.lifecycle), whoever `by` is."""

from applications.enums import ApplicationStatus, DocumentStatus
from applications.lifecycle import Actor, find_move
from applications.models import Application
from applications.services import transition_application
from tests.factories import (
    ApplicationFactory,
    CompleteApplicantFactory,
    ReviewableApplicationFactory,
)


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


def application_ready_for(source: str, target: str) -> Application:
    """An application in `source` that satisfies every precondition of a move to `target`:
    complete for submission, every required document verified for an offer."""
    if target == ApplicationStatus.SUBMITTED:
        application = CompleteApplicantFactory().applications.get()
    elif target == ApplicationStatus.ACCEPTED:
        application = ReviewableApplicationFactory(documents="verified")
    else:
        application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=source)
    application.refresh_from_db()
    return application
