"""Demo data of what follows the rotation (rotations.aftercare): the observers of
DEMO_AFTERCARE with blocks that are over, their feedback, and Lucía's completion with its
certificate, seeded by hmc_portal.demo.seed.

The past blocks are written as data (a rotation and a confirmed request per block): the
placement services only take blocks still to come. Everything after that goes through the
services: enrolment and completion (the certificate is issued and emailed by the
completion's receiver) and the feedback."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from applications.models import Application
from billing import services as billing_services
from preceptors.models import Preceptor
from rotations.aftercare.feedback_services import FeedbackAnswers, give_feedback
from rotations.enums import RequestStatus
from rotations.models import BLOCK_LAST_DAY, Rotation, RotationRequest, Site, Specialty

from .demo_data import DEMO_AFTERCARE, DEMO_INTAKE, REPORTING_TIMES, ROTATION_SITES


def _past_block(preceptor_email: str, start: datetime.date, specialty: str) -> Rotation:
    """The preceptor's block starting on `start` (created once, unpublished: it is over)."""
    site = Site.objects.get(name=ROTATION_SITES[preceptor_email])
    rotation, _created = Rotation.objects.get_or_create(
        preceptor=Preceptor.objects.get(user__email=preceptor_email),
        start_date=start,
        defaults={
            "specialty": Specialty.objects.get(name=specialty),
            "site": site,
            "end_date": start + BLOCK_LAST_DAY,
            "capacity": 2,
            "published": False,
            "reporting_time": datetime.time.fromisoformat(REPORTING_TIMES[site.name]),
        },
    )
    return rotation


def seed_aftercare(coordinator, *, block_start, pay) -> None:
    """Once per observer (one whose application moved past confirmed, or who has a request,
    is left alone): each past block confirmed, the deposit paid, enrolled by the
    coordinator, feedback given on the blocks listed, and completed where marked (the
    certificate is issued)."""
    for email, (blocks, feedback, completed) in DEMO_AFTERCARE.items():
        application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
        if application.status != ApplicationStatus.CONFIRMED:
            continue
        if RotationRequest.objects.filter(application=application).exists():
            continue
        requests = []
        for rank, (preceptor, index, specialty) in enumerate(blocks, start=1):
            rotation = _past_block(preceptor, block_start(index), specialty)
            requests.append(
                RotationRequest.objects.create(
                    application=application,
                    rotation=rotation,
                    rank=rank,
                    status=RequestStatus.CONFIRMED,
                    confirmed_at=timezone.make_aware(
                        datetime.datetime.combine(
                            rotation.start_date - datetime.timedelta(days=45), datetime.time(15)
                        )
                    ),
                    responded_by=rotation.preceptor.user,
                )
            )
            Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=F("confirmed_count") + 1)
        billing_services.invoice_offer_taken(application=application, by=None)
        pay(application, f"DEMO-AFTER-{application.pk}", coordinator)
        application = application_services.change_status(
            application=application, to=ApplicationStatus.ENROLLED, by=coordinator
        )
        pay(application, f"DEMO-AFTER-{application.pk}-B", coordinator)
        for index, (
            teaching,
            welcome,
            exposure,
            organisation,
            recommend,
            comments,
        ) in feedback.items():
            give_feedback(
                rotation_request=requests[index],
                answers=FeedbackAnswers(
                    teaching=teaching,
                    welcome=welcome,
                    exposure=exposure,
                    organisation=organisation,
                    would_recommend=recommend,
                    comments=comments,
                ),
                by=application.applicant,
            )
        if completed:
            application_services.change_status(
                application=Application.objects.get(pk=application.pk),
                to=ApplicationStatus.COMPLETED,
                by=coordinator,
            )
