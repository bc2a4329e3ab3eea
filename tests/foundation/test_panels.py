"""Pages that gather panels from the apps above them (hmc_portal.panels)."""

import pytest

from hmc_portal.panels import Panel, dashboard, preceptor_portal, rotation_plan
from tests.factories import ApplicationFactory, PreceptorFactory, RotationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    """Register a panel for the test only; the registry is as before afterwards."""
    names = []

    def register(registry, name, context, order=100):
        registry.register(
            Panel(name=name, template="panels/_note.html", context=context, order=order)
        )
        names.append((registry, name))

    yield register
    for registry, name in names:
        registry.unregister(name)


def test_the_dashboard_panels_are_the_certificate_rotations_attendance_feedback_then_the_rest():
    assert [panel.name for panel in dashboard.panels] == [
        "certificate",
        "rotations",
        "attendance",
        "feedback",
        "compliance",
        "support",
        "letters",
        "payments",
        "events",
        "mentoring",
    ]
    assert dashboard.panels[0].template == "rotations/aftercare/_dashboard_certificate.html"
    assert dashboard.panels[1].template == "rotations/_dashboard_rotations.html"
    assert dashboard.panels[2].template == "rotations/aftercare/_dashboard_attendance.html"
    assert dashboard.panels[3].template == "rotations/aftercare/_dashboard_feedback.html"
    assert dashboard.panels[5].template == "rotations/arrival/_dashboard_support.html"
    assert dashboard.panels[6].template == "preceptors/letters/_dashboard_letters.html"
    assert dashboard.panels[7].template == "billing/_dashboard_payments.html"
    assert dashboard.panels[8].template == "events/_dashboard_events.html"
    assert dashboard.panels[9].template == "events/mentoring/_dashboard_mentoring.html"


def test_the_quote_panel_is_registered_by_billing_beside_the_rotation_plan():
    assert [panel.name for panel in rotation_plan.panels] == ["quote"]
    assert rotation_plan.panels[0].template == "billing/_plan_quote.html"


def test_a_panel_on_the_preceptor_portal_shows_with_its_own_context(client, registered):
    preceptor = PreceptorFactory()
    seen = []

    def context(*, request, preceptor, **kwargs):
        seen.append(preceptor)
        return {"title": f"Seminars to host, {request.user.last_name}"}

    registered(preceptor_portal, "seminars", context)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/").content.decode()

    assert f"Seminars to host, {preceptor.user.last_name}" in html
    assert 'name="csrfmiddlewaretoken"' in html.split("test-panel", 1)[1]
    assert seen == [preceptor]


def test_a_panel_with_nothing_to_show_is_left_out_and_order_is_kept(client, registered):
    application = RotationRequestFactory().application
    registered(dashboard, "first", lambda **kw: {"title": "Panel one"}, order=10)
    registered(dashboard, "hidden", lambda **kw: None, order=20)
    registered(dashboard, "last", lambda **kw: {"title": "Panel two"}, order=90)
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert html.count("test-panel") == 2
    assert html.index("Panel one") < html.index("Your rotations") < html.index("Panel two")


def test_the_rotations_panel_is_absent_before_the_offer_is_accepted(client):
    application = ApplicationFactory(status="under_review")
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Your rotations" not in html
