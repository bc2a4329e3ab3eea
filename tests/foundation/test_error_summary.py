"""Errors are announced (issue 12, item 4): a refused form opens with one summary at the top,
each error a link to its field; a page that refused nothing shows none."""

import pytest

from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = '<div class="alert alert-danger error-summary" role="alert" tabindex="-1"'


def summary_of(response) -> str:
    html = response.content.decode()
    assert html.count(SUMMARY) == 1
    start = html.index(SUMMARY)
    return html[start : html.index("</div>", start)]


def test_sign_up_links_each_error_to_its_field(client):
    response = client.post(
        "/accounts/signup/",
        {"first_name": "Ama", "last_name": "", "email": "not-an-email", "timezone": "UTC"},
    )

    summary = summary_of(response)
    assert "There is a problem" in summary
    assert '<a href="#id_email" data-error-field="id_email">Email address: Enter a valid' in summary
    assert 'href="#id_last_name"' in summary


def test_log_in_with_a_wrong_password_says_so_in_the_summary_as_plain_text(client):
    user = UserFactory()

    response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})

    summary = summary_of(response)
    assert "<li>Please enter a correct email address and password." in summary


def test_withdraw_without_a_reason_points_at_the_reason(client):
    application = ApplicationFactory(status="submitted")
    client.force_login(application.applicant)

    response = client.post("/dashboard/withdraw/", {"reason": ""})

    assert 'href="#id_reason"' in summary_of(response)


def test_a_page_shown_without_errors_has_no_summary(client):
    response = client.get("/accounts/signup/")

    assert SUMMARY not in response.content.decode()
    assert "/static/js/error-summary.js" in response.content.decode()
