"""A replacement block instead of a refund: the applicant's choice for a block the program
cancelled, postponing after a visa refusal, and the invoice of the replacement block."""

import pytest

from billing import services
from billing.enums import InvoiceKind, RefundRule, RefundStatus
from billing.errors import BillingError
from billing.models import CarriedPayment, Invoice, Refund
from billing.replacements import replacement_choices
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations import services as rotation_services
from rotations.enums import CancelCause
from rotations.models import ReplacementAllowance, RotationRequest
from tests.factories import CoordinatorFactory

from .refund_support import application, confirmed_request, schedule
from .replacement_support import (
    enrolled_with_one_block,
    postpone,
    program_cancels,
    replace_and_confirm,
)

pytestmark = pytest.mark.django_db


def logged(prefix):
    return list(
        ActivityLog.objects.filter(verb__startswith=prefix)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- the choice -----------------------------------------------------------------------------


def test_a_block_the_program_cancelled_offers_the_choice_with_what_was_paid():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)

    (choice,) = replacement_choices(application=app)

    assert (choice.rotation_request, choice.paid, choice.currency) == (block, 150000, "USD")


def test_choosing_a_replacement_keeps_the_payment_and_grants_the_allowance():
    fees = schedule()
    app, block, _deposit, balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)
    before = services.refundable(balance)

    carried = services.choose_replacement(rotation_request=block, by=app.applicant)

    assert (carried.application, carried.rotation_request, carried.amount, carried.currency) == (
        app,
        block,
        150000,
        "USD",
    )
    assert (
        list(Refund.objects.values_list("rule", "status"))
        == [(RefundRule.PROGRAM_CANCELLED, RefundStatus.REPLACED)] * Refund.objects.count()
    )
    # A replaced refund is not counted: what is left to refund on the invoice grows back.
    assert services.refundable(balance) > before
    allowance = ReplacementAllowance.objects.get(replaces=block)
    assert (allowance.application, allowance.status) == (app, "open")
    assert logged("billing.refund.replaced") == ["billing.refund.replaced"] * Refund.objects.count()
    assert logged("billing.payment.carried") == ["billing.payment.carried"]
    email = Notification.objects.get(template="replacement_chosen")
    assert (email.recipient, email.context["amount"]) == (app.applicant, "$1,500.00")
    assert replacement_choices(application=app) == []


def test_choosing_twice_is_refused_and_keeps_one_record():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)
    services.choose_replacement(rotation_request=block, by=app.applicant)

    with pytest.raises(BillingError, match="already"):
        services.choose_replacement(rotation_request=block, by=app.applicant)

    assert CarriedPayment.objects.count() == 1
    assert ReplacementAllowance.objects.count() == 1


def test_only_the_applicant_chooses_a_replacement():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)

    with pytest.raises(BillingError, match="Only the applicant"):
        services.choose_replacement(rotation_request=block, by=CoordinatorFactory())

    assert CarriedPayment.objects.count() == 0
    assert set(Refund.objects.values_list("status", flat=True)) == {RefundStatus.PROPOSED}


def test_a_block_the_applicant_cancelled_offers_no_replacement():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    rotation_services.cancel_rotation_request(
        rotation_request=block, by=app.applicant, reason="My exam moved."
    )

    assert replacement_choices(application=app) == []
    with pytest.raises(BillingError, match="no replacement block to choose"):
        services.choose_replacement(rotation_request=block, by=app.applicant)
    assert set(Refund.objects.values_list("rule", "status")) == {
        (RefundRule.AFTER_CONFIRMATION, RefundStatus.PROPOSED)
    }
    assert ReplacementAllowance.objects.count() == 0


def test_an_approved_refund_closes_the_choice():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)
    coordinator = CoordinatorFactory()
    for refund in Refund.objects.all():
        services.approve_refund(refund=refund, by=coordinator)

    assert replacement_choices(application=app) == []
    with pytest.raises(BillingError):
        services.choose_replacement(rotation_request=block, by=app.applicant)
    assert CarriedPayment.objects.count() == 0


