from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from hmc_portal.issuance import kinds

        # Registers the quote beside the rotation plan, the next step and the refund before
        # cancelling; connects the receivers (invoices and refunds).
        from . import next_steps, panels, receivers  # noqa: F401
        from .gates import register_gates

        # The visa invitation letter waits for the deposit (rotations.arrival.gates).
        register_gates()

        kinds.register("invoice", label=_("Invoice"))
        kinds.register("receipt", label=_("Receipt"))
        kinds.register("credit_note", label=_("Credit note"))

        from .privacy import register as register_privacy

        # One shredder per kind of an applicant's billing data.
        register_privacy()
