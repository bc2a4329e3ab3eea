"""Every refund rule, with figures worked out by hand (billing.refunds.refund_for writes
nothing: these read its quote).

The schedule is HMC's shape: application fee $100.00, a block $1,500.00, deposit $500.00,
25 % kept after confirmation. The deposit invoice is fee + deposit = $600.00; the balance
invoice for two blocks is fee + 2 x $1,500 - $600 = $2,500.00.
"""

import pytest
from django.utils import timezone
from django.utils.translation import override

from billing.enums import RefundRule
from billing.refunds import Reason, refund_for, round_half_up_percent

from .refund_support import (
    application,
    balance_invoice,
    confirmed_request,
    deposit_invoice,
    invoice,
    pay,
    schedule,
)

pytestmark = pytest.mark.django_db


def quote(app, reason=Reason.WITHDRAW, **kwargs):
    return refund_for(application=app, reason=reason, now=timezone.now(), **kwargs)


def figures(q):
    return [(line.paid, line.kept, line.refunded, line.cancel) for line in q.lines]


@pytest.mark.parametrize(
    ("amount", "percent", "kept"),
    [(33333, 25, 8333), (33334, 25, 8334), (2, 25, 1), (1, 25, 0), (150000, 25, 37500), (99, 0, 0)],
)
def test_the_share_kept_rounds_half_up_to_the_cent(amount, percent, kept):
    # 33334 x 25 % = 8333.5 -> 8334; 33333 x 25 % = 8333.25 -> 8333; 2 x 25 % = 0.5 -> 1.
    assert round_half_up_percent(amount, percent) == kept


def test_before_confirmation_everything_but_the_application_fee_comes_back():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)

    q = quote(app)

    assert q.rule == RefundRule.BEFORE_CONFIRMATION
    assert figures(q) == [(60000, 10000, 50000, False)]
    assert (q.paid, q.kept, q.refunded) == (60000, 10000, 50000)
    assert q.explanation == (
        "You are cancelling before your placement is confirmed: everything you paid comes "
        "back except the application fee ($100.00). You paid $600.00; you get back $500.00."
    )


def test_before_confirmation_without_an_application_fee_everything_comes_back():
    fees = schedule(application_fee=0)
    app = application()
    deposit = deposit_invoice(app, fees, fee=False)
    pay(deposit, 50000)

    q = quote(app)

    assert q.rule == RefundRule.BEFORE_CONFIRMATION
    assert figures(q) == [(50000, 0, 50000, False)]
    assert "You paid $500.00; you get back $500.00." in q.explanation


def test_a_request_still_waiting_is_not_a_confirmed_placement():
    fees = schedule()
    app = application()
    pay(deposit_invoice(app, fees), 60000)
    confirmed_request(app, status="requested", confirmed_at=None)

    assert quote(app).rule == RefundRule.BEFORE_CONFIRMATION


def test_after_confirmation_the_program_keeps_the_fee_and_a_quarter_of_the_blocks():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    assert balance.total == 250000
    pay(balance, 250000)

    q = quote(app)

    assert q.rule == RefundRule.AFTER_CONFIRMATION
    # Deposit invoice: $100 fee kept, 25 % of $500 = $125 kept, $375 back.
    # Balance invoice: 25 % of $2,500 = $625 kept, $1,875 back.
    assert figures(q) == [(60000, 22500, 37500, False), (250000, 62500, 187500, False)]
    # In all: the fee and 25 % of the $3,000 of blocks are kept.
    assert (q.paid, q.kept, q.refunded) == (310000, 10000 + 75000, 225000)
    assert q.explanation == (
        "Your placement is confirmed, so the program keeps the application fee and 25 % of "
        "what you paid for your rotations: $850.00 in all. You paid $3,100.00; you get back "
        "$2,250.00."
    )


def test_after_confirmation_without_a_fee_the_share_kept_is_rounded_half_up():
    fees = schedule(application_fee=0)
    app = application()
    confirmed_request(app)
    odd = invoice(app, fees, [("Deposit", 33334)])
    pay(odd, 33334)

    q = quote(app)

    assert q.rule == RefundRule.AFTER_CONFIRMATION
    assert figures(q) == [(33334, 8334, 25000, False)]


def test_a_request_confirmed_then_released_still_counts_as_confirmed():
    # Withdrawing releases the requests before billing's receiver reads them.
    fees = schedule(application_fee=0)
    app = application()
    confirmed_request(app, status="cancelled")
    pay(deposit_invoice(app, fees, fee=False), 50000)

    q = quote(app)

    assert q.rule == RefundRule.AFTER_CONFIRMATION
    assert figures(q) == [(50000, 12500, 37500, False)]


