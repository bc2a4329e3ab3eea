from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the receivers
