from django.urls import path

from . import views

app_name = "issuance"

urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("verify/<str:code>/", views.VerifyCodeView.as_view(), name="verify_code"),
]
