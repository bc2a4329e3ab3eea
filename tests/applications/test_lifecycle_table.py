"""The lifecycle table (applications.lifecycle), walked whole: every move it has succeeds for
each actor it names and is refused for every other; every move it lacks is refused; a refusal
changes nothing. The permission predicates that decide which buttons show read the same
table."""

import pytest

from applications import permissions, services
from applications.admin.review import move_label
from applications.enums import ApplicationStatus
from applications.lifecycle import MOVES, Actor, find_move
from applications.models import Application, StatusChange
from hmc_portal.notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.support.lifecycle import application_ready_for

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ACTORS = ["applicant", "reviewer", "coordinator", "system", "someone else"]
IN_TABLE = [(m.source, m.target, actor) for m in MOVES for actor in ACTORS]
NOT_IN_TABLE = [(s, t) for s in S for t in S if find_move(s, t) is None]


def user_as(actor: str, application: Application):
    return {
        "applicant": lambda: application.applicant,
        "reviewer": ReviewerFactory,
        "coordinator": CoordinatorFactory,
        "system": lambda: None,
        "someone else": UserFactory,
    }[actor]()


def snapshot(application: Application) -> tuple:
    application.refresh_from_db()
    return (
        application.status,
        StatusChange.objects.filter(application=application).count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(
    ("source", "target", "actor"), IN_TABLE, ids=[f"{s}->{t} by {a}" for s, t, a in IN_TABLE]
)
def test_a_move_in_the_table_is_for_its_actors_only(source, target, actor):
    application = application_ready_for(source, target)
    by = user_as(actor, application)
    allowed = Actor(actor) in find_move(source, target).actors if actor in Actor else False
    before = snapshot(application)

    if allowed:
        services.transition_application(application=application, to=target, by=by)

        application.refresh_from_db()
        assert application.status == target
        change = StatusChange.objects.filter(application=application).latest()
        assert (change.from_status, change.to_status, change.by) == (source, target, by)
        email = find_move(source, target).email  # a reopened completion sends none
        expected = [email] if email else []
        assert list(Notification.objects.values_list("template", flat=True)) == expected
    else:
        with pytest.raises(services.ApplicationError):
            services.transition_application(application=application, to=target, by=by)

        assert snapshot(application) == before


@pytest.mark.parametrize(
    ("source", "target"), NOT_IN_TABLE, ids=[f"{s}->{t}" for s, t in NOT_IN_TABLE]
)
def test_a_move_not_in_the_table_is_refused_for_everyone(source, target):
    application = application_ready_for(source, target)
    before = snapshot(application)

    for by in (application.applicant, CoordinatorFactory(), None):
        with pytest.raises(services.TransitionError):
            services.transition_application(application=application, to=target, by=by)

    assert snapshot(application) == before


@pytest.mark.parametrize("status", list(S))
def test_the_buttons_show_exactly_the_moves_the_table_gives(status):
    application = ApplicationFactory(status=status)
    coordinator = CoordinatorFactory()
    mine = [m.target for m in MOVES if m.source == status and Actor.COORDINATOR in m.actors]
    withdraw = find_move(status, S.WITHDRAWN)

    assert permissions.allowed_status_moves(coordinator, application) == [s for s in S if s in mine]
    assert permissions.allowed_status_moves(ReviewerFactory(), application) == []
    assert permissions.can_withdraw(application.applicant, application) == (
        withdraw is not None and Actor.APPLICANT in withdraw.actors
    )
    assert not permissions.can_withdraw(coordinator, application)
    assert permissions.can_respond_to_offer(application.applicant, application) == (
        status == S.ACCEPTED
    )


def test_every_status_is_in_the_table_and_the_final_ones_have_no_way_out():
    sources = {m.source for m in MOVES}
    targets = {m.target for m in MOVES}

    assert sources | targets == set(S)
    assert set(S) - sources == {S.REJECTED, S.DECLINED, S.EXPIRED, S.WITHDRAWN}
    assert S.DRAFT not in targets


def test_completion_is_the_systems_move_and_a_coordinator_may_reopen_it():
    assert find_move(S.ENROLLED, S.COMPLETED).actors == {Actor.COORDINATOR, Actor.SYSTEM}
    reopen = find_move(S.COMPLETED, S.ENROLLED)
    assert (reopen.actors, reopen.email) == ({Actor.COORDINATOR}, "")


def test_the_completed_applications_button_reads_reopen_completion():
    assert move_label(S.ENROLLED, S.COMPLETED) == "Reopen completion"
    assert move_label(S.ENROLLED, S.CONFIRMED) == "Enrol"
    assert move_label(S.COMPLETED, S.ENROLLED) == "Mark completed"
