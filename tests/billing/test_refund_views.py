"""What the applicant sees before withdrawing or cancelling (the refund panel), their refunds
page with the credit notes and the visa refusal letter, and the refunds in admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing import services
from billing.models import Refund, VisaRefusal
from tests.factories import CoordinatorFactory, ReviewerFactory
from tests.support.files import pdf_bytes, upload

from .refund_support import (
    application,
    balance_invoice,
    confirmed_request,
    deposit_invoice,
    pay,
    schedule,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def paid_deposit():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    return app, deposit


# --- before cancelling ---------------------------------------------------------------------


def test_the_withdraw_page_shows_what_comes_back_and_why(client, paid_deposit):
    app, deposit = paid_deposit
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/withdraw/"))

    assert "What you get back" in page
    assert (
        "everything you paid comes back except the application fee ($100.00). You paid "
        "$600.00; you get back $500.00." in page
    )
    assert f'<th scope="row">{deposit.number}</th>' in page
    assert "<strong>$500.00</strong>" in page


def test_the_withdraw_page_in_spanish_shows_the_amount_in_spanish(client, paid_deposit):
    app, _deposit = paid_deposit
    app.applicant.language = "es"
    app.applicant.save(update_fields=["language"])
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/withdraw/"))

    assert "Lo que se le devuelve" in page
    assert "<strong>500,00\xa0US$</strong>" in page
    assert "What you get back" not in page


def test_the_withdraw_page_without_an_invoice_shows_no_refund(client):
    app = application()
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/withdraw/"))

    assert "Withdraw your application" in page
    assert "What you get back" not in page


def test_the_cancel_page_of_a_confirmed_block_shows_its_refund(client):
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation], deposit)
    pay(balance, balance.total)
    client.force_login(app.applicant)

    page = html(client.get(f"/dashboard/rotations/{first.pk}/cancel/"))

    assert "What you get back" in page
    assert "the program keeps 25 % of what you paid for it ($375.00)" in page
    assert "<strong>$1,125.00</strong>" in page


def test_the_cancel_page_in_spanish(client):
    fees = schedule()
    app = application()
    first = confirmed_request(app)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation], deposit)
    pay(balance, balance.total)
    app.applicant.language = "es"
    app.applicant.save(update_fields=["language"])
    client.force_login(app.applicant)

    page = html(client.get(f"/dashboard/rotations/{first.pk}/cancel/"))

    assert "Lo que se le devuelve" in page
    assert "<strong>1\xa0125,00\xa0US$</strong>" in page
    assert "el programa retiene el 25 % de lo que pagó por ella (375,00\xa0US$)" in page


# --- the refunds page --------------------------------------------------------------------------


def approved_refund(app):
    (refund,) = services.propose_refunds(application=app, reason="visa_denied", by=None)
    return services.approve_refund(refund=refund, by=CoordinatorFactory())


def test_the_refunds_page_lists_my_refunds_with_the_credit_note(client, paid_deposit):
    app, deposit = paid_deposit
    refund = approved_refund(app)
    client.force_login(app.applicant)

    page = html(client.get("/dashboard/payments/refunds/"))

    assert f"$600.00 on invoice {deposit.number}" in page
    assert "Approved: to pay by wire" in page
    assert f"/dashboard/payments/refunds/{refund.pk}/credit-note.pdf" in page


def test_the_refunds_page_reads_the_same_queries_for_1_or_3_refunds(client):
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    services.propose_refunds(application=app, reason="withdraw", by=None)
    client.force_login(app.applicant)
    client.get("/dashboard/payments/refunds/")  # the session and the language, warmed

    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/payments/refunds/")
    for amount in (100, 200):
        Refund.objects.create(
            invoice=deposit,
            amount=amount,
            currency="USD",
            rule="goodwill",
            explanation="Goodwill.",
            provider="manual",
        )
    with CaptureQueriesContext(connection) as three:
        page = html(client.get("/dashboard/payments/refunds/"))

    assert page.count("refund-card") == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_credit_note_is_the_owners_alone(client, paid_deposit):
    app, _deposit = paid_deposit
    refund = approved_refund(app)
    other = application()
    url = f"/dashboard/payments/refunds/{refund.pk}/credit-note.pdf"

    client.force_login(app.applicant)
    mine = client.get(url)
    client.force_login(other.applicant)
    theirs = client.get(url)
    client.logout()
    anonymous = client.get(url)

    assert (mine.status_code, mine["Content-Type"]) == (200, "application/pdf")
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    assert theirs.status_code == 404
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_applicant_sends_a_visa_refusal_letter(client, paid_deposit):
    app, _deposit = paid_deposit
    client.force_login(app.applicant)

    response = client.post(
        "/dashboard/payments/refunds/visa-refusal/",
        {"file": upload("refusal.pdf", pdf_bytes()), "choice": "refund"},
    )

    assert response.status_code == 302
    refusal = VisaRefusal.objects.get()
    assert (refusal.application, refusal.choice, refusal.status) == (app, "refund", "pending")
    assert refusal.content_type == "application/pdf"
    page = html(client.get("/dashboard/payments/refunds/"))
    assert "Waiting for the program office" in page
    assert 'name="file"' not in page  # one letter waits at a time


def test_a_letter_that_is_not_a_document_is_refused_with_words(client, paid_deposit):
    app, _deposit = paid_deposit
    client.force_login(app.applicant)

    response = client.post(
        "/dashboard/payments/refunds/visa-refusal/",
        {"file": upload("refusal.pdf", b"MZ\x90\x00 not a pdf"), "choice": "refund"},
    )

    assert response.status_code == 400
    assert "There is a problem" in html(response)
    assert VisaRefusal.objects.count() == 0


def test_without_a_choice_the_letter_is_refused(client, paid_deposit):
    app, _deposit = paid_deposit
    client.force_login(app.applicant)

    response = client.post(
        "/dashboard/payments/refunds/visa-refusal/", {"file": upload("r.pdf", pdf_bytes())}
    )

    assert response.status_code == 400
    assert "Choose a full refund or postponing to a later intake." in html(response)
    assert VisaRefusal.objects.count() == 0


# --- admin -------------------------------------------------------------------------------------


def test_a_coordinator_approves_in_admin(client, paid_deposit):
    app, _deposit = paid_deposit
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=None)
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/admin/billing/refund/",
        {"action": "approve_selected", "_selected_action": [refund.pk]},
    )

    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == "approved"
    page = html(client.get("/admin/billing/refund/"))
    assert refund.credit_note_number in page
    pdf = client.get(f"/admin/billing/refund/{refund.pk}/credit-note/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_reviewer_sees_refunds_but_cannot_approve(client, paid_deposit):
    app, _deposit = paid_deposit
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=None)
    client.force_login(ReviewerFactory())

    page = client.get("/admin/billing/refund/")
    client.post(
        "/admin/billing/refund/",
        {"action": "approve_selected", "_selected_action": [refund.pk]},
    )

    assert page.status_code == 200
    assert "approve_selected" not in html(page)
    refund.refresh_from_db()
    assert refund.status == "proposed"


def test_a_coordinator_verifies_a_letter_in_admin_and_the_refund_is_proposed(client, paid_deposit):
    app, _deposit = paid_deposit
    refusal = services.submit_visa_refusal(
        application=app, upload=upload("r.pdf", pdf_bytes()), choice="refund", by=app.applicant
    )
    client.force_login(CoordinatorFactory())

    letter = client.get(f"/admin/billing/visarefusal/{refusal.pk}/letter/")
    client.post(
        "/admin/billing/visarefusal/",
        {"action": "verify_selected", "_selected_action": [refusal.pk]},
    )

    assert b"".join(letter.streaming_content).startswith(b"%PDF")
    assert list(Refund.objects.values_list("amount", "rule")) == [(60000, "visa_denied")]
    assert timezone.now() >= VisaRefusal.objects.get().decided_at
