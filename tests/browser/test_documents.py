"""The documents step in a real chromium: one tap per document. Each missing row's Upload
button opens the file chooser (the camera on a phone, for the passport), the chosen file goes
at once through static/js/document-rows.js (XMLHttpRequest with the row's own progress bar),
and the row shows its new file, or its error naming the file. Without JavaScript the row's
form posts and the checklist comes back with a message. The replace page returns to the
checklist."""

import pytest

from applications.models import Application, Document
from tests.factories import PASSWORD, ApplicationFactory, DocumentFactory, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow
from tests.support.files import ELF, isolated_private_storage, jpeg_bytes, pdf_bytes, stored_files

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Records, for every row, whether its progress box was shown and the last value of its bar:
# the row itself is replaced by the server's answer once the upload is done.
WATCH_PROGRESS = """() => {
  window.progressSeen = {};
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const row = m.target.closest && m.target.closest("[data-document-row]");
      if (!row) continue;
      const kind = row.dataset.documentRow;
      window.progressSeen[kind] = window.progressSeen[kind] || {shown: false, value: 0};
      const seen = window.progressSeen[kind];
      if (m.target.matches("[data-upload-progress]") && !m.target.hidden) seen.shown = true;
      if (m.target.matches("progress")) seen.value = Math.max(seen.value, m.target.value);
    }
  }).observe(document.body, {
    subtree: true, attributes: true, attributeFilter: ["hidden", "value"],
  });
}"""


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def row(page, kind: str):
    return page.locator(f'[data-document-row="{kind}"]')


def tap_upload(page, kind: str, label: str, path) -> None:
    """Tap the row's Upload button and choose `path` in the chooser it opens."""
    with page.expect_file_chooser() as chooser:
        row(page, kind).get_by_role("button", name=f"Upload {label}").click()
    chooser.value.set_files(path)


def test_phone_uploads_one_file_per_row_each_with_its_progress(open_phone, tmp_path):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    page = open_phone()
    log_in(page, user)
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.resource_type) if request.method == "POST" else None,
    )
    page.goto("/apply/documents/")
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.locator("select#id_kind").count() == 0
    assert row(page, "passport").locator("input[type=file]").get_attribute("capture") == (
        "environment"
    )
    page.evaluate(WATCH_PROGRESS)

    files = {
        "transcript": ("Medical school transcript", "transcript.pdf", pdf_bytes(padding=2_000_000)),
        "diploma": ("Proof of graduation (diploma)", "diploma.pdf", pdf_bytes()),
        "cv": ("CV", "My CV.pdf", pdf_bytes(pages=2)),
        "personal_statement": ("Personal statement", "statement.pdf", pdf_bytes()),
        "passport": ("Passport bio page", "passport photo.jpg", jpeg_bytes((640, 480))),
    }
    for kind, (label, name, data) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        tap_upload(page, kind, label, path)
        done = row(page, kind).get_by_role("status")
        done.wait_for()
        assert done.inner_text() == f"{label} uploaded: {name}."
        assert row(page, kind).get_by_role("link", name=name).is_visible()
        assert row(page, kind).get_by_role("button", name=f"Upload {label}").count() == 0

    seen = page.evaluate("() => window.progressSeen")
    assert {kind: seen[kind]["shown"] for kind in files} == dict.fromkeys(files, True)
    assert seen["transcript"]["value"] == 100  # 2 MB: the bar moved to the end
    assert posts == ["xhr"] * 5
    assert page.url.endswith("/apply/documents/")
    assert page.locator("[data-files-used]").inner_text() == "5 of 20 files used."
    assert dict(
        Document.objects.filter(application__applicant=user).values_list("kind", "original_name")
    ) == {kind: name for kind, (_, name, _) in files.items()}
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.console_errors == []


