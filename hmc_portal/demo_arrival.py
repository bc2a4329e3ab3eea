"""Demo data of travel and housing help (/dashboard/support/): the housing list staff keep
near the demo sites, and ngozi@example.com's requests (an airport pickup the coordinator
answered, a housing request in progress), all through rotations' services, once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from applications.models import Application
from rotations.arrival import services as arrival_services
from rotations.arrival.selectors import confirmed_sites
from rotations.enums import PricePeriod, RoomKind, SupportKind, SupportStatus
from rotations.models import HousingDistance, HousingOption, Site, SupportRequest

from .demo_data import DEMO_INTAKE

TMC = "Memorial Hermann – Texas Medical Center"
METHODIST = "Houston Methodist Hospital"
BEN_TAUB = "Harris Health Ben Taub Hospital"
BELLAIRE = "Bellaire Family Health Clinic"

# name, area, price from/to in dollars, period, link, contact (public booking desks only),
# notes, {site: (km, minutes by car)}.
HOUSING = [
    (
        "Medical Center Extended-Stay Suites",
        "Texas Medical Center / Braeswood",
        1800,
        2400,
        PricePeriod.MONTH,
        "https://example.com/housing/medical-center-suites",
        "bookings@medical-center-suites.example",
        "Furnished studios with a kitchenette; the free METRORail shuttle stops outside.",
        {TMC: ("1.2", 5), METHODIST: ("1.0", 4), BEN_TAUB: ("1.5", 6), BELLAIRE: ("9.5", 18)},
    ),
    (
        "Rice Village Shared House",
        "Rice Village / West University",
        850,
        1100,
        PricePeriod.MONTH,
        "https://example.com/housing/rice-village-rooms",
        "rooms@rice-village.example",
        "Private bedrooms, shared kitchen; many observers and visiting students stay here.",
        {TMC: ("3.0", 9), METHODIST: ("2.6", 8), BEN_TAUB: ("3.4", 10), BELLAIRE: ("6.0", 12)},
    ),
    (
        "Bellaire Garden Apartments (short lease)",
        "Bellaire",
        1300,
        1600,
        PricePeriod.MONTH,
        "https://example.com/housing/bellaire-garden",
        "leasing@bellaire-garden.example",
        "One-month furnished leases; a short walk to the Bellaire clinic.",
        {BELLAIRE: ("0.8", 3), TMC: ("9.8", 19), METHODIST: ("9.4", 18)},
    ),
    (
        "Museum District Guesthouse",
        "Museum District",
        70,
        95,
        PricePeriod.NIGHT,
        "https://example.com/housing/museum-district-guesthouse",
        "stay@museum-guesthouse.example",
        "Nightly or weekly rates; good for the first nights before a monthly lease starts.",
        {TMC: ("3.5", 10), METHODIST: ("3.8", 11), BEN_TAUB: ("3.2", 9)},
    ),
    (
        "Greenway Plaza Furnished Rooms",
        "Greenway / Upper Kirby",
        300,
        420,
        PricePeriod.WEEK,
        "https://example.com/housing/greenway-rooms",
        "office@greenway-rooms.example",
        "Weekly rooms with parking; a car or rideshare is needed to reach the sites.",
        {BELLAIRE: ("7.5", 14), TMC: ("7.0", 15), METHODIST: ("6.8", 14)},
    ),
]
APPLICANT = "ngozi@example.com"


def seed_arrival(coordinator) -> None:
    """The housing list (each option created once, by name; its distances refreshed) and
    Ngozi's requests (only if she has none)."""
    sites = {site.name: site for site in Site.objects.all()}
    for name, area, low, high, period, link, contact, notes, distances in HOUSING:
        option = HousingOption.objects.filter(name=name).first()
        if option is None:
            option = arrival_services.save_housing_option(
                option=HousingOption(
                    name=name,
                    area=area,
                    price_min=low * 100,
                    price_max=high * 100,
                    price_period=period,
                    link=link,
                    contact=contact,
                    notes=notes,
                ),
                by=coordinator,
            )
        for site_name, (km, minutes) in distances.items():
            if site_name in sites:
                HousingDistance.objects.update_or_create(
                    option=option,
                    site=sites[site_name],
                    defaults={"km": Decimal(km), "minutes_by_car": minutes},
                )
    _seed_requests(coordinator)


def _seed_requests(coordinator) -> None:
    application = Application.objects.filter(applicant__email=APPLICANT, intake=DEMO_INTAKE).first()
    if application is None or SupportRequest.objects.filter(application=application).exists():
        return
    sites = confirmed_sites(application=application)
    if not sites:
        return
    first_day = (
        application.rotation_requests.filter(status="confirmed")
        .order_by("rotation__start_date")
        .values_list("rotation__start_date", flat=True)
        .first()
    )
    landing_day = max(first_day - datetime.timedelta(days=2), timezone.localdate())
    landing_day += datetime.timedelta(days=1)
    zone = arrival_services.program_zone()
    pickup = arrival_services.request_support(
        application=application,
        kind=SupportKind.AIRPORT_PICKUP,
        details=arrival_services.SupportDetails(
            flight_number="QR 713",
            arrival_at=datetime.datetime.combine(landing_day, datetime.time(15, 40), tzinfo=zone),
            needs="Two suitcases. Landing at IAH, Terminal D.",
        ),
        by=application.applicant,
    )
    arrival_services.answer_support_request(
        support_request=pickup,
        status=SupportStatus.DONE,
        reply=(
            "Our driver, Luis, will wait at the Terminal D arrivals exit with a sign saying "
            "HMC. If your flight is late, he follows it: no need to call."
        ),
        by=coordinator,
    )
    housing = arrival_services.request_support(
        application=application,
        kind=SupportKind.HOUSING,
        details=arrival_services.SupportDetails(
            housing_from=landing_day,
            housing_to=landing_day + datetime.timedelta(days=30),
            budget_min=80000,
            budget_max=120000,
            near_site_id=sites[0].pk,
            room=RoomKind.PRIVATE,
            needs="A quiet room; I cook my own meals.",
        ),
        by=application.applicant,
    )
    arrival_services.answer_support_request(
        support_request=housing,
        status=SupportStatus.IN_PROGRESS,
        reply=(
            "We have asked the Rice Village Shared House about a private room for your dates "
            "and will write again within two days."
        ),
        by=coordinator,
    )
