"""The applicant's rights over their data: a copy of everything the portal holds about them
(export) and the erasure of their account. Each app that holds personal data registers a
`DataShredder` for each kind of it (registry.py) in its AppConfig.ready, so this core package
never imports an app: the export gathers every shredder's section, the erasure runs every
shredder, and the page lists what each one keeps. Pretix's "shredder" idea."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "hmc_portal.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from hmc_portal.panels import Panel, privacy

        from . import receivers  # noqa: F401 - signing in cancels a waiting erasure
        from .panels import erasure_context, export_panel_context
        from .registry import shredders
        from .shredders import DataExportsShredder

        shredders.register(DataExportsShredder())

        privacy.register(
            Panel(
                name="export",
                template="privacy/_export_panel.html",
                context=export_panel_context,
                order=10,
            )
        )
        # "Delete my account" on /dashboard/privacy/, below the copy of the data.
        privacy.register(
            Panel(
                name="erasure",
                template="privacy/_erasure_panel.html",
                context=erasure_context,
                order=20,
            )
        )
