"""Rotations' shredders (rotations.privacy): each kind of an applicant's data exported in its
documented shape, then erased, leaving only what the program must keep; and the blocker
that keeps an erasure from breaking a placement under way."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import issue_document
from hmc_portal.privacy.registry import erasure_blockers, shredders
from rotations.aftercare.feedback_services import give_feedback
from rotations.models import (
    Attendance,
    ComplianceEvidence,
    Evaluation,
    RotationFeedback,
    RotationRequest,
    SupportRequest,
    VisaLetterRequest,
)
from tests.factories import ApplicationFactory, RotationRequestFactory
from tests.rotations.aftercare_support import answers, block, completed_blocks
from tests.rotations.attendance_support import attend, evaluate
from tests.rotations.compliance_support import EvidenceFactory
from tests.rotations.factories import SupportRequestFactory
from tests.support import privacy
from tests.support.issuance import write_body

pytestmark = pytest.mark.django_db

NAMES = [
    "rotations.requests",
    "rotations.visa_letters",
    "rotations.support",
    "rotations.compliance",
    "rotations.aftercare",
    "rotations.feedback",
    "rotations.certificates",
]

# What each kind of data says that identifies the applicant: gone once its shredder ran.
PERSONAL = {
    "rotations.requests": ["will be away; Zenobia may ask", "call Zenobia back"],
    "rotations.visa_letters": ["QUARTERFIELD ZENOBIA ADA", "Z98765432"],
    "rotations.support": ["QR9123", "+234 803 555 0199", "Dear Zenobia"],
    "rotations.compliance": ["zenobia-tb-test.pdf", "name Zenobia Quarterfield is unreadable"],
    "rotations.aftercare": ["Zenobia took careful histories", "Zenobia should present"],
    "rotations.feedback": ["Dr. Osei made Zenobia welcome"],
    "rotations.certificates": ["Zenobia A. Quarterfield"],
}


def build_world():
    """An applicant with one row of every kind rotations holds, and their files."""
    application, (first, second) = completed_blocks(first_name="Zenobia", last_name="Quarterfield")
    user = application.applicant
    attend(first, missed_days=[first.rotation.start_date + datetime.timedelta(days=1)])
    evaluate(
        first,
        strengths="Zenobia took careful histories.",
        areas_to_grow="Zenobia should present cases more concisely.",
    )
    give_feedback(
        rotation_request=first,
        answers=answers(teaching=5, comments="Dr. Osei made Zenobia welcome."),
        by=user,
    )
    waitlisted = RotationRequestFactory(
        application=application,
        rotation=block(weeks_ahead=12),
        rank=3,
        status="waitlisted",
        waitlisted_at=timezone.now(),
    )
    declined = RotationRequestFactory(
        application=application,
        rotation=block(weeks_ahead=16),
        rank=4,
        status="declined",
        decline_reason="Dr. Osei will be away; Zenobia may ask again in spring.",
    )
    RotationRequest.objects.filter(pk=second.pk).update(
        cancel_reason="Rescheduled: call Zenobia back."
    )
    letter = issue_document(
        kind="visa_letter",
        owner=user,
        holder_name="QUARTERFIELD ZENOBIA ADA",
        title="Visa invitation letter",
        reference="VL-00001-1",
        build=write_body,
    )
    visa = VisaLetterRequest.objects.create(
        application=application,
        status="issued",
        passport_name="QUARTERFIELD ZENOBIA ADA",
        date_of_birth=datetime.date(1996, 3, 14),
        nationality="NG",
        passport_number="Z98765432",
        passport_expiry=datetime.date(2031, 5, 1),
        consulate="US Consulate General Lagos",
        letter=letter,
        letters_issued=1,
    )
    support = SupportRequestFactory(
        application=application,
        kind="airport_pickup",
        flight_number="QR9123",
        arrival_at=timezone.now() + datetime.timedelta(days=20),
        message="Call me on +234 803 555 0199 when you land.",
        staff_reply="Dear Zenobia, a driver will wait at gate B.",
    )
    evidence = EvidenceFactory(
        application=application,
        original_name="zenobia-tb-test.pdf",
        status="rejected",
        reject_reason="The name Zenobia Quarterfield is unreadable.",
    )
    certificate = issue_document(
        kind="certificate",
        owner=user,
        holder_name="Zenobia A. Quarterfield",
        title="Certificate of completion",
        reference=f"CERT-{application.pk:05d}-1",
        build=write_body,
    )
    Application.objects.filter(pk=application.pk).update(status="completed")
    return {
        "user": user,
        "application": application,
        "first": first,
        "second": second,
        "waitlisted": waitlisted,
        "declined": declined,
        "letter": letter,
        "visa": visa,
        "support": support,
        "evidence": evidence,
        "certificate": certificate,
    }


def someone_else():
    """Another applicant's rows of the same kinds, which no shredder of ours may touch."""
    application, (first, _second) = completed_blocks(first_name="Other", last_name="Person")
    give_feedback(
        rotation_request=first,
        answers=answers(comments="Loved the clinic."),
        by=application.applicant,
    )
    support = SupportRequestFactory(application=application, message="Where is parking?")
    evidence = EvidenceFactory(application=application, original_name="other.pdf")
    certificate = issue_document(
        kind="certificate",
        owner=application.applicant,
        holder_name="Other Person",
        title="Certificate of completion",
        reference=f"CERT-{application.pk:05d}-1",
        build=write_body,
    )
    return {"support": support, "evidence": evidence, "certificate": certificate}


