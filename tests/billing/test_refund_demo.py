"""The demo shows a refund waiting for approval: Sofía paid her deposit and balance, then
cancelled her confirmed block."""

import pytest
from django.core.management import call_command

from billing.models import Refund

pytestmark = pytest.mark.django_db


def test_the_demo_has_sofias_proposed_refunds_once(client):
    call_command("seed_demo")
    call_command("seed_demo")

    refunds = Refund.objects.filter(invoice__application__applicant__email="sofia@example.com")
    # Her $1,500 block: $1,000 paid on the balance invoice, $500 by the deposit; 25 % kept.
    assert sorted(refunds.values_list("amount", "rule", "status")) == [
        (37500, "after_confirmation", "proposed"),
        (75000, "after_confirmation", "proposed"),
    ]
    sofia = refunds.first().invoice.application.applicant
    client.force_login(sofia)
    page = client.get("/dashboard/payments/refunds/").content.decode()
    assert "Esta rotación está confirmada, así que el programa retiene el 25 %" in page
    assert "750,00\xa0US$" in page
