"""An applicant with rotation places and an unpaid deposit invoice, for the release tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from billing import services
from billing.models import Invoice, WireDeclaration
from tests.billing.refund_support import confirmed_request
from tests.billing.support import an_invoice
from tests.factories import ReviewableApplicationFactory, RotationRequestFactory

RELEASE_DAYS = 7


def overdue_invoice(*, days_late: int, total: int = 50000) -> Invoice:
    """An open deposit invoice due `days_late` days ago, of an application holding one
    confirmed place and waiting for another."""
    application = ReviewableApplicationFactory(status="confirmed")
    confirmed_request(application)
    RotationRequestFactory(application=application, rank=2)
    return an_invoice(total=total, application=application, due_in=-days_late)


def declared(invoice: Invoice, *, holds_until: datetime.date) -> WireDeclaration:
    """The applicant declares a wire; its hold ends on `holds_until` (the test's clock)."""
    declaration = services.declare_wire(invoice=invoice, by=invoice.application.applicant)
    WireDeclaration.objects.filter(pk=declaration.pk).update(holds_until=holds_until)
    declaration.refresh_from_db()
    return declaration


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)
