from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreceptorsConfig(AppConfig):
    name = "preceptors"
    verbose_name = _("Preceptors")
