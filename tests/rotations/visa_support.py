"""An applicant who may have a visa invitation letter, and the details they enter."""

from __future__ import annotations

import datetime

from django.utils import timezone

from applications.models import Application
from rotations.arrival.visa_services import VisaLetterDetails
from rotations.models import Site
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    DocumentFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SpecialtyFactory,
    next_monday,
)


def eligible_application(*, blocks: int = 2, first_name="Chidinma", last_name="Okafor"):
    """An enrolled graduate with a verified passport and `blocks` confirmed observerships
    (Internal Medicine at Ben Taub Hospital first), no deposit invoice."""
    application = ApplicationFactory(
        status="enrolled",
        applicant__first_name=first_name,
        applicant__last_name=last_name,
    )
    ApplicantProfileFactory(
        user=application.applicant,
        graduated=True,
        country="NG",
        date_of_birth=datetime.date(1996, 3, 14),
    )
    DocumentFactory(application=application, kind="passport", status="verified")
    names = [("Internal Medicine", "Ben Taub Hospital"), ("Cardiology", "St. Luke's Hospital")]
    for index in range(blocks):
        specialty, site = names[index % 2]
        start = next_monday(4 + 4 * index)
        rotation = RotationFactory(
            specialty=SpecialtyFactory(name=specialty),
            preceptor=PreceptorFactory(),
            site=Site.objects.get_or_create(name=site, defaults={"address": "1504 Ben Taub Loop"})[
                0
            ],
            start_date=start,
            end_date=start + datetime.timedelta(days=25),
            confirmed_count=1,
        )
        RotationRequestFactory(
            application=application,
            rotation=rotation,
            rank=index + 1,
            status="confirmed",
            confirmed_at=timezone.now(),
        )
    return Application.objects.get(pk=application.pk)


def details(**overrides) -> VisaLetterDetails:
    values = {
        "passport_name": "OKAFOR CHIDINMA ADA",
        "date_of_birth": datetime.date(1996, 3, 14),
        "nationality": "NG",
        "passport_number": "A12345678",
        "passport_expiry": timezone.localdate() + datetime.timedelta(days=3 * 365),
        "consulate": "US Consulate General Lagos",
        "interview_date": timezone.localdate() + datetime.timedelta(days=20),
    }
    return VisaLetterDetails(**{**values, **overrides})


def form_data(**overrides) -> dict:
    values = {k: ("" if v is None else str(v)) for k, v in details().__dict__.items()}
    return {**values, **overrides}