def stored(file) -> bool:
    return bool(file.name) and file.storage.exists(file.name)


def test_every_kind_of_rotations_data_has_its_registered_shredder_with_a_schema():
    registered = {shredder.name: shredder for shredder in shredders}
    for name in NAMES:
        shredder = registered[name]
        assert str(shredder.verbose_name)
        assert shredder.schema["$schema"].endswith("2020-12/schema")


def test_the_export_holds_each_kind_of_row_in_its_documented_shape():
    world = build_world()
    user = world["user"]

    requests = privacy.export("rotations.requests", user).data
    by_id = {row["id"]: row for row in requests["requests"]}
    assert by_id[world["waitlisted"].pk]["status"] == "waitlisted"
    assert by_id[world["declined"].pk]["decline_reason"].startswith("Dr. Osei will be away")
    assert by_id[world["first"].pk]["specialty"] == "Internal Medicine"
    assert by_id[world["first"].pk]["first_day"] == world["first"].rotation.start_date.isoformat()
    assert len(by_id) == 4

    visa = privacy.export("rotations.visa_letters", user)
    (request,) = visa.data["requests"]
    assert request["passport_number"] == "Z98765432"
    assert request["date_of_birth"] == "1996-03-14"
    assert request["nationality"] == "NG"
    assert request["current_letter"] == "VL-00001-1"
    assert [letter["reference"] for letter in visa.data["letters"]] == ["VL-00001-1"]
    assert [f.path for f in visa.files] == [
        f"rotations/visa-letters/{world['letter'].pk}-{world['letter'].filename}"
    ]

    (support,) = privacy.export("rotations.support", user).data
    assert support["flight_number"] == "QR9123"
    assert support["staff_reply"].startswith("Dear Zenobia")

    compliance = privacy.export("rotations.compliance", user)
    (evidence,) = compliance.data
    assert evidence["status"] == "rejected"
    assert evidence["file_name"] == "zenobia-tb-test.pdf"
    assert [f.path for f in compliance.files] == [
        f"rotations/compliance/{world['evidence'].pk}-zenobia-tb-test.pdf"
    ]
    assert compliance.files[0].file.read() == world["evidence"].file.open("rb").read()

    aftercare = privacy.export("rotations.aftercare", user).data
    (attendance,) = aftercare["attendance"]
    assert attendance["missed_days"] == [
        (world["first"].rotation.start_date + datetime.timedelta(days=1)).isoformat()
    ]
    (evaluation,) = aftercare["evaluations"]
    assert evaluation["professionalism"] == 5
    assert evaluation["strengths"] == "Zenobia took careful histories."

    (feedback,) = privacy.export("rotations.feedback", user).data
    assert feedback["teaching"] == 5
    assert feedback["comments"] == "Dr. Osei made Zenobia welcome."

    certificates = privacy.export("rotations.certificates", user)
    (certificate,) = certificates.data
    assert certificate["verification_code"] == world["certificate"].grouped_code
    assert certificate["revoked_at"] is None
    assert len(certificates.files) == 1


def test_a_person_with_nothing_exports_empty_sections_that_still_validate():
    user = ApplicationFactory().applicant
    for name in NAMES:
        section = privacy.export(name, user)
        assert not section.files
        assert not section.notes


@pytest.mark.parametrize("name", NAMES)
def test_each_shredder_erases_its_kind_of_data(name, django_capture_on_commit_callbacks):
    world = build_world()
    for value in PERSONAL[name]:
        assert privacy.remaining([value], "rotations", "issuance"), value

    privacy.shred(name, world["user"], django_capture_on_commit_callbacks)

    assert privacy.remaining(PERSONAL[name], "rotations", "issuance") == []
    others = [value for other, values in PERSONAL.items() if other != name for value in values]
    assert privacy.still_found(others, "rotations", "issuance") == set(others)


