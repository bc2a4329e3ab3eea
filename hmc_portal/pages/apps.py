from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "hmc_portal.pages"
    label = "pages"
    verbose_name = "Public pages"
