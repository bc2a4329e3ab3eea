from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("dashboard/privacy/", views.PrivacyView.as_view(), name="page"),
    path("dashboard/privacy/delete/", views.DeleteAccountView.as_view(), name="delete"),
    path(
        "dashboard/privacy/delete/cancel/",
        views.CancelDeletionView.as_view(),
        name="cancel_deletion",
    ),
]
