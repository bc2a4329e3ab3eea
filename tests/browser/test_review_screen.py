"""The review screen at the top of an application's admin page, in a real chromium at
1280 px: the summary header, each document previewed (a PDF in the browser's viewer on
demand, an image inline) with Verify and Reject beside it, and the decision bar with
exactly the moves the lifecycle allows the coordinator now."""

import hashlib

import pytest

from applications.enums import DocumentStatus
from applications.models import Document
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from tests.factories import CoordinatorFactory, DocumentFactory, ReviewableApplicationFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in
from tests.support.files import png_bytes
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PNG = png_bytes((40, 30))


def staff_page(browser, live_server, user, path: str):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, f"/admin/login/?next={path}", user.email)
    enter_code_in_browser(page, user)
    page.wait_for_url(f"**{path}")
    return page


def facts(page) -> dict[str, str]:
    summary = page.locator("#review-summary")
    terms = summary.locator("dt").all_inner_texts()
    values = summary.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_coordinator_reviews_documents_and_sees_the_allowed_moves(browser, live_server):
    carmen = CoordinatorFactory(email="carmen@hmc.test")
    totp_device(carmen)
    application = ReviewableApplicationFactory(
        status="under_review",
        applicant__first_name="Amina",
        applicant__last_name="Okafor",
    )
    profile = application.applicant.applicant_profile
    profile.step1_result, profile.step1_score = "score", 241
    profile.english_test = "toefl"
    profile.english_score = "105"
    profile.save()
    photo = DocumentFactory(
        application=application,
        kind="immunization",
        file__data=PNG,
        file__filename="tb-test.png",
        original_name="tb-test.png",
        content_type="image/png",
        size=len(PNG),
        sha256=hashlib.sha256(PNG).hexdigest(),
    )
    transcript = application.documents.get(kind="transcript")
    passport = application.documents.get(kind="passport")
    path = f"/admin/applications/application/{application.pk}/change/"

    page = staff_page(browser, live_server, carmen, path)

    assert facts(page) == {
        "Name": f"Amina Okafor ({application.applicant.email})",
        "Country": "India",
        "Medical school": "Maulana Azad Medical College",
        "Graduation year": "2022",
        "ECFMG": "In progress",
        "USMLE": "Step 1: 241; Step 2 CK: Not taken yet",
        "English": "TOEFL iBT 105",
        "Specialties": "Internal Medicine",
        "Status": "Under review",
        "Next step": "Verify the documents, then invite to an interview or decide.",
        # The personal statement written in the form counts as uploaded and verified.
        "Required documents": "5 of 5 uploaded, 1 verified",
    }
    # Each PDF opens in the browser's PDF viewer on demand; the page allows it (CSP) and the
    # preview answers inline, framed by our own pages only.
    frames = page.locator("#review-documents object.review-preview-frame")
    assert frames.count() == 4
    assert frames.first.get_attribute("type") == "application/pdf"
    first = page.locator(f"#document-{transcript.pk}")
    assert not first.locator("object").is_visible()
    with page.expect_response(lambda r: "/preview/" in r.url) as opened:
        first.locator("summary", has_text="Show the PDF here").click()
    preview = opened.value
    assert first.locator("object").is_visible()
    assert preview.status == 200
    assert preview.url.endswith(frames.first.get_attribute("data"))
    assert preview.headers["content-type"] == "application/pdf"
    assert preview.headers["content-disposition"].startswith("inline")
    assert preview.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
    image = page.locator(f"#document-{photo.pk} img")
    assert image.get_attribute("alt") == "Preview of the Immunization / TB records"
    image.scroll_into_view_if_needed()  # previews load lazily
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 40
    # The decision bar: exactly the coordinator's moves from "under review".
    assert page.locator("#decision-bar .status-moves a").all_inner_texts() == [
        "Invite to interview",
        "Accept (make an offer)",
        "Waitlist",
        "Reject",
    ]
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    # Verify the transcript: its status and the header change.
    page.locator(f"#document-{transcript.pk}").get_by_role("button", name="Verify").click()
    page.wait_for_url(f"**{path}")
    assert "Medical school transcript verified." in page.locator(".messagelist").inner_text()
    transcript_card = page.locator(f"#document-{transcript.pk}")
    assert transcript_card.locator(".review-document-status strong").inner_text() == "Verified"
    assert transcript_card.get_by_role("button", name="Verify").count() == 0
    assert facts(page)["Required documents"] == "5 of 5 uploaded, 2 verified"

    # Reject the passport with a reason: the applicant is told (an outbox row).
    card = page.locator(f"#document-{passport.pk}")
    card.get_by_label("Reason for rejecting (the applicant reads it)").fill("Expired passport.")
    card.get_by_role("button", name="Reject").click()
    page.wait_for_url(f"**{path}")
    card = page.locator(f"#document-{passport.pk}")
    assert card.locator(".review-document-status strong").inner_text() == "Rejected"
    assert "Expired passport." in card.locator(".review-rejection-reason").inner_text()
    assert facts(page)["Required documents"] == "4 of 5 uploaded, 2 verified"

    assert Document.objects.get(pk=passport.pk).status == DocumentStatus.REJECTED
    assert Notification.objects.filter(template="document_rejected").count() == 1
    assert set(
        ActivityLog.objects.filter(verb__startswith="applications.document.").values_list(
            "verb", flat=True
        )
    ) >= {"applications.document.verified", "applications.document.rejected"}
    page.context.close()


def test_reject_without_a_reason_is_refused_with_a_message(browser, live_server):
    carmen = CoordinatorFactory(email="carmen@hmc.test")
    totp_device(carmen)
    application = ReviewableApplicationFactory()
    cv = application.documents.get(kind="cv")
    path = f"/admin/applications/application/{application.pk}/change/"
    page = staff_page(browser, live_server, carmen, path)

    # A reason of spaces passes the browser's `required` check; the server asks again.
    card = page.locator(f"#document-{cv.pk}")
    card.get_by_label("Reason for rejecting (the applicant reads it)").fill("   ")
    card.get_by_role("button", name="Reject").click()
    page.wait_for_load_state()

    assert "This field is required." in page.content()
    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.PENDING
    # From "submitted", the only move is to start the review.
    page.goto(path)
    assert page.locator("#decision-bar .status-moves a").all_inner_texts() == ["Start review"]
    page.context.close()
