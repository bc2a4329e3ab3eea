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
