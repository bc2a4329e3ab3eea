"""The admin app with PortalAdminSite as `admin.site` (listed in INSTALLED_APPS instead of
django.contrib.admin)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "hmc_portal.admin_mixins.PortalAdminSite"
