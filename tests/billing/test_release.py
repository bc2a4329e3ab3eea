"""Releasing the places of an applicant who has not paid: when a coordinator may, when a
declared wire still holds them, and what a release does."""

import pytest
from django.utils import timezone

from billing import services
from billing.errors import BillingError
from billing.models import Invoice, WireDeclaration
from hmc_portal.audit.models import ActivityLog
from hmc_portal.dates import written
from hmc_portal.notifications.models import Notification
from rotations.enums import CancelCause
from rotations.models import RotationRequest
from tests.factories import CoordinatorFactory, ReviewerFactory

from .release_support import RELEASE_DAYS, days_from_today, declared, overdue_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def release_after(settings):
    settings.BILLING_RELEASE_AFTER_DAYS = RELEASE_DAYS
    settings.BILLING_WIRE_HOLD_DAYS = 10


def active_requests(invoice: Invoice) -> int:
    return RotationRequest.objects.filter(
        application=invoice.application, status__in=["requested", "confirmed", "waitlisted"]
    ).count()


def assert_refused(invoice: Invoice, message: str, *, by=None) -> None:
    logs = ActivityLog.objects.count()
    with pytest.raises(BillingError) as refused:
        services.release_unpaid_places(invoice=invoice, by=by or CoordinatorFactory())
    assert str(refused.value) == message
    assert active_requests(invoice) == 2
    assert ActivityLog.objects.count() == logs


def test_a_release_cancels_every_place_logs_it_and_leaves_the_invoice_open(
    django_capture_on_commit_callbacks,
):
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    coordinator = CoordinatorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_unpaid_places(invoice=invoice, by=coordinator)

    assert len(released) == 2
    assert active_requests(invoice) == 0
    assert {request.cancel_cause for request in released} == {CancelCause.NON_PAYMENT}
    assert all(invoice.number in request.cancel_reason for request in released)
    log = ActivityLog.objects.get(verb="billing.places.released")
    assert (log.actor, log.object_id) == (coordinator, invoice.pk)
    assert log.data == {"invoice": invoice.number, "count": 2}
    invoice.refresh_from_db()
    assert invoice.status == "open"
    emailed = Notification.objects.filter(recipient=invoice.application.applicant)
    assert emailed.filter(template="rotation_places_released_non_payment").count() == 1


def test_the_day_after_due_plus_release_days_is_the_first_day():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    assert len(services.release_unpaid_places(invoice=invoice, by=CoordinatorFactory())) == 2


def test_on_due_plus_release_days_it_is_too_early():
    invoice = overdue_invoice(days_late=RELEASE_DAYS)
    assert_refused(invoice, f"Places can be released from {written(days_from_today(1), 'date')}.")


def test_an_invoice_not_yet_due_is_too_early():
    invoice = overdue_invoice(days_late=-3)
    first_day = days_from_today(3 + RELEASE_DAYS + 1)
    assert_refused(invoice, f"Places can be released from {written(first_day, 'date')}.")


def test_with_no_release_days_the_day_after_the_due_date_is_enough(settings):
    settings.BILLING_RELEASE_AFTER_DAYS = 0
    on_time = overdue_invoice(days_late=0)
    assert_refused(on_time, f"Places can be released from {written(days_from_today(1), 'date')}.")
    late = overdue_invoice(days_late=1)
    assert len(services.release_unpaid_places(invoice=late, by=CoordinatorFactory())) == 2


def test_a_paid_invoice_is_refused():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1, total=20000)
    services.record_manual_payment(
        invoice=invoice,
        amount=20000,
        reference="PAID-1",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    assert_refused(invoice, f"Invoice {invoice.number} is paid: its places are not released.")


def test_a_cancelled_invoice_is_refused():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    Invoice.objects.filter(pk=invoice.pk).update(status="cancelled")
    assert_refused(invoice, f"Invoice {invoice.number} is cancelled: its places are not released.")


def test_an_open_invoice_with_nothing_outstanding_is_refused():
    # An open invoice whose payments reach its total (a total corrected after the payment).
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1, total=20000)
    services.record_manual_payment(
        invoice=invoice,
        amount=10000,
        reference="PART-1",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    Invoice.objects.filter(pk=invoice.pk).update(total=10000)
    assert_refused(invoice, f"Invoice {invoice.number} has nothing outstanding.")


def test_a_wire_holding_the_places_through_today_refuses():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 5)
    declaration = declared(invoice, holds_until=days_from_today(0))
    name = invoice.bill_to_name
    assert_refused(
        invoice,
        f"{name} declared a wire transfer on {written(declaration.declared_at, 'date')}: "
        f"the places are held until {written(days_from_today(0), 'date')}.",
    )


def test_a_wire_whose_hold_ended_yesterday_no_longer_holds_even_before_the_clock_lapses_it():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 5)
    declaration = declared(invoice, holds_until=days_from_today(-1))
    assert declaration.status == "declared"
    assert len(services.release_unpaid_places(invoice=invoice, by=CoordinatorFactory())) == 2


def test_a_lapsed_hold_allows_the_release():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 15)
    declared(invoice, holds_until=days_from_today(-3))
    assert services.lapse_wire_declarations() == 1
    assert WireDeclaration.objects.get(invoice=invoice).status == "lapsed"
    assert len(services.release_unpaid_places(invoice=invoice, by=CoordinatorFactory())) == 2


def test_a_reviewer_is_refused():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    assert_refused(
        invoice,
        "Only the program office can release places for non-payment.",
        by=ReviewerFactory(),
    )


def test_nothing_left_to_release_is_refused_with_rotations_message():
    invoice = overdue_invoice(days_late=RELEASE_DAYS + 1)
    services.release_unpaid_places(invoice=invoice, by=CoordinatorFactory())
    logs = ActivityLog.objects.filter(verb="billing.places.released").count()
    with pytest.raises(BillingError, match="no rotation places to release"):
        services.release_unpaid_places(invoice=invoice, by=CoordinatorFactory())
    assert ActivityLog.objects.filter(verb="billing.places.released").count() == logs
