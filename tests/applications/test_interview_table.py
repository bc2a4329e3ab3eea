"""The interview's lifecycle table (applications.lifecycle.INTERVIEW_MOVES), walked: from
each status, moving, cancelling and recording each outcome, by a reviewer and by a
coordinator, is allowed exactly when the table has the move for that actor (and the
role's permission agrees); a refusal changes nothing."""

import datetime

import pytest
from django.utils import timezone

from applications import permissions, services
from applications.enums import InterviewStatus
from applications.lifecycle import Actor, find_interview_move
from tests.applications.interview_support import coordinator, reviewer
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

IS = InterviewStatus
ACTORS = {Actor.REVIEWER: reviewer, Actor.COORDINATOR: coordinator}
CASES = [(source, target, actor) for source in IS for target in IS for actor in ACTORS]


def act(interview, target, user):
    if target == IS.SCHEDULED:
        return services.reschedule_interview(
            interview=interview, by=user, starts_at=timezone.now() + datetime.timedelta(days=4)
        )
    if target == IS.CANCELLED:
        return services.cancel_interview(interview=interview, by=user)
    recommendation = "recommend" if target == IS.COMPLETED else ""
    return services.record_interview_outcome(
        interview=interview, by=user, status=target, recommendation=recommendation
    )


@pytest.mark.parametrize(
    ("source", "target", "actor"), CASES, ids=[f"{s}->{t} by {a}" for s, t, a in CASES]
)
def test_each_interview_move_follows_the_table(source, target, actor):
    interview = InterviewFactory(
        status=source, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    user = ACTORS[actor]()
    move = find_interview_move(source, target)
    expected = move is not None and actor in move.actors

    if expected:
        act(interview, target, user)
        interview.refresh_from_db()
        assert interview.status == target
    else:
        with pytest.raises(services.ApplicationError):
            act(interview, target, user)
        interview.refresh_from_db()
        assert interview.status == source


@pytest.mark.parametrize("actor", list(ACTORS))
def test_the_role_predicates_match_the_actors_of_the_table(actor):
    user = ACTORS[actor]()
    schedulers = find_interview_move(IS.SCHEDULED, IS.CANCELLED).actors
    recorders = find_interview_move(IS.SCHEDULED, IS.COMPLETED).actors

    assert permissions.can_schedule_interviews(user) == (actor in schedulers)
    assert permissions.can_record_interview_outcome(user) == (actor in recorders)


def test_an_outcome_waits_for_the_interview_to_start():
    interview = InterviewFactory()

    with pytest.raises(services.InterviewError, match="not started yet"):
        act(interview, IS.NO_SHOW, reviewer())

    interview.refresh_from_db()
    assert interview.status == IS.SCHEDULED
