"""Money for people to read: an integer amount in the currency's minor unit, written in the
viewer's language ("$1,200.00" in English, "1 200,00 US$" in Spanish).

A small formatter on Django's own number formats (the separators the rest of the site uses)
rather than Babel: the portal bills in a handful of currencies, and integer arithmetic here
means no float ever touches an amount.
"""

from __future__ import annotations

from django.utils import formats, translation

# ISO 4217 currencies whose minor unit is not the cent (most have two decimals).
MINOR_DIGITS = {"JPY": 0, "KRW": 0, "CLP": 0, "VND": 0, "ISK": 0, "KWD": 3, "BHD": 3, "JOD": 3}
# The symbol each language writes; a currency not listed is written as its code.
SYMBOLS = {
    "en": {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "MXN": "MX$"},
    "es": {"USD": "US$", "EUR": "€", "GBP": "GBP", "CAD": "CA$", "MXN": "MXN"},
}
# Languages that write the symbol after the number (with a non-breaking space).
SYMBOL_AFTER = {"es"}


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


def format_money(amount: int, currency: str, *, language: str | None = None) -> str:
    """`amount` minor units of `currency` in `language` (default: the active one)."""
    language = (language or translation.get_language() or "en").split("-")[0]
    digits = minor_digits(currency)
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(int(amount)), 10**digits)
    with translation.override(language):
        number = formats.number_format(major, force_grouping=True)
        if digits:
            decimal = formats.get_format("DECIMAL_SEPARATOR")
            number = f"{number}{decimal}{minor:0{digits}d}"
    symbol = SYMBOLS.get(language, SYMBOLS["en"]).get(currency, currency)
    if language in SYMBOL_AFTER:
        return f"{sign}{number}\u00a0{symbol}"
    if symbol == currency:
        return f"{sign}{symbol}\u00a0{number}"
    return f"{sign}{symbol}{number}"
