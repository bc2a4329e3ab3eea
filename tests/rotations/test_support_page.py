"""/dashboard/support/: the panels apps register, or a true empty state."""

import pytest
from django.urls import reverse

from hmc_portal.panels import Panel, support
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_without_panels_the_page_says_when_help_opens(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse("rotations:support"))

    assert response.status_code == 200
    assert "Nothing to do here yet" in response.content.decode()


def test_a_registered_panel_is_shown_with_the_current_application(client, tmp_path, settings):
    application = ApplicationFactory()
    template = tmp_path / "probe_panel.html"
    template.write_text("<p>probe for {{ application.pk }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], str(tmp_path)]}]
    support.register(
        Panel(name="probe", template="probe_panel.html", context=lambda **page: dict(page))
    )
    try:
        client.force_login(application.applicant)
        response = client.get(reverse("rotations:support"))
    finally:
        support.unregister("probe")

    page = response.content.decode()
    assert f"probe for {application.pk}" in page
    assert "Nothing to do here yet" not in page


def _dashboard_card(client, application) -> str:
    client.force_login(application.applicant)
    page = client.get(reverse("applications:dashboard")).content.decode()
    start = page.find('class="card mt-4 dashboard-support"')
    return page[start : page.find("</section>", start)] if start != -1 else ""


def test_the_dashboard_leads_to_the_support_page_once_the_offer_is_taken(client):
    from tests.rotations.factories import SupportRequestFactory, placed_application

    draft = ApplicationFactory(status="draft")
    assert _dashboard_card(client, draft) == ""

    choosing = ApplicationFactory(status="confirmed")
    card = _dashboard_card(client, choosing)
    assert "open once every rotation of your plan is confirmed" in card
    assert f'href="{reverse("rotations:support")}"' in card

    every_block_cancelled = ApplicationFactory(status="enrolled")
    assert _dashboard_card(client, every_block_cancelled) == ""

    enrolled = placed_application()
    SupportRequestFactory(application=enrolled)
    SupportRequestFactory(application=enrolled, status="done")
    card = _dashboard_card(client, enrolled)
    assert "Your placement is confirmed: ask for your visa invitation letter" in card
    assert "1 travel or housing request is open with the program office." in card


def test_the_dashboard_says_where_the_visa_letter_stands(client):
    from rotations.arrival.visa_services import request_visa_letter
    from tests.rotations.visa_support import details, eligible_application

    application = eligible_application()
    request_visa_letter(application=application, details=details(), by=application.applicant)

    card = _dashboard_card(client, application)

    assert "Your visa invitation letter request is with the program office" in card
