import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from hmc_portal.users.models import User
from tests.factories import PASSWORD, PreceptorFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_whatever_its_case():
    UserFactory(email="amina@example.com")

    assert authenticate(username="Amina@Example.COM", password=PASSWORD) is not None


def test_two_accounts_cannot_share_an_email_in_different_case():
    User.objects.create_user("rahul@example.com", "a-long-password-1")

    with pytest.raises(IntegrityError):
        User.objects.create(email="RAHUL@example.com")


def test_create_user_stores_the_email_in_lower_case_and_defaults_to_utc():
    user = User.objects.create_user("Maria@Example.com", "a-long-password-1")

    assert user.email == "maria@example.com"
    assert user.timezone == "UTC"
    assert user.has_usable_password()


def test_time_zone_must_be_an_iana_zone():
    user = UserFactory.build(timezone="Mars/Olympus_Mons")

    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "is not a known time zone" in str(error.value)


def test_staff_groups_exist_from_the_migrations():
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Coordinator", "Reviewer"]


def test_role_is_derived_from_the_account():
    assert UserFactory().role == "applicant"
    assert StaffFactory().role == "staff"
    assert PreceptorFactory().user.role == "preceptor"


def test_times_are_shown_in_the_viewers_zone(client):
    from applications.services import start_application

    user = UserFactory(timezone="Asia/Kolkata")
    application = start_application(applicant=user, intake="2027")
    change = application.status_changes.get()
    client.force_login(user)

    html = client.get("/dashboard/").content.decode()

    local = change.created_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata"))
    assert local.strftime("%H:%M") in html
    assert "Times are in your time zone, Asia/Kolkata." in html


@pytest.mark.django_db(transaction=True)
def test_staff_groups_get_their_permissions_back_after_a_flush():
    from django.core.management import call_command

    from hmc_portal.users.roles import GROUP_PERMISSIONS

    call_command("flush", interactive=False, verbosity=0)

    for name, pairs in GROUP_PERMISSIONS.items():
        granted = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        assert granted == set(pairs), name


def test_a_coordinator_runs_the_rotations_in_admin(client):
    from tests.factories import CoordinatorFactory, ReviewerFactory

    client.force_login(CoordinatorFactory())
    assert client.get("/admin/rotations/rotation/add/").status_code == 200
    assert client.get("/admin/rotations/rotation/series/").status_code == 200

    client.force_login(ReviewerFactory())
    assert client.get("/admin/rotations/rotation/").status_code == 200
    assert client.get("/admin/rotations/rotation/add/").status_code == 403


def test_the_migration_gives_old_zone_names_their_current_name():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("hmc_portal.users.migrations.0003_current_zone_names")
    old = UserFactory(timezone="Asia/Calcutta")
    current = UserFactory(timezone="America/Chicago")

    migration.rename_zones(apps, None)

    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.timezone, current.timezone) == ("Asia/Kolkata", "America/Chicago")
