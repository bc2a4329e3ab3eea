import csv
import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import Application, ApplicationSpecialty, Document, InternalNote
from rotations.models import Specialty
from tests.factories import (
    CoordinatorFactory,
    InterviewFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
    SpecialtyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "/admin/applications/application/"
EXPORT = "/admin/applications/application/export/"


def change_url(application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


def move_url(application, to: str) -> str:
    return reverse("admin:applications_application_move", args=[application.pk, to])


def status_of(application) -> str:
    return Application.objects.get(pk=application.pk).status


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def named(first: str, last: str, **kwargs) -> Application:
    return ReviewableApplicationFactory(
        applicant__first_name=first, applicant__last_name=last, **kwargs
    )


# --- The list ---------------------------------------------------------------------------


def test_changelist_shows_what_staff_review(client, coordinator):
    application = named("Amina", "Okafor", documents="verified")
    cardiology = SpecialtyFactory(name="Cardiology")
    ApplicationSpecialty.objects.create(application=application, specialty=cardiology, rank=2)
    application.documents.filter(kind="cv").update(status=DocumentStatus.PENDING)
    interview = InterviewFactory(application=application)

    response = client.get(CHANGELIST)

    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index("Amina Okafor") :]
    row = row[: row.index("</tr>")]
    assert application.applicant.email in row
    assert "India" in row
    assert "Internal Medicine, Cardiology" in row
    assert "Submitted" in row
    assert "5 of 5 uploaded, 4 verified" in row
    assert f"{interview.starts_at:%Y}" in row
    assert "Export CSV" in html
    assert "Add application" not in html


def test_changelist_query_count_does_not_grow(client, coordinator):
    ReviewableApplicationFactory.create_batch(5)
    for application in Application.objects.all():
        InterviewFactory(application=application)
    with CaptureQueriesContext(connection) as five:
        assert client.get(CHANGELIST).status_code == 200

    ReviewableApplicationFactory.create_batch(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(CHANGELIST)

    assert response.content.decode().count('name="_selected_action"') == 50
    assert len(fifty.captured_queries) == len(five.captured_queries)


def test_changelist_filters_by_documents_complete(client, coordinator):
    named("Verified", "Applicant", documents="verified")
    named("Uploaded", "Applicant")
    missing = named("Missing", "Applicant")
    missing.documents.filter(kind="cv").delete()

    def names(query: str) -> list[str]:
        html = client.get(CHANGELIST + query).content.decode()
        return [n for n in ("Verified", "Uploaded", "Missing") if f"{n} Applicant" in html]

    assert names("?documents=verified") == ["Verified"]
    assert names("?documents=uploaded") == ["Uploaded"]
    assert names("?documents=missing") == ["Missing"]
    assert names("") == ["Verified", "Uploaded", "Missing"]


def test_changelist_filters_by_status_specialty_and_country(client, coordinator):
    named("Amina", "Okafor", status=S.UNDER_REVIEW)
    other = named("Rahul", "Sharma")
    other.applicant.applicant_profile.country = "NG"  # Nigeria
    other.applicant.applicant_profile.save()
    surgery = SpecialtyFactory(name="Surgery")
    ApplicationSpecialty.objects.create(application=other, specialty=surgery, rank=2)

    by_status = client.get(CHANGELIST + "?status__exact=under_review").content.decode()
    by_specialty = client.get(CHANGELIST + f"?specialties__id__exact={surgery.pk}").content.decode()
    by_country = client.get(CHANGELIST + "?country=NG").content.decode()
    countries_offered = re.findall(
        r'href="\?country=(\w+)"', client.get(CHANGELIST).content.decode()
    )

    assert ("Amina Okafor" in by_status, "Rahul Sharma" in by_status) == (True, False)
    assert ("Amina Okafor" in by_specialty, "Rahul Sharma" in by_specialty) == (False, True)
    assert ("Amina Okafor" in by_country, "Rahul Sharma" in by_country) == (False, True)
    # The country filter offers the applicants' countries only, not the whole world.
    assert sorted(countries_offered) == sorted(
        {a.applicant.applicant_profile.country.code for a in Application.objects.all()}
    )
    assert Specialty.objects.count() == 2


def test_changelist_searches_name_email_and_medical_school(client, coordinator):
    amina = named("Amina", "Okafor")
    amina.applicant.applicant_profile.medical_school = "University of Lagos"
    amina.applicant.applicant_profile.save()
    named("Rahul", "Sharma")

    for query in ("Amina Okafor", amina.applicant.email, "Lagos"):
        html = client.get(CHANGELIST, {"q": query}).content.decode()
        assert ("Amina Okafor" in html, "Rahul Sharma" in html) == (True, False), query


def test_changelist_orders_by_submitted_date_newest_first_drafts_last(client, coordinator):
    older = named("Older", "Applicant")
    newer = named("Newer", "Applicant")
    Application.objects.filter(pk=older.pk).update(
        submitted_at=newer.submitted_at.replace(year=2020)
    )
    named("Draft", "Applicant", status=S.DRAFT, submitted_at=None)

    html = client.get(CHANGELIST).content.decode()

    positions = [html.index(f"{n} Applicant") for n in ("Newer", "Older", "Draft")]
    assert positions == sorted(positions)


# --- CSV ----------------------------------------------------------------------------------


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_csv_of_the_filtered_list(client, coordinator):
    amina = named("Amina", "Okafor", documents="verified", status=S.UNDER_REVIEW)
    named("Rahul", "Sharma")

    rows = rows_of(client.get(EXPORT + "?status__exact=under_review"))

    assert rows[0] == [
        "ID",
        "Name",
        "Email",
        "Country",
        "Medical school",
        "Specialties",
        "Intake",
        "Status",
        "Submitted",
        "Documents uploaded",
        "Documents required",
        "Documents verified",
        "Next interview",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[:8] == [
        str(amina.pk),
        "Amina Okafor",
        amina.applicant.email,
        "India",
        "Maulana Azad Medical College",
        "Internal Medicine",
        "2027",
        "Under review",
    ]
    assert row[8].startswith(f"{amina.submitted_at:%Y-%m-%d}T")
    assert row[9:] == ["5", "5", "5", ""]


def test_export_csv_follows_the_search_too(client, coordinator):
    named("Amina", "Okafor")
    named("Rahul", "Sharma")

    rows = rows_of(client.get(EXPORT, {"q": "Sharma"}))

    assert [row[1] for row in rows[1:]] == ["Rahul Sharma"]


def test_export_csv_defuses_formulas(client, coordinator):
    named("=HYPERLINK(1)", "Okafor")

    rows = rows_of(client.get(EXPORT))

    assert rows[1][1] == "'=HYPERLINK(1) Okafor"


def test_export_selected_as_csv(client, coordinator):
    amina = named("Amina", "Okafor")
    named("Rahul", "Sharma")

    response = client.post(
        CHANGELIST, {"action": "export_selected_csv", "_selected_action": [amina.pk]}
    )

    assert [row[1] for row in rows_of(response)[1:]] == ["Amina Okafor"]


def test_changelist_links_the_export_with_its_filters(client, coordinator):
    html = client.get(CHANGELIST + "?status__exact=submitted&q=Amina").content.decode()

    assert (
        'href="/admin/applications/application/export/?q=Amina&amp;status__exact=submitted"' in html
    )


# --- Bulk status moves --------------------------------------------------------------------


def test_bulk_accept_confirms_then_reports_each_application(
    client, coordinator, django_capture_on_commit_callbacks
):
    ready = named("Ready", "Applicant", documents="verified", status=S.INTERVIEW)
    not_ready = named("Pending", "Applicant", status=S.INTERVIEW)
    selected = {"action": "move_to_accepted", "_selected_action": [ready.pk, not_ready.pk]}

    confirmation = client.post(CHANGELIST, selected)

    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "becomes <strong>Offer made</strong>" in html
    assert "Ready Applicant" in html and "Pending Applicant" in html
    assert "Medical school transcript, Proof of graduation (diploma), CV" in html
    assert (status_of(ready), status_of(not_ready)) == (S.INTERVIEW, S.INTERVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        results = client.post(CHANGELIST, {**selected, "post": "yes", "note": ""})

    html = results.content.decode()
    assert results.status_code == 200
    assert (status_of(ready), status_of(not_ready)) == (S.ACCEPTED, S.INTERVIEW)
    table = html[html.index('id="review-results"') :]
    ready_row = table[table.index("Ready Applicant") :]
    pending_row = table[table.index("Pending Applicant") :]
    assert "Done" in ready_row[: ready_row.index("</tr>")]
    assert "Moved to Offer made." in ready_row[: ready_row.index("</tr>")]
    assert "Not done" in pending_row[: pending_row.index("</tr>")]
    assert "Not verified yet: Medical school transcript" in pending_row
    assert "1 done, 1 not done." in html
    assert [m.to for m in mail.outbox] == [[ready.applicant.email]]


def test_bulk_reject_sends_the_message(client, coordinator, django_capture_on_commit_callbacks):
    first = named("First", "Applicant", status=S.UNDER_REVIEW)
    second = named("Second", "Applicant", status=S.WAITLISTED)
    done = named("Done", "Applicant", status=S.COMPLETED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "move_to_rejected",
                "_selected_action": [first.pk, second.pk, done.pk],
                "post": "yes",
                "note": "This intake is full.",
            },
        )

    html = response.content.decode()
    assert "2 done, 1 not done." in html
    assert "An application that is completed cannot become not accepted." in html
    assert [status_of(a) for a in (first, second, done)] == [S.REJECTED, S.REJECTED, S.COMPLETED]
    assert first.status_changes.get().note == "This intake is full."
    assert len(mail.outbox) == 2
    assert all("This intake is full." in m.body for m in mail.outbox)


# --- The application page -----------------------------------------------------------------


def test_change_page_shows_answers_read_only_and_the_moves_allowed_now(client, coordinator):
    application = named("Amina", "Okafor")
    application.applicant.applicant_profile.medical_school = "University of Lagos"
    application.applicant.applicant_profile.save()

    response = client.get(change_url(application))

    html = response.content.decode()
    assert response.status_code == 200
    assert "University of Lagos" in html
    assert "I want to learn how US teams care for patients." in html
    assert 'name="status"' not in html
    assert 'name="_save"' not in html
    assert f'href="{move_url(application, "under_review")}"' in html
    for other in ("interview", "accepted", "rejected", "enrolled"):
        assert move_url(application, other) not in html
    review = html[html.index('id="review-documents"') : html.index('id="decision-bar"')]
    assert review.count('class="review-verify"') == 4
    assert review.count('class="review-reject"') == 4
    assert 'form="internal-note-form"' in html


def test_change_page_lists_the_applicants_emails(
    client, coordinator, django_capture_on_commit_callbacks
):
    application = named("Amina", "Okafor", status=S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move_url(application, "interview"), {"note": ""})

    html = client.get(change_url(application)).content.decode()

    emails = html[html.index('id="emails-to-applicant"') :]
    assert "An interview for your observership application (2027)" in emails
    assert "Sent" in emails


def test_move_from_the_change_page_confirms_then_moves(
    client, coordinator, django_capture_on_commit_callbacks
):
    application = named("Amina", "Okafor", status=S.UNDER_REVIEW)

    confirmation = client.get(move_url(application, "waitlisted"))
    assert "becomes <strong>Waitlisted</strong>" in confirmation.content.decode()
    assert status_of(application) == S.UNDER_REVIEW

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            move_url(application, "waitlisted"), {"note": "A place may open in May."}, follow=True
        )

    assert response.redirect_chain == [(change_url(application), 302)]
    assert status_of(application) == S.WAITLISTED
    assert "Waitlist done; the status is now Waitlisted." in response.content.decode()
    assert application.status_changes.get().by == coordinator
    assert [m.subject for m in mail.outbox] == [
        "Your observership application for 2027 is on the waiting list"
    ]


def test_a_move_not_allowed_now_changes_nothing(client, coordinator):
    application = named("Amina", "Okafor")

    shown = client.get(move_url(application, "enrolled"), follow=True)
    posted = client.post(move_url(application, "enrolled"), {"note": ""}, follow=True)

    assert "“Enrol” is not possible now." in shown.content.decode()
    assert "cannot become enrolled" in posted.content.decode()
    assert status_of(application) == S.SUBMITTED
    assert application.status_changes.count() == 0


def test_accept_from_the_change_page_names_unverified_documents(client, coordinator):
    application = named("Amina", "Okafor", status=S.INTERVIEW)

    page = client.get(change_url(application)).content.decode()
    response = client.post(move_url(application, "accepted"), {"note": ""}, follow=True)

    assert "Not verified yet: Medical school transcript" in page
    assert "Not verified yet: Medical school transcript" in response.content.decode()
    assert status_of(application) == S.INTERVIEW


def test_verify_a_document_from_the_change_page(client, coordinator):
    application = named("Amina", "Okafor")
    document = application.documents.get(kind="cv")

    response = client.post(
        reverse("admin:applications_document_verify", args=[document.pk]),
        {"next": change_url(application)},
        follow=True,
    )

    document.refresh_from_db()
    assert response.redirect_chain == [(change_url(application), 302)]
    assert (document.status, document.reviewed_by) == (DocumentStatus.VERIFIED, coordinator)
    assert "CV verified." in response.content.decode()


def test_verify_ignores_a_next_url_elsewhere(client, coordinator):
    document = named("Amina", "Okafor").documents.get(kind="cv")

    response = client.post(
        reverse("admin:applications_document_verify", args=[document.pk]),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == change_url(document.application)


def test_verify_needs_post(client, coordinator):
    document = named("Amina", "Okafor").documents.get(kind="cv")

    response = client.get(reverse("admin:applications_document_verify", args=[document.pk]))

    assert response.status_code == 405
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.PENDING


def test_reject_a_document_asks_for_the_reason(
    client, coordinator, django_capture_on_commit_callbacks
):
    application = named("Amina", "Okafor")
    document = application.documents.get(kind="passport")
    url = reverse("admin:applications_document_reject", args=[document.pk])

    form = client.get(url).content.decode()
    empty = client.post(url, {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "Expired passport."}, follow=True)

    assert "Why the document is rejected" in form
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    assert done.redirect_chain == [(change_url(application), 302)]
    document.refresh_from_db()
    assert (document.status, document.rejection_reason) == (
        DocumentStatus.REJECTED,
        "Expired passport.",
    )
    assert [m.subject for m in mail.outbox] == [
        "[Action required] Please replace a document: Passport bio page"
    ]


def test_add_an_internal_note_from_the_change_page(client, coordinator):
    application = named("Amina", "Okafor")

    response = client.post(
        reverse("admin:applications_application_add_note", args=[application.pk]),
        {"body": "Called her: passport renewal under way."},
        follow=True,
    )

    note = InternalNote.objects.get()
    assert (note.application, note.author, note.body) == (
        application,
        coordinator,
        "Called her: passport renewal under way.",
    )
    assert response.redirect_chain == [(change_url(application), 302)]
    assert "Called her: passport renewal under way." in response.content.decode()


def test_changelist_documents_column_reads_uploaded_and_verified(client, coordinator):
    application = named("Amina", "Okafor")
    application.documents.filter(kind__in=["cv", "passport"]).update(status=DocumentStatus.VERIFIED)
    application.documents.filter(kind="diploma").update(
        status=DocumentStatus.REJECTED, rejection_reason="Blurred."
    )

    html = client.get(CHANGELIST).content.decode()

    assert 'class="column-documents"' in html
    assert ">Required documents<" in html
    # The diploma was rejected (not uploaded any more); the personal statement written in
    # the form counts as uploaded and verified.
    assert '<td class="field-documents">4 of 5 uploaded, 3 verified</td>' in html


def test_changelist_query_count_is_the_same_for_1_and_20_rows(client, coordinator):
    ReviewableApplicationFactory()
    with CaptureQueriesContext(connection) as one:
        assert client.get(CHANGELIST).status_code == 200

    ReviewableApplicationFactory.create_batch(19)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(CHANGELIST)

    assert response.content.decode().count("uploaded, 1 verified") == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_review_screen_header_documents_and_moves(client, coordinator):
    application = named("Amina", "Okafor", status=S.UNDER_REVIEW)
    application.documents.filter(kind="cv").update(status=DocumentStatus.VERIFIED)

    html = client.get(change_url(application)).content.decode()

    summary = html[html.index('id="review-summary"') : html.index('id="review-documents"')]
    for text in (
        "Amina Okafor",
        "India",
        "Maulana Azad Medical College",
        "2022",
        "In progress",
        "Native speaker",
        "Internal Medicine",
        "Under review",
        "Verify the documents, then invite to an interview or decide.",
        "5 of 5 uploaded, 2 verified",
    ):
        assert text in summary, text
    documents = html[html.index('id="review-documents"') : html.index('id="decision-bar"')]
    for document in application.documents.all():
        preview = reverse("admin:applications_document_preview", args=[document.pk])
        assert f'<object data="{preview}" type="application/pdf"' in documents
    assert documents.count('class="review-verify"') == 3  # not the verified CV
    assert documents.count('class="review-reject"') == 4
    bar = html[html.index('id="decision-bar"') :]
    bar = bar[: bar.index("</section>")]
    for to in ("interview", "accepted", "waitlisted", "rejected"):
        assert f'href="{move_url(application, to)}"' in bar
    for to in ("under_review", "enrolled", "completed"):
        assert move_url(application, to) not in bar


def test_a_reviewer_reviews_documents_but_has_no_moves(client):
    application = named("Amina", "Okafor", status=S.UNDER_REVIEW)
    client.force_login(ReviewerFactory())

    html = client.get(change_url(application)).content.decode()

    assert html.count('class="review-verify"') == 4
    bar = html[html.index('id="decision-bar"') :]
    assert "Only a coordinator can change the status." in bar
    assert 'class="status-moves"' not in bar


def test_a_draft_shows_documents_without_review_buttons(client, coordinator):
    application = named("Amina", "Okafor", status=S.DRAFT)

    html = client.get(change_url(application)).content.decode()

    assert "documents are reviewed after submission" in html
    assert 'class="review-verify"' not in html
    assert 'class="review-reject"' not in html
    assert "The applicant is still filling in the application" in html


def test_document_preview_is_inline_and_framed_by_our_pages_only(client, coordinator):
    document = named("Amina", "Okafor").documents.get(kind="cv")

    response = client.get(reverse("admin:applications_document_preview", args=[document.pk]))
    page = client.get(change_url(document.application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The admin page may frame it; the download stays an attachment that nobody frames.
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    download = client.get(reverse("applications:document_download", args=[document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"


def test_document_preview_of_an_unknown_document_is_a_404(client, coordinator):
    url = reverse("admin:applications_document_preview", args=[999999])
    assert client.get(url).status_code == 404


def test_an_unknown_application_is_a_404(client, coordinator):
    assert client.get(move_url(Application(pk=999999), "under_review")).status_code == 404
    assert (
        client.get(
            reverse("admin:applications_application_move", args=["nope", "under_review"])
        ).status_code
        == 404
    )


# --- Documents ----------------------------------------------------------------------------


def test_document_admin_lists_and_filters(client, coordinator):
    application = named("Amina", "Okafor", documents="verified")
    application.documents.filter(kind="cv").update(status=DocumentStatus.PENDING)

    html = client.get("/admin/applications/document/?status__exact=pending").content.decode()

    assert "cv.pdf" in html
    assert "passport.pdf" not in html


def test_document_bulk_verify_reports_each_document(client, coordinator):
    application = named("Amina", "Okafor")
    cv = application.documents.get(kind="cv")
    passport = application.documents.get(kind="passport")
    Document.objects.filter(pk=passport.pk).update(status=DocumentStatus.VERIFIED)

    response = client.post(
        "/admin/applications/document/",
        {"action": "verify_selected", "_selected_action": [cv.pk, passport.pk]},
    )

    html = response.content.decode()
    assert "1 done, 1 not done." in html
    assert "Passport bio page is already verified." in html
    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.VERIFIED


def test_document_bulk_reject_confirms_with_a_reason(
    client, coordinator, django_capture_on_commit_callbacks
):
    cv = named("Amina", "Okafor").documents.get(kind="cv")
    selected = {"action": "reject_selected", "_selected_action": [cv.pk]}

    confirmation = client.post("/admin/applications/document/", selected)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/applications/document/",
            {**selected, "post": "yes", "reason": "Unreadable scan."},
        )

    assert "Why the document is rejected" in confirmation.content.decode()
    cv.refresh_from_db()
    assert (cv.status, cv.rejection_reason) == (DocumentStatus.REJECTED, "Unreadable scan.")
    assert len(mail.outbox) == 1


def test_applicants_cannot_reach_the_admin(client):
    applicant = UserFactory()
    client.force_login(applicant)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
