import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import Application, StatusChange
from applications.services import start_application
from tests.factories import (
    ApplicationFactory,
    CompleteApplicantFactory,
    DocumentFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.lifecycle import move_through

pytestmark = pytest.mark.django_db


move = move_through


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_without_an_application_the_dashboard_invites_to_start(client):
    client.force_login(UserFactory())

    html = client.get("/dashboard/").content.decode()

    assert "You have not started an application yet" in html
    assert 'href="/apply/"' in html


def test_staff_are_sent_to_admin(client):
    client.force_login(StaffFactory())

    assert client.get("/dashboard/")["Location"] == "/admin/"


def test_dashboard_shows_status_next_step_and_timeline_in_the_applicants_zone(client):
    applicant = CompleteApplicantFactory(timezone="Asia/Kolkata")
    application = move(applicant.applications.get(), ApplicationStatus.SUBMITTED)
    StatusChange.objects.filter(application=application).update(
        created_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(applicant)

    response = client.get("/dashboard/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "status-submitted application-status" in html
    assert "The program office will start reviewing it" in html
    # 23:30 UTC is 05:00 the next morning in India.
    assert html.count("2 Mar 2026, 05:00") == 1  # the submission; the draft is not moved
    assert "Asia/Kolkata" in html


def test_dashboard_checklist_shows_each_documents_status_and_rejection_reason(client):
    applicant = CompleteApplicantFactory()
    application = move(
        applicant.applications.get(), ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW
    )
    application.documents.filter(kind="transcript").update(status=DocumentStatus.VERIFIED)
    application.documents.filter(kind="cv").update(
        status=DocumentStatus.REJECTED, rejection_reason="The scan is cut off at the bottom."
    )
    client.force_login(applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Verified" in html
    assert "Why: The scan is cut off at the bottom." in html
    assert "Replace the rejected document" in html
    assert f'href="/documents/{application.documents.get(kind="cv").pk}/replace/"' in html
    assert "Continue your application" not in html


def test_draft_dashboard_offers_to_continue_and_names_missing_documents(client):
    applicant = UserFactory()
    start_application(applicant=applicant, intake="2027")
    client.force_login(applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Continue your application" in html
    assert "Upload missing documents" in html
    assert html.count("Not uploaded") == 5  # the five required kinds


def test_another_applicants_application_never_shows(client):
    mine = ApplicationFactory()
    theirs = DocumentFactory(original_name="their-secret-transcript.pdf")
    client.force_login(mine.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "their-secret-transcript.pdf" not in html
    assert theirs.application.applicant.email not in html


def test_withdraw_asks_for_a_reason_then_withdraws_and_emails(
    client, django_capture_on_commit_callbacks
):
    applicant = CompleteApplicantFactory()
    move(applicant.applications.get(), ApplicationStatus.SUBMITTED)
    client.force_login(applicant)

    refused = client.post("/dashboard/withdraw/", {"reason": "  "})
    assert refused.status_code == 400
    assert Application.objects.get(applicant=applicant).status == ApplicationStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/withdraw/", {"reason": "I got a research position."})

    assert response["Location"] == "/dashboard/"
    application = Application.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawal_reason == "I got a research position."
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert "withdrawn" in mail.outbox[0].subject.lower()


def test_withdraw_is_not_offered_once_enrolled(client):
    applicant = CompleteApplicantFactory()
    move(
        applicant.applications.get(),
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.ENROLLED,
    )
    client.force_login(applicant)

    html = client.get("/dashboard/").content.decode()
    response = client.post("/dashboard/withdraw/", {"reason": "Changed my mind."})

    assert 'href="/dashboard/withdraw/"' not in html
    assert response["Location"] == "/dashboard/"
    assert Application.objects.get(applicant=applicant).status == ApplicationStatus.ENROLLED


def test_withdraw_anonymous_is_sent_to_log_in(client):
    response = client.post("/dashboard/withdraw/", {"reason": "x"})

    assert response["Location"].startswith("/accounts/login/")


def dashboard_queries(client, applicant) -> int:
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_documents_and_history(client):
    # Each state decides its next step with its own fixed reads (a draft checks its
    # answers), so like is compared with like: a draft with one document and one with
    # many, an interview with a short history and one with a long history and more files.
    small_draft = UserFactory()
    application = start_application(applicant=small_draft, intake="2027")
    DocumentFactory(application=application, kind="transcript")
    large_draft = UserFactory()
    application = start_application(applicant=large_draft, intake="2027")
    for kind in ("transcript", "diploma", "cv", "passport", "other", "other"):
        DocumentFactory(application=application, kind=kind)

    small = CompleteApplicantFactory()
    move(small.applications.get(), ApplicationStatus.SUBMITTED)
    Application.objects.filter(applicant=small).update(status=ApplicationStatus.INTERVIEW)
    large = CompleteApplicantFactory()
    application = move(
        large.applications.get(),
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INTERVIEW,
    )
    DocumentFactory(application=application, kind="other")
    DocumentFactory(application=application, kind="other")

    assert application.documents.count() >= 3
    assert application.status_changes.count() == 3
    assert dashboard_queries(client, small_draft) == dashboard_queries(client, large_draft)
    assert dashboard_queries(client, small) == dashboard_queries(client, large)


VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?"
)


def test_every_time_element_carries_a_valid_machine_readable_value(client):
    applicant = CompleteApplicantFactory()
    application = move(
        applicant.applications.get(), ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW
    )
    StatusChange.objects.filter(application=application).update(
        created_at=datetime.datetime(2026, 3, 1, 23, 30, 5, 123456, tzinfo=datetime.UTC)
    )
    client.force_login(applicant)

    html = client.get("/dashboard/").content.decode()

    values = re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html)
    assert values, "the dashboard shows times"
    assert [v for v in values if not VALID_DATETIME.fullmatch(v)] == []
    assert "2026-03-01T23:30:05+00:00" in values


def test_withdrawing_is_a_quiet_link_below_the_history_not_a_main_action(client):
    applicant = CompleteApplicantFactory()
    move(applicant.applications.get(), ApplicationStatus.SUBMITTED)
    client.force_login(applicant)

    html = client.get("/dashboard/").content.decode()

    status_card, rest = html.split('id="history-title"', 1)
    assert "/dashboard/withdraw/" not in status_card
    assert "btn-outline-danger" not in html
    assert (
        'class="link-secondary withdraw-link" href="/dashboard/withdraw/">Withdraw my application'
        in rest
    )
