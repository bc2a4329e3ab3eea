"""The arithmetic of a price: what a plan of rotation blocks costs under a fee schedule.

Every amount is an integer in the schedule currency's minor unit (cents); nothing here uses
a float. The rules, which /pricing/ states in words:

- Each block costs the most specific price of the schedule: specialty at the site, then the
  specialty, then the site, then the schedule's block price.
- Blocks are counted in date order (the earliest start is block 1; two blocks starting the
  same day keep the order they were given in). A discount "from block N" applies to block N
  and each one after it, until a discount from a later block takes over. A discount "for
  N specialties" applies to every block of a plan spanning at least N specialties.
- A block gets at most one discount: the one that takes the most off it.
- A percentage is rounded half up to the minor unit: (price * percent + 50) // 100. A fixed
  amount never takes a block below zero.
- The application fee is charged once, with the application. The deposit secures the place
  and is part of the blocks' total, not extra (never more than that total); the balance is
  the rest, due `balance_due_days` before the first block starts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from hmc_portal.dates import written

from .enums import DiscountBasis, DiscountKind
from .models import FeeDiscount, FeeSchedule
from .money import format_money


class Block(Protocol):
    """A 4-week block of a plan: a Rotation, or anything with these three attributes."""

    specialty: Any
    site: Any
    start_date: datetime.date


@dataclass(frozen=True)
class PlannedBlock:
    """A block that is not (yet) a Rotation: the worked example on /pricing/."""

    specialty: Any
    site: Any
    start_date: datetime.date


@dataclass(frozen=True)
class QuoteLine:
    position: int  # 1 = the earliest block
    description: str
    start_date: datetime.date
    list_price: int
    discount: int
    amount: int
    discount_label: str = ""


@dataclass(frozen=True)
class Quote:
    currency: str
    schedule_id: int | None
    lines: tuple[QuoteLine, ...]
    application_fee: int
    subtotal: int  # the blocks at their list prices
    discount_total: int
    blocks_total: int  # subtotal - discount_total
    total: int  # application_fee + blocks_total
    deposit: int  # part of blocks_total
    balance: int  # blocks_total - deposit
    balance_due: datetime.date | None  # first block's start - balance_due_days


def percent_of(amount: int, percent: int) -> int:
    """`percent` % of `amount`, rounded half up to the minor unit, in integers."""
    return (amount * percent + 50) // 100


def _key(obj: Any) -> int | None:
    return None if obj is None else getattr(obj, "pk", obj)


def block_price(*, schedule: FeeSchedule, specialty: Any, site: Any) -> int:
    """The price of one block of `specialty` at `site` (instances or ids): specialty and
    site, then specialty, then site, then the schedule's block price."""
    # schedule.block_prices.all() is prefetched by billing.selectors: no query per block.
    prices = {(row.specialty_id, row.site_id): row.price for row in schedule.block_prices.all()}
    specialty_id, site_id = _key(specialty), _key(site)
    for key in ((specialty_id, site_id), (specialty_id, None), (None, site_id)):
        if key in prices:
            return prices[key]
    return schedule.block_price


def _discount_off(discount: FeeDiscount, price: int) -> int:
    if discount.kind == DiscountKind.PERCENT:
        return percent_of(price, discount.value)
    return min(discount.value, price)


def discount_label(discount: FeeDiscount, currency: str) -> str:
    """The discount in words, e.g. "From block 2 on: 10 % off" (or "<its label>: 10 % off")."""
    if discount.kind == DiscountKind.PERCENT:
        value = _("%(percent)s %% off") % {"percent": discount.value}
    else:
        value = _("%(amount)s off") % {"amount": format_money(discount.value, currency)}
    if discount.label:
        return _("%(label)s: %(value)s") % {"label": discount.label, "value": value}
    if discount.basis == DiscountBasis.SPECIALTIES:
        return _("Plans with %(count)s or more specialties: %(value)s per block") % {
            "count": discount.min_specialties,
            "value": value,
        }
    return _("From block %(number)s on: %(value)s") % {
        "number": discount.from_block,
        "value": value,
    }


def block_description(block: Block) -> str:
    """A block as a quote's (and an invoice's) line names it, in the active language."""
    date = written(block.start_date, "short")
    if block.site is None:
        return _("%(specialty)s, 4 weeks from %(date)s") % {
            "specialty": block.specialty,
            "date": date,
        }
    return _("%(specialty)s · %(site)s, 4 weeks from %(date)s") % {
        "specialty": block.specialty,
        "site": block.site,
        "date": date,
    }


def quote_plan(*, schedule: FeeSchedule, blocks: Sequence[Block]) -> Quote:
    """What `blocks` cost under `schedule`: one line per block in date order, the discounts,
    the application fee, the deposit and the balance with its due date. Reads the schedule's
    prices and discounts (prefetch them: billing.selectors does); writes nothing."""
    ordered = sorted(enumerate(blocks), key=lambda item: (item[1].start_date, item[0]))
    discounts = list(schedule.discounts.all())
    by_block = sorted(
        (d for d in discounts if d.basis == DiscountBasis.BLOCK), key=lambda d: d.from_block
    )
    specialty_count = len({_key(block.specialty) for block in blocks})
    by_specialties = [
        d
        for d in discounts
        if d.basis == DiscountBasis.SPECIALTIES and d.min_specialties <= specialty_count
    ]
    for_specialties = max(by_specialties, key=lambda d: d.min_specialties, default=None)

    lines = []
    for position, (_index, block) in enumerate(ordered, start=1):
        price = block_price(schedule=schedule, specialty=block.specialty, site=block.site)
        applicable = [d for d in by_block if d.from_block <= position][-1:]
        if for_specialties is not None:
            applicable.append(for_specialties)
        best, off = None, 0
        for discount in applicable:
            amount = _discount_off(discount, price)
            if amount > off:
                best, off = discount, amount
        lines.append(
            QuoteLine(
                position=position,
                description=block_description(block),
                start_date=block.start_date,
                list_price=price,
                discount=off,
                amount=price - off,
                discount_label=discount_label(best, schedule.currency) if best else "",
            )
        )
    subtotal = sum(line.list_price for line in lines)
    discount_total = sum(line.discount for line in lines)
    blocks_total = subtotal - discount_total
    deposit = min(schedule.deposit, blocks_total)
    first_start = ordered[0][1].start_date if ordered else None
    return Quote(
        currency=schedule.currency,
        schedule_id=schedule.pk,
        lines=tuple(lines),
        application_fee=schedule.application_fee,
        subtotal=subtotal,
        discount_total=discount_total,
        blocks_total=blocks_total,
        total=schedule.application_fee + blocks_total,
        deposit=deposit,
        balance=blocks_total - deposit,
        balance_due=(
            first_start - datetime.timedelta(days=schedule.balance_due_days)
            if first_start
            else None
        ),
    )
