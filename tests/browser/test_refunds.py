"""Leaving, on a phone (390 px): before withdrawing, the applicant reads what she gets back
and why; once she has withdrawn, her refunds page shows the proposal. Both pages pass axe
(no serious or critical violation) and fit the screen."""

import pytest
from django.utils import timezone

from billing import services
from tests.billing.support import an_invoice
from tests.factories import CoordinatorFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_reads_her_refund_before_withdrawing_on_a_phone(mobile_page):
    page = mobile_page
    invoice = an_invoice(total=50000)  # no application fee: everything comes back
    application = invoice.application
    services.record_manual_payment(
        invoice=invoice,
        amount=50000,
        reference="WIRE-LEAVING",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )

    log_in(page, "/accounts/login/", application.applicant.email)
    page.goto("/dashboard/withdraw/")
    page.get_by_role("heading", name="What you get back").wait_for()
    assert page.locator(".refund-total").inner_text() == "$500.00"
    assert (
        "You paid $500.00; you get back $500.00."
        in page.locator(".refund-explanation").inner_text()
    )
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Why are you withdrawing?").fill("I matched elsewhere.")
    page.get_by_role("button", name="Withdraw my application").click()
    page.goto("/dashboard/payments/refunds/")
    page.locator(".refund-card").wait_for()
    assert "$500.00 on invoice" in page.locator(".refund-card").inner_text()
    assert "Proposed" in page.locator(".refund-status").inner_text()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
