"""The payments page on a phone (390 px): the applicant reads what she owes and by when,
declares the wire transfer she sent, and reads that her places are held; the page passes
axe (no serious or critical violation) and fits the screen."""

import pytest
from django.utils import timezone

from billing import services
from tests.billing.support import an_invoice
from tests.factories import CoordinatorFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_declares_a_wire_transfer_on_a_phone(mobile_page):
    page = mobile_page
    paid = an_invoice(total=10000)
    application = paid.application
    services.record_manual_payment(
        invoice=paid,
        amount=10000,
        reference="WIRE-EARLIER",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    deposit = an_invoice(total=50000, application=application, schedule=paid.schedule)

    log_in(page, "/accounts/login/", application.applicant.email)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Invoices and payments").click()
    page.get_by_role("heading", name="Your payments").wait_for()
    assert page.locator(".payments-owed").inner_text() == "$500.00"
    assert page.get_by_text(f"Pay $500.00 for invoice {deposit.number}").is_visible()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Transfer reference (optional)").fill("MT103-555")
    page.get_by_role("button", name="I have sent a wire transfer").click()
    page.locator(".wire-held").wait_for()
    assert "Your places are held until" in page.locator(".wire-held").inner_text()
    assert page.get_by_role("link", name=f"Download invoice {deposit.number} (PDF)").is_visible()
    assert page.locator(".receipt-download").count() == 1
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
