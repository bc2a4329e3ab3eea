from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "hmc_portal.pages"
    label = "pages"
    verbose_name = _("Public pages")
