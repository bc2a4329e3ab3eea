"""The demo shows the fees: a schedule in force and its next version, and Fatima, who may
choose rotations, sees the quote of her plan."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule
from hmc_portal.users.models import User
from rotations import selectors
from rotations.models import Rotation

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_the_fees_once_and_fatima_sees_her_quote(client):
    call_command("seed_demo")
    call_command("seed_demo")

    today = timezone.localdate()
    in_force, upcoming = FeeSchedule.objects.order_by("valid_from")
    assert (in_force.valid_from, in_force.block_price, in_force.deposit) == (
        datetime.date(2026, 1, 1),
        150000,
        50000,
    )
    assert (upcoming.valid_from, upcoming.block_price) == (
        datetime.date(today.year + 1, 1, 1),
        160000,
    )
    assert sorted(FeeBlockPrice.objects.values_list("schedule__valid_from", "price")) == [
        (in_force.valid_from, 180000),
        (upcoming.valid_from, 190000),
    ]
    assert FeeDiscount.objects.count() == 4
    pricing = client.get("/pricing/").content.decode()
    assert "$1,500.00" in pricing and "$1,600.00" in pricing

    fatima = User.objects.get(email="fatima@example.com")
    application = fatima.applications.get()
    rotation = selectors.offered_rotations(application=application, show_all=False).first()
    assert isinstance(rotation, Rotation)
    client.force_login(fatima)
    client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    plan = client.get("/dashboard/rotations/").content.decode()

    assert "What your plan costs" in plan
    assert "$1,600.00" in plan  # the $1,500 block and the $100 application fee


def test_the_demo_has_fatimas_declared_wire_and_kwames_paid_deposit_once(client):
    from billing.models import Invoice, Payment, WireDeclaration

    call_command("seed_demo")
    call_command("seed_demo")

    fatima = Invoice.objects.get(application__applicant__email="fatima@example.com")
    kwame = Invoice.objects.get(application__applicant__email="kwame@example.com")
    assert (fatima.kind, fatima.status, fatima.total) == ("deposit", "open", 60000)
    assert WireDeclaration.objects.get(invoice=fatima).status == "declared"
    assert kwame.status == "paid"
    assert Payment.objects.get(invoice=kwame).receipt is not None
    client.force_login(User.objects.get(email="fatima@example.com"))
    html = client.get("/dashboard/payments/").content.decode()
    assert fatima.number in html and "Your places are held until" in html


def test_the_demo_has_nadias_overdue_deposit_under_the_release_filter(client):
    from billing.models import Invoice
    from tests.factories import CoordinatorFactory

    call_command("seed_demo")
    call_command("seed_demo")

    nadia = Invoice.objects.get(application__applicant__email="nadia@example.com")
    fatima = Invoice.objects.get(application__applicant__email="fatima@example.com")
    assert (nadia.kind, nadia.status, nadia.total) == ("deposit", "open", 60000)
    assert not nadia.wire_declarations.exists()
    client.force_login(CoordinatorFactory())
    html = client.get("/admin/billing/invoice/", {"overdue": "release"}).content.decode()
    assert f"/admin/billing/invoice/{nadia.pk}/change/" in html
    assert f"/admin/billing/invoice/{fatima.pk}/change/" not in html

    client.force_login(User.objects.get(email="nadia@example.com"))
    page = client.get("/dashboard/payments/").content.decode()
    assert "This invoice is overdue." in page
    assert "the program office may now release your places" in page
