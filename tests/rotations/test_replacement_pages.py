"""What an enrolled applicant with a replacement block to choose sees: the rotations page
offers the catalogue and the plan for that many blocks, and the dashboard's next step says
"Choose your replacement block" with the link."""

import pytest
from django.utils import translation

from applications.enums import ApplicationStatus
from applications.selectors.next_step import next_step
from rotations import services
from rotations.models import RotationRequest
from tests.factories import ApplicationFactory, CoordinatorFactory

from .replacement_support import block, confirmed_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_allowance():
    """An enrolled application whose one confirmed block the program cancelled, with the
    replacement granted."""
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    cancelled = confirmed_block(application)
    services.cancel_rotation_request(rotation_request=cancelled, by=CoordinatorFactory())
    services.grant_replacement(rotation_request=cancelled, by=CoordinatorFactory())
    return application


def step(application):
    with translation.override("en"):
        return next_step(application=application)


def test_the_page_offers_the_replacement_block_and_the_plan(client, with_allowance):
    client.force_login(with_allowance.applicant)

    page = client.get("/dashboard/rotations/")

    html = page.content.decode()
    assert page.context["choosing"] is True
    assert page.context["replacing"] is True
    assert page.context["slots"] == 1
    assert page.context["can_finish"] is False
    assert "Choose your replacement block" in html
    assert "You can ask for 1 more rotation." in html


def test_the_plan_holds_only_as_many_as_the_allowances_and_sends_a_replacement(
    client, with_allowance
):
    first, second = block(), block()
    client.force_login(with_allowance.applicant)

    client.post("/dashboard/rotations/", {"action": "add", "rotation": first.pk})
    refused = client.post(
        "/dashboard/rotations/", {"action": "add", "rotation": second.pk}, follow=True
    )
    sent = client.post("/dashboard/rotations/", {"action": "send"})

    assert "as many as you can still ask for" in refused.content.decode()
    assert sent.status_code == 302
    chosen = RotationRequest.objects.get(rotation=first)
    assert chosen.replacement_for == with_allowance.replacement_allowances.get()
    assert not RotationRequest.objects.filter(rotation=second).exists()
    after = client.get("/dashboard/rotations/")
    assert after.context["choosing"] is False
    assert "Replacement block" in after.content.decode()
    with_allowance.refresh_from_db()
    assert with_allowance.status == ApplicationStatus.ENROLLED


def test_an_enrolled_applicant_without_an_allowance_cannot_choose_on_the_page(client):
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    confirmed_block(application)
    rotation = block()
    client.force_login(application.applicant)

    page = client.get("/dashboard/rotations/")
    posted = client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})

    assert page.context["choosing"] is False
    assert "Choose your replacement block" not in page.content.decode()
    assert "You are enrolled." in page.content.decode()
    assert posted["Location"] == "/dashboard/"
    assert RotationRequest.objects.filter(rotation=rotation).count() == 0


def test_the_next_step_says_choose_your_replacement_block(with_allowance):
    answer = step(with_allowance)

    assert answer.state == "replacement_to_choose"
    assert answer.needs_action is True
    assert answer.badge == "Action needed: choose your replacement block"
    assert (answer.action_label, answer.action_url) == (
        "Choose your replacement block",
        "/dashboard/rotations/",
    )


def test_once_chosen_the_next_step_waits_for_the_preceptor(with_allowance):
    services.choose_rotations(
        application=with_allowance, rotations=[block()], by=with_allowance.applicant
    )

    answer = step(with_allowance)

    assert answer.state == "replacement_pending"
    assert answer.needs_action is False


def test_the_dashboard_shows_the_replacement_step_with_its_link(client, with_allowance):
    client.force_login(with_allowance.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "next-step-replacement_to_choose" in html
    assert 'href="/dashboard/rotations/">Choose your replacement block</a>' in html
