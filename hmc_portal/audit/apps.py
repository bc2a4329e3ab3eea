from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hmc_portal.audit"
    label = "audit"
    verbose_name = _("Activity log")

    def ready(self) -> None:
        from hmc_portal.privacy.registry import shredders

        from .privacy import ActivityShredder

        shredders.register(ActivityShredder())
