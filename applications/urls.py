from django.urls import include, path

from .views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("", include("applications.document_urls")),
]
