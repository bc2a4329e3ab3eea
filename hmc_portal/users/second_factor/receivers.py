from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .selectors import requires_second_factor

# Set at login: does this session owe a second factor? (Staff always do; anyone else once
# enrolled.) Kept in the session so that an applicant's pages cost no extra query.
SESSION_KEY = "second_factor_required"


@receiver(user_logged_in, dispatch_uid="second_factor.remember_requirement")
def remember_requirement(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = requires_second_factor(user=user)
