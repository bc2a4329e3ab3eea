"""Visa letter requests in admin: soonest consulate interview first, the state filters, the
details beside the passport on file, and the coordinator's send-back asking for a reason."""

import datetime

import pytest
from django.utils import timezone

from rotations.arrival import visa_services as services
from rotations.enums import VisaLetterStatus
from rotations.models import VisaLetterRequest
from tests.factories import CoordinatorFactory, ReviewerFactory
from tests.rotations.visa_support import details, eligible_application

pytestmark = pytest.mark.django_db

URL = "/admin/rotations/visaletterrequest/"


def asked(first_name: str, interview_in_days: int | None) -> VisaLetterRequest:
    application = eligible_application(blocks=1, first_name=first_name)
    interview = (
        None
        if interview_in_days is None
        else timezone.localdate() + datetime.timedelta(days=interview_in_days)
    )
    return services.request_visa_letter(
        application=application,
        details=details(passport_name=f"OKAFOR {first_name.upper()}", interview_date=interview),
        by=application.applicant,
    )


def test_the_soonest_interview_comes_first_and_undated_ones_last(client):
    later, undated, sooner = asked("Later", 40), asked("Undated", None), asked("Sooner", 10)
    client.force_login(CoordinatorFactory())

    response = client.get(URL)

    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == [sooner.pk, later.pk, undated.pk]


def test_the_state_filter_shows_the_waiting_ones(client):
    waiting = asked("Waiting", 10)
    sent_back = asked("Back", 12)
    services.send_back_visa_letter_request(
        visa_request=sent_back, by=CoordinatorFactory(), reason="Wrong number."
    )
    client.force_login(CoordinatorFactory())

    response = client.get(URL, {"state": "waiting"})

    assert [row.pk for row in response.context["cl"].result_list] == [waiting.pk]


def test_the_change_page_shows_the_details_beside_the_passport(client):
    visa_request = asked("Side", 10)
    client.force_login(ReviewerFactory())

    page = client.get(f"{URL}{visa_request.pk}/change/").content.decode()

    assert "OKAFOR SIDE" in page
    assert "A12345678" in page
    assert "passport.pdf" in page
    assert "Verified" in page


def test_sending_back_asks_for_a_reason_first(client):
    visa_request = asked("Reason", 10)
    client.force_login(CoordinatorFactory())
    selected = {"action": "send_back", "_selected_action": str(visa_request.pk)}

    asking = client.post(URL, selected)
    empty = client.post(URL, {**selected, "apply": "1", "reason": ""})
    done = client.post(URL, {**selected, "apply": "1", "reason": "The name does not match."})

    assert "What should the applicant correct?" in asking.content.decode()
    assert empty.status_code == 200
    assert done.status_code == 302
    visa_request.refresh_from_db()
    assert visa_request.status == VisaLetterStatus.SENT_BACK
    assert visa_request.send_back_reason == "The name does not match."


def test_a_reviewer_cannot_send_back(client):
    visa_request = asked("Reviewer", 10)
    client.force_login(ReviewerFactory())

    client.post(
        URL,
        {
            "action": "send_back",
            "_selected_action": str(visa_request.pk),
            "apply": "1",
            "reason": "No.",
        },
    )

    visa_request.refresh_from_db()
    assert visa_request.status == VisaLetterStatus.WAITING
