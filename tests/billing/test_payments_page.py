"""/dashboard/payments/: the applicant's invoices, receipts and next action."""

import datetime

import pytest
from django.utils import timezone

from billing import services
from billing.models import WireDeclaration
from tests.billing.support import an_invoice, schedule_in_force
from tests.factories import CoordinatorFactory, ReviewableApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_before_any_invoice_the_page_says_when_one_comes(client):
    application = ReviewableApplicationFactory(status="accepted")
    client.force_login(application.applicant)
    html = client.get("/dashboard/payments/").content.decode()
    assert "You will get an invoice when you accept your offer" in html
    assert 'href="/pricing/"' in html


def test_the_owner_sees_what_is_owed_paid_and_due_with_their_pdfs(client):
    invoice = an_invoice(total=150000)
    payment = services.record_manual_payment(
        invoice=invoice,
        amount=50000,
        reference="WIRE-1",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    client.force_login(invoice.application.applicant)
    html = client.get("/dashboard/payments/").content.decode()
    assert invoice.number in html
    assert "$1,000.00" in html  # still to pay
    assert "$500.00" in html  # paid
    assert "I have sent a wire transfer" in html
    assert "First Houston Bank" in html

    pdf = client.get(f"/dashboard/payments/invoices/{invoice.pk}/invoice.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    receipt = client.get(f"/dashboard/payments/receipts/{payment.pk}/receipt.pdf")
    assert receipt.status_code == 200


def test_someone_else_gets_a_404_for_the_pdfs_and_the_declaration(client):
    invoice = an_invoice()
    payment = services.record_manual_payment(
        invoice=invoice,
        amount=100,
        reference="WIRE-1",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    client.force_login(UserFactory())
    assert client.get(f"/dashboard/payments/invoices/{invoice.pk}/invoice.pdf").status_code == 404
    assert client.get(f"/dashboard/payments/receipts/{payment.pk}/receipt.pdf").status_code == 404
    response = client.post(f"/dashboard/payments/invoices/{invoice.pk}/wire/", {"reference": "x"})
    assert response.status_code == 404
    assert not WireDeclaration.objects.exists()


def test_declaring_a_wire_shows_the_places_held_until_the_date(client, settings):
    settings.BILLING_WIRE_HOLD_DAYS = 10
    invoice = an_invoice()
    client.force_login(invoice.application.applicant)
    response = client.post(
        f"/dashboard/payments/invoices/{invoice.pk}/wire/", {"reference": "MT103"}, follow=True
    )
    held = WireDeclaration.objects.get(invoice=invoice)
    assert held.reference == "MT103"
    assert held.holds_until == timezone.localdate() + datetime.timedelta(days=10)
    html = response.content.decode()
    assert "Your places are held until" in html
    assert "I have sent a wire transfer" not in html


def test_a_reference_too_long_is_refused_with_a_message(client):
    invoice = an_invoice()
    client.force_login(invoice.application.applicant)
    response = client.post(
        f"/dashboard/payments/invoices/{invoice.pk}/wire/", {"reference": "x" * 121}, follow=True
    )
    assert response.status_code == 200
    assert not WireDeclaration.objects.exists()
    assert "120" in response.content.decode()


def test_the_page_and_the_dashboard_panel_read_in_spanish(client):
    invoice = an_invoice(total=150000)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save()
    client.force_login(applicant)
    html = client.get("/dashboard/payments/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sus pagos" in html
    assert "1\u00a0500,00\u00a0US$" in html
    assert "He enviado una transferencia bancaria" in html


def test_the_dashboard_shows_the_amount_due_and_links_the_page(client):
    schedule_in_force()
    invoice = an_invoice(total=150000, due_in=20)
    client.force_login(invoice.application.applicant)
    html = client.get("/dashboard/").content.decode()
    assert "dashboard-payments" in html
    assert "$1,500.00" in html
    assert 'href="/dashboard/payments/"' in html


def test_an_invoice_near_its_due_date_is_the_next_step_until_a_wire_is_declared(settings):
    from applications.selectors.next_step import next_step
    from billing.next_steps import payment_next_step
    from hmc_portal.next_steps import next_steps

    settings.BILLING_REMINDER_DAYS = 7
    assert [p.name for p in next_steps.providers][:2] == ["payments", "rotations"]
    later = an_invoice(total=50000, due_in=20)
    assert payment_next_step(application=later.application) is None

    soon = an_invoice(total=50000, due_in=5)
    step = next_step(application=soon.application)
    assert step.state == "payment_due"
    assert soon.number in step.sentence and "$500.00" in step.sentence
    assert step.action_url == "/dashboard/payments/"

    services.declare_wire(invoice=soon, by=soon.application.applicant)
    assert payment_next_step(application=soon.application) is None
