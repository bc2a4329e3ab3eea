"""The machinery of the role x URL matrix (test_role_matrix.py holds the expectations):
walking the URL resolver, filling each pattern with real ids of the world's objects,
requesting it as each role, and reading the outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.world import World

# The roles, in the order of every row of the table. "applicant" and "preceptor" own the
# objects whose ids fill the patterns; the "other_" ones are someone else.
ROLES = (
    "anonymous",
    "applicant",
    "other_applicant",
    "preceptor",
    "other_preceptor",
    "reviewer",
    "coordinator",
)
LOGIN = "login"  # a redirect to a login page (the site's or the admin's)
MISSING = 999999  # the id given to a model with no row
ADMIN_MODEL_PAGES = ("changelist", "add", "change", "delete", "history")
# A model's unnamed admin pattern "<id>/" only redirects to "<id>/change/".


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole route, from the root: the table's key
    name: str  # "namespace:name" ("" for an unnamed one)
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def model_admin(self):
        return getattr(self.callback, "model_admin", None)

    @property
    def admin_page(self) -> str | None:
        """changelist, add, change, delete, history (or redirect, for the unnamed "<id>/"
        pattern) for a model admin's own pages; None for any other."""
        model_admin = self.model_admin
        if model_admin is None or not self.route.startswith("admin/"):
            return None
        if not self.name:
            return "redirect"
        opts = model_admin.opts
        page = self.name.removeprefix(f"admin:{opts.app_label}_{opts.model_name}_")
        return page if page in ADMIN_MODEL_PAGES else None

    @property
    def takes_post(self) -> bool:
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            return hasattr(view_class, "post") and "post" in view_class.http_method_names
        return True  # a function view: try it


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern of the project, admin's included, with its whole route."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            found += walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = namespace + entry.name if entry.name else ""
            found.append(Pattern(prefix + str(entry.pattern), name, entry.callback))
    return found


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<regex>\w+)>[^)]*\)")


def admin_object_id(pattern: Pattern, world: World) -> int:
    """The id of an object of the pattern's model: the owner's where the model is theirs."""
    if pattern.name == "admin:view_on_site":
        return world.applicants[0].objects["application"].pk
    app_label, model_name = pattern.route.split("/")[1:3]
    model = apps.get_model(app_label, model_name)
    owned = world.applicants[0].objects | world.preceptors[0].objects
    for obj in owned.values():
        if type(obj) is model:
            return obj.pk
    if model is type(world.applicants[0].user):
        return world.applicants[0].user.pk
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return first or MISSING


def fill(pattern: Pattern, world: World) -> str:
    """The pattern's path with each parameter given a real value: the ids of the
    applicant's and the preceptor's objects (someone else's, for the other roles)."""
    mine = world.applicants[0].objects
    route = pattern.route.replace("^", "").replace("$", "")

    def value(match: re.Match) -> str:
        name = match["name"] or match["regex"]
        if name in ("object_id", "id"):
            return str(admin_object_id(pattern, world))
        if name == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            return str(ContentType.objects.get_for_model(type(mine["application"])).pk)
        if name == "app_label":
            return "applications"
        if name == "url":
            return "nothing-here/"
        if name == "to":
            return "enrolled"
        if name == "step":
            return "personal"
        if name in ("token", "uidb64"):
            return "not-a-real-token"
        if name == "code":
            return world.applicants[1].objects["issued_document"].grouped_code
        if name == "document_pk":
            return str(mine["document"].pk)
        if name == "pk":
            for prefix, key in PK_SOURCES:
                if route.startswith(prefix):
                    return str(mine[key].pk) if key in mine else str(key(world))
        raise AssertionError(f"No value for <{name}> in {pattern.route}")

    return "/" + PARAMETER.sub(value, route)


# Which object a <pk> names, by the route's start (the first that matches).
PK_SOURCES = (
    ("dashboard/privacy/exports/", "data_export"),
    ("dashboard/payments/invoices/", "invoice"),
    ("dashboard/payments/receipts/", "payment"),
    ("dashboard/payments/refunds/blocks/", "rotation_request"),
    ("dashboard/payments/refunds/", "refund"),
    ("dashboard/payments/credits/", "invoice_credit"),
    ("documents/", "document"),
    ("dashboard/interviews/", "interview"),
    ("dashboard/payments/", "invoice"),
    ("dashboard/rotations/", "rotation_request"),
    ("dashboard/compliance/evidence/", "compliance_evidence"),
    ("dashboard/feedback/", "feedback_block"),
    ("dashboard/compliance/", "requirement"),
    ("preceptor/requests/", "rotation_request"),
    ("dashboard/letters/", "letter_request"),
    ("preceptor/letters/", "letter_request"),
    ("preceptor/evaluations/", "rotation_request"),
    ("events/mentoring/sessions/", "mentoring_booking"),
    ("events/mentoring/", "mentoring_slot"),
    ("rotations/", lambda world: world.preceptors[0].objects["rotation"].pk),
    ("events/", lambda world: world.applicants[0].objects["event_registration"].event_id),
)


def users(world: World) -> dict:
    return {
        "anonymous": None,
        "applicant": world.applicants[0].user,
        "other_applicant": world.applicants[1].user,
        "preceptor": world.preceptors[0].user,
        "other_preceptor": world.preceptors[1].user,
        "reviewer": world.reviewer,
        "coordinator": world.coordinator,
    }


def outcome(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith((resolve_url(settings.LOGIN_URL), "/admin/login/")):
            return LOGIN
    return response.status_code


def request(client, method: str, path: str):
    """One request, its changes rolled back: every request meets the same world."""
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    return response


def names_an_object(pattern: Pattern) -> bool:
    """Whether the pattern takes the id of a stored object."""
    return any(
        (match["name"] or match["regex"]) in ("pk", "object_id", "id", "document_pk")
        for match in PARAMETER.finditer(pattern.route)
    )


def registered_models() -> set[str]:
    return {model._meta.label_lower for model in admin.site._registry}
