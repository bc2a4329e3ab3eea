"""The core's services that change something (staff groups, sending an email again) log it
once; a refused call logs nothing."""

import pytest
from django.contrib.auth.models import Group

from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.selectors import log_for
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.outbox import OutboxError, requeue_notifications
from hmc_portal.users.errors import AccountError
from hmc_portal.users.services import set_staff_groups
from tests.factories import NotificationFactory, StaffFactory, UserFactory

from .support import entries_written_by, entry_ref

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


def test_changing_a_staff_members_groups_logs_what_was_added_and_removed(admin_user):
    staff = StaffFactory(groups=["Reviewer"])

    _, written = entries_written_by(
        lambda: set_staff_groups(
            user=staff, groups=Group.objects.filter(name="Coordinator"), by=admin_user
        )
    )

    [entry] = written
    assert (entry.verb, entry.actor, entry_ref(entry), entry.person, entry.data) == (
        "users.user.groups_changed",
        admin_user,
        (type(staff), staff.pk),
        staff,
        {"added": ["Coordinator"], "removed": ["Reviewer"]},
    )
    assert sorted(staff.groups.values_list("name", flat=True)) == ["Coordinator"]


def test_the_same_groups_again_change_and_log_nothing(admin_user):
    staff = StaffFactory(groups=["Reviewer"])

    _, written = entries_written_by(
        lambda: set_staff_groups(
            user=staff, groups=Group.objects.filter(name="Reviewer"), by=admin_user
        )
    )

    assert written == []


@pytest.mark.parametrize("who", ["applicant", "coordinator"])
def test_a_staff_group_for_a_non_staff_account_or_by_a_coordinator_is_refused(admin_user, who):
    user = UserFactory() if who == "applicant" else StaffFactory()
    by = admin_user if who == "applicant" else StaffFactory(groups=["Coordinator"])

    with pytest.raises(AccountError):
        set_staff_groups(user=user, groups=Group.objects.filter(name="Reviewer"), by=by)

    assert ActivityLog.objects.count() == 0
    assert list(user.groups.all()) == []


def test_sending_emails_again_logs_each_about_its_recipient():
    recipient = UserFactory()
    failed = NotificationFactory(
        recipient=recipient, status=NotificationStatus.FAILED, attempts=5, template="status_x"
    )
    sent = NotificationFactory(status=NotificationStatus.SENT, attempts=1)
    staff = StaffFactory(groups=["Coordinator"])

    count, written = entries_written_by(
        lambda: requeue_notifications(notification_ids=[failed.pk, sent.pk], by=staff)
    )

    assert count == 2
    assert [(e.verb, e.actor, entry_ref(e), e.person) for e in written] == [
        ("notifications.notification.resent", staff, (type(failed), failed.pk), recipient),
        ("notifications.notification.resent", staff, (type(sent), sent.pk), None),
    ]
    assert written[0].data == {
        "template": "status_x",
        "to": failed.to_email,
        "from": "failed",
        "attempts": 5,
    }
    assert list(log_for(failed)) == [written[0]]


def test_sending_emails_again_without_the_permission_is_refused():
    failed = NotificationFactory(status=NotificationStatus.FAILED, attempts=5)

    with pytest.raises(OutboxError):
        requeue_notifications(notification_ids=[failed.pk], by=StaffFactory(groups=["Reviewer"]))

    failed.refresh_from_db()
    assert (failed.status, ActivityLog.objects.count()) == (NotificationStatus.FAILED, 0)
