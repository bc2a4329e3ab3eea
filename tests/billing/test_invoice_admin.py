"""Invoices in admin: coordinators record payments, reviewers look; totals and CSV."""

import pytest
from django.utils import formats

from billing.models import Payment
from tests.billing.support import an_invoice
from tests.factories import CoordinatorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "amount": "200.00",
    "method": "wire",
    "reference": "BANK-42",
    "received_on": "2026-11-30",
    "notes": "",
}


def test_a_coordinator_records_a_payment_through_the_service(client):
    invoice = an_invoice(total=50000)
    client.force_login(CoordinatorFactory())
    url = f"/admin/billing/invoice/{invoice.pk}/record-payment/"
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert url in page
    response = client.post(url, FORM)
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == 20000
    assert payment.receipt is not None


def test_a_payment_above_the_balance_is_refused_on_the_form(client):
    invoice = an_invoice(total=10000)
    client.force_login(CoordinatorFactory())
    response = client.post(
        f"/admin/billing/invoice/{invoice.pk}/record-payment/", {**FORM, "amount": "100.01"}
    )
    assert response.status_code == 200
    assert "more than the balance" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_reviewer_sees_invoices_but_cannot_record_a_payment(client):
    invoice = an_invoice(total=50000)
    client.force_login(ReviewerFactory())
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/")
    assert page.status_code == 200
    assert "record-payment" not in page.content.decode()
    url = f"/admin/billing/invoice/{invoice.pk}/record-payment/"
    assert client.post(url, FORM).status_code == 403
    assert not Payment.objects.exists()


def test_the_list_shows_totals_per_intake_and_exports_csv(client):
    first = an_invoice(total=50000)
    an_invoice(total=30000)
    client.force_login(ReviewerFactory())
    html = client.get("/admin/billing/invoice/").content.decode()
    assert "Totals per intake" in html
    assert "$800.00" in html
    response = client.post(
        "/admin/billing/invoice/",
        {"action": "export_csv", "_selected_action": [str(first.pk)]},
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert first.number in body and "500.00" in body
    assert body.count("\n") == 2


def test_a_coordinator_confirms_a_declared_wire_and_the_reviewer_cannot(client):
    from billing import services

    invoice = an_invoice(total=20000)
    declaration = services.declare_wire(
        invoice=invoice, by=invoice.application.applicant, reference="MT103-1"
    )
    url = f"/admin/billing/wiredeclaration/{declaration.pk}/confirm/"
    client.force_login(ReviewerFactory())
    listing = client.get("/admin/billing/wiredeclaration/").content.decode()
    held = formats.date_format(declaration.holds_until, "DATE_FORMAT")
    assert held in listing and url not in listing
    assert client.post(url, FORM).status_code == 403

    client.force_login(CoordinatorFactory())
    assert url in client.get("/admin/billing/wiredeclaration/").content.decode()
    response = client.post(url, {**FORM, "reference": "MT103-1"})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == "received"
    assert declaration.payment.amount == 20000
    invoice.refresh_from_db()
    assert invoice.status == "paid"
