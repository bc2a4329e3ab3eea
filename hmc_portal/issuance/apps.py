from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuanceConfig(AppConfig):
    name = "hmc_portal.issuance"
    label = "issuance"
    verbose_name = _("Issued documents")
