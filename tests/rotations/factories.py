"""Factories of travel and housing help (rotations.models.support)."""

from decimal import Decimal

import factory

from rotations.enums import PricePeriod, SupportKind
from rotations.models import HousingDistance, HousingOption, SupportRequest
from tests.factories import ApplicationFactory, RotationFactory, RotationRequestFactory, SiteFactory


def placed_application(*, status: str = "enrolled", site=None, **applicant):
    """An application whose plan, one rotation, its preceptor confirmed (at `site`): a
    confirmed placement (enrolled), so it may ask for travel and housing help."""
    application = ApplicationFactory(status=status, **applicant)
    rotation = RotationFactory(site=site or SiteFactory())
    RotationRequestFactory(application=application, rotation=rotation, status="confirmed")
    return application


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A question for the program office ("other"), new."""

    class Meta:
        model = SupportRequest

    application = factory.SubFactory(ApplicationFactory, status="enrolled")
    kind = SupportKind.OTHER
    message = "How do I get a SIM card when I land?"


class HousingOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingOption

    name = factory.Sequence(lambda n: f"Residence {n}")
    area = "Texas Medical Center"
    price_min = 90000
    price_max = 120000
    price_period = PricePeriod.MONTH
    link = "https://example.com/stay"
    contact = "bookings@stay.example"


class HousingDistanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingDistance

    option = factory.SubFactory(HousingOptionFactory)
    site = factory.SubFactory(SiteFactory)
    km = Decimal("2.5")
    minutes_by_car = 8
