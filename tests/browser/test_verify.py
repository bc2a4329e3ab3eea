"""Checking an issued document on a phone (390 px): typing the code as printed, lower-case
and with spaces, opens its page; the valid and the revoked pages pass axe and fit."""

import pytest

from hmc_portal.issuance.services import revoke_document
from tests.factories import UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow
from tests.support.issuance import issue_sample

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_phone_checks_a_document_by_its_code(mobile_page):
    page = mobile_page
    document = issue_sample(owner=UserFactory(), holder_name="Nguyễn Thị Minh")
    revoked = issue_sample(owner=UserFactory(), holder_name="Dr. Łukasz Wróblewski")
    revoke_document(document=revoked, by=None, reason="Replaced by a corrected letter.")

    page.goto("/verify/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(document.grouped_code.lower().replace("-", " "))
    page.get_by_role("button", name="Check the document").click()

    page.get_by_role("heading", name="Valid document").wait_for()
    assert page.url.endswith(f"/verify/{document.grouped_code}/")
    assert page.get_by_text("Nguyễn Thị Minh").is_visible()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.goto(f"/verify/{revoked.grouped_code}/")
    page.get_by_role("heading", name="Revoked document").wait_for()
    assert page.get_by_text("Reason: Replaced by a corrected letter.").is_visible()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