def test_a_bad_file_shows_its_error_in_its_row(open_phone, tmp_path, private_dir):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    page = open_phone()
    log_in(page, user)
    page.goto("/apply/documents/")

    bad = tmp_path / "grades.pdf"
    bad.write_bytes(ELF)
    tap_upload(page, "transcript", "Medical school transcript", bad)
    alert = row(page, "transcript").get_by_role("alert")
    alert.get_by_text("grades.pdf was not uploaded").wait_for()

    assert alert.inner_text().startswith("grades.pdf was not uploaded: This file is a program")
    assert row(page, "cv").get_by_role("alert").inner_text() == ""
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []
    assert_accessible(page)

    # Too large: refused in the row before anything is sent.
    big = tmp_path / "huge scan.pdf"
    big.write_bytes(pdf_bytes(padding=10 * 1024 * 1024))
    tap_upload(page, "cv", "CV", big)
    alert = row(page, "cv").get_by_role("alert")
    alert.get_by_text("huge scan.pdf was not uploaded").wait_for()
    assert "The file is larger than 10 MB." in alert.inner_text()

    # The row still works: the right file goes in.
    good = tmp_path / "grades 2.pdf"
    good.write_bytes(pdf_bytes())
    tap_upload(page, "transcript", "Medical school transcript", good)
    row(page, "transcript").get_by_role("status").wait_for()
    assert Document.objects.get().original_name == "grades 2.pdf"


def test_without_javascript_the_rows_button_posts_and_the_checklist_names_the_file(
    browser, live_server, tmp_path
):
    user = UserFactory()
    application = ApplicationFactory(applicant=user, intake="2027")
    Application.objects.filter(pk=application.pk).update(personal_statement="I want to learn.")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, user)
        page.goto("/apply/documents/")
        assert row(page, "personal_statement").locator("input[type=file]").count() == 0

        cv = tmp_path / "My CV.pdf"
        cv.write_bytes(pdf_bytes())
        row(page, "cv").get_by_label("File for CV").set_input_files(cv)
        row(page, "cv").get_by_role("button", name="Upload CV").click()
        page.get_by_text("CV uploaded: My CV.pdf.").wait_for()

        assert page.url.endswith("/apply/documents/")
        assert Document.objects.get().kind == "cv"
    finally:
        context.close()


def test_replacing_a_file_returns_to_the_checklist(page, tmp_path):
    user = UserFactory()
    application = ApplicationFactory(applicant=user, intake="2027")
    document = DocumentFactory(application=application, kind="cv")
    log_in(page, user)
    page.goto(f"/documents/{document.pk}/replace/")

    new = tmp_path / "CV 2027.pdf"
    new.write_bytes(pdf_bytes())
    page.get_by_label("New file").set_input_files(new)
    page.get_by_role("button", name="Replace the file").click()
    page.get_by_text("CV replaced with CV 2027.pdf; it waits for review again.").wait_for()

    assert page.url.endswith("/apply/documents/")
    assert row(page, "cv").get_by_role("link", name="CV 2027.pdf").is_visible()
    assert_accessible(page)


def test_dashboard_card_takes_a_new_file_for_a_rejected_document(open_phone, tmp_path):
    user = UserFactory()
    application = ApplicationFactory(applicant=user, intake="2027")
    DocumentFactory(application=application, kind="cv", status="verified")
    passport = DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )
    Application.objects.filter(pk=application.pk).update(status="under_review")
    page = open_phone()
    log_in(page, user)
    card = page.locator("section", has=page.get_by_role("heading", name="Documents"))
    assert card.get_by_text("Why: Blurred.").is_visible()
    assert card.get_by_role("button").count() == 1  # only the rejected passport takes a file
    assert_accessible(page)

    photo = tmp_path / "passport sharp.jpg"
    photo.write_bytes(jpeg_bytes((640, 480)))
    with page.expect_file_chooser() as chooser:
        card.get_by_role("button", name="Upload a new file Passport bio page").click()
    chooser.value.set_files(photo)
    page.get_by_text(
        "Passport bio page replaced with passport sharp.jpg; it waits for review again."
    ).wait_for()

    assert page.url.endswith("/dashboard/")
    passport.refresh_from_db()
    assert (passport.status, passport.original_name) == ("pending", "passport sharp.jpg")
    assert card.get_by_role("button").count() == 0
    assert_no_horizontal_overflow(page)
