"""Response headers every page needs and no view should have to remember.

- Personal pages are never stored by a browser or a proxy: any response to a signed-in
  person, and any response its view marked private (``never_cache``, a document download,
  the signed one-click pages a preceptor opens without logging in), gets
  ``Cache-Control: no-store, private`` and ``Vary: Cookie``. Anonymous public pages keep
  the caching they had.
- ``Permissions-Policy`` on every response turns off the browser features the site never
  uses (settings.PERMISSIONS_POLICY). A view whose page needs one of them says so on its
  response (``allow_camera``: the document uploads, where a phone may take the photo); the
  middleware keeps a header a view set.
- Django admin runs under its own Content Security Policy
  (settings.ADMIN_CONTENT_SECURITY_POLICY): the public policy plus a per-request nonce for
  the few inline scripts of admin templates, still without 'unsafe-inline'.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in sorted(policy.items())
    )


def allow_features(response, *features: str):
    """Let this response's page use `features` (e.g. "camera") from the site's own origin,
    every other feature staying off as settings.PERMISSIONS_POLICY says."""
    policy = {**settings.PERMISSIONS_POLICY, **{feature: ["self"] for feature in features}}
    response["Permissions-Policy"] = permissions_policy_header(policy)
    return response


def allow_camera(response):
    """The documents pages: a photo of a passport is taken with the phone's camera."""
    return allow_features(response, "camera")


def is_personal(request, response) -> bool:
    """Whether the response is somebody's own: a signed-in viewer, or a view that said so."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    directives = {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    return bool(directives & {"private", "no-store"})


class SecurityHeadersMiddleware:
    """Cache-Control for personal pages and the Permissions-Policy header (see the module).
    Sits near the top of MIDDLEWARE so that it also sees the responses of the middleware
    below it (static files, the lockout page); reads `request.user` set further down."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            patch_cache_control(response, no_store=True, private=True)
            # A max-age left by a view must not let any cache keep the page.
            response["Cache-Control"] = ", ".join(
                part
                for part in response["Cache-Control"].split(", ")
                if part.split("=")[0] not in {"max-age", "s-maxage"}
            )
            patch_vary_headers(response, ["Cookie"])
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


def is_admin_request(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.app_names[:1] == ["admin"])


class AdminContentSecurityPolicyMiddleware:
    """Serves Django admin pages under settings.ADMIN_CONTENT_SECURITY_POLICY instead of the
    public policy. Comes after csp.middleware.CSPMiddleware in MIDDLEWARE, so the policy is
    chosen before that middleware writes the header; a view's own csp_* decorator wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_request(request) and getattr(response, "_csp_config", None) is None:
            response._csp_config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return response
