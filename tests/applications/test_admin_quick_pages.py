"""The staff list's and the application page's quick paths: the list's counts read from the
documents' kinds in SQL equal document_counts over the documents themselves, the page's
lighter read-only templates write Django's markup, and neither page asks the database once
per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.admin.application import ApplicationAdmin, ReadOnlyInline
from applications.enums import DocumentStatus
from applications.models import Application, ApplicationSpecialty, Document
from applications.selectors.review import (
    applications_for_review,
    document_counts,
    document_counts_of,
    for_review_list,
    specialty_names,
)
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    DocumentFactory,
    InterviewFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
    SpecialtyFactory,
)
from tests.support.html import normalized

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/applications/application/"


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def a_mix_of_applications() -> list[Application]:
    pending = ReviewableApplicationFactory()  # the statement written in the form
    verified = ReviewableApplicationFactory(documents="verified")
    rejected = ReviewableApplicationFactory()
    Document.objects.filter(application=rejected, kind="diploma").update(
        status=DocumentStatus.REJECTED, rejection_reason="Blurred."
    )
    Document.objects.filter(application=rejected, kind="transcript").update(
        status=DocumentStatus.VERIFIED
    )
    bare = ApplicationFactory()  # no document, no statement
    uploaded_statement = ApplicationFactory(personal_statement="   ")
    DocumentFactory(
        application=uploaded_statement, kind="personal_statement", status=DocumentStatus.VERIFIED
    )
    DocumentFactory(
        application=uploaded_statement,
        kind="passport",
        status=DocumentStatus.REJECTED,
        rejection_reason="Expired.",
    )
    DocumentFactory(application=uploaded_statement, kind="cv")
    DocumentFactory(application=uploaded_statement, kind="usmle_transcript")
    DocumentFactory(application=uploaded_statement, kind="other")
    DocumentFactory(application=uploaded_statement, kind="other", status=DocumentStatus.VERIFIED)
    return [pending, verified, rejected, bare, uploaded_statement]


def test_the_lists_counts_equal_those_of_the_documents():
    applications = a_mix_of_applications()
    rows = {row.pk: row for row in for_review_list(applications_for_review())}

    for application in applications:
        documents = list(application.documents.all())
        expected = document_counts_of(application=application, documents=documents)
        assert document_counts(application=rows[application.pk]) == expected, application.pk
    assert [str(document_counts(application=rows[a.pk])) for a in applications] == [
        "5 of 5 uploaded, 1 verified",
        "5 of 5 uploaded, 5 verified",
        "4 of 5 uploaded, 2 verified",
        "0 of 5 uploaded, 0 verified",
        "2 of 5 uploaded, 1 verified",
    ]


def test_the_lists_rows_load_no_document(coordinator, client):
    a_mix_of_applications()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "applications_document"')
    ]
    assert response.content.decode().count('<td class="field-documents">') == 5


def test_the_lists_specialties_are_ranked():
    application = ApplicationFactory()
    for rank, name in enumerate(["Neurology", "Cardiology", "Anesthesiology"], start=1):
        ApplicationSpecialty.objects.create(
            application=application, specialty=SpecialtyFactory(name=name), rank=rank
        )
    row = for_review_list(applications_for_review()).get(pk=application.pk)
    page = applications_for_review().get(pk=application.pk)

    assert specialty_names(row) == ["Neurology", "Cardiology", "Anesthesiology"]
    assert specialty_names(page) == specialty_names(row)


def test_the_list_costs_the_same_for_1_and_5_rows(coordinator, client):
    ReviewableApplicationFactory()
    client.get(CHANGELIST)  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    a_mix_of_applications()
    with CaptureQueriesContext(connection) as many:
        response = client.get(CHANGELIST)

    assert response.content.decode().count('class="action-select"') == 6
    assert len(many.captured_queries) == len(one.captured_queries)


def a_full_application() -> Application:
    """An application with something in every part of its page: reviewed documents, notes,
    an interview, a history of status changes."""
    application = ReviewableApplicationFactory()
    for document in application.documents.all():
        reviewer = ReviewerFactory()
        services.verify_document(document=document, by=reviewer)
    reviewer = ReviewerFactory()
    services.add_internal_note(application=application, by=reviewer, body="Strong <b>file</b>.")
    services.change_status(application=application, to="under_review", by=CoordinatorFactory())
    services.change_status(application=application, to="interview", by=CoordinatorFactory())
    InterviewFactory(application=application)
    return application


def test_the_page_costs_the_same_with_one_or_many_of_everything(coordinator, client):
    small = ApplicationFactory()
    DocumentFactory(application=small)
    full = a_full_application()
    client.get(reverse("admin:applications_application_change", args=[small.pk]))  # warm up

    counts = []
    for application in (small, full):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                reverse("admin:applications_application_change", args=[application.pk])
            )
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pages_lighter_templates_write_djangos_markup(
    coordinator, client, monkeypatch, language
):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    application = a_full_application()
    url = reverse("admin:applications_application_change", args=[application.pk])

    ours = client.get(url).content.decode()
    monkeypatch.setattr(ReadOnlyInline, "template", "admin/edit_inline/tabular.html")
    monkeypatch.setattr(
        ApplicationAdmin, "change_form_template", "admin/djangos_application_change_form.html"
    )
    djangos = client.get(url).content.decode()

    assert "Strong &lt;b&gt;file&lt;/b&gt;." in ours
    assert ("Vista" in ours) == (language == "es")  # the interview's link
    assert ours.count('<div class="readonly">') == djangos.count('<div class="readonly">') > 30
    assert normalized(ours) == normalized(djangos)
