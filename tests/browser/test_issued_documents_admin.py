"""A coordinator revokes an issued document in admin: the list, the document's page and the
confirmation asking for the reason pass axe at 1280 px, and the verification page then says
it is revoked."""

import pytest

from hmc_portal.issuance.models import IssuedDocument
from tests.factories import CoordinatorFactory, UserFactory
from tests.support.browser import assert_accessible, log_in
from tests.support.issuance import issue_sample
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_coordinator_revokes_a_document_with_a_reason(page):
    coordinator = CoordinatorFactory()
    totp_device(coordinator)
    document = issue_sample(owner=UserFactory(), holder_name="Nguyễn Thị Minh")
    log_in(page, "/admin/login/?next=/admin/issuance/issueddocument/", coordinator.email)
    enter_code_in_browser(page, coordinator)

    page.goto("/admin/issuance/issueddocument/")
    assert_accessible(page)
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("revoke_selected")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Revoke 1 document").wait_for()
    assert_accessible(page)
    page.get_by_label("Why the documents are revoked").fill("Issued with the wrong dates.")
    page.get_by_role("button", name="Revoke").click()

    page.get_by_text("1 document revoked.").wait_for()
    assert IssuedDocument.objects.get(pk=document.pk).revocation_reason == (
        "Issued with the wrong dates."
    )
    page.goto(f"/admin/issuance/issueddocument/{document.pk}/change/")
    assert_accessible(page)
    page.goto(f"/verify/{document.grouped_code}/")
    page.get_by_role("heading", name="Revoked document").wait_for()
