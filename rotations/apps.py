from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = _("Rotations")

    def ready(self) -> None:
        # Connects receivers, registers the dashboard panels and the next-step provider.
        from . import next_steps, panels, receivers  # noqa: F401
        from .arrival import compliance_panels  # noqa: F401
