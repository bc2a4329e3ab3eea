"""Billing's refund proposal follows why a block was cancelled (rotations' CancelCause), not
who pressed the button: staff cancelling at the applicant's request keep the program's
share; a release for non-payment or a visa refusal proposes nothing."""

import pytest

from billing.enums import RefundRule, RefundStatus
from billing.models import Refund
from rotations import services as rotation_services
from rotations.enums import CancelCause
from tests.factories import CoordinatorFactory

from .refund_support import application, balance_invoice, confirmed_request, deposit_invoice, pay
from .refund_support import schedule as fee_schedule

pytestmark = pytest.mark.django_db


def enrolled_with_two_blocks():
    fees = fee_schedule()
    app = application(status="enrolled")
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    pay(balance, 250000)
    return app, first, second


def refunds():
    return list(Refund.objects.order_by("pk").values_list("amount", "rule", "status"))


def test_staff_cancelling_for_the_applicant_keeps_the_programs_share():
    _app, first, _second = enrolled_with_two_blocks()

    rotation_services.cancel_rotation_request(
        rotation_request=first, by=CoordinatorFactory(), cause=CancelCause.APPLICANT
    )

    assert refunds() == [(112500, RefundRule.AFTER_CONFIRMATION, RefundStatus.PROPOSED)]


@pytest.mark.parametrize("cause", [CancelCause.NON_PAYMENT, CancelCause.VISA_POSTPONED])
def test_a_release_proposes_no_refund(cause):
    app, first, second = enrolled_with_two_blocks()

    released = rotation_services.release_places(
        application=app, by=CoordinatorFactory(), cause=cause, reason=""
    )

    assert {r.pk for r in released} == {first.pk, second.pk}
    assert refunds() == []


@pytest.mark.parametrize("cause", [CancelCause.NON_PAYMENT, CancelCause.VISA_POSTPONED])
def test_one_block_cancelled_for_a_release_cause_proposes_no_refund(cause):
    _app, first, _second = enrolled_with_two_blocks()

    rotation_services.cancel_rotation_request(
        rotation_request=first, by=CoordinatorFactory(), cause=cause
    )

    assert refunds() == []
