"""Payments staff record by hand: a wire transfer that reached the bank, or a card taken on
the program office's terminal. The applicant's part is the wire instructions (and declaring
that they sent one: billing.services.declare_wire); staff record the payment in admin
(billing.services.record_manual_payment), with the bank's or terminal's reference."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import PaymentProvider, ProviderRefund, ProviderStart

METHOD_WIRE = "wire"
METHOD_CARD_TERMINAL = "card_terminal"
METHOD_OTHER = "other"
METHOD_CHOICES = [
    (METHOD_WIRE, _("Wire transfer")),
    (METHOD_CARD_TERMINAL, _("Card terminal")),
    (METHOD_OTHER, _("Other")),
]


def wire_instructions() -> str:
    return settings.BILLING_WIRE_INSTRUCTIONS.strip()


class ManualProvider(PaymentProvider):
    name = "manual"
    label = _("Wire transfer")
    template = "billing/providers/manual.html"

    def start(self, request, invoice) -> ProviderStart:
        return ProviderStart(instructions=wire_instructions())

    def refund(self, payment, amount, *, key: str = "") -> ProviderRefund:
        """Money received by wire or on the terminal goes back by wire: marked for staff to
        pay (billing.services.mark_refund_paid records the transfer's reference)."""
        return ProviderRefund(sent=False)
