from django import template

from billing.money import format_money
from billing.quotes import discount_label

register = template.Library()


@register.filter
def money(amount, currency):
    """{{ amount|money:currency }}: minor units written in the active language."""
    if amount is None or amount == "":
        return ""
    return format_money(int(amount), currency)


@register.filter
def discount_words(discount, currency):
    """{{ discount|discount_words:currency }}: "From block 2 on: 10 % off"."""
    return discount_label(discount, currency)
