"""Admin pages link only where the viewer may go.

Django's admin links a related object wherever it shows one (a read-only foreign key, a
raw-id widget, an inline's "View" link) without asking whether the viewer may open its page,
and our own admin columns do the same (an activity log entry's object). Rather than guard
each of those, AdminLinkMiddleware reads every admin page a staff member gets and turns
each link to an admin page of a model they may not open (its list, change, history, add or
delete page) into its plain text. Links to pages that are not a model's (the index, custom
views) are left alone: their own view decides.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

ADMIN_NAMESPACE = "admin"
ADMIN_LINK = re.compile(
    r"<a\b[^>]*?\bhref=\"(?P<href>/admin/[^\"]*)\"[^>]*>(?P<text>.*?)</a>", re.DOTALL
)
# The model-admin page each URL name ends with, and the permission it needs.
PAGE_PERMISSION = {
    "_changelist": "has_view_or_change_permission",
    "_change": "has_view_or_change_permission",
    "_history": "has_view_or_change_permission",
    "_add": "has_add_permission",
    "_delete": "has_delete_permission",
}


def link_allowed(request: HttpRequest, href: str, cache: dict) -> bool:
    """Whether the viewer may open the admin page at `href` (True when it is not a model
    admin's page: the view behind it decides)."""
    path = urlsplit(unescape(href)).path
    try:
        match = resolve(path)
    except Resolver404:
        return True
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None:
        return True
    opts = model_admin.opts
    check = PAGE_PERMISSION.get(
        (match.url_name or "").removeprefix(f"{opts.app_label}_{opts.model_name}")
    )
    if check is None:
        return True
    key = (id(model_admin), check)
    if key not in cache:
        cache[key] = bool(getattr(model_admin, check)(request))
    return cache[key]


def strip_forbidden_links(request: HttpRequest, html: str) -> str:
    """`html` with every link to an admin page the viewer may not open replaced by its text."""
    cache: dict = {}

    def replace(match: re.Match) -> str:
        return match[0] if link_allowed(request, match["href"], cache) else match["text"]

    return ADMIN_LINK.sub(replace, html)


class AdminLinkMiddleware:
    """Applies strip_forbidden_links to the HTML admin pages staff (not superusers) get."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            match is not None
            and ADMIN_NAMESPACE in match.namespaces
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not user.is_superuser
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset)
            filtered = strip_forbidden_links(request, html)
            if filtered != html:
                response.content = filtered.encode(charset)
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
        return response
