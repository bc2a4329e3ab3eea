"""The django-axes hooks named in settings (who a login attempt is, the lockout page) and the
counting of failures towards the wider limits of `login_limits`."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import login_limits


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The email a login attempt is for, as stored: failures for `Amina@Example.com` and
    `amina@example.com` count against the same account."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower() if isinstance(username, str) else username


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address: the socket's, or behind TRUSTED_PROXY_COUNT reverse proxies the
    entry they appended to X-Forwarded-For (entries further left are the client's own claim
    and can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def count_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    """Receiver of Django's user_login_failed: count a failure whose password was checked
    (not one refused by a lock, see LockoutBackend) against the address and the account. The
    failure that reaches a limit already gets the lockout page."""
    if request is None or getattr(request, "login_refused", False):
        return
    locks = login_limits.count_failure(
        ip_address=client_ip_address(request), username=lockout_username(request, credentials)
    )
    if locks:
        request.axes_locked_out = True  # AxesMiddleware answers with lockout_response
        request.axes_credentials = credentials


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The login page's "too many failed attempts" answer, in the site's look (429), saying
    which lock holds and how to get in now:

    - `address` (many accounts tried from this address): wait, or use another network; a
      password reset does not lift it, since it is not about one account;
    - `account` (many addresses tried this account): reset the password, or wait;
    - `pair` (django-axes: this account from this address): reset the password, or wait.
    """
    from axes.helpers import get_cool_off

    locks = login_limits.current_locks(
        ip_address=client_ip_address(request), username=lockout_username(request, credentials)
    )
    if locks.address:
        reason, minutes = "address", _minutes(locks.address)
    elif locks.account:
        reason, minutes = "account", _minutes(locks.account)
    else:
        cool_off = get_cool_off(request)
        reason = "pair"
        minutes = _minutes(cool_off.total_seconds()) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"reason": reason, "cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
