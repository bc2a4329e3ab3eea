"""The interface every payment provider implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from billing.models import Invoice, Payment


@dataclass(frozen=True)
class ProviderRefund:
    """What a provider did with a refund: `sent` when it took the money back to the
    payer's card or account itself (with its `reference`); not sent when staff pay it by
    wire."""

    sent: bool
    reference: str = ""


class RefundNotSupported(Exception):
    """The provider cannot send this refund itself: staff pay it by wire."""


@dataclass(frozen=True)
class ProviderStart:
    """What starting a payment gives the applicant: either a page to go to (a hosted
    checkout) or instructions to follow (a wire transfer), never both."""

    redirect_url: str = ""
    instructions: str = ""
    extra: dict = field(default_factory=dict)


class PaymentProvider:
    """A way to pay. `name` is stored in Payment.provider; `label` is what a person reads.

    is_available(): whether applicants may use it now (configured, switched on).
    start(request, invoice): begin paying `invoice` for its balance; returns a ProviderStart.
    `template`: the partial the payments page includes for this provider's action (it gets
    `provider`, `invoice` and `balance` in its context); the page iterates over the
    available providers, so a new provider only registers itself and brings its partial.
    `applicant_can_start`: False for a provider only staff use (a card terminal).
    refund(payment, amount, key=...): give `amount` (cents, at most the payment's) of
    `payment` back; returns a ProviderRefund. `key` names the refund, so sending it again
    (a retry) never refunds twice. Called by billing.services.approve_refund inside its
    transaction, as its last step. A provider that cannot raises RefundNotSupported and the
    refund stays approved for staff to pay by wire.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str | Promise] = ""
    template: ClassVar[str] = ""
    applicant_can_start: ClassVar[bool] = True

    def is_available(self) -> bool:
        return True

    def start(self, request: HttpRequest, invoice: Invoice) -> ProviderStart:
        raise NotImplementedError

    def refund(self, payment: Payment, amount: int, *, key: str = "") -> ProviderRefund:
        raise RefundNotSupported(self.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
