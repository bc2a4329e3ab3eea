"""The completion certificate: issued and emailed on completion, the PDF read back, the
verification page, revoked when the completion is reopened and a new one on the next
completion; the applicant's download and dashboard panel."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import transition_application
from hmc_portal.audit.models import ActivityLog
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.notifications.models import Notification
from rotations.aftercare.certificate import certificate_holder_name
from rotations.aftercare.certificate_services import current_certificate, reissue_certificate
from rotations.enums import VisaLetterStatus
from rotations.models import VisaLetterRequest
from tests.factories import CoordinatorFactory
from tests.rotations.aftercare_support import completed_blocks
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    isolated_private_storage(tmp_path, settings)


def pdf_text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def written(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def complete(application, by=None) -> Application:
    return transition_application(
        application=application, to=ApplicationStatus.COMPLETED, by=by or CoordinatorFactory()
    )


def reopen(application, by=None) -> None:
    """The coordinator's "Reopen completion" (COMPLETED -> ENROLLED in the lifecycle)."""
    transition_application(
        application=application, to=ApplicationStatus.ENROLLED, by=by or CoordinatorFactory()
    )
    application.refresh_from_db()


def test_completing_issues_the_certificate_and_emails_it_attached(
    django_capture_on_commit_callbacks,
):
    application, _blocks = completed_blocks()

    with django_capture_on_commit_callbacks():
        complete(application)

    document = current_certificate(application_id=application.pk)
    assert document.kind == "certificate"
    assert document.owner == application.applicant
    assert document.reference == f"CERT-{application.pk:05d}-1"
    assert document.holder_name == "AMARA NWOSU"
    email = Notification.objects.get(template="certificate_issued")
    assert email.recipient == application.applicant
    assert email.dedupe_key == f"certificate:CERT-{application.pk:05d}-1"
    assert email.attachments == [
        {
            "filename": document.filename,
            "mimetype": "application/pdf",
            "content": "",
            "issued_document": document.pk,
        }
    ]
    assert ActivityLog.objects.filter(verb="rotations.certificate.issued").count() == 1


def test_the_certificate_pdf_holds_the_name_blocks_dates_weeks_statement_and_code():
    application, blocks = completed_blocks()
    complete(application)
    document = current_certificate(application_id=application.pk)

    text = pdf_text(document)

    assert "Certificate of completion: clinical observership" in text
    assert "AMARA NWOSU" in text
    for block in blocks:
        rotation = block.rotation
        assert rotation.specialty.name in text
        assert rotation.site.name in text
        assert str(rotation.preceptor) in text
        assert f"{written(rotation.start_date)} to {written(rotation.end_date)}" in text
    assert "Total weeks 8" in text
    assert "took part in no hands-on patient care" in text
    assert f"CERT-{application.pk:05d}-1" in text
    assert document.grouped_code in text
    assert reverse("issuance:verify_code", args=[document.grouped_code]) in text


def test_the_certificate_is_in_english_whatever_the_applicants_language():
    application, _blocks = completed_blocks()
    type(application.applicant).objects.filter(pk=application.applicant_id).update(language="es")

    complete(Application.objects.get(pk=application.pk))
    text = pdf_text(current_certificate(application_id=application.pk))

    assert "Blocks completed" in text
    assert "Total weeks" in text


def test_the_holder_name_is_the_approved_passport_name_else_the_upper_case_full_name():
    application, _blocks = completed_blocks(first_name="María José", last_name="Pérez")
    without_letter = certificate_holder_name(application)
    VisaLetterRequest.objects.create(
        application=application,
        status=VisaLetterStatus.SENT_BACK,
        send_back_reason="Check the name.",
        passport_name="WRONG NAME",
        date_of_birth=datetime.date(1995, 1, 1),
        nationality="MX",
        passport_number="G1234567",
        passport_expiry=datetime.date(2031, 1, 1),
        consulate="US Embassy Mexico City",
    )
    sent_back_only = certificate_holder_name(application)
    VisaLetterRequest.objects.create(
        application=application,
        status=VisaLetterStatus.REVOKED,
        letters_issued=1,
        passport_name="PEREZ GARCIA MARIA JOSE",
        date_of_birth=datetime.date(1995, 1, 1),
        nationality="MX",
        passport_number="G1234567",
        passport_expiry=datetime.date(2031, 1, 1),
        consulate="US Embassy Mexico City",
    )

    assert without_letter == "MARÍA JOSÉ PÉREZ"
    assert sent_back_only == "MARÍA JOSÉ PÉREZ"
    assert certificate_holder_name(application) == "PEREZ GARCIA MARIA JOSE"


