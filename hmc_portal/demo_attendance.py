"""Demo data of attendance, evaluations and completion: dr.ruiz@hmc.test hosted two
observers on blocks that are over. mateo@example.com's block ended last week: his attendance
and final evaluation wait on /preceptor/evaluations/ (and in admin's late list).
aisha@example.com's ended five weeks ago: her attendance (one day missed) and final
evaluation are in, so her application is completed."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from applications.models import Application
from preceptors.models import Preceptor
from rotations.aftercare import services as aftercare_services
from rotations.enums import RequestStatus
from rotations.models import (
    BLOCK_LAST_DAY,
    Attendance,
    Evaluation,
    Rotation,
    RotationRequest,
    Site,
    Specialty,
)
from rotations.services import create_rotation_series

from .demo_data import AFTERCARE_PRECEPTOR, DEMO_INTAKE

SITE = "Harris Health Ben Taub Hospital"
SPECIALTY = "Internal Medicine"
PENDING = "mateo@example.com"
COMPLETE = "aisha@example.com"


def seed_attendance(*, coordinator, pay) -> None:
    """Place both observers on their past blocks (once; their invoices paid), then Aisha's
    attendance and final evaluation, which complete her application (once)."""
    preceptor = Preceptor.objects.get(user__email=AFTERCARE_PRECEPTOR[0].email)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    _place(PENDING, preceptor, monday - datetime.timedelta(weeks=4), coordinator, pay)
    done = _place(COMPLETE, preceptor, monday - datetime.timedelta(weeks=9), coordinator, pay)
    if done is None:
        return
    user = preceptor.user
    if not Attendance.objects.filter(rotation_request=done).exists():
        aftercare_services.confirm_attendance(
            rotation_request=done,
            by=user,
            missed_days=[done.rotation.start_date + datetime.timedelta(days=9)],  # a Wednesday
        )
    if not Evaluation.objects.filter(rotation_request=done, kind="final").exists():
        aftercare_services.submit_evaluation(
            rotation_request=done,
            kind="final",
            scores={
                "professionalism": 5,
                "medical_knowledge": 4,
                "communication": 4,
                "us_system": 3,
                "curiosity": 5,
            },
            strengths=(
                "Thorough histories, kind with patients, read about every case overnight and "
                "brought good questions to rounds."
            ),
            areas_to_grow=(
                "Present cases more concisely, and learn how discharge planning and insurance "
                "shape the plan."
            ),
            by=user,
        )


def _place(email: str, preceptor, start: datetime.date, coordinator, pay) -> RotationRequest | None:
    """The observer's confirmed request for the preceptor's block starting on `start`, and
    their enrolment. Nobody can choose a block that has started, so the demo writes this
    past placement as data (as a placement confirmed then would be), then enrols through
    the lifecycle service."""
    application = Application.objects.filter(applicant__email=email, intake=DEMO_INTAKE).first()
    if application is None:
        return None
    existing = (
        RotationRequest.objects.filter(application=application, status=RequestStatus.CONFIRMED)
        .select_related("rotation")
        .first()
    )
    if existing is not None or application.status != ApplicationStatus.CONFIRMED:
        return existing
    rotation = Rotation.objects.filter(preceptor=preceptor, start_date=start).first()
    if rotation is None:
        (rotation,) = create_rotation_series(
            preceptor=preceptor,
            specialty=Specialty.objects.get(name=SPECIALTY),
            site=Site.objects.get(name=SITE),
            first_day=start,
            last_day=start + BLOCK_LAST_DAY,
            capacity=2,
            published=False,
            by=coordinator,
        )
    confirmed_at = timezone.now() - datetime.timedelta(weeks=12)
    rotation_request = RotationRequest.objects.create(
        application=application,
        rotation=rotation,
        rank=1,
        status=RequestStatus.CONFIRMED,
        confirmed_at=confirmed_at,
        responded_at=confirmed_at,
        responded_by=preceptor.user,
        link_nonce="",
    )
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=F("confirmed_count") + 1)
    application_services.change_status(
        application=application, to=ApplicationStatus.ENROLLED, by=coordinator
    )
    pay(application, f"ATT-DEMO-{application.pk}", coordinator)  # the deposit and the balance
    return rotation_request
