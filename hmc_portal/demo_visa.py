"""Demo data of what follows a placement (rotations.arrival): the visa invitation letters
of DEMO_VISA_LETTERS, seeded by hmc_portal.demo.seed."""

import datetime

from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from billing import services as billing_services
from rotations import services as rotation_services
from rotations.arrival import visa_services
from rotations.models import Rotation, RotationRequest

from .demo_data import DEMO_INTAKE, DEMO_VISA_LETTERS


def place_on_one_block(
    email: str, *, preceptor: str, start, reference: str, coordinator, pay
) -> RotationRequest | None:
    """Through the services: an applicant who took the offer and chose nothing yet pays the
    deposit (bank reference `<reference>-<application id>`), chooses the preceptor's block
    starting on `start`, and the preceptor confirms it (so the applicant is enrolled). The
    confirmed request, or None when the applicant is past that point already (seeded)."""
    application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
    if application.status != ApplicationStatus.CONFIRMED:
        return None
    if RotationRequest.objects.filter(application=application).exists():
        return None
    billing_services.invoice_offer_taken(application=application, by=None)
    pay(application, f"{reference}-{application.pk}", coordinator)
    rotation = Rotation.objects.get(preceptor__user__email=preceptor, start_date=start)
    (rotation_request,) = rotation_services.choose_rotations(
        application=application, rotations=[rotation], by=application.applicant
    )
    rotation_services.confirm_rotation_request(
        rotation_request=rotation_request, by=rotation.preceptor.user
    )
    return RotationRequest.objects.select_related("application__applicant", "rotation").get(
        pk=rotation_request.pk
    )


def seed_visa_letters(coordinator, *, block_start, pay) -> None:
    """Through the services, once (an applicant with a rotation request is left alone): each
    applicant in DEMO_VISA_LETTERS pays the deposit, has one observership confirmed (so is
    enrolled), and asks for the visa invitation letter; the coordinator approves the ones
    marked so (the letter is issued, with a verification code that works on /verify/)."""
    for email, (
        preceptor,
        index,
        name,
        number,
        born,
        consulate,
        approve,
    ) in DEMO_VISA_LETTERS.items():
        placed = place_on_one_block(
            email,
            preceptor=preceptor,
            start=block_start(index),
            reference="VISA-DEMO",
            coordinator=coordinator,
            pay=pay,
        )
        if placed is None:
            continue
        application = placed.application
        visa_request = visa_services.request_visa_letter(
            application=application,
            details=visa_services.VisaLetterDetails(
                passport_name=name,
                date_of_birth=datetime.date.fromisoformat(born),
                nationality=application.applicant.applicant_profile.country.code,
                passport_number=number,
                passport_expiry=block_start(index) + datetime.timedelta(days=3 * 365),
                consulate=consulate,
                interview_date=timezone.localdate() + datetime.timedelta(days=21 + 7 * index),
            ),
            by=application.applicant,
        )
        if approve:
            visa_services.approve_visa_letter_request(visa_request=visa_request, by=coordinator)
