from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "hmc_portal.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from hmc_portal.privacy.registry import shredders

        from .lockout import count_failed_login
        from .privacy import AccountShredder
        from .roles import sync_after_migrate
        from .second_factor import receivers  # noqa: F401 - connects the login receiver

        # The staff groups' permissions (roles.py) after every migrate and every flush.
        post_migrate.connect(sync_after_migrate, dispatch_uid="users.sync_staff_groups")
        # Failed logins towards the address and account limits (login_limits.py).
        user_login_failed.connect(count_failed_login, dispatch_uid="users.count_failed_login")
        # The account's own data, for the applicant's export and erasure (privacy.py).
        shredders.register(AccountShredder())
