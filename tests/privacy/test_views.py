"""/dashboard/privacy/'s "Delete my account": asking with the password, the date shown in
the viewer's zone, cancelling by the button or by signing in, blockers; and staff's "Erase
this account" in admin with the read-only list of requests."""

import datetime
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.dates import written
from hmc_portal.notifications.models import Notification
from hmc_portal.privacy.models import ErasureRequest, ErasureStatus
from hmc_portal.privacy.services.erasure import erase_account_now, request_erasure
from tests.factories import PASSWORD, CoordinatorFactory, ReviewerFactory, UserFactory
from tests.privacy.support import ENROLMENT_SENTENCE, blocker, blocks

pytestmark = pytest.mark.django_db
PAGE = "/dashboard/privacy/"
DELETE = "/dashboard/privacy/delete/"
CANCEL = "/dashboard/privacy/delete/cancel/"


@pytest.fixture
def applicant():
    return UserFactory(
        email="rahul.sharma@example.com",
        first_name="Rahul",
        last_name="Sharma",
        timezone="Asia/Kolkata",
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_panel_explains_and_asks_for_the_password(client, applicant):
    client.force_login(applicant)

    html = client.get(PAGE).content.decode()

    assert "Delete my account" in html
    assert "Your account is deleted 14 days after you ask." in html
    assert "download a copy of your data first" in html
    assert "Your account: email address, name, language and time zone" in html
    assert 'action="/dashboard/privacy/delete/"' in html
    assert 'name="password"' in html
    assert 'name="confirm"' in html


def test_asking_schedules_and_the_page_shows_the_date_in_the_viewers_zone(client, applicant):
    client.force_login(applicant)

    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})

    assert response["Location"] == PAGE
    erasure = ErasureRequest.objects.get(user=applicant)
    assert erasure.status == ErasureStatus.SCHEDULED
    assert messages_of(response) == [
        "Your account will be deleted after 14 days. We have emailed you the date; signing in "
        "before then keeps it."
    ]
    html = client.get(PAGE).content.decode()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        when = written(erasure.erase_after, "datetime")
    assert f"<strong>{when}</strong>" in html
    assert "Sign in before then to keep your account" in html
    assert 'action="/dashboard/privacy/delete/cancel/"' in html
    assert 'name="password"' not in html


def test_a_wrong_password_is_a_form_error_and_stores_nothing(client, applicant):
    client.force_login(applicant)

    response = client.post(DELETE, {"password": "not-it", "confirm": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "That password is not right. Your account is unchanged." in html
    assert 'href="#id_password"' in html  # the error summary links to the field
    assert ErasureRequest.objects.count() == 0
    assert Notification.objects.count() == 0


def test_without_the_tick_nothing_is_stored(client, applicant):
    client.force_login(applicant)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 400
    assert "Tick the box to confirm that you want this." in response.content.decode()
    assert ErasureRequest.objects.count() == 0


def test_a_blocker_shows_its_sentence_and_no_form(client, applicant):
    client.force_login(applicant)

    with blocker(blocks(applicant)):
        html = client.get(PAGE).content.decode()
        response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})

    assert ENROLMENT_SENTENCE in html
    assert 'name="password"' not in html
    assert response["Location"] == PAGE
    assert messages_of(response) == [ENROLMENT_SENTENCE]
    assert ErasureRequest.objects.count() == 0


def test_asking_again_while_scheduled_says_so(client, applicant):
    client.force_login(applicant)
    client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    client.get(PAGE)  # reads the first answer's message

    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})

    assert messages_of(response) == ["Your account is already scheduled for deletion."]
    assert ErasureRequest.objects.count() == 1


def test_the_cancel_button_keeps_the_account(client, applicant):
    client.force_login(applicant)  # before asking: signing in would cancel it already
    erasure = request_erasure(user=applicant, password=PASSWORD)

    response = client.post(CANCEL)

    assert response["Location"] == PAGE
    assert messages_of(response) == [
        "Your account will not be deleted. We have emailed you to confirm."
    ]
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CANCELLED


def test_cancelling_with_nothing_waiting_says_so(client, applicant):
    client.force_login(applicant)

    response = client.post(CANCEL)

    assert messages_of(response) == ["Your account is not scheduled for deletion."]
    assert ActivityLog.objects.count() == 0


