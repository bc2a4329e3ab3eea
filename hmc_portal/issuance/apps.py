from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuanceConfig(AppConfig):
    name = "hmc_portal.issuance"
    label = "issuance"
    verbose_name = _("Issued documents")

    def ready(self) -> None:
        from hmc_portal.privacy.registry import shredders

        from .privacy import IssuedDocumentsShredder

        shredders.register(IssuedDocumentsShredder())
