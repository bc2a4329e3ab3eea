"""Arranging pre-arrival compliance for tests: a placed observer, their site's
requirements, evidence with dates."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import ApplicationFactory, RotationFactory, RotationRequestFactory, SiteFactory
from tests.support.files import pdf_bytes


class RequirementFactory(factory.django.DjangoModelFactory):
    """A plain requirement (a signed form, nothing dated) at a new site."""

    class Meta:
        model = "rotations.Requirement"

    site = factory.SubFactory(SiteFactory)
    kind = "confidentiality"
    name = factory.Sequence(lambda n: f"Requirement {n}")


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Verified evidence with a small PDF in the private storage."""

    class Meta:
        model = "rotations.ComplianceEvidence"

    application = factory.SubFactory(ApplicationFactory, status="enrolled")
    requirement = factory.SubFactory(RequirementFactory)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="evidence.pdf"))
    original_name = "evidence.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = "0" * 64
    status = "verified"


def placed(*, weeks_ahead: int | None = None, start: datetime.date | None = None, site=None):
    """A confirmed rotation request of an enrolled application, starting on `start` (a
    Monday) or `weeks_ahead` weeks from this week's Monday."""
    if start is None:
        today = timezone.localdate()
        start = today - datetime.timedelta(days=today.weekday())
        start += datetime.timedelta(weeks=weeks_ahead if weeks_ahead is not None else 6)
    rotation = RotationFactory(
        start_date=start,
        end_date=start + datetime.timedelta(days=25),
        **({"site": site} if site else {}),
    )
    return RotationRequestFactory(
        rotation=rotation,
        status="confirmed",
        application=ApplicationFactory(status="enrolled"),
    )