def test_after_every_shredder_nothing_personal_is_left_and_no_file_is_stored(
    django_capture_on_commit_callbacks, client
):
    world = build_world()
    other = someone_else()
    user = world["user"]
    files = [world["letter"].file, world["evidence"].file, world["certificate"].file]
    assert all(stored(file) for file in files)
    names = [value for values in PERSONAL.values() for value in values]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in NAMES:
            shredders.get(name).shred(user)

    assert privacy.remaining([*names, "Zenobia", "Quarterfield", user.email], "rotations") == []
    assert privacy.remaining(["Zenobia", "Quarterfield"], "issuance") == []
    assert not any(file.storage.exists(file.name) for file in files)

    # What is kept: the requests (a waiting list given up), scores and attendance,
    # feedback scores, the verification records saying revoked at the holder's request.
    statuses = dict(
        RotationRequest.objects.filter(application__applicant=user).values_list("pk", "status")
    )
    assert statuses[world["first"].pk] == "confirmed"
    assert statuses[world["waitlisted"].pk] == "cancelled"
    assert RotationRequest.objects.get(pk=world["declined"].pk).decline_reason
    assert Attendance.objects.filter(rotation_request=world["first"]).exists()
    evaluation = Evaluation.objects.get(rotation_request=world["first"])
    assert (evaluation.professionalism, evaluation.strengths) == (5, "")
    feedback = RotationFeedback.objects.get(rotation_request=world["first"])
    assert (feedback.teaching, feedback.comments) == (5, "")
    assert not VisaLetterRequest.objects.filter(application__applicant=user).exists()
    assert not SupportRequest.objects.filter(application__applicant=user).exists()
    assert not ComplianceEvidence.objects.filter(application__applicant=user).exists()
    for document in IssuedDocument.objects.filter(owner=user):
        assert document.is_revoked
        assert document.revocation_reason == "Revoked at the holder's request"
        assert (document.holder_name, document.file.name) == ("", "")

    page = client.get(reverse("issuance:verify_code", args=[world["certificate"].grouped_code]))
    assert page.status_code == 200
    assert "Revoked at the holder" in page.content.decode()
    assert "Zenobia" not in page.content.decode()

    # Someone else's rows are untouched.
    other["support"].refresh_from_db()
    assert other["support"].message == "Where is parking?"
    assert stored(other["evidence"].file)
    other["certificate"].refresh_from_db()
    assert stored(other["certificate"].file) and not other["certificate"].is_revoked
    assert RotationFeedback.objects.filter(comments="Loved the clinic.").exists()


def test_a_rolled_back_erasure_changes_nothing_and_keeps_every_file(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    files = [world["letter"].file, world["evidence"].file, world["certificate"].file]

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        for name in NAMES:
            shredders.get(name).shred(world["user"])
        raise RuntimeError("the erasure failed further on")

    assert callbacks == []
    assert all(stored(file) for file in files)
    names = [value for values in PERSONAL.values() for value in values]
    assert privacy.still_found(names, "rotations", "issuance") == set(names)
    assert not IssuedDocument.objects.filter(revoked_at__isnull=False).exists()


# --- the blocker --------------------------------------------------------------------------------


def test_an_enrolled_observer_is_told_to_talk_to_the_program_office():
    application = ApplicationFactory(status="enrolled")
    RotationRequestFactory(application=application, status="confirmed")

    (reason,) = erasure_blockers.reasons(application.applicant)

    assert "talk to the program office" in reason


@pytest.mark.parametrize("request_status", ["confirmed", "requested"])
def test_a_confirmed_application_holding_a_block_is_told_to_withdraw_first(request_status):
    application = ApplicationFactory(status="confirmed")
    RotationRequestFactory(application=application, status=request_status)

    (reason,) = erasure_blockers.reasons(application.applicant)

    assert reason.startswith("You have accepted your offer")
    assert "withdraw your application first" in reason


@pytest.mark.parametrize(
    ("application_status", "request_status"),
    [
        ("confirmed", "waitlisted"),
        ("confirmed", "declined"),
        ("completed", "confirmed"),
        ("withdrawn", "cancelled"),
        ("submitted", None),
    ],
)
def test_nothing_under_way_blocks_the_erasure(application_status, request_status):
    application = ApplicationFactory(status=application_status)
    if request_status:
        RotationRequestFactory(
            application=application,
            status=request_status,
            decline_reason="Away" if request_status == "declined" else "",
        )

    assert erasure_blockers.reasons(application.applicant) == []


def test_the_blocker_speaks_the_applicants_language():
    from django.utils import translation

    application = ApplicationFactory(status="enrolled")
    with translation.override("es"):
        (reason,) = erasure_blockers.reasons(application.applicant)
    assert "oficina del programa" in reason
