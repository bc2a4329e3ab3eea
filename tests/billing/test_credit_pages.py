"""Where credits on open invoices show: the applicant's payments page and credit note PDF,
the "before cancelling" panel, the card checkout's amount, and admin (totals, CSV, list)."""

import csv
import io

import pytest

from billing.admin_payments import InvoiceAdmin, with_paid
from billing.models import Invoice, InvoiceCredit
from rotations import services as rotation_services
from tests.factories import CoordinatorFactory, ReviewerFactory

from .credit_support import enrolled_with_open_balance
from .refund_support import application

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def cancelled_first_block(**kwargs):
    app, first, second, deposit, balance = enrolled_with_open_balance(**kwargs)
    rotation_services.cancel_rotation_request(
        rotation_request=first, by=app.applicant, reason="Changed."
    )
    return app, second, balance, InvoiceCredit.objects.get()


def test_the_payments_page_shows_the_credit_note_and_the_reduced_balance(client):
    app, _second, balance, credit = cancelled_first_block()
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/payments/"))

    assert f"Credit note {credit.credit_note_number}: $1,500.00 less" in page
    assert f"/dashboard/payments/credits/{credit.pk}/credit-note.pdf" in page
    assert f"Pay $1,000.00 for invoice {balance.number}" in page
    assert '<dd class="col-6 text-end fw-semibold payments-owed">$1,000.00</dd>' in page


def test_the_credit_note_pdf_is_the_owners_alone(client):
    app, _second, _balance, credit = cancelled_first_block()
    other = application()
    url = f"/dashboard/payments/credits/{credit.pk}/credit-note.pdf"

    client.force_login(app.applicant)
    mine = client.get(url)
    client.force_login(other.applicant)
    theirs = client.get(url)
    client.logout()
    anonymous = client.get(url)

    assert (mine.status_code, mine["Content-Type"]) == (200, "application/pdf")
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    assert theirs.status_code == 404
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_cancel_page_says_the_open_invoice_will_ask_for_less(client):
    app, first, _second, _deposit, balance = enrolled_with_open_balance()
    client.force_login(app.applicant)

    page = html(client.get(f"/dashboard/rotations/{first.pk}/cancel/"))

    assert f"Invoice {balance.number} will ask for $1,500.00 less: $1,000.00 instead." in page
    assert "Nothing has been paid for this rotation yet" in page


def test_the_cancel_page_in_spanish_says_it_too(client):
    app, first, _second, _deposit, balance = enrolled_with_open_balance(language="es")
    client.force_login(app.applicant)

    page = html(client.get(f"/dashboard/rotations/{first.pk}/cancel/"))

    assert f"La factura {balance.number} le pedirá 1\xa0500,00\xa0US$ menos" in page


def test_admin_figures_add_up_with_credits(client):
    app, _second, balance, credit = cancelled_first_block(paid_on_balance=50000)
    annotated = with_paid(Invoice.objects.filter(pk=balance.pk)).get()
    assert (annotated.total, annotated.paid_total, annotated.credited_total) == (
        250000,
        50000,
        150000,
    )
    totals = InvoiceAdmin(Invoice, None).intake_totals(with_paid(Invoice.objects.all()))
    # Deposit $600 paid; balance $2,500 = $500 paid + $1,500 credited + $500 outstanding.
    assert [
        (row["invoiced"], row["paid"], row["credited"], row["outstanding"]) for row in totals
    ] == [("$3,100.00", "$1,100.00", "$1,500.00", "$500.00")]

    client.force_login(ReviewerFactory())
    page = html(client.get("/admin/billing/invoice/"))
    assert "Credited" in page and "$1,500.00" in page
    response = client.post(
        "/admin/billing/invoice/", {"action": "export_csv", "_selected_action": [str(balance.pk)]}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["total"], r["paid"], r["credited"], r["balance"]) for r in rows] == [
        ("2500.00", "500.00", "1500.00", "500.00")
    ]
    change = html(client.get(f"/admin/billing/invoice/{balance.pk}/change/"))
    assert credit.credit_note_number in change


def test_admin_lists_and_exports_credits_and_nobody_edits_them(client):
    _app, _second, balance, credit = cancelled_first_block()
    client.force_login(CoordinatorFactory())

    page = html(client.get("/admin/billing/invoicecredit/"))
    filtered = html(
        client.get(
            "/admin/billing/invoicecredit/",
            {"invoice__application__intake": balance.application.intake},
        )
    )
    response = client.post(
        "/admin/billing/invoicecredit/",
        {"action": "export_csv", "_selected_action": [str(credit.pk)]},
    )
    add = client.get("/admin/billing/invoicecredit/add/")

    assert credit.credit_note_number in page and credit.credit_note_number in filtered
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["credit_note"], r["invoice"], r["amount"]) for r in rows] == [
        (credit.credit_note_number, balance.number, "1500.00")
    ]
    assert add.status_code == 403


def test_a_card_checkout_asks_for_the_reduced_balance(settings, monkeypatch):
    from billing.providers import stripe as stripe_provider
    from billing.services.card import start_card_payment

    from .stripe_support import SECRET_KEY, WEBHOOK_SECRET, FakeCheckoutClient

    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = SECRET_KEY, WEBHOOK_SECRET
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    app, _second, balance, _credit = cancelled_first_block()

    checkout = start_card_payment(invoice=balance, by=app.applicant)

    assert checkout.amount == 100000
