"""The account's shredder (hmc_portal.users.privacy): what the export says of the account,
and what erasing it leaves: no way to sign in, no name, no address, no second factor, no
failed-login records, no session."""

import datetime

import jsonschema
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from hmc_portal.privacy.registry import shredders
from hmc_portal.users.models import User
from hmc_portal.users.privacy import AccountShredder, erased_email
from tests.factories import PASSWORD, UserFactory
from tests.support.otp import totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = UserFactory(
        email="ngozi.adeyemi@example.com",
        first_name="Ngozi",
        last_name="Adeyemi",
        timezone="Africa/Lagos",
        language="es",
    )
    User.objects.filter(pk=user.pk).update(
        last_login=datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
    )
    user.refresh_from_db()
    return user


def test_the_account_shredder_is_registered():
    assert isinstance(shredders.get("users.account"), AccountShredder)


def test_the_export_holds_the_account_and_matches_its_schema(person):
    section = AccountShredder().export(person)

    assert section.data == {
        "email": "ngozi.adeyemi@example.com",
        "first_name": "Ngozi",
        "last_name": "Adeyemi",
        "language": "es",
        "timezone": "Africa/Lagos",
        "date_joined": person.date_joined.astimezone(datetime.UTC).isoformat(),
        "last_login": "2026-11-02T09:30:00+00:00",
        "email_verified": True,
        "email_verified_at": person.email_verified_at.astimezone(datetime.UTC).isoformat(),
    }
    assert section.files == []
    jsonschema.Draft202012Validator.check_schema(AccountShredder.schema)
    jsonschema.validate(
        section.data,
        AccountShredder.schema,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_the_schema_refuses_an_unknown_key(person):
    data = {**AccountShredder().export(person).data, "phone": "+234"}

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, AccountShredder.schema)


def test_shredding_closes_and_anonymises_the_account(person, client):
    client.force_login(person)
    other = UserFactory()
    other_client = type(client)()
    other_client.force_login(other)
    totp_device(person)
    StaticDevice.objects.create(user=person, name="codes").token_set.create(token="aaaaa-bbbbb")
    now = timezone.now()
    for model in (AccessAttempt, AccessFailureLog):
        model.objects.create(
            username="ngozi.adeyemi@example.com",
            ip_address="127.0.0.1",
            user_agent="Firefox",
            attempt_time=now,
            **({"failures_since_start": 1} if model is AccessAttempt else {}),
        )
    AccessLog.objects.create(
        username="Ngozi.Adeyemi@example.com", ip_address="127.0.0.1", user_agent="Firefox"
    )
    LogEntry.objects.create(
        user=UserFactory(is_staff=True),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr="Ngozi Adeyemi",
        action_flag=CHANGE,
        change_message="Changed email to ngozi.adeyemi@example.com",
    )

    with transaction.atomic():
        counts = AccountShredder().shred(person)

    person.refresh_from_db()
    assert person.email == erased_email(person.pk) == f"erased-{person.pk}@erased.invalid"
    assert (person.first_name, person.last_name) == ("", "Erased")
    assert person.is_active is False
    assert person.has_usable_password() is False
    assert person.check_password(PASSWORD) is False
    assert person.email_verified_at is None
    # Four login records: the three above and the one axes wrote for force_login.
    assert counts == {"second_factor_devices": 2, "login_records": 4, "sessions": 1}
    assert not person.totpdevice_set.exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    assert AccessAttempt.objects.count() == AccessFailureLog.objects.count() == 0
    assert list(AccessLog.objects.values_list("username", flat=True)) == [other.email]
    # Only the other person's session is left.
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(other.pk)]
    entry = LogEntry.objects.get()
    assert (entry.object_repr, entry.change_message) == ("Erased", "")
    # Signed out: the dashboard now asks to log in.
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")
    assert other_client.get("/dashboard/").status_code == 200


def test_an_erased_account_cannot_sign_in(person, client):
    with transaction.atomic():
        AccountShredder().shred(person)

    response = client.post(
        "/accounts/login/", {"username": "ngozi.adeyemi@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
