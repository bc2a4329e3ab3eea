"""Authentication backends: django-axes's lockout check in front of Django's ModelBackend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses to authenticate a locked-out account or address (django-axes).

    Every login a visitor can reach (our login page, the admin's) passes the request, so axes
    sees it. Code that calls `authenticate()` without one (Django's test client `login()`, a
    shell, a management command) has no visitor to lock out: axes would raise, this lets the
    next backend answer instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
