"""Offers: the applicant's answer, the 48-hour reminder and the expiry at the deadline (with a
frozen clock for the scans), and the dashboard's offer card."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from applications import services, tasks
from applications.enums import ApplicationStatus
from applications.models import Application, StatusChange
from hmc_portal.notifications.models import Notification
from hmc_portal.schedule import BEAT_SCHEDULE
from tests.applications.interview_support import (
    UTC,
    Clock,
    application_at,
    emails,
    html_of,
    with_offer,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)


@pytest.fixture
def clock():
    return Clock()


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def status_of(application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- respond_to_offer ----------------------------------------------------------------------


def test_accepting_confirms_and_emails(django_capture_on_commit_callbacks):
    application = with_offer(in_days(7))

    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_offer(application=application, by=application.applicant, accept=True)

    assert status_of(application) == ApplicationStatus.CONFIRMED
    change = StatusChange.objects.filter(application=application).last()
    assert (change.from_status, change.to_status, change.by) == (
        "accepted",
        "confirmed",
        application.applicant,
    )
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert [n.template for n in emails("status_confirmed")] == ["status_confirmed"]


def test_declining_records_the_reason_and_emails(django_capture_on_commit_callbacks):
    application = with_offer(in_days(7))

    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_offer(
            application=application,
            by=application.applicant,
            accept=False,
            reason="  I matched into a research year.  ",
        )

    assert status_of(application) == ApplicationStatus.DECLINED
    change = StatusChange.objects.filter(application=application).last()
    assert (change.to_status, change.note) == ("declined", "I matched into a research year.")
    assert len(mail.outbox) == 1
    assert emails("status_declined")[0].context["reason"] == "I matched into a research year."


@pytest.mark.parametrize("accept", [True, False])
def test_an_answer_after_the_deadline_is_refused_even_before_the_expiry_scan(accept):
    application = with_offer(timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(services.OfferError, match="deadline"):
        services.respond_to_offer(application=application, by=application.applicant, accept=accept)

    assert status_of(application) == ApplicationStatus.ACCEPTED


def test_only_the_applicant_answers_their_offer():
    application = with_offer(in_days(7))

    with pytest.raises(services.NotAllowed):
        services.respond_to_offer(application=application, by=UserFactory(), accept=True)

    assert status_of(application) == ApplicationStatus.ACCEPTED


def test_there_is_nothing_to_answer_without_an_offer():
    application = application_at("submitted", "under_review")

    with pytest.raises(services.OfferError, match="no open offer"):
        services.respond_to_offer(application=application, by=application.applicant, accept=True)


def test_an_offer_without_a_deadline_can_be_answered_any_time():
    application = application_at("submitted", "under_review", "accepted")

    services.respond_to_offer(application=application, by=application.applicant, accept=True)

    assert status_of(application) == ApplicationStatus.CONFIRMED


# --- the 48-hour reminder -------------------------------------------------------------------


def test_the_48h_reminder_goes_once(clock, django_capture_on_commit_callbacks):
    deadline = datetime.datetime(2031, 5, 20, 12, 0, tzinfo=UTC)
    application = with_offer(deadline, timezone="America/Sao_Paulo")

    with django_capture_on_commit_callbacks(execute=True):
        counts = [
            clock.at(deadline - 49 * H).offer_reminders(),
            clock.at(deadline - 48 * H).offer_reminders(),
            clock.at(deadline - 47 * H).offer_reminders(),
            clock.at(deadline - H).offer_reminders(),
        ]

    assert counts == [0, 1, 0, 0]
    assert [n.dedupe_key for n in emails("offer_reminder")] == [f"offer:{application.pk}:48h"]
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert message.subject == (
        "[Action required] Your observership offer for 2027 expires on 20 May, 09:00 "
        "(America/Sao_Paulo)"
    )
    assert "Tuesday 20 May 2031, 09:00 (America/Sao_Paulo)" in message.body
    assert "Tuesday 20 May 2031, 09:00 (America/Sao_Paulo)" in html_of(message)
    assert "{{" not in message.body and "{{" not in html_of(message)


def test_no_reminder_once_answered_or_past_the_deadline(clock):
    deadline = in_days(30)
    answered = with_offer(deadline)
    services.respond_to_offer(application=answered, by=answered.applicant, accept=True)
    late = with_offer(deadline - 49 * H)

    assert clock.at(deadline - 47 * H).offer_reminders() == 0
    assert emails("offer_reminder") == []
    assert status_of(late) == ApplicationStatus.ACCEPTED


# --- expiry --------------------------------------------------------------------------------


def test_the_offer_expires_at_the_deadline_not_before(clock, django_capture_on_commit_callbacks):
    deadline = in_days(10)
    application = with_offer(deadline)

    with django_capture_on_commit_callbacks(execute=True):
        before = clock.at(deadline - datetime.timedelta(seconds=1)).expire_offers()
        status_before = status_of(application)
        at = clock.at(deadline).expire_offers()
        again = clock.at(deadline + H).expire_offers()

    assert (before, at, again) == (0, 1, 0)
    assert status_before == ApplicationStatus.ACCEPTED
    assert status_of(application) == ApplicationStatus.EXPIRED
    change = StatusChange.objects.filter(application=application).last()
    assert (change.from_status, change.to_status, change.by) == ("accepted", "expired", None)
    assert [n.template for n in emails("status_expired")] == ["status_expired"]
    assert len(mail.outbox) == 1


def test_expiry_leaves_answered_offers_alone(clock):
    deadline = in_days(3)
    confirmed = with_offer(deadline)
    services.respond_to_offer(application=confirmed, by=confirmed.applicant, accept=True)
    open_offer = with_offer(deadline)

    assert clock.at(deadline + H).expire_offers() == 1

    assert status_of(confirmed) == ApplicationStatus.CONFIRMED
    assert status_of(open_offer) == ApplicationStatus.EXPIRED


def test_the_offer_scans_are_periodic_tasks_declared_in_the_schedule():
    expire = BEAT_SCHEDULE["applications-expire-offers"]
    remind = BEAT_SCHEDULE["applications-offer-reminders"]

    assert (expire["task"], remind["task"]) == (
        tasks.task_expire_offers.name,
        tasks.task_scan_offer_reminders.name,
    )
    assert (expire["task"], remind["task"]) == (
        "applications.expire_offers",
        "applications.scan_offer_reminders",
    )
    application = with_offer(timezone.now() - H)
    assert tasks.task_expire_offers.delay().get() == 1
    assert status_of(application) == ApplicationStatus.EXPIRED


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_the_deadline_in_the_applicants_zone_and_both_buttons(client):
    deadline = datetime.datetime(2031, 5, 20, 12, 0, tzinfo=UTC)
    application = with_offer(deadline, timezone="Asia/Kolkata")
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Tuesday 20 May 2031, 17:30" in html  # 12:00 UTC is 17:30 in India
    assert 'action="/dashboard/offer/accept/"' in html
    assert 'href="/dashboard/offer/decline/"' in html


def test_accepting_on_the_dashboard(client, django_capture_on_commit_callbacks):
    application = with_offer(in_days(7))
    client.force_login(application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/offer/accept/", follow=True)

    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "You accepted your offer." in response.content.decode()
    assert status_of(application) == ApplicationStatus.CONFIRMED
    assert len(mail.outbox) == 1


def test_declining_asks_for_confirmation_then_declines(client, django_capture_on_commit_callbacks):
    application = with_offer(in_days(7))
    client.force_login(application.applicant)

    page = client.get("/dashboard/offer/decline/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/offer/decline/", {"reason": ""})

    assert "Decline your offer for 2027?" in page.content.decode()
    assert 'name="reason"' in page.content.decode()
    assert response["Location"] == "/dashboard/"
    assert status_of(application) == ApplicationStatus.DECLINED
    assert len(mail.outbox) == 1


def test_after_the_deadline_the_dashboard_refuses_to_accept(client):
    application = with_offer(timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()
    response = client.post("/dashboard/offer/accept/", follow=True)
    decline_page = client.get("/dashboard/offer/decline/")

    assert "The deadline to answer this offer has passed." in html
    assert 'action="/dashboard/offer/accept/"' not in html
    assert "The deadline to answer this offer has passed." in response.content.decode()
    assert decline_page["Location"] == "/dashboard/"
    assert status_of(application) == ApplicationStatus.ACCEPTED
    assert Notification.objects.filter(template="status_confirmed").count() == 0


def test_answering_without_an_offer_changes_nothing(client):
    application = application_at("submitted", "under_review")
    client.force_login(application.applicant)

    response = client.post("/dashboard/offer/accept/", follow=True)

    assert "There is no offer to answer." in response.content.decode()
    assert status_of(application) == ApplicationStatus.UNDER_REVIEW


@pytest.mark.parametrize("url", ["/dashboard/offer/accept/", "/dashboard/offer/decline/"])
def test_offer_answers_anonymous_are_sent_to_log_in(client, url):
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_elses_offer_is_not_theirs_to_answer(client):
    application = with_offer(in_days(7))
    client.force_login(UserFactory())

    client.post("/dashboard/offer/accept/")
    client.post("/dashboard/offer/decline/", {"reason": "x"})

    assert status_of(application) == ApplicationStatus.ACCEPTED
