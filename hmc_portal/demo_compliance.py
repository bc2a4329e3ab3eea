"""Demo data of pre-arrival compliance: every demo site's requirements, and one placed
applicant (ngozi@example.com) with some verified, one expiring before her rotation ends,
one waiting for review and some missing, so /dashboard/compliance/, the admin's
"not cleared" list and the preceptor's portal show each state."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application
from rotations.arrival import compliance_services
from rotations.enums import RequestStatus
from rotations.models import ComplianceEvidence, Requirement, RequirementKind, RotationRequest, Site

from .demo_files import pdf_with_text

K = RequirementKind
# (kind, name, description, rule fields); one site accepts a TB test of the last 12 months.
REQUIREMENTS = [
    (
        K.TB_TEST,
        "TB test",
        "A negative QuantiFERON or TST result, dated within 90 days before your first day.",
        {"needs_test_date": True, "valid_days_before_start": 90},
    ),
    (K.MMR, "MMR immunity", "Two vaccine doses or a positive titer.", {}),
    (K.VARICELLA, "Varicella immunity", "Two vaccine doses or a positive titer.", {}),
    (K.HEPATITIS_B, "Hepatitis B immunity", "Three vaccine doses or a positive titer.", {}),
    (
        K.INFLUENZA,
        "Influenza vaccine",
        "This season's flu shot (rotations starting November to April).",
        {"needs_test_date": True, "months": "11-4"},
    ),
    (
        K.PASSPORT,
        "Passport",
        "The photo page; valid at least 6 months past your last rotation.",
        {"needs_expiry": True, "must_cover_stay": True, "months_after_stay": 6},
    ),
    (
        K.INSURANCE,
        "Health insurance",
        "A policy covering your whole stay, at least $100,000.",
        {"needs_expiry": True, "must_cover_stay": True, "minimum_amount": 100_000_00},
    ),
    (
        K.HIPAA,
        "HIPAA training",
        "The certificate of an online HIPAA course.",
        {"needs_test_date": True},
    ),
    (
        K.BACKGROUND_CHECK,
        "Background check",
        "Start it at least 4 weeks ahead; upload the confirmation.",
        {"needs_test_date": True, "lead_weeks": 4},
    ),
    (K.CONFIDENTIALITY, "Confidentiality agreement", "The site's form, signed.", {}),
]
TWELVE_MONTH_TB_SITE = "Harris Health Ben Taub Hospital"
DEMO_OBSERVER = "ngozi@example.com"


def seed_compliance(*, coordinator) -> None:
    """Requirements for every demo site (once each) and the demo observer's evidence (once)."""
    for site in Site.objects.all():
        if site.requirements.exists():
            continue
        for order, (kind, name, description, rule) in enumerate(REQUIREMENTS):
            if kind == K.TB_TEST and site.name == TWELVE_MONTH_TB_SITE:
                rule = {**rule, "valid_days_before_start": 365}
                description = (
                    "A negative TB test result, dated within 12 months before your first day."
                )
            Requirement.objects.create(
                site=site, kind=kind, name=name, description=description, order=order, **rule
            )
    _seed_evidence(coordinator)


def _seed_evidence(coordinator) -> None:
    request = (
        RotationRequest.objects.filter(
            application__applicant__email=DEMO_OBSERVER, status=RequestStatus.CONFIRMED
        )
        .select_related("rotation", "application__applicant")
        .order_by("rotation__start_date")
        .first()
    )
    if (
        request is None
        or ComplianceEvidence.objects.filter(application_id=request.application_id).exists()
    ):
        return
    application: Application = request.application
    today = timezone.localdate()
    first_day = request.rotation.start_date
    site_requirements = {r.kind: r for r in request.rotation.site.requirements.all()}

    def hand_in(kind, **fields):
        return compliance_services.submit_evidence(
            application=application,
            requirement=site_requirements[kind],
            upload=SimpleUploadedFile(
                f"{kind}.pdf", pdf_with_text(f"{site_requirements[kind].name}: Ngozi Adeyemi")
            ),
            by=application.applicant,
            **fields,
        )

    # The passport's expiry is the one on her visa letter request (the same passport).
    visa_request = application.visa_letter_requests.order_by("-pk").first()
    passport_expiry = (
        visa_request.passport_expiry
        if visa_request is not None
        else today + datetime.timedelta(days=5 * 365)
    )
    # Done: immunity, the passport and the signed agreement, verified by the coordinator.
    for kind, fields in (
        (K.MMR, {}),
        (K.VARICELLA, {}),
        (K.HEPATITIS_B, {}),
        (K.PASSPORT, {"expiry_date": passport_expiry}),
        (K.CONFIDENTIALITY, {}),
    ):
        compliance_services.verify_evidence(evidence=hand_in(kind, **fields), by=coordinator)
    # Expiring: insurance that ends ten days into the rotation (flagged, though verified).
    compliance_services.verify_evidence(
        evidence=hand_in(
            K.INSURANCE,
            expiry_date=first_day + datetime.timedelta(days=10),
            amount=250_000_00,
        ),
        by=coordinator,
    )
    # Waiting for review: the HIPAA training. Missing: TB test, background check (and the
    # flu shot for a rotation starting November to April).
    hand_in(K.HIPAA, test_date=today - datetime.timedelta(days=20))