def test_signing_in_cancels_and_the_next_page_says_so(client, applicant):
    erasure = request_erasure(user=applicant, password=PASSWORD)

    response = client.post(
        "/accounts/login/", {"username": applicant.email, "password": PASSWORD}, follow=True
    )

    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CANCELLED
    assert "You signed in, so your account will not be deleted" in response.content.decode()
    assert Notification.objects.filter(dedupe_key=f"erasure:{erasure.pk}:cancelled").count() == 1
    cancelled = ActivityLog.objects.get(verb="privacy.erasure.cancelled")
    assert cancelled.actor == applicant


def test_signing_in_with_nothing_waiting_says_nothing_about_it(client, applicant):
    response = client.post(
        "/accounts/login/", {"username": applicant.email, "password": PASSWORD}, follow=True
    )

    assert "will not be deleted" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.post(DELETE, {"password": PASSWORD})["Location"].startswith("/accounts/login/")
    assert client.post(CANCEL)["Location"].startswith("/accounts/login/")


def test_a_get_of_the_form_urls_is_refused(client, applicant):
    client.force_login(applicant)

    assert client.get(DELETE).status_code == 405
    assert client.get(CANCEL).status_code == 405


# --- Staff, in admin --------------------------------------------------------------------


def erase_url(user) -> str:
    return f"/admin/users/user/{user.pk}/erase/"


def test_the_user_page_links_to_erasing_for_coordinators_only(client, applicant):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    html = client.get(f"/admin/users/user/{applicant.pk}/change/").content.decode()

    assert f'href="{erase_url(applicant)}"' in html
    client.force_login(ReviewerFactory())
    assert client.get(erase_url(applicant)).status_code == 403


def test_the_erase_page_lists_what_goes_and_what_stays_and_needs_a_reason(client, applicant):
    client.force_login(CoordinatorFactory())

    html = client.get(erase_url(applicant)).content.decode()
    response = client.post(erase_url(applicant), {"reason": ""})

    assert "Your account: email address, name, language and time zone" in html
    assert "one activity log entry saying the account was erased" in html
    assert 'name="reason"' in html
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.is_active is True


def test_staff_erase_with_a_reason_and_land_on_the_request(client, applicant):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post(erase_url(applicant), {"reason": "Letter received on 2 March"})

    erasure = ErasureRequest.objects.get(user=applicant)
    assert response["Location"] == f"/admin/privacy/erasurerequest/{erasure.pk}/change/"
    assert erasure.status == ErasureStatus.DONE
    done = ActivityLog.objects.get(verb="privacy.erasure.done")
    assert done.actor == coordinator
    html = client.get(response["Location"]).content.decode()
    assert f"Account {applicant.pk}" in html
    assert "Letter received on 2 March" in html
    for value in ("rahul", "Rahul", "Sharma"):
        assert value not in html


def test_the_erase_page_shows_a_blocker_and_no_form(client, applicant):
    client.force_login(CoordinatorFactory())

    with blocker(blocks(applicant)):
        html = client.get(erase_url(applicant)).content.decode()
        client.post(erase_url(applicant), {"reason": "By mail"})

    assert ENROLMENT_SENTENCE in html
    assert 'name="reason"' not in html
    assert ErasureRequest.objects.count() == 0


def test_the_list_of_requests_shows_no_personal_value_after_erasure(client, applicant):
    coordinator = CoordinatorFactory()
    erase_account_now(user=applicant, by=coordinator, reason="By mail")
    other = UserFactory(email="waiting.person@example.com")
    request_erasure(user=other, password=PASSWORD)
    client.force_login(ReviewerFactory())

    html = client.get("/admin/privacy/erasurerequest/").content.decode()

    assert f"Account {applicant.pk}" in html
    assert f"Account {other.pk}" in html
    for value in ("rahul", "Sharma", "waiting.person"):
        assert value not in html
    found = client.get(f"/admin/privacy/erasurerequest/?q={other.pk}").content.decode()
    assert f"Account {other.pk}" in found
    assert f"Account {applicant.pk}<" not in found
    assert client.get("/admin/privacy/erasurerequest/?q=not-a-number").status_code == 200


def test_the_list_of_requests_costs_the_same_queries_for_1_and_3(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ReviewerFactory())
    request_erasure(user=UserFactory(), password=PASSWORD)
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/privacy/erasurerequest/")
    for _ in range(2):
        request_erasure(user=UserFactory(), password=PASSWORD)
    with CaptureQueriesContext(connection) as three:
        client.get("/admin/privacy/erasurerequest/")

    assert len(three) == len(one)


def test_erase_after_is_in_the_past_for_staff_erasure(applicant):
    erasure = erase_account_now(user=applicant, by=CoordinatorFactory(), reason="By mail")

    assert erasure.erase_after <= timezone.now() + datetime.timedelta(seconds=1)
