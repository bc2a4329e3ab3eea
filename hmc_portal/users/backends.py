"""Authentication backends: the lockout checks in front of AccountBackend (Django's
ModelBackend, reading the account with its role)."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_credentials
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import login_limits
from .lockout import client_ip_address, lockout_username


class LockoutBackend(AxesStandaloneBackend):
    """Refuses to authenticate while a lock holds: the address's or the account's (Redis,
    login_limits), or this account from this address (django-axes).

    A refused attempt is marked `request.login_refused`, so that `lockout.count_failed_login`
    does not count it: only failures whose password was really checked count towards the
    wider limits.

    Every login a visitor can reach (our login page, the admin's) passes the request, so the
    checks see it. Code that calls `authenticate()` without one (Django's test client
    `login()`, a shell, a management command) has no visitor to lock out: axes would raise,
    this lets the next backend answer instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        credentials = get_credentials(username)
        locks = login_limits.current_locks(
            ip_address=client_ip_address(request),
            username=lockout_username(request, credentials),
        )
        if locks:
            request.login_refused = True
            request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
            request.axes_credentials = credentials
            raise AxesBackendPermissionDenied("A login limit holds for this address or account.")
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused = True
            raise


class AccountBackend(ModelBackend):
    """Django's ModelBackend, but the signed-in person's account is read with their
    preceptor profile, if any, joined: `User.role` decides the navigation of every page, and
    would otherwise cost a query of its own on each."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("preceptor").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
