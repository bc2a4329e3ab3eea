"""The dashboard's panels and its next step come from several apps (hmc_portal.panels,
hmc_portal.next_steps); what more than one of them needs is read once per page: the
application's rotation requests (rotations.selectors.application_requests), the applicant's
invoices (billing.statements.page_statement), and the account with its preceptor profile
(hmc_portal.users.backends.AccountBackend)."""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing import services as billing_services
from tests.billing.factories import FeeScheduleFactory
from tests.factories import RotationFactory
from tests.rotations.aftercare_support import observer
from tests.security.world import _preceptor

pytestmark = pytest.mark.django_db


def tables_read(queries) -> Counter:
    """How many queries read each table (the table after FROM)."""
    return Counter(
        match[1] for q in queries for match in [re.search(r'FROM "(\w+)"', q["sql"])] if match
    )


def test_what_several_panels_need_is_read_once(client):
    application, _ = observer(rotations=[RotationFactory(), RotationFactory()])
    billing_services.issue_invoice(
        application=application,
        schedule=FeeScheduleFactory(valid_from=timezone.localdate().replace(day=1)),
        kind="deposit",
        lines=[billing_services.LineSpec("Deposit", 50000)],
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(application.applicant)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")

    html = response.content.decode()
    assert response.status_code == 200
    # The next step, the rotations, the help before arrival and the payments all showed.
    assert response.context["next_step"].state == "payment_due"
    for panel in ("dashboard-rotations", "dashboard-support", "dashboard-payments"):
        assert panel in html, panel
    reads = tables_read(queries.captured_queries)
    # No statement asked twice, and the invoices read once for the next step and the panel.
    statements = Counter(q["sql"] for q in queries.captured_queries)
    assert [sql for sql, times in statements.items() if times > 1] == []
    assert reads["billing_invoice"] == 1
    assert reads["preceptors_preceptor"] == 0  # joined to the account
    assert reads["users_user"] == 1


def test_a_preceptor_without_an_application_goes_to_the_portal(client):
    preceptor = _preceptor("Doc")
    client.force_login(preceptor.user)

    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/preceptor/"
