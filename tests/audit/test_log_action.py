"""log_action itself: the fixed vocabulary, the transaction it must run in, what an entry
says; and the selectors."""

import pytest
from django.db import transaction

from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.selectors import log_for, log_for_person
from hmc_portal.audit.services import log_action
from hmc_portal.audit.verbs import VERBS
from tests.factories import ApplicationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_what_which_object_whom_and_the_details():
    application = ApplicationFactory()
    staff = StaffFactory(first_name="Dana", last_name="Reyes")

    entry = log_action(
        application,
        "applications.application.status_changed",
        by=staff,
        person=application.applicant,
        data={"from": "submitted", "to": "under_review"},
    )

    entry = ActivityLog.objects.get(pk=entry.pk)
    assert (entry.actor, entry.verb, entry.target, entry.person, entry.data) == (
        staff,
        "applications.application.status_changed",
        application,
        application.applicant,
        {"from": "submitted", "to": "under_review"},
    )
    assert entry.wording == "Status changed"
    assert entry.describe_data() == "from: submitted; to: under_review"
    assert str(entry).endswith(": Status changed by Dana Reyes")


def test_the_details_leave_out_empty_values():
    entry = ActivityLog(data={"note": "", "to": "interview", "from": "under_review", "x": None})

    assert entry.describe_data() == "from: under_review; to: interview"


def test_an_entry_by_nobody_is_the_systems():
    entry = log_action(ApplicationFactory(), "applications.application.status_changed", by=None)

    assert entry.actor is None
    assert str(entry).endswith("by the system")


def test_an_unknown_verb_is_refused():
    application = ApplicationFactory()

    with pytest.raises(ValueError, match="Unknown activity verb 'applications.application.eaten'"):
        log_action(application, "applications.application.eaten", by=None)

    assert ActivityLog.objects.count() == 0


def test_an_unsaved_target_is_refused():
    with pytest.raises(ValueError, match="saved target"):
        log_action(UserFactory.build(), "users.user.groups_changed", by=None)


@pytest.mark.django_db(transaction=True)
def test_a_call_outside_a_transaction_is_refused():
    application = ApplicationFactory()

    with pytest.raises(RuntimeError, match="inside the transaction"):
        log_action(application, "applications.note.added", by=None)

    assert ActivityLog.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_entry_rolls_back_with_the_change_it_records():
    application = ApplicationFactory()

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        log_action(application, "applications.note.added", by=None)
        1 / 0  # noqa: B018

    assert ActivityLog.objects.count() == 0


def test_every_verb_names_its_app_and_model_and_has_words():
    for verb, words in VERBS.items():
        app, model, what = verb.split(".")
        assert app and model and what and str(words), verb


def test_the_log_of_an_object_and_of_a_person_newest_first():
    application, other = ApplicationFactory(), ApplicationFactory()
    applicant = application.applicant
    first = log_action(application, "applications.note.added", by=None, person=applicant)
    log_action(other, "applications.note.added", by=None, person=other.applicant)
    second = log_action(applicant, "users.user.groups_changed", by=None, person=applicant)
    third = log_action(application, "applications.note.added", by=None, person=applicant)

    assert list(log_for(application)) == [third, first]
    assert list(log_for_person(applicant)) == [third, second, first]
