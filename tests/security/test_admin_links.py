"""Admin pages link only where the viewer may go: every change page, opened by a reviewer
and by a coordinator, and every /admin/ link on it followed: none answers 403 (or 500)."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.security.world import build_world

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/admin/[^"#?]*)[^"]*"')


def change_pages(user) -> list[str]:
    """The changelist and the first two change pages of every model the user may see (rows
    of the admin's own queryset: a proxy admin may show only some of its model's rows)."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = RequestFactory().get("/admin/")
        request.user = user
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        rows = model_admin.get_queryset(request).order_by("pk")
        for pk in rows.values_list("pk", flat=True)[:2]:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]))
    return urls


@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_no_admin_link_leads_to_a_403(client, role):
    world = build_world()
    user = getattr(world, role)
    client.force_login(user)
    pages = change_pages(user)
    followed, failures = set(), []

    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            failures.append(f"{page} -> {response.status_code}")
            continue
        for link in set(HREF.findall(response.content.decode())) - followed:
            followed.add(link)
            if link.startswith("/admin/logout/"):
                continue
            status = client.get(link).status_code
            if status in (403, 500):
                failures.append(f"{page} links {link} -> {status}")

    assert len(pages) > 20
    assert failures == [], "\n".join(failures)


def test_a_reviewer_sees_the_actor_of_a_log_entry_as_text(client):
    world = build_world()
    entry = world.applicants[0].objects["log"]
    client.force_login(world.reviewer)

    page = client.get(f"/admin/audit/activitylog/{entry.pk}/change/").content.decode()

    assert str(world.reviewer) in page
    assert f"/admin/users/user/{world.reviewer.pk}/change/" not in page
    # The application it is about stays a link: the reviewer may open it.
    assert f"/admin/applications/application/{entry.object_id}/change/" in page


def test_a_coordinator_opens_a_user_read_only_and_finds_one_for_a_preceptor(client):
    world = build_world()
    applicant = world.applicants[0].user
    client.force_login(world.coordinator)

    page = client.get(f"/admin/users/user/{applicant.pk}/change/")
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "preceptors",
            "model_name": "preceptor",
            "field_name": "user",
            "term": applicant.email,
        },
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert found.status_code == 200
    assert [item["id"] for item in found.json()["results"]] == [str(applicant.pk)]
    assert client.post(f"/admin/users/user/{applicant.pk}/change/", {}).status_code == 403
