"""The changelist's row checkbox (hmc_portal.admin_mixins.QuickRowsAdminMixin) is written as
one line of HTML instead of through the form renderer: the markup must stay Django's own,
which the admin's JavaScript (select all, the action counter) reads."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import translation

from hmc_portal.admin_mixins import QuickRowsAdminMixin
from hmc_portal.notifications.models import Notification
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_row_checkbox_is_djangos_markup(language):
    notification = NotificationFactory(subject='Offer <"accepted"> & more')
    model_admin = admin.site._registry[Notification]

    with translation.override(language):
        ours = model_admin.action_checkbox(notification)
        djangos = ModelAdmin.action_checkbox(model_admin, notification)

    assert isinstance(model_admin, QuickRowsAdminMixin)
    assert str(ours) == str(djangos)


def test_every_registered_admin_has_the_quick_checkbox():
    assert all(
        isinstance(model_admin, QuickRowsAdminMixin)
        for model_admin in admin.site._registry.values()
    )
