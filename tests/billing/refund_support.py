"""Invoices, payments and placements for the refund tests, through the real services."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from billing import services
from billing.services import LineSpec
from tests.factories import ApplicationFactory, RotationFactory, RotationRequestFactory, UserFactory

from .factories import FeeScheduleFactory

DUE = datetime.date(2027, 1, 15)
_references = itertools.count(1)


def schedule(**fields):
    """HMC's shape: $100 application fee, $1,500 a block, $500 deposit, 25 % kept."""
    values = {
        "application_fee": 10000,
        "block_price": 150000,
        "deposit": 50000,
        "retention_percent": 25,
        "valid_from": datetime.date(2020, 1, 1),
    }
    values.update(fields)
    return FeeScheduleFactory(**values)


def application(status="confirmed", **fields):
    return ApplicationFactory(
        applicant=UserFactory(first_name="Amina", last_name="Yusuf"), status=status, **fields
    )


def invoice(app, fee_schedule, lines, *, kind="deposit"):
    """An invoice of `lines` ((description, amount) or (description, amount, rotation))."""
    specs = [
        LineSpec(line[0], line[1], rotation_id=line[2].pk if len(line) > 2 else None)
        for line in lines
    ]
    return services.issue_invoice(
        application=app, schedule=fee_schedule, kind=kind, lines=specs, due_date=DUE
    )


def pay(inv, amount, *, provider="manual"):
    return services.record_payment(
        invoice=inv,
        provider=provider,
        amount=amount,
        currency=inv.currency,
        reference=f"WIRE-{next(_references)}",
        received_on=datetime.date(2026, 11, 2),
        method="wire",
    )


def confirmed_request(app, rotation=None, **fields):
    """A confirmed request holding one of the rotation's places."""
    rotation = rotation or RotationFactory(confirmed_count=1)
    values = {
        "status": "confirmed",
        "confirmed_at": timezone.now() - datetime.timedelta(days=1),
        **fields,
    }
    return RotationRequestFactory(application=app, rotation=rotation, **values)


def deposit_invoice(app, fee_schedule, *, fee=True):
    lines = [("Application fee", fee_schedule.application_fee)] if fee else []
    lines.append(("Deposit", fee_schedule.deposit))
    return invoice(app, fee_schedule, lines)


def balance_invoice(app, fee_schedule, rotations, earlier):
    """As billing issues it: the fee, the blocks, less the earlier invoice."""
    lines = [("Application fee", fee_schedule.application_fee)]
    lines += [(f"Block {n}", fee_schedule.block_price, r) for n, r in enumerate(rotations, 1)]
    lines.append((f"Less invoice {earlier.number}", -earlier.total))
    return invoice(app, fee_schedule, lines, kind="balance")
