from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "hmc_portal.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from .roles import sync_after_migrate
        from .second_factor import receivers  # noqa: F401 - connects the login receiver

        # The staff groups' permissions (roles.py) after every migrate and every flush.
        post_migrate.connect(sync_after_migrate, dispatch_uid="users.sync_staff_groups")
