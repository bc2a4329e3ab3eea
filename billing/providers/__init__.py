"""Ways to pay an invoice. Each provider is a billing.providers.base.PaymentProvider,
registered by name here; the payments page offers every available one (in registration
order). The manual provider (wire transfer, card terminal) is always there; a provider that
needs configuration (Stripe) says so through is_available()."""

from __future__ import annotations

from .base import PaymentProvider, ProviderRefund, ProviderStart, RefundNotSupported
from .manual import ManualProvider
from .stripe import StripeProvider

_registry: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    """Add a provider (idempotent by name: a second one of the same name replaces it)."""
    _registry[provider.name] = provider
    return provider


def get(name: str) -> PaymentProvider | None:
    return _registry.get(name)


def all_providers() -> list[PaymentProvider]:
    return list(_registry.values())


def available() -> list[PaymentProvider]:
    """The providers an applicant may use now, in registration order."""
    return [provider for provider in _registry.values() if provider.is_available()]


def choices() -> list[tuple[str, str]]:
    return [(provider.name, str(provider.label)) for provider in _registry.values()]


register(ManualProvider())
register(StripeProvider())

__all__ = [
    "ManualProvider",
    "PaymentProvider",
    "ProviderRefund",
    "ProviderStart",
    "StripeProvider",
    "RefundNotSupported",
    "all_providers",
    "available",
    "choices",
    "get",
    "register",
]
