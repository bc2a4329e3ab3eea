from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = _("Rotations")

    def ready(self) -> None:
        from . import panels, receivers  # noqa: F401 - connects receivers, registers panels
