"""The erasure services: asking (password, blockers, one at a time), the 14-day wait and its
periodic run, cancelling, staff's immediate erasure, and a failure that rolls back."""

import datetime
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from hmc_portal.privacy.errors import ErasureError, WrongPassword
from hmc_portal.privacy.models import ErasureRequest, ErasureStatus
from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.services.erasure import (
    cancel_erasure,
    erase_account_now,
    erase_due_accounts,
    request_erasure,
)
from hmc_portal.privacy.tasks import task_erase_due_accounts
from hmc_portal.private_files import private_files
from tests.factories import PASSWORD, CoordinatorFactory, ReviewerFactory, UserFactory
from tests.privacy.support import (
    ENROLMENT_SENTENCE,
    FailingShredder,
    blocker,
    blocks,
    extra_shredders,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def applicant():
    return UserFactory(email="amina@example.com", first_name="Amina", last_name="Okafor")


def test_asking_schedules_the_erasure_in_14_days_logs_and_emails_the_date(
    applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        erasure = request_erasure(user=applicant, password=PASSWORD)

    assert erasure.status == ErasureStatus.SCHEDULED
    assert erasure.erase_after - erasure.requested_at == datetime.timedelta(days=14)
    assert erasure.requested_by == applicant
    entry = ActivityLog.objects.get(verb="privacy.erasure.requested")
    assert (entry.actor, entry.person, entry.target) == (applicant, applicant, erasure)
    email = Notification.objects.get(dedupe_key=f"erasure:{erasure.pk}:scheduled")
    assert email.to_email == "amina@example.com"
    subject, text, html = render_notification(email)
    assert subject == "Your Houston Medical Clerkship account will be deleted"
    written = erasure.erase_after.strftime("%-d %B %Y")
    assert written in text and written in html
    assert "Sign in before then" in text
    assert "http://127.0.0.1:8000/accounts/login/" in text


def test_the_wait_follows_the_setting(applicant, settings):
    settings.ERASURE_WAIT_DAYS = 30

    erasure = request_erasure(user=applicant, password=PASSWORD)

    assert erasure.erase_after - erasure.requested_at == datetime.timedelta(days=30)


def test_the_scheduled_email_is_in_spanish_for_a_spanish_speaker(applicant):
    applicant.language = "es"
    applicant.save(update_fields=["language"])

    erasure = request_erasure(user=applicant, password=PASSWORD)

    subject, text, _html = render_notification(
        Notification.objects.get(dedupe_key=f"erasure:{erasure.pk}:scheduled")
    )
    assert subject == "Su cuenta de Houston Medical Clerkship será eliminada"
    assert "Inicie sesión antes" in text


def test_a_wrong_password_stores_nothing(applicant):
    with pytest.raises(WrongPassword, match="That password is not right"):
        request_erasure(user=applicant, password="not-my-password")

    assert ErasureRequest.objects.count() == 0
    assert ActivityLog.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_blocker_refuses_with_its_sentence_and_stores_nothing(applicant):
    with blocker(blocks(applicant)), pytest.raises(ErasureError) as error:
        request_erasure(user=applicant, password=PASSWORD)

    assert str(error.value) == ENROLMENT_SENTENCE
    assert ErasureRequest.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_blocker_for_someone_else_does_not_stop_the_request(applicant):
    with blocker(blocks(UserFactory())):
        erasure = request_erasure(user=applicant, password=PASSWORD)

    assert erasure.status == ErasureStatus.SCHEDULED


def test_asking_twice_is_refused_and_keeps_one_request(applicant):
    first = request_erasure(user=applicant, password=PASSWORD)

    with pytest.raises(ErasureError, match="already scheduled"):
        request_erasure(user=applicant, password=PASSWORD)

    assert list(ErasureRequest.objects.all()) == [first]


def test_the_database_keeps_one_scheduled_request_per_account(applicant):
    from django.db import IntegrityError

    now = timezone.now()
    ErasureRequest.objects.create(user=applicant, erase_after=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        ErasureRequest.objects.create(user=applicant, erase_after=now)


def test_not_erased_at_13_days_23_hours_erased_after_14_days_by_the_task_run_twice(applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)
    asked = erasure.requested_at

    assert erase_due_accounts(now=asked + 13 * DAY + datetime.timedelta(hours=23)) == 0
    erasure.refresh_from_db()
    applicant.refresh_from_db()
    assert erasure.status == ErasureStatus.SCHEDULED
    assert (applicant.email, applicant.is_active) == ("amina@example.com", True)

    later = asked + 14 * DAY + datetime.timedelta(minutes=1)
    assert erase_due_accounts(now=later) == 1
    assert erase_due_accounts(now=later) == 0

    erasure.refresh_from_db()
    applicant.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE
    assert erasure.done_at is not None
    assert applicant.email == f"erased-{applicant.pk}@erased.invalid"
    assert (applicant.first_name, applicant.last_name) == ("", "Erased")
    assert applicant.is_active is False
    assert applicant.has_usable_password() is False
    assert ActivityLog.objects.filter(verb="privacy.erasure.done").count() == 1
    assert "users.account" in erasure.summary


def test_the_periodic_task_erases_what_is_due(applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)
    ErasureRequest.objects.filter(pk=erasure.pk).update(erase_after=timezone.now() - DAY)

    assert task_erase_due_accounts.apply().get() == 1
    assert task_erase_due_accounts.apply().get() == 0
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE


def test_the_done_entry_holds_no_personal_value(applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)

    erase_due_accounts(now=erasure.erase_after)

    entry = ActivityLog.objects.get(verb="privacy.erasure.done")
    assert entry.actor is None
    assert entry.person is None
    assert entry.target == erasure
    text = str(entry.data)
    for value in ("amina", "Amina", "Okafor"):
        assert value not in text
    assert entry.data["requested_by"] == "applicant"


def test_cancelling_stops_the_erasure_logs_and_emails(applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)

    cancelled = cancel_erasure(user=applicant, by=applicant)

    assert cancelled == erasure
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CANCELLED
    assert erasure.cancelled_at is not None
    assert ActivityLog.objects.filter(verb="privacy.erasure.cancelled").count() == 1
    subject, text, _html = render_notification(
        Notification.objects.get(dedupe_key=f"erasure:{erasure.pk}:cancelled")
    )
    assert subject == "Your Houston Medical Clerkship account will not be deleted"
    assert "stay as they are" in text
    assert erase_due_accounts(now=erasure.erase_after + DAY) == 0
    applicant.refresh_from_db()
    assert applicant.is_active is True


def test_cancelling_with_nothing_waiting_does_nothing(applicant):
    assert cancel_erasure(user=applicant, by=applicant) is None
    assert ActivityLog.objects.count() == 0
    assert Notification.objects.count() == 0


def test_after_cancelling_the_applicant_may_ask_again(applicant):
    request_erasure(user=applicant, password=PASSWORD)
    cancel_erasure(user=applicant, by=applicant)

    again = request_erasure(user=applicant, password=PASSWORD)

    assert again.status == ErasureStatus.SCHEDULED
    assert ErasureRequest.objects.filter(user=applicant).count() == 2


def test_a_blocker_that_appeared_holds_the_erasure_and_tells_the_office_once(applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)
    due = erasure.erase_after + datetime.timedelta(minutes=1)

    with blocker(blocks(applicant)):
        assert erase_due_accounts(now=due) == 0
        assert erase_due_accounts(now=due + datetime.timedelta(hours=1)) == 0

    erasure.refresh_from_db()
    applicant.refresh_from_db()
    assert erasure.status == ErasureStatus.SCHEDULED
    assert erasure.held_at is not None
    assert applicant.is_active is True
    office = Notification.objects.filter(template="erasure_held")
    assert office.count() == 1
    assert office.get().to_email == "office@hmc.test"
    subject, text, _html = render_notification(office.get())
    assert subject == f"An account deletion is held (request {erasure.pk})"
    assert ENROLMENT_SENTENCE in text
    assert "amina" not in text.lower()
    assert ActivityLog.objects.filter(verb="privacy.erasure.held").count() == 1

    # Once the enrolment is settled, the next run erases.
    assert erase_due_accounts(now=due + DAY) == 1
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE


def test_a_failing_shredder_rolls_everything_back_and_deletes_no_file(
    applicant, django_capture_on_commit_callbacks
):
    stored = private_files.save("privacy-test/amina.pdf", ContentFile(b"%PDF-1.4 amina"))

    class FileShredder(DataShredder):
        name = "test.files"
        verbose_name = "Files"

        def export(self, user):
            return ExportSection(data=None)

        def shred(self, user):
            transaction.on_commit(partial(private_files.delete, stored))
            return {"files": 1}

    erasure = request_erasure(user=applicant, password=PASSWORD)
    with (
        extra_shredders(FileShredder(), FailingShredder()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert erase_due_accounts(now=erasure.erase_after) == 0

    erasure.refresh_from_db()
    applicant.refresh_from_db()
    assert erasure.status == ErasureStatus.SCHEDULED
    assert erasure.summary == {}
    assert (applicant.email, applicant.is_active) == ("amina@example.com", True)
    assert applicant.check_password(PASSWORD)
    assert private_files.exists(stored)
    assert ActivityLog.objects.filter(verb="privacy.erasure.done").count() == 0
    private_files.delete(stored)


def test_a_shredders_counts_go_in_the_summary(applicant):
    class Counting(DataShredder):
        name = "test.counting"
        verbose_name = "Counting"

        def export(self, user):
            return ExportSection(data=None)

        def shred(self, user):
            return {"rows": 3, "note": "ignored: not a count"}

    erasure = request_erasure(user=applicant, password=PASSWORD)
    with extra_shredders(Counting()):
        erase_due_accounts(now=erasure.erase_after)

    erasure.refresh_from_db()
    assert erasure.summary["test.counting"] == {"rows": 3}


def test_the_account_shredder_runs_after_the_others(applicant):
    seen = []

    class LooksUpByEmail(DataShredder):
        name = "test.by_email"
        verbose_name = "By email"

        def export(self, user):
            return ExportSection(data=None)

        def shred(self, user):
            seen.append(User.objects.get(pk=user.pk).email)

    erasure = request_erasure(user=applicant, password=PASSWORD)
    with extra_shredders(LooksUpByEmail()):
        erase_due_accounts(now=erasure.erase_after)

    assert seen == ["amina@example.com"]


def test_staff_erase_at_once_with_a_reason_logged(applicant):
    coordinator = CoordinatorFactory()

    erasure = erase_account_now(user=applicant, by=coordinator, reason="Letter received on 2 March")

    assert erasure.status == ErasureStatus.DONE
    assert erasure.requested_by == coordinator
    assert erasure.reason == "Letter received on 2 March"
    applicant.refresh_from_db()
    assert applicant.is_active is False
    asked = ActivityLog.objects.get(verb="privacy.erasure.requested")
    assert (asked.actor, asked.data["reason"]) == (coordinator, "Letter received on 2 March")
    done = ActivityLog.objects.get(verb="privacy.erasure.done")
    assert done.actor == coordinator
    assert done.data["requested_by"] == "staff"


def test_staff_erasure_takes_the_applicants_own_waiting_request(applicant):
    waiting = request_erasure(user=applicant, password=PASSWORD)

    erasure = erase_account_now(user=applicant, by=CoordinatorFactory(), reason="Phoned in")

    assert erasure == waiting
    assert ErasureRequest.objects.filter(user=applicant).count() == 1
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE


@pytest.mark.parametrize(
    ("make_by", "reason", "message"),
    [
        (ReviewerFactory, "By mail", "You may not erase accounts."),
        (CoordinatorFactory, "   ", "Say why the account is erased"),
    ],
)
def test_staff_erasure_needs_the_permission_and_a_reason(applicant, make_by, reason, message):
    with pytest.raises(ErasureError, match=message):
        erase_account_now(user=applicant, by=make_by(), reason=reason)

    applicant.refresh_from_db()
    assert applicant.is_active is True
    assert ErasureRequest.objects.count() == 0


def test_staff_erasure_meets_the_same_blockers(applicant):
    with blocker(blocks(applicant)), pytest.raises(ErasureError, match="rotations in progress"):
        erase_account_now(user=applicant, by=CoordinatorFactory(), reason="By mail")

    assert ErasureRequest.objects.count() == 0


def test_a_staff_account_is_not_erased(applicant):
    coordinator = CoordinatorFactory()
    with pytest.raises(ErasureError, match="staff account"):
        erase_account_now(user=ReviewerFactory(), by=coordinator, reason="By mail")


def test_an_erased_account_is_not_erased_twice(applicant):
    coordinator = CoordinatorFactory()
    erase_account_now(user=applicant, by=coordinator, reason="By mail")

    with pytest.raises(ErasureError, match="erased already"):
        erase_account_now(user=applicant, by=coordinator, reason="By mail again")
