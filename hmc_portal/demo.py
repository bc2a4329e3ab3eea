"""Demo data for `make run`: enough of everything to click through every role."""

from django.db import transaction

from applications import services as application_services
from applications.enums import ApplicationStatus
from preceptors.services import ensure_preceptor
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
    for person, country, school, year, path in APPLICANTS:
        applicant = _user(person)
        application = application_services.start_application(
            applicant=applicant, intake=DEMO_INTAKE
        )
        application_services.update_applicant_profile(
            user=applicant,
            country=country,
            school_country=country,
            medical_school=school,
            graduation_year=year,
        )
        steps = [ApplicationStatus.DRAFT, *path]
        if application.status not in steps:
            continue  # someone moved it by hand while clicking around: leave it be
        for status in steps[steps.index(application.status) + 1 :]:
            by = applicant if status == ApplicationStatus.SUBMITTED else coordinator
            application = application_services.transition_application(
                application=application, to=status, by=by, note="Demo data"
            )