def test_a_block_with_nothing_paid_offers_the_choice_and_keeps_nothing():
    schedule()
    app = application()
    block = program_cancels(confirmed_request(app))
    assert Refund.objects.count() == 0

    (choice,) = replacement_choices(application=app)
    carried = services.choose_replacement(rotation_request=block, by=app.applicant)

    assert (choice.paid, carried.amount) == (0, 0)
    assert ReplacementAllowance.objects.filter(replaces=block).exists()


# --- postponing after a visa refusal -------------------------------------------------------------


def test_postponing_releases_the_places_keeps_the_payment_and_proposes_no_refund():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)

    assert postpone(app) == []

    block.refresh_from_db()
    assert (block.status, block.cancel_cause) == ("cancelled", CancelCause.VISA_POSTPONED)
    assert Refund.objects.count() == 0
    carried = CarriedPayment.objects.get()
    assert (carried.rotation_request, carried.amount) == (block, 150000)
    assert ReplacementAllowance.objects.get().replaces == block
    email = Notification.objects.get(template="visa_refusal_decided")
    assert email.context["kept"] == [{"block": str(block.rotation), "amount": "$1,500.00"}]


def test_postponing_with_nothing_to_release_only_verifies_the_letter():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    rotation_services.cancel_rotation_request(
        rotation_request=block, by=app.applicant, reason="My exam moved."
    )
    proposed = Refund.objects.count()

    assert postpone(app) == []

    assert Refund.objects.count() == proposed
    assert CarriedPayment.objects.count() == 0
    assert app.visa_refusals.get().status == "verified"


# --- the replacement block's invoice ------------------------------------------------------


def test_a_confirmed_replacement_is_invoiced_like_the_old_block_less_what_was_paid():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=50000)
    program_cancels(block)
    carried = services.choose_replacement(rotation_request=block, by=app.applicant)
    assert carried.amount == 100000  # $500 on the balance, $500 of the deposit

    replacement = replace_and_confirm(app)

    invoice = Invoice.objects.get(kind=InvoiceKind.OTHER)
    assert invoice.total == 50000
    assert list(invoice.lines.order_by("position").values_list("amount", "rotation_id")) == [
        (150000, replacement.rotation_id),
        (-100000, None),
    ]
    assert invoice.lines.order_by("position").last().description.startswith("Less paid for ")
    carried.refresh_from_db()
    assert (carried.used_on, carried.used_at is not None) == (invoice, True)
    issued = Notification.objects.filter(template="invoice_issued", recipient=app.applicant)
    assert issued.filter(dedupe_key=f"invoice:{invoice.pk}:issued").exists()


def test_a_replacement_fully_paid_for_issues_no_invoice():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)
    carried = services.choose_replacement(rotation_request=block, by=app.applicant)

    replace_and_confirm(app)

    assert not Invoice.objects.filter(kind=InvoiceKind.OTHER).exists()
    carried.refresh_from_db()
    assert (carried.used_on, carried.used_at is not None) == (None, True)
    assert logged("billing.payment.carried_used") == ["billing.payment.carried_used"]


def test_after_postponing_the_later_block_is_invoiced_for_the_difference_only():
    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=50000)
    postpone(app)

    replace_and_confirm(app)

    invoice = Invoice.objects.get(kind=InvoiceKind.OTHER)
    assert invoice.total == 150000 - CarriedPayment.objects.get().amount
    assert RotationRequest.objects.filter(application=app, status="confirmed").count() == 1


def test_the_next_step_asks_for_the_choice_until_it_is_made():
    from django.utils import translation

    from applications.selectors.next_step import next_step

    fees = schedule()
    app, block, _deposit, _balance = enrolled_with_one_block(fees, balance_paid=100000)
    program_cancels(block)

    with translation.override("en"):
        answer = next_step(application=app)

    assert answer.state == "replacement_or_refund"
    assert answer.needs_action is True
    assert answer.action_url == "/dashboard/payments/refunds/"
    assert "Choose what you prefer: the refund of what you paid for it" in answer.sentence

    services.choose_replacement(rotation_request=block, by=app.applicant)

    with translation.override("en"):
        assert next_step(application=app).state == "replacement_to_choose"
