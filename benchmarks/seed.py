"""Seed data for the benchmarks: many applicants with their history, documents rows and
outbox rows, made in bulk so that a scale of thousands takes seconds."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from applications.enums import ApplicationStatus, DocumentKind, DocumentStatus
from applications.models import ApplicantProfile, Application, Document, StatusChange
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User

PASSWORD = "benchmark-password-1234"  # noqa: S105 - a throwaway benchmark database
STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
]


@transaction.atomic
def seed(*, applicants: int) -> User:
    """Create `applicants` applicants (one application, three documents and a status history
    each) and return one of them to log in as."""
    from django.contrib.auth.hashers import make_password

    password = make_password(PASSWORD)
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"bench{i}@example.com",
            first_name=f"Bench{i}",
            last_name="Applicant",
            password=password,
            email_verified_at=now,
        )
        for i in range(applicants)
    )
    ApplicantProfile.objects.bulk_create(
        ApplicantProfile(user=user, country="IN", medical_school="AIIMS", graduation_year=2022)
        for user in users
    )
    applications = Application.objects.bulk_create(
        Application(applicant=user, intake="2027", status=STATUSES[i % len(STATUSES)])
        for i, user in enumerate(users)
    )
    StatusChange.objects.bulk_create(
        StatusChange(application=application, from_status=previous, to_status=status, by=None)
        for application in applications
        for previous, status in zip(
            ["", *STATUSES], STATUSES[: STATUSES.index(application.status) + 1], strict=False
        )
    )
    digest = hashlib.sha256(b"benchmark").hexdigest()
    Document.objects.bulk_create(
        Document(
            application=application,
            kind=kind,
            file=f"documents/bench-{application.pk}-{kind}",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=1024,
            sha256=digest,
            status=DocumentStatus.PENDING,
        )
        for application in applications
        for kind in (DocumentKind.TRANSCRIPT, DocumentKind.DIPLOMA, DocumentKind.CV)
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            to_email=user.email,
            template="application_submitted",
            dedupe_key=f"bench:{user.pk}",
            status=NotificationStatus.SENT,
            context={},
        )
        for user in users
    )
    return users[0]
