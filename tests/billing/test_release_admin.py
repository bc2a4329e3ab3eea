"""Releasing places in the invoices' admin: the column, the filter, the action and the
button (asking first), each refusal reported; reviewers see and change nothing."""

import pytest
from django.utils import formats

from billing.models import Invoice
from hmc_portal.audit.models import ActivityLog
from hmc_portal.dates import written
from rotations.models import RotationRequest
from tests.factories import CoordinatorFactory, ReviewerFactory

from .release_support import RELEASE_DAYS, days_from_today, declared, overdue_invoice

pytestmark = pytest.mark.django_db

LIST = "/admin/billing/invoice/"


@pytest.fixture(autouse=True)
def release_after(settings):
    settings.BILLING_RELEASE_AFTER_DAYS = RELEASE_DAYS


def active(invoice: Invoice) -> int:
    return RotationRequest.objects.filter(
        application=invoice.application, status__in=["requested", "confirmed"]
    ).count()


def listed(html: str, *invoices: Invoice) -> list[bool]:
    return [f"/admin/billing/invoice/{invoice.pk}/change/" in html for invoice in invoices]


def test_the_filter_lists_only_invoices_whose_places_may_be_released(client):
    releasable = overdue_invoice(days_late=RELEASE_DAYS + 1)
    too_early = overdue_invoice(days_late=RELEASE_DAYS)
    held = overdue_invoice(days_late=RELEASE_DAYS + 4)
    declared(held, holds_until=days_from_today(2))
    client.force_login(ReviewerFactory())

    html = client.get(LIST, {"overdue": "release"}).content.decode()
    assert "Overdue, places may be released" in html
    assert listed(html, releasable, too_early, held) == [True, False, False]
    overdue = client.get(LIST, {"overdue": "yes"}).content.decode()
    assert listed(overdue, releasable, too_early, held) == [True, True, True]


def test_the_column_shows_the_day_an_active_hold_ends(client):
    held = overdue_invoice(days_late=RELEASE_DAYS + 4)
    until = days_from_today(3)
    declared(held, holds_until=until)
    client.force_login(ReviewerFactory())
    html = client.get(LIST).content.decode()
    assert "Places held until" in html
    assert formats.date_format(until, "DATE_FORMAT") in html


def test_the_action_asks_first_then_releases_and_reports_each_refusal(client):
    releasable = overdue_invoice(days_late=RELEASE_DAYS + 1)
    held = overdue_invoice(days_late=RELEASE_DAYS + 4)
    declaration = declared(held, holds_until=days_from_today(2))
    client.force_login(CoordinatorFactory())
    chosen = {"action": "release_places", "_selected_action": [releasable.pk, held.pk]}

    asked = client.post(LIST, chosen)
    assert asked.status_code == 200
    assert "Release places for non-payment" in asked.content.decode()
    assert (active(releasable), active(held)) == (2, 2)

    done = client.post(LIST, {**chosen, "post": "yes"}, follow=True)
    messages = [str(message) for message in done.context["messages"]]
    assert "Places released for 1 invoice." in messages
    until = written(declaration.holds_until, "date")
    assert any(
        message.startswith(f"{held.number}: ") and f"held until {until}" in message
        for message in messages
    ), messages
    assert (active(releasable), active(held)) == (0, 2)


def test_the_button_on_the_invoice_asks_then_releases(client):
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    client.force_login(CoordinatorFactory())
    url = f"/admin/billing/invoice/{invoice.pk}/release-places/"
    assert url in client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()

    asked = client.get(url)
    assert asked.status_code == 200
    assert "Release places" in asked.content.decode()
    assert active(invoice) == 2

    done = client.post(url, {"post": "yes"}, follow=True)
    assert "Places released for 1 invoice." in [str(m) for m in done.context["messages"]]
    assert active(invoice) == 0


def test_the_button_reports_a_refusal_and_changes_nothing(client):
    invoice = overdue_invoice(days_late=RELEASE_DAYS)
    client.force_login(CoordinatorFactory())
    done = client.post(
        f"/admin/billing/invoice/{invoice.pk}/release-places/", {"post": "yes"}, follow=True
    )
    messages = [str(m) for m in done.context["messages"]]
    assert [m for m in messages if m.startswith(f"{invoice.number}: Places can be released")]
    assert active(invoice) == 2
    assert not ActivityLog.objects.filter(verb="billing.places.released").exists()


def test_a_reviewer_has_no_action_no_button_and_is_refused(client):
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    client.force_login(ReviewerFactory())
    url = f"/admin/billing/invoice/{invoice.pk}/release-places/"
    assert "release_places" not in client.get(LIST).content.decode()
    assert url not in client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 403
    refused = client.post(
        LIST,
        {"action": "release_places", "_selected_action": [invoice.pk], "post": "yes"},
    )
    assert refused.status_code in (200, 302)
    assert active(invoice) == 2


def test_an_unknown_invoice_is_a_404(client):
    client.force_login(CoordinatorFactory())
    assert client.get("/admin/billing/invoice/999999/release-places/").status_code == 404
    assert client.get("/admin/billing/invoice/abc/release-places/").status_code == 404
