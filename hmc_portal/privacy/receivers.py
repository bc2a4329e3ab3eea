"""Signing in keeps the account: a waiting erasure is cancelled (the applicant was told so
when they asked), and the next page says so."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext

from .services.erasure import cancel_erasure


@receiver(user_logged_in, dispatch_uid="privacy.cancel_erasure_on_login")
def cancel_erasure_on_login(sender, request, user, **kwargs):
    if cancel_erasure(user=user, by=user) is not None and request is not None:
        messages.info(
            request,
            gettext(
                "Welcome back. You signed in, so your account will not be deleted; we have "
                "emailed you to confirm."
            ),
            fail_silently=True,  # a sign-in without a page to show it (a test's force_login)
        )
