"""Before arrival: the visa invitation letter (the request's passport identity and the
letters issued), travel and housing requests, and the pre-arrival evidence handed in."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.privacy.registry import DataShredder, ExportedFile, ExportSection
from hmc_portal.privacy.schema import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    iso,
    nullable,
    obj,
    section,
)
from hmc_portal.privacy.shredding import ISSUED_DOCUMENT, exported_file, issued_document

from ..models import ComplianceEvidence, SupportRequest, VisaLetterRequest
from ..services.privacy import (
    VISA_LETTER,
    erase_compliance_evidence,
    erase_support_requests,
    erase_visa_letters,
)

VISA_REQUEST = obj(
    id=INTEGER,
    application_id=INTEGER,
    status=STRING,
    passport_name=STRING,
    date_of_birth=DATE,
    nationality=STRING,
    passport_number=STRING,
    passport_expiry=DATE,
    consulate=STRING,
    interview_date=nullable(DATE),
    requested_at=DATETIME,
    decided_at=nullable(DATETIME),
    send_back_reason=STRING,
    current_letter=nullable(STRING),
    revoked_at=nullable(DATETIME),
)


class VisaLetterShredder(DataShredder):
    name = "rotations.visa_letters"
    issued_kinds = ("visa_letter",)
    verbose_name = _("Visa invitation letters and their requests")
    keeps = _(
        "Each visa letter's verification code stays, saying only that the letter was revoked "
        "at your request, so a consulate checking it learns nothing else."
    )
    schema = section(obj(requests=array(VISA_REQUEST), letters=array(ISSUED_DOCUMENT)))

    def export(self, user) -> ExportSection:
        requests = VisaLetterRequest.objects.filter(application__applicant=user).select_related(
            "letter"
        )
        letters = IssuedDocument.objects.filter(owner=user, kind=VISA_LETTER).order_by("pk")
        return ExportSection(
            data={
                "requests": [_visa_request(item) for item in requests.order_by("pk")],
                "letters": [issued_document(letter) for letter in letters],
            },
            files=_issued_files("rotations/visa-letters", letters),
        )

    def shred(self, user) -> None:
        erase_visa_letters(user=user)


def _visa_request(item: VisaLetterRequest) -> dict:
    return {
        "id": item.pk,
        "application_id": item.application_id,
        "status": item.status,
        "passport_name": item.passport_name,
        "date_of_birth": iso(item.date_of_birth),
        "nationality": str(item.nationality),
        "passport_number": item.passport_number,
        "passport_expiry": iso(item.passport_expiry),
        "consulate": item.consulate,
        "interview_date": iso(item.interview_date),
        "requested_at": iso(item.created_at),
        "decided_at": iso(item.decided_at),
        "send_back_reason": item.send_back_reason,
        "current_letter": item.letter.reference if item.letter_id else None,
        "revoked_at": iso(item.revoked_at),
    }


def _issued_files(folder: str, documents) -> list[ExportedFile]:
    files = (exported_file(folder, doc.pk, doc.filename, doc.file) for doc in documents)
    return [file for file in files if file is not None]


SUPPORT_REQUEST = obj(
    id=INTEGER,
    application_id=INTEGER,
    kind=STRING,
    status=STRING,
    flight_number=STRING,
    arrival_at=nullable(DATETIME),
    housing_from=nullable(DATE),
    housing_to=nullable(DATE),
    budget_min=nullable(INTEGER),
    budget_max=nullable(INTEGER),
    budget_currency=STRING,
    near_site=nullable(STRING),
    room=STRING,
    needs=STRING,
    message=STRING,
    staff_reply=STRING,
    asked_at=DATETIME,
    replied_at=nullable(DATETIME),
)


class SupportShredder(DataShredder):
    name = "rotations.support"
    verbose_name = _("Travel and housing requests")
    keeps = ""
    schema = section(array(SUPPORT_REQUEST))

    def export(self, user) -> ExportSection:
        requests = SupportRequest.objects.filter(application__applicant=user).select_related(
            "near_site"
        )
        return ExportSection(
            data=[
                {
                    "id": item.pk,
                    "application_id": item.application_id,
                    "kind": item.kind,
                    "status": item.status,
                    "flight_number": item.flight_number,
                    "arrival_at": iso(item.arrival_at),
                    "housing_from": iso(item.housing_from),
                    "housing_to": iso(item.housing_to),
                    "budget_min": item.budget_min,
                    "budget_max": item.budget_max,
                    "budget_currency": item.budget_currency,
                    "near_site": item.near_site.name if item.near_site_id else None,
                    "room": item.room,
                    "needs": item.needs,
                    "message": item.message,
                    "staff_reply": item.staff_reply,
                    "asked_at": iso(item.created_at),
                    "replied_at": iso(item.replied_at),
                }
                for item in requests.order_by("pk")
            ]
        )

    def shred(self, user) -> None:
        erase_support_requests(user=user)


EVIDENCE = obj(
    id=INTEGER,
    application_id=INTEGER,
    requirement=STRING,
    requirement_kind=STRING,
    site=STRING,
    file_name=STRING,
    content_type=STRING,
    size=INTEGER,
    sha256=STRING,
    test_date=nullable(DATE),
    expiry_date=nullable(DATE),
    coverage_amount=nullable(INTEGER),
    coverage_currency=STRING,
    status=STRING,
    reject_reason=STRING,
    uploaded_at=DATETIME,
    decided_at=nullable(DATETIME),
)


class ComplianceShredder(DataShredder):
    name = "rotations.compliance"
    verbose_name = _("Pre-arrival documents (immunisations, insurance, checks)")
    keeps = ""
    schema = section(array(EVIDENCE))

    def export(self, user) -> ExportSection:
        evidence = list(
            ComplianceEvidence.objects.filter(application__applicant=user)
            .select_related("requirement__site")
            .order_by("pk")
        )
        files = (
            exported_file("rotations/compliance", item.pk, item.original_name, item.file)
            for item in evidence
        )
        return ExportSection(
            data=[
                {
                    "id": item.pk,
                    "application_id": item.application_id,
                    "requirement": item.requirement.name,
                    "requirement_kind": item.requirement.kind,
                    "site": item.requirement.site.name,
                    "file_name": item.original_name,
                    "content_type": item.content_type,
                    "size": item.size,
                    "sha256": item.sha256,
                    "test_date": iso(item.test_date),
                    "expiry_date": iso(item.expiry_date),
                    "coverage_amount": item.amount,
                    "coverage_currency": "USD",
                    "status": item.status,
                    "reject_reason": item.reject_reason,
                    "uploaded_at": iso(item.uploaded_at),
                    "decided_at": iso(item.decided_at),
                }
                for item in evidence
            ],
            files=[file for file in files if file is not None],
        )

    def shred(self, user) -> None:
        erase_compliance_evidence(user=user)
