from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = "Rotations"

    def ready(self) -> None:
        from . import panels, receivers  # noqa: F401 - connects receivers, registers panels