def test_visa_denied_gives_back_everything_paid_including_the_fee():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation], deposit)
    pay(balance, balance.total)

    q = quote(app, Reason.VISA_DENIED)

    assert q.rule == RefundRule.VISA_DENIED
    assert figures(q) == [(60000, 0, 60000, False), (100000, 0, 100000, False)]
    assert q.refunded == 160000
    assert q.explanation == (
        "Your visa was denied: everything you paid comes back. You paid $1,600.00; you get "
        "back $1,600.00."
    )


def test_the_program_cancelling_one_block_of_two_gives_back_that_block():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    pay(balance, 250000)

    q = quote(app, Reason.PROGRAM_CANCELLED, rotation_request=second)

    assert q.rule == RefundRule.PROGRAM_CANCELLED
    assert [(line.invoice, line.rotation_id) for line in q.lines] == [(balance, second.rotation_id)]
    assert figures(q) == [(150000, 0, 150000, False)]


def test_the_applicant_cancelling_a_confirmed_block_keeps_a_quarter_for_the_program():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    pay(balance, 250000)

    q = quote(app, Reason.CANCEL_REQUEST, rotation_request=first)

    assert q.rule == RefundRule.AFTER_CONFIRMATION
    assert figures(q) == [(150000, 37500, 112500, False)]
    assert q.explanation == (
        "This rotation is confirmed, so the program keeps 25 % of what you paid for it "
        "($375.00). You paid $1,500.00 for it; you get back $1,125.00."
    )


def test_a_block_partly_paid_gives_back_only_what_was_paid():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation], deposit)
    pay(balance, 40000)  # of $1,000.00: $600 of the block is still unpaid

    q = quote(app, Reason.PROGRAM_CANCELLED, rotation_request=first)

    # Paid for the $1,500 block: $900 ($400 on the balance, $500 of the deposit; the
    # deposit invoice's $100 application fee is not the block's).
    assert [line.invoice for line in q.lines] == [balance, deposit]
    assert figures(q) == [(40000, 0, 40000, False), (50000, 0, 50000, False)]
    assert q.refunded == 90000


def test_a_single_block_paid_partly_by_the_deposit_comes_back_from_both_invoices():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation], deposit)
    assert balance.total == 100000  # $100 fee + $1,500 block - $600 deposit invoice
    pay(balance, 100000)

    q = quote(app, Reason.CANCEL_REQUEST, rotation_request=first)

    # 25 % of $1,000 and of $500 kept: $250 + $125; $750 + $375 back.
    assert [line.invoice for line in q.lines] == [balance, deposit]
    assert figures(q) == [(100000, 25000, 75000, False), (50000, 12500, 37500, False)]
    assert (q.paid, q.kept, q.refunded) == (150000, 37500, 112500)


def test_a_block_not_invoiced_yet_gives_back_nothing():
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    pay(deposit_invoice(app, fees), 60000)

    q = quote(app, Reason.CANCEL_REQUEST, rotation_request=first)

    assert q.lines == []
    assert q.refunded == 0
    assert q.explanation == "Nothing has been paid for this rotation yet, so nothing is refunded."


def test_nothing_paid_nothing_refunded_and_the_open_invoice_is_cancelled():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)

    q = quote(app)

    assert figures(q) == [(0, 0, 0, True)]
    assert q.to_cancel == [deposit]
    assert q.explanation == (
        "You have paid nothing yet, so nothing is refunded. Your open invoices are cancelled "
        "with it: you will owe nothing more on them."
    )


def test_a_partial_payment_keeps_the_fee_first_and_cancels_the_rest_owed():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 30000)  # of $600.00

    q = quote(app)

    assert q.rule == RefundRule.BEFORE_CONFIRMATION
    assert figures(q) == [(30000, 10000, 20000, True)]


def test_a_payment_smaller_than_the_fee_gives_back_nothing_before_confirmation():
    fees = schedule()
    app = application()
    pay(deposit_invoice(app, fees), 5000)

    assert figures(quote(app)) == [(5000, 5000, 0, True)]


def test_the_explanation_is_in_the_readers_language():
    fees = schedule()
    app = application()
    pay(deposit_invoice(app, fees), 60000)

    with override("es"):
        q = quote(app)

    assert q.explanation.startswith("Cancela antes de que se confirme su asignación")
    assert "600,00\xa0US$" in q.explanation
    assert "500,00\xa0US$" in q.explanation
