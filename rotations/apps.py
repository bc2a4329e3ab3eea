from django.apps import AppConfig


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = "Rotations"

    def ready(self) -> None:
        # Connects receivers, registers the dashboard panels and the next-step provider.
        from . import next_steps, panels, receivers  # noqa: F401
