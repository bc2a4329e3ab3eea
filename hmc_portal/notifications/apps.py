from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hmc_portal.notifications"
    label = "notifications"
    verbose_name = _("Email outbox")

    def ready(self) -> None:
        from hmc_portal.privacy.registry import shredders

        from .privacy import NotificationsShredder

        shredders.register(NotificationsShredder())
