from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "hmc_portal.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from hmc_portal.panels import Panel, privacy

        from . import receivers  # noqa: F401 - signing in cancels a waiting erasure
        from .panels import erasure_context

        # "Delete my account" on /dashboard/privacy/, below the copy of the data.
        privacy.register(
            Panel(
                name="erasure",
                template="privacy/_erasure_panel.html",
                context=erasure_context,
                order=20,
            )
        )
