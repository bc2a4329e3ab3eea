from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

admin.site.site_header = format_lazy(_("{site_name} — staff"), site_name=settings.SITE_NAME)
# The application list is wide (documents, next interview): give it the whole screen.
admin.site.enable_nav_sidebar = False
admin.site.site_title = _("Observership portal staff")
admin.site.index_title = _("Review and placement")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("hmc_portal.users.urls")),
    path("", include("applications.urls")),
    path("", include("rotations.urls")),
    path("", include("preceptors.urls")),
    path("", include("billing.urls")),
    path("", include("events.urls")),
    path("", include("hmc_portal.issuance.urls")),
    path("", include("hmc_portal.privacy.urls")),
    path("", include("hmc_portal.pages.urls")),
]

handler400 = "hmc_portal.pages.views.bad_request"
handler403 = "hmc_portal.pages.views.permission_denied"
handler404 = "hmc_portal.pages.views.page_not_found"
handler500 = "hmc_portal.pages.views.server_error"
