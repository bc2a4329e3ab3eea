"""Demo data of the applicant's privacy (hmc_portal.privacy), seeded by hmc_portal.demo.seed:

- `rahul@example.com` asked five days ago for his account to be deleted: the erasure is
  scheduled in nine days (signing in as him cancels it, as it would for him);
- `aisha@example.com` (a completed observer) has a copy of her data ready to download,
  built by the same service as a real request (so the ZIP holds her documents,
  certificate, invoices and emails);
- `pedro@example.com` took his offer, paid his deposit, then wrote to the program office to
  have his account erased, which the coordinator did from admin: staff see under Privacy ›
  Erasure requests what remains (the invoice and its payment, with no name on them).

Pedro cannot sign in any more, and his address is gone from the database by design, so the
demo recognises his erasure by its reason when it runs again."""

from __future__ import annotations

import datetime

from django.utils import timezone

from applications.enums import ApplicationStatus
from billing import services as billing_services

from .demo_data import DemoPerson
from .privacy import services as privacy_services
from .privacy.models import DataExport, ErasureRequest, ErasureStatus, ExportStatus
from .privacy.services.erasure import erase_account_now, request_erasure
from .users.models import User

READY_EXPORT = "aisha@example.com"
SCHEDULED = "rahul@example.com"
SCHEDULED_DAYS_AGO = 5  # with the 14-day wait: erased in nine days
ERASED = (
    DemoPerson("pedro@example.com", "Pedro", "Gómez", "Europe/Madrid", "es"),
    "ES",  # Spain: the GDPR's right to erasure
    "Universidad Complutense de Madrid",
    2022,
)
ERASED_REASON = "Letter received by mail on 20 November (demo), signature checked."
ERASED_PATH = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONFIRMED,
]


def seed_privacy(*, coordinator, password: str, make_applicant, pay) -> None:
    """Once each: Rahul's scheduled erasure, Pedro's erased account (see the module's
    docstring). `make_applicant(person, country, school, year, path)` creates an applicant
    whose application went through `path`; `pay(application, reference, coordinator)` pays
    its open invoices."""
    _schedule(password)
    _erase_by_mail(coordinator, make_applicant, pay)
    _ready_export()  # last: Aisha's copy of her data holds everything seeded before


def _ready_export() -> None:
    user = User.objects.filter(email=READY_EXPORT).first()
    if user is None or DataExport.objects.filter(user=user, status=ExportStatus.READY).exists():
        return
    export = DataExport.objects.filter(user=user, status=ExportStatus.REQUESTED).first()
    if export is None:
        export = privacy_services.request_export(user=user)
    privacy_services.build_export(export_id=export.pk)


def _schedule(password: str) -> None:
    user = User.objects.filter(email=SCHEDULED).first()
    if user is None or ErasureRequest.objects.filter(user=user).exists():
        return
    erasure = request_erasure(user=user, password=password)
    asked = timezone.now() - datetime.timedelta(days=SCHEDULED_DAYS_AGO)
    ErasureRequest.objects.filter(pk=erasure.pk).update(
        requested_at=asked, erase_after=asked + (erasure.erase_after - erasure.requested_at)
    )


def _erase_by_mail(coordinator, make_applicant, pay) -> None:
    if ErasureRequest.objects.filter(status=ErasureStatus.DONE, reason=ERASED_REASON).exists():
        return
    person, country, school, year = ERASED
    applicant, application = make_applicant(person, country, school, year, ERASED_PATH)
    billing_services.invoice_offer_taken(application=application, by=None)
    pay(application, f"BBVA-ES-{application.pk}", coordinator)
    erase_account_now(user=applicant, by=coordinator, reason=ERASED_REASON)
