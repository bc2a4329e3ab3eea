"""Taking one's data on a phone (390 px): the applicant asks for a copy on "Your data", the
task builds it (eagerly, as in the other browser tests), the email carries the link, and the
link downloads the ZIP signed in; the page passes axe and fits the screen."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail

from tests.factories import DocumentFactory, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_takes_a_copy_of_their_data_on_a_phone(mobile_page, live_server):
    page = mobile_page
    user = UserFactory(timezone="Asia/Dhaka")
    document = DocumentFactory(application__applicant=user, kind="cv")

    log_in(page, "/accounts/login/", user.email)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Your data: download a copy or delete your account").click()
    page.get_by_role("heading", name="Download my data").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("button", name="Prepare my data").click()
    page.get_by_text("We are preparing a copy of your data.").wait_for()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/download/", message.body)[0]
    path = link[link.index("/dashboard/") :]
    page.reload()
    state = page.locator(".export-state").inner_text()
    assert "Your copy can be downloaded until" in state
    assert "(Asia/Dhaka)" in state
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download the ZIP")).click()
    with open(info.value.path(), "rb") as handle:
        raw = handle.read()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = sorted(archive.namelist())
        data = json.loads(archive.read("data.json"))
    assert names == sorted(
        ["README.txt", "data.json", f"applications/documents/{document.pk}-cv.pdf"]
    )
    assert data["subject"] == {"user_id": user.pk}
    assert info.value.url.endswith(path)
