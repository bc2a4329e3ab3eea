"""Invoices for billing tests, made through the real services."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from pypdf import PdfReader

from applications.enums import ApplicationStatus
from billing import services
from billing.models import FeeSchedule, Invoice
from tests.billing.factories import FeeScheduleFactory
from tests.factories import ReviewableApplicationFactory
from tests.support.lifecycle import move_through


def schedule_in_force(**fields):
    """A schedule in force since last year (so it is the one in force today); a second one
    starts a day earlier than the first."""
    earlier = FeeSchedule.objects.count()
    fields.setdefault("valid_from", timezone.localdate() - datetime.timedelta(days=365 + earlier))
    return FeeScheduleFactory(**fields)


def accepted_application(**fields):
    application = ReviewableApplicationFactory(documents="verified", **fields)
    return move_through(application, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.ACCEPTED)


def an_invoice(*, total: int = 50000, application=None, schedule=None, due_in: int = 14) -> Invoice:
    application = application or ReviewableApplicationFactory(status="confirmed")
    schedule = schedule or schedule_in_force(deposit=total)
    return services.issue_invoice(
        application=application,
        schedule=schedule,
        kind="deposit",
        lines=[services.LineSpec("Deposit to secure your observership place", total)],
        due_date=timezone.localdate() + datetime.timedelta(days=due_in),
    )


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)
