"""Every admin list costs the same number of queries with one row as with many: no column,
filter or inline that asks the database once per row, for every model registered (ours and
the libraries'), seen by a superuser (every column, filter and action)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rotations.models import HousingDistance, HousingOption
from tests.billing.factories import FeeScheduleFactory
from tests.factories import ReviewerFactory, UserFactory
from tests.security.world import _applicant, _mentoring, _preceptor

pytestmark = pytest.mark.django_db


def changelists(user) -> dict[str, str]:
    """The list page of every model the user may see, by model label."""
    pages = {}
    for model, model_admin in admin.site._registry.items():
        request = RequestFactory().get("/admin/")
        request.user = user
        if model_admin.has_view_or_change_permission(request):
            opts = model._meta
            pages[opts.label_lower] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist"
            )
    return pages


def rows(user) -> dict[str, int]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {
        model._meta.label_lower: model_admin.get_queryset(request).count()
        for model, model_admin in admin.site._registry.items()
    }


def query_counts(client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for label, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(queries.captured_queries)
    return counts


def people(words: list[str], schedule) -> None:
    """An applicant with one of everything (tests/security/world.py) for each word, each
    with a preceptor of their own who also mentors."""
    for word in words:
        preceptor = _preceptor(f"{word}Doc")
        _mentoring(
            _applicant(word, ReviewerFactory(), preceptor.objects["rotation"], schedule), preceptor
        )
        option = HousingOption.objects.create(
            name=f"{word} Suites", area="TMC", price_min=90000, price_max=120000
        )
        HousingDistance.objects.create(
            option=option, site=preceptor.objects["rotation"].site, km=2, minutes_by_car=6
        )


def test_no_admin_list_makes_a_query_per_row(client):
    viewer = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(viewer)
    schedule = FeeScheduleFactory(valid_from=timezone.localdate().replace(day=1))
    people(["Alpha"], schedule)
    pages = changelists(viewer)
    query_counts(client, pages)  # warm up: content types, permissions, the session
    one_rows, one = rows(viewer), query_counts(client, pages)

    people(["Beta", "Gamma"], schedule)
    many_rows, many = rows(viewer), query_counts(client, pages)

    grown = [label for label in pages if many_rows[label] > one_rows[label]]
    assert len(grown) > 25, grown  # the lists really hold more rows the second time
    assert {label: (one[label], many[label]) for label in pages if one[label] != many[label]} == {}
