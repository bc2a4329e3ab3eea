"""The admin's lists and read-only pages written in one pass (hmc_portal.admin_lists,
hmc_portal.admin_readonly, the hidden-input renderer, the choice labels): each must write
what Django writes, so each is compared with Django's own result on the same rows."""

import datetime
import zoneinfo

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_list
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.urls import resolve
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe

from applications.enums import ApplicationStatus, DocumentKind, DocumentStatus
from applications.models import Application, Document, StatusChange
from hmc_portal.admin_lists import QuickChangeList, quick_result_list
from hmc_portal.admin_mixins import QuickHiddenInputsRenderer
from hmc_portal.dates import datetime_writer
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    NotificationFactory,
    ReviewableApplicationFactory,
    UserFactory,
)
from tests.support.html import normalized

pytestmark = pytest.mark.django_db


def changelist(model, query: str = "", user=None):
    request = RequestFactory().get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    request.resolver_match = resolve(request.path)  # the list's filters are kept in its links
    request.GET = request.GET.copy()
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        request.GET[key] = value
    request.user = user or UserFactory(is_staff=True, is_superuser=True)
    cl = admin.site._registry[model].get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list without editable columns
    return cl


def rows_both_ways(model, query: str = "", user=None) -> tuple[list[str], list[str]]:
    """Each row's markup as Django writes it and as QuickChangeList does."""
    cl = changelist(model, query, user)
    djangos = ["".join(row) for row in result_list(cl)["results"]]
    cl = changelist(model, query, user)
    ours = quick_result_list(cl)["results"]
    assert all(len(row) == 1 for row in ours)  # one piece per row, the cells joined
    return djangos, [row[0] for row in ours]


def notifications_of_every_kind():
    now = timezone.now()
    NotificationFactory(subject='Offer <"accepted"> & more', status=NotificationStatus.PENDING)
    NotificationFactory(
        subject="   ",
        status=NotificationStatus.SENT,
        sent_at=now,
        last_attempt_at=now - datetime.timedelta(minutes=3),
        attempts=2,
    )
    NotificationFactory(status=NotificationStatus.FAILED, maybe_sent=True, attempts=7)
    NotificationFactory(status="odd", to_email="odd@example.com")


def applications_of_every_kind():
    ReviewableApplicationFactory(documents="verified", applicant__first_name="Amina")
    with_interview = ReviewableApplicationFactory(status="interview")
    InterviewFactory(application=with_interview)
    ApplicationFactory(applicant__first_name="", applicant__last_name="")  # a bare draft
    ReviewableApplicationFactory(applicant__last_name="<b>O'Brien</b> & Co")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["UTC", "America/Chicago", "Asia/Kolkata"])
def test_the_outbox_rows_are_djangos(language, zone):
    notifications_of_every_kind()

    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        djangos, ours = rows_both_ways(Notification)

    assert len(ours) == 4
    assert ours == djangos


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", ["", "o=-6", "status__exact=submitted", "q=Amina"])
def test_the_application_rows_are_djangos(language, query):
    applications_of_every_kind()

    with translation.override(language):
        djangos, ours = rows_both_ways(Application, query)

    assert ours == djangos
    assert len(ours) == {"": 4, "o=-6": 4, "status__exact=submitted": 2, "q=Amina": 1}[query]


def test_a_row_links_to_its_page_with_the_lists_filters():
    application = ReviewableApplicationFactory()

    djangos, ours = rows_both_ways(Application, "status__exact=submitted")

    assert ours == djangos
    assert (
        f'href="/admin/applications/application/{application.pk}/change/'
        '?_changelist_filters=status__exact%3Dsubmitted"' in ours[0]
    )


def test_a_popup_is_left_to_django():
    ReviewableApplicationFactory()
    cl = changelist(Application, "_popup=1")

    assert isinstance(cl, QuickChangeList)
    assert cl.quick_rows() is None
    assert quick_result_list(cl)["results"][0][0] != ""  # Django's cells, one per column


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["UTC", "America/Chicago", "Pacific/Kiritimati"])
def test_a_datetime_is_written_as_django_writes_it(language, zone):
    moments = [
        datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)
        for month, day, hour, minute in [
            (1, 1, 0, 0),
            (3, 9, 7, 5),
            (12, 31, 23, 59),
            (7, 4, 12, 30),
        ]
    ]
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        write = datetime_writer()
        ours = [write(moment) for moment in moments]
        djangos = [formats.localize(timezone.template_localtime(m)) for m in moments]

    assert ours == djangos


def test_hidden_inputs_are_the_templates_markup():
    values = ["", None, "0", "12", 'a "quoted" <value> & more', mark_safe("<safe>")]
    attrs = [{}, {"id": "id_x"}, {"id": "id_x", "disabled": True, "readonly": False, "data-n": 3}]
    ours, djangos = QuickHiddenInputsRenderer(), DjangoTemplates()

    for value in values:
        for extra in attrs:
            widget = forms.HiddenInput(attrs=extra)
            assert widget.render("form-0-id", value, renderer=ours) == widget.render(
                "form-0-id", value, renderer=djangos
            ), (value, extra)


@pytest.mark.parametrize("language", ["en", "es"])
def test_choice_labels_are_djangos(language):
    application = ApplicationFactory()
    document = Document(application=application)
    change = StatusChange(application=application)
    notification = Notification()
    cases = [
        (application, "status", [*ApplicationStatus.values, "no-such"]),
        (document, "kind", [*DocumentKind.values, "no-such"]),
        (document, "status", [*DocumentStatus.values, "no-such"]),
        (change, "from_status", ["", *ApplicationStatus.values]),
        (change, "to_status", ApplicationStatus.values),
        (notification, "status", [*NotificationStatus.values, "odd"]),
    ]

    with translation.override(language):
        for obj, name, values in cases:
            field = obj._meta.get_field(name)
            for value in values:
                setattr(obj, name, value)
                ours = getattr(obj, f"get_{name}_display")()
                djangos = obj._get_FIELD_display(field)
                assert ours == djangos, (name, value)


def test_the_sidebar_list_is_built_only_when_read(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = user

    context = admin.site.each_context(request)

    assert list(context["available_apps"]) == admin.site.get_app_list(request)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "url",
    [
        "/admin/applications/application/?o=2.-6",
        "/admin/notifications/notification/?status__exact=pending",
    ],
)
def test_a_quick_list_page_is_djangos_page(client, monkeypatch, language, url):
    user = UserFactory(is_staff=True, is_superuser=True, language=language)
    client.force_login(user)
    applications_of_every_kind()
    notifications_of_every_kind()

    ours = client.get(url).content.decode()
    monkeypatch.setattr(QuickChangeList, "quick_rows", lambda self: None)
    djangos = client.get(url).content.decode()

    assert ours.count('class="action-select"') == (4 if "application" in url else 1)
    assert normalized(ours) == normalized(djangos)
