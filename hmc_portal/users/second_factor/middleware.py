from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .receivers import SESSION_KEY


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("accounts:two_factor"),  # /accounts/two-factor/ and the pages below it
        reverse("accounts:logout"),
        reverse("accounts:language"),
        reverse("admin:logout"),
        settings.STATIC_URL,
        "/healthz",
    )


class SecondFactorMiddleware:
    """A signed-in session that owes its second factor (staff always; a preceptor who
    enrolled) reaches no page but the second factor's own, logout and the language switch:
    anything else, admin included, redirects to /accounts/two-factor/?next=<the page>, which
    asks for the code, or has staff without an app set one up first.

    Comes after django_otp's OTPMiddleware (request.user.is_verified()).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and (user.is_staff or request.session.get(SESSION_KEY))
            and not user.is_verified()
        ):
            if self._exempt is None:
                self._exempt = _exempt_prefixes()
            if not request.path.startswith(self._exempt):
                target = reverse("accounts:two_factor")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
