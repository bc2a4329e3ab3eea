"""The refunds page's choice for a block the program cancelled (keep the refund, or a
replacement block instead), in English and Spanish, and what the pages say is kept."""

import pytest

from billing.enums import RefundStatus
from billing.models import CarriedPayment, Refund
from rotations.models import ReplacementAllowance
from tests.factories import UserFactory

from .refund_support import schedule
from .replacement_support import enrolled_with_one_block, program_cancels

pytestmark = pytest.mark.django_db

BUTTON = "Choose a replacement block instead"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def cancelled():
    """Sofía-like: $1,500 paid for a block ($1,000 balance + $500 of the deposit) that the
    program cancelled."""
    app, block, _deposit, _balance = enrolled_with_one_block(schedule(), balance_paid=100000)
    return app, program_cancels(block)


def url(block) -> str:
    return f"/dashboard/payments/refunds/blocks/{block.pk}/replacement/"


def test_the_refunds_page_offers_keeping_the_refund_or_a_replacement(client, cancelled):
    app, block = cancelled
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/payments/refunds/"))

    assert "Rotations the program cancelled" in page
    assert str(block.rotation) in page
    assert "You may keep the refund of $1,500.00: there is nothing to do" in page
    assert f'action="{url(block)}"' in page
    assert BUTTON in page


def test_the_refunds_page_in_spanish(client, cancelled):
    app, block = cancelled
    app.applicant.language = "es"
    app.applicant.save(update_fields=["language"])
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/payments/refunds/", HTTP_ACCEPT_LANGUAGE="es"))

    assert "Rotaciones que el programa canceló" in page
    assert "Elegir un bloque de reemplazo en su lugar" in page
    assert "Puede quedarse con el reembolso de 1\xa0500,00\xa0US$: no tiene que hacer nada" in page


def test_choosing_keeps_the_payment_and_the_pages_say_for_what(client, cancelled):
    app, block = cancelled
    client.force_login(app.applicant)

    response = client.post(url(block), follow=True)

    page = html(response)
    assert "is kept for your replacement block" in page
    assert BUTTON not in page
    assert "Kept for your replacement blocks" in page
    assert f"$1,500.00 you paid for {block.rotation} is kept for the block that replaces it" in page
    assert "Kept for a replacement block" in page  # the refunds' new status
    assert set(Refund.objects.values_list("status", flat=True)) == {RefundStatus.REPLACED}
    assert ReplacementAllowance.objects.filter(replaces=block).exists()
    payments = html(client.get("/dashboard/payments/"))
    assert "Kept for your replacement blocks" in payments
    assert "Choose your replacement block" in payments


def test_choosing_twice_says_so_and_changes_nothing(client, cancelled):
    app, block = cancelled
    client.force_login(app.applicant)
    client.post(url(block))

    page = html(client.post(url(block), follow=True))

    assert "You chose a replacement block for this rotation already." in page
    assert CarriedPayment.objects.count() == 1


def test_another_applicants_block_is_not_found(client, cancelled):
    _app, block = cancelled
    client.force_login(UserFactory())

    response = client.post(url(block))

    assert response.status_code == 404
    assert CarriedPayment.objects.count() == 0
    assert set(Refund.objects.values_list("status", flat=True)) == {RefundStatus.PROPOSED}


def test_the_anonymous_visitor_is_sent_to_log_in(client, cancelled):
    _app, block = cancelled

    response = client.post(url(block))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert CarriedPayment.objects.count() == 0


def test_choosing_is_a_post(client, cancelled):
    app, block = cancelled
    client.force_login(app.applicant)

    assert client.get(url(block)).status_code == 405
    assert CarriedPayment.objects.count() == 0
