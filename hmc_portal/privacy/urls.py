from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("dashboard/privacy/", views.PrivacyView.as_view(), name="page"),
    path("dashboard/privacy/exports/", views.RequestExportView.as_view(), name="request_export"),
    path(
        "dashboard/privacy/exports/<id:pk>/download/",
        views.DownloadExportView.as_view(),
        name="download_export",
    ),
    path("dashboard/privacy/delete/", views.DeleteAccountView.as_view(), name="delete"),
    path(
        "dashboard/privacy/delete/cancel/",
        views.CancelDeletionView.as_view(),
        name="cancel_deletion",
    ),
]
