from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} — staff"
# The application list is wide (documents, next interview): give it the whole screen.
admin.site.enable_nav_sidebar = False
admin.site.site_title = "Observership portal staff"
admin.site.index_title = "Review and placement"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("hmc_portal.users.urls")),
    path("", include("applications.urls")),
    path("", include("rotations.urls")),
    path("", include("preceptors.urls")),
    path("", include("hmc_portal.pages.urls")),
]

handler403 = "hmc_portal.pages.views.permission_denied"
handler404 = "hmc_portal.pages.views.page_not_found"
handler500 = "hmc_portal.pages.views.server_error"
