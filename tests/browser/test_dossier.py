"""The application page's "Download dossier" button in a real chromium: the page passes axe
with it, and clicking it downloads the PDF."""

import pytest
from pypdf import PdfReader

from tests.applications.dossier_support import application_with_files
from tests.factories import ReviewerFactory
from tests.support.browser import assert_accessible, enter_code_in_browser, log_in
from tests.support.otp import totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_dossier_button_is_accessible_and_downloads_the_pdf(browser, live_server, tmp_path):
    reviewer = ReviewerFactory(email="rita@hmc.test")
    totp_device(reviewer)
    application = application_with_files()
    change_page = f"/admin/applications/application/{application.pk}/change/"
    try:
        # One sign-in: a second one in the same 30 seconds could not reuse the code.
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, "/admin/login/?next=/admin/", reviewer.email)
        enter_code_in_browser(page, reviewer)
        response = page.goto(change_page)
        assert response.status == 200
        assert_accessible(page)
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download dossier").click()
        download = download_info.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        context.close()
    finally:
        for document in application.documents.all():
            document.file.delete(save=False)

    assert download.suggested_filename == f"dossier-{application.pk}-amara-okafor-2027.pdf"
    assert PdfReader(path).outline[0].title == "Cover summary"
