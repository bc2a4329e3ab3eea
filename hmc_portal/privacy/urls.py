from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("dashboard/privacy/", views.PrivacyView.as_view(), name="page"),
]