def test_the_verify_page_says_valid_then_revoked_after_reopening_and_a_new_completion_gets_a_new_number(  # noqa: E501
    client,
):
    application, _blocks = completed_blocks()
    complete(application)
    first = current_certificate(application_id=application.pk)
    url = reverse("issuance:verify_code", args=[first.grouped_code])

    valid = client.get(url).content.decode()
    reopen(application)
    revoked = client.get(url).content.decode()
    complete(Application.objects.get(pk=application.pk))
    second = current_certificate(application_id=application.pk)

    assert "Valid document" in valid
    assert "Certificate of completion" in valid
    assert "AMARA NWOSU" in valid
    assert "Revoked document" in revoked
    assert "The completion was reopened." in revoked
    assert second.pk != first.pk
    assert second.reference == f"CERT-{application.pk:05d}-2"
    assert "Valid document" in client.get(
        reverse("issuance:verify_code", args=[second.grouped_code])
    ).content.decode("utf-8")
    assert ActivityLog.objects.filter(verb="rotations.certificate.revoked").count() == 1


def test_reissuing_revokes_the_valid_certificate_and_issues_the_next_number():
    application, _blocks = completed_blocks()
    complete(application)
    first = current_certificate(application_id=application.pk)

    second = reissue_certificate(application=application, by=CoordinatorFactory())

    first.refresh_from_db()
    assert first.is_revoked
    assert "Replaced by a new certificate" in first.revocation_reason
    assert second.reference == f"CERT-{application.pk:05d}-2"
    assert current_certificate(application_id=application.pk) == second


def test_another_move_issues_or_revokes_nothing():
    application, _blocks = completed_blocks(status="confirmed")

    transition_application(
        application=application, to=ApplicationStatus.WITHDRAWN, by=application.applicant
    )

    assert not IssuedDocument.objects.filter(kind="certificate").exists()


def test_the_applicant_downloads_their_certificate_and_nobody_else_does(client):
    application, _blocks = completed_blocks()
    complete(application)
    other, _ = completed_blocks(first_name="Other", last_name="Person")
    url = reverse("rotations:certificate_download")

    client.force_login(application.applicant)
    mine = client.get(url)
    client.force_login(other.applicant)
    theirs = client.get(url)

    assert mine.status_code == 200
    assert mine["Content-Type"] == "application/pdf"
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    assert theirs.status_code == 404


def test_a_revoked_certificate_is_not_downloadable_and_leaves_the_dashboard(client):
    application, _blocks = completed_blocks()
    complete(application)
    client.force_login(application.applicant)
    dashboard = client.get(reverse("applications:dashboard")).content.decode()

    reopen(application)

    document = IssuedDocument.objects.get(kind="certificate")
    assert "Your certificate" in dashboard
    assert reverse("rotations:certificate_download") in dashboard
    assert reverse("issuance:verify_code", args=[document.grouped_code]) in dashboard
    assert client.get(reverse("rotations:certificate_download")).status_code == 404
    assert "Your certificate" not in client.get(reverse("applications:dashboard")).content.decode()


def test_a_clerkship_block_is_named_as_such_and_the_statement_says_which_were_observation():
    application, blocks = completed_blocks()
    type(blocks[1].rotation).objects.filter(pk=blocks[1].rotation_id).update(kind="clerkship")
    complete(application)

    text = pdf_text(current_certificate(application_id=application.pk))

    assert "Type Clinical observership (observation only, no hands-on care)" in text
    assert "Type Clinical clerkship (hands-on)" in text
    assert "The blocks marked as observerships were observation only" in text
    assert "This was a clinical observership" not in text


def test_two_blocks_fit_on_one_page_with_the_signer(settings):
    settings.CERTIFICATE_SIGNER_NAME = "Dr. Jane Demo"
    settings.CERTIFICATE_SIGNER_TITLE = "Observership Director"
    application, _blocks = completed_blocks()
    complete(application)
    document = current_certificate(application_id=application.pk)

    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))

    assert len(reader.pages) == 1
    assert "Dr. Jane Demo Observership Director, " in pdf_text(document)


def test_staff_moving_a_block_after_completion_reissues_the_certificate_with_the_new_dates():
    from rotations import services as rotation_services

    application, (first, _second) = completed_blocks()
    complete(application)
    old = current_certificate(application_id=application.pk)
    rotation = first.rotation
    rotation.start_date -= datetime.timedelta(days=7)
    rotation.end_date -= datetime.timedelta(days=7)

    rotation_services.save_rotation(rotation=rotation, by=CoordinatorFactory())

    old.refresh_from_db()
    new = current_certificate(application_id=application.pk)
    assert old.is_revoked
    assert new != old
    assert written(rotation.start_date) in pdf_text(new)
