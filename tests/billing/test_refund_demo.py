"""The demo shows a credit and a refund waiting for approval: Sofía paid her deposit and part
of her balance, then cancelled her confirmed block."""

import pytest
from django.core.management import call_command

from billing.models import InvoiceCredit, Refund

pytestmark = pytest.mark.django_db


def test_the_demo_has_sofias_credit_and_proposed_refunds_once(client):
    call_command("seed_demo")
    call_command("seed_demo")

    refunds = Refund.objects.filter(invoice__application__applicant__email="sofia@example.com")
    # Her $1,500 block: $400 paid on the balance invoice, $500 by the deposit (25 % kept);
    # the $600 still unpaid on the balance invoice is credited there.
    assert sorted(refunds.values_list("amount", "rule", "status")) == [
        (30000, "after_confirmation", "proposed"),
        (37500, "after_confirmation", "proposed"),
    ]
    credit = InvoiceCredit.objects.get(invoice__application__applicant__email="sofia@example.com")
    assert (credit.amount, credit.invoice.kind, credit.invoice.status) == (60000, "balance", "paid")
    sofia = credit.invoice.application.applicant
    client.force_login(sofia)
    page = client.get("/dashboard/payments/refunds/").content.decode()
    assert "Esta rotación está confirmada, así que el programa retiene el 25 %" in page
    assert "300,00\xa0US$" in page
    payments = client.get("/dashboard/payments/").content.decode()
    assert credit.credit_note_number in payments
    assert f"/dashboard/payments/credits/{credit.pk}/credit-note.pdf" in payments
