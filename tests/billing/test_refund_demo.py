"""The demo shows a credit and refunds waiting for approval: Sofía paid her deposit and part of
her balance for two blocks, then cancelled one of them (its unpaid part credited, 25 % of what
she paid for it kept); the program cancelled the other, and her refunds page offers a
replacement block instead of its refund."""

import pytest
from django.core.management import call_command

from billing.models import InvoiceCredit, Refund

pytestmark = pytest.mark.django_db


def test_the_demo_has_sofias_credit_and_proposed_refunds_once(client):
    call_command("seed_demo")
    call_command("seed_demo")

    refunds = Refund.objects.filter(invoice__application__applicant__email="sofia@example.com")
    # She paid $1,500 of her $2,620 balance invoice. Her own $1,500 block: the $1,120 unpaid is
    # credited, the $380 paid for it comes back less 25 % ($285). The program's block (Surgery,
    # $1,800 less 10 % as her second block, $1,620): paid in full, it all comes back, $1,215
    # from the balance invoice (what is left there after her refund) and $405 of the deposit.
    assert sorted(refunds.values_list("amount", "rule", "status")) == [
        (28500, "after_confirmation", "proposed"),
        (40500, "program_cancelled", "proposed"),
        (121500, "program_cancelled", "proposed"),
    ]
    credit = InvoiceCredit.objects.get(invoice__application__applicant__email="sofia@example.com")
    assert (credit.amount, credit.invoice.kind, credit.invoice.status) == (
        112000,
        "balance",
        "paid",
    )
    sofia = credit.invoice.application.applicant
    client.force_login(sofia)
    page = client.get("/dashboard/payments/refunds/").content.decode()
    assert "Esta rotación está confirmada, así que el programa retiene el 25 %" in page
    assert "285,00\xa0US$" in page
    assert "Rotaciones que el programa canceló" in page
    assert "Puede quedarse con el reembolso de 1\xa0620,00\xa0US$" in page
    assert "Elegir un bloque de reemplazo en su lugar" in page
