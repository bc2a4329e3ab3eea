from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .second_factor import views as second_factor

# Mounted at /accounts/. The names are Django's where Django's auth views expect them.
app_name = "accounts"

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/done/", views.SignupDoneView.as_view(), name="signup_done"),
    # Before verify/<token>/, which would otherwise take "resend" for a token.
    path("verify/resend/", views.ResendVerificationView.as_view(), name="resend_verification"),
    path(
        "verify/resend/done/",
        views.ResendVerificationDoneView.as_view(),
        name="resend_verification_done",
    ),
    path("verify/<str:token>/", views.VerifyEmailView.as_view(), name="verify_email"),
    path("language/", views.set_language, name="language"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    # The second factor: staff must, preceptors may (second_factor/).
    path("two-factor/", second_factor.SecondFactorView.as_view(), name="two_factor"),
    path("two-factor/setup/", second_factor.SetupView.as_view(), name="two_factor_setup"),
    path("two-factor/saved/", second_factor.CodesSavedView.as_view(), name="two_factor_saved"),
    path("two-factor/verify/", second_factor.VerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/recovery/", second_factor.RecoveryView.as_view(), name="two_factor_recovery"),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
