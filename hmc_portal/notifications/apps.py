from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hmc_portal.notifications"
    label = "notifications"
    verbose_name = _("Email outbox")
