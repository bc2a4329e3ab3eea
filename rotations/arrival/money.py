"""Amounts of travel and housing help: typed in dollars by a person, kept as integer cents.
Only US dollars: the program's housing is in Houston."""

from __future__ import annotations

import decimal

from django.utils import formats

CURRENCY = "USD"
# Nobody's monthly rent is more than this; a larger number is a typo (or a test of us).
MAX_CENTS = 5_000_000


def to_cents(amount: decimal.Decimal) -> int:
    """A decimal amount typed by a person ("850.50") in cents (85050), exactly."""
    return int((amount * 100).to_integral_value(decimal.ROUND_HALF_UP))


def written_money(cents: int | None, currency: str = CURRENCY) -> str:
    """`US$1,200` or `US$1,200.50`, grouped as the active language groups digits."""
    if cents is None:
        return ""
    places = 0 if cents % 100 == 0 else 2
    amount = decimal.Decimal(cents) / 100
    number = formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    symbol = "US$" if currency == "USD" else f"{currency} "
    return f"{symbol}{number}"
