from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreceptorsConfig(AppConfig):
    name = "preceptors"
    verbose_name = _("Preceptors")

    def ready(self) -> None:
        # Registers the letters' panels on the dashboard and the preceptor portal, and
        # keeps the public pages' cache in step with the preceptors' profiles.
        from . import receivers  # noqa: F401
        from .letters import panels  # noqa: F401
        from .privacy import register as register_privacy

        # The shredder of the letters an applicant requested.
        register_privacy()
