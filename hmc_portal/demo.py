"""Demo data for `make run`: enough of everything to click through every role."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from applications import services as application_services
from applications.enums import (
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
    Degree,
    DocumentKind,
    EcfmgStatus,
    EnglishTest,
)
from preceptors.services import ensure_preceptor
from rotations.models import Specialty
from rotations.services import ensure_site, ensure_specialty

from .demo_data import (
    APPLICANTS,
    DEMO_INTAKE,
    DEMO_PASSWORD,
    PRECEPTORS,
    SITES,
    SPECIALTIES,
    STAFF,
    DemoPerson,
)
from .demo_files import pdf_with_text
from .users.enums import StaffGroup
from .users.services import ensure_user


def _user(person: DemoPerson, **extra):
    return ensure_user(
        email=person.email,
        password=DEMO_PASSWORD,
        first_name=person.first_name,
        last_name=person.last_name,
        timezone_name=person.timezone,
        **extra,
    )


@transaction.atomic
def seed() -> None:
    """Create or refresh the demo data; running it again changes nothing that exists."""
    specialties = {
        name: ensure_specialty(name=name, summary=summary) for name, summary in SPECIALTIES.items()
    }
    for name, kind, address, instructions in SITES:
        ensure_site(name=name, kind=kind, address=address, reporting_instructions=instructions)
    for person, group in STAFF:
        _user(
            person,
            is_staff=True,
            is_superuser=group is None,
            groups=[] if group is None else [group.value],
        )
    for person, title, affiliation, names, bio in PRECEPTORS:
        ensure_preceptor(
            user=_user(person),
            title=title,
            affiliation=affiliation,
            bio=bio,
            specialties=[specialties[name] for name in names],
        )
    coordinator = _user(STAFF[1][0], is_staff=True, groups=[StaffGroup.COORDINATOR.value])
    for index, (person, country, school, year, path) in enumerate(APPLICANTS):
        applicant = _user(person)
        application = application_services.start_application(
            applicant=applicant, intake=DEMO_INTAKE
        )
        if application.is_draft:
            _fill_application(application, applicant, person, country, school, year, index)
        steps = [ApplicationStatus.DRAFT, *path]
        if application.status not in steps:
            continue  # someone moved it by hand while clicking around: leave it be
        for status in steps[steps.index(application.status) + 1 :]:
            if status == ApplicationStatus.SUBMITTED:
                application = application_services.submit_application(
                    application=application, by=applicant
                )
                continue
            application = application_services.transition_application(
                application=application, to=status, by=coordinator, note="Demo data"
            )


def _fill_application(application, applicant, person, country, school, year, index) -> None:
    """Every step of the form, answered through the same services the pages use, and the
    required documents as small real PDFs. The draft applicant leaves out her passport, so
    the demo shows what an incomplete application looks like."""
    specialties = list(Specialty.objects.order_by("name"))
    application_services.save_personal_details(
        application=application,
        by=applicant,
        first_name=person.first_name,
        last_name=person.last_name,
        timezone=person.timezone,
        country=country,
        phone=f"+1 713 555 01{index:02d}",
        city="",
    )
    application_services.save_background(
        application=application,
        by=applicant,
        medical_school=school,
        school_country=country,
        degree=Degree.MBBS,
        graduated=True,
        graduation_year=year,
        ecfmg_status=EcfmgStatus.IN_PROGRESS,
        english_test=EnglishTest.IELTS,
        english_score="7.5",
        clinical_experience="One-year rotating internship, then general practice.",
    )
    application_services.save_interests(
        application=application,
        by=applicant,
        specialties=[specialties[index % len(specialties)], specialties[(index + 3) % 8]],
        preferred_start=datetime.date(int(DEMO_INTAKE), 1 + index % 12, 1),
        program_weeks=8,
        target_specialty=specialties[index % len(specialties)].name,
        career_goals="Match into a US residency and learn how US teams care for patients.",
        personal_statement="",
    )
    kinds = list(REQUIRED_DOCUMENTS)
    if index == 0:
        kinds.remove(DocumentKind.PASSPORT)
    existing = set(application.documents.values_list("kind", flat=True))
    for kind in kinds:
        if kind in existing:
            continue
        label = DocumentKind(kind).label
        application_services.upload_document(
            application=application,
            by=applicant,
            kind=kind,
            upload=SimpleUploadedFile(
                f"{kind}.pdf",
                pdf_with_text(f"{label} of {person.first_name} {person.last_name} (demo)"),
                content_type="application/pdf",
            ),
        )
