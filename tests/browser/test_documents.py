"""The documents step in a real chromium: the upload goes through static/js/upload-progress.js
(XMLHttpRequest with a progress bar), errors come back next to the field, and the page works
again for the next upload."""

import pytest

from applications.models import Document
from tests.factories import PASSWORD, ApplicationFactory, UserFactory
from tests.support.browser import assert_accessible
from tests.support.files import ELF, isolated_private_storage, pdf_bytes, stored_files

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def test_upload_shows_progress_then_the_error_or_the_document(page, tmp_path, private_dir):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    log_in(page, user)
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.resource_type) if request.method == "POST" else None,
    )
    page.goto("/apply/documents/")
    assert_accessible(page)
    assert page.locator("[data-upload-progress]").is_hidden()

    bad = tmp_path / "cv.pdf"
    bad.write_bytes(ELF)
    page.locator("#id_kind").select_option("cv")
    page.locator("#id_file").set_input_files(bad)
    page.get_by_role("button", name="Upload", exact=True).click()
    error = page.locator("#error_1_id_file")
    error.wait_for()

    assert "This file is a program" in error.inner_text()
    assert page.url.endswith("/apply/documents/")
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []

    good = tmp_path / "My CV.pdf"
    good.write_bytes(pdf_bytes())
    page.locator("#id_kind").select_option("cv")
    page.locator("#id_file").set_input_files(good)
    page.get_by_role("button", name="Upload", exact=True).click()
    page.get_by_text("CV uploaded: My CV.pdf.").wait_for()

    assert posts == ["xhr", "xhr"]
    assert page.title().startswith("Documents")
    assert page.get_by_role("link", name="My CV.pdf").is_visible()
    assert Document.objects.get().original_name == "My CV.pdf"
    assert_accessible(page)
