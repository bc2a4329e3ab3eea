"""Billing's condition of the visa invitation letter (rotations.arrival.gates): the deposit
is paid. Off when settings.VISA_LETTER_REQUIRES_DEPOSIT is False. Registered in
BillingConfig.ready."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rotations.arrival.gates import Gate, Unmet, register

from .enums import InvoiceKind, InvoiceStatus
from .models import Invoice


def deposit_paid(application) -> Unmet | None:
    """Unmet while a deposit invoice of the application is still open (or none was paid
    yet); met when its deposit is paid, when the program charges no deposit (no deposit
    invoice at all), or when the setting turns the gate off."""
    if not settings.VISA_LETTER_REQUIRES_DEPOSIT:
        return None
    deposits = Invoice.objects.filter(application=application, kind=InvoiceKind.DEPOSIT).exclude(
        status=InvoiceStatus.CANCELLED
    )
    if not deposits.filter(status=InvoiceStatus.OPEN).exists():
        return None
    return Unmet(
        name="deposit_paid",
        reason=_("Your deposit is not paid yet."),
        todo=_("Pay the deposit invoice on your payments page; the letter can follow."),
    )


def register_gates() -> None:
    register(Gate(name="deposit_paid", check=deposit_paid))
