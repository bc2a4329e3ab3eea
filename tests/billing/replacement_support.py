"""Blocks the program cancels, and replacement blocks, through the real services."""

from __future__ import annotations

import datetime

from billing import services
from rotations import services as rotation_services
from tests.factories import CoordinatorFactory, RotationFactory, next_monday
from tests.support.files import pdf_bytes, upload

from .refund_support import application, balance_invoice, confirmed_request, deposit_invoice, pay


def enrolled_with_one_block(fees, *, balance_paid: int):
    """Deposit $600 paid; one $1,500 block confirmed; its balance invoice ($1,000: the fee
    and the block less the deposit) paid `balance_paid`."""
    app = application()
    block = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [block.rotation], deposit)
    if balance_paid:
        pay(balance, balance_paid)
    return app, block, deposit, balance


def program_cancels(rotation_request, coordinator=None):
    rotation_services.cancel_rotation_request(
        rotation_request=rotation_request,
        by=coordinator or CoordinatorFactory(),
        reason="The preceptor is on leave.",
    )
    rotation_request.refresh_from_db()
    return rotation_request


def postpone(app, coordinator=None):
    """The applicant sends a visa refusal letter asking to postpone; staff verify it."""
    refusal = services.submit_visa_refusal(
        application=app,
        upload=upload("refusal.pdf", pdf_bytes()),
        choice="postpone",
        by=app.applicant,
    )
    return services.verify_visa_refusal(refusal=refusal, by=coordinator or CoordinatorFactory())


def replace_and_confirm(app, *, start_weeks: int = 12):
    """The applicant chooses a replacement block (a later one) and its preceptor confirms
    it: rotations sends replacement_confirmed."""
    start = next_monday(start_weeks)
    rotation = RotationFactory(start_date=start, end_date=start + datetime.timedelta(days=25))
    (request,) = rotation_services.choose_rotations(
        application=app, rotations=[rotation], by=app.applicant
    )
    rotation_services.confirm_rotation_request(rotation_request=request, by=rotation.preceptor.user)
    request.refresh_from_db()
    return request
