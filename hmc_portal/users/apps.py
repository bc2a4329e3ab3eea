from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "hmc_portal.users"
    label = "users"
    verbose_name = "Users"
