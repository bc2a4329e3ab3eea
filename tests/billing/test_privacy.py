"""Billing's shredders (billing.privacy): invoices, payments, refunds and visa refusal
letters exported in money's minor units with the issued PDFs; on erasure the tax records
stay (numbers, dates, amounts, statuses: the invoices still add up) without a personal
value, and every PDF and file leaves the storage after commit."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from billing import services
from billing.models import (
    CarriedPayment,
    CheckoutSession,
    Invoice,
    InvoiceCredit,
    Refund,
    VisaRefusal,
    WebhookEvent,
)
from billing.statements import statement_for
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import issue_document
from hmc_portal.privacy.registry import shredders
from tests.factories import ApplicationFactory, UserFactory
from tests.support import privacy
from tests.support.files import pdf_bytes
from tests.support.issuance import write_body

from .refund_support import balance_invoice, confirmed_request, deposit_invoice, pay, schedule

pytestmark = pytest.mark.django_db

NAMES = ["billing.invoices", "billing.payments", "billing.refunds", "billing.visa_refusals"]
PERSONAL = {
    "billing.invoices": ["Zenobia Quarterfield"],
    "billing.payments": ["uncle Obi for Zenobia", "zenobia@card.example"],
    "billing.refunds": ["Zenobia asked by phone on Monday"],
    "billing.visa_refusals": ["refusal-Zenobia.pdf", "Verified for Zenobia at the consulate"],
}


def credit_note(owner, number: str, holder: str) -> IssuedDocument:
    return issue_document(
        kind="credit_note",
        owner=owner,
        holder_name=holder,
        title=f"Credit note {number}",
        reference=number,
        build=write_body,
    )


def build_world(first_name="Zenobia", last_name="Quarterfield", fees=None):
    """An applicant with an invoice of each kind, a payment with its receipt, a declared
    wire, a card checkout and its webhook, a refund and a credit with their credit notes,
    a payment kept for a replacement block and a visa refusal letter."""
    user = UserFactory(first_name=first_name, last_name=last_name, email=f"{first_name}@x.test")
    app = ApplicationFactory(applicant=user, status="confirmed")
    fees = fees or schedule()
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    payment = services.record_payment(
        invoice=deposit,
        provider="manual",
        amount=60000,
        currency="USD",
        reference=f"WIRE-{user.pk}-1",
        received_on=deposit.issued_at.date(),
        method="wire",
        notes=f"Paid by her uncle Obi for {first_name}",
    )
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    pay(balance, 50000)
    services.declare_wire(invoice=balance, by=user, reference=f"TRF-{user.pk}")
    CheckoutSession.objects.create(
        invoice=balance,
        session_id=f"cs_test_{user.pk}",
        amount=10000,
        currency="USD",
        url="https://checkout.stripe.test/pay",
        idempotency_key=f"key-{user.pk}",
    )
    WebhookEvent.objects.create(
        provider="stripe",
        event_id=f"evt_{user.pk}",
        type="checkout.session.completed",
        invoice=balance,
        payload={"customer_details": {"email": f"{first_name}@card.example", "name": first_name}},
    )
    refund = Refund.objects.create(
        invoice=deposit,
        payment=payment,
        amount=10000,
        currency="USD",
        rule="before_confirmation",
        explanation="The application fee is not refunded; the deposit is.",
        status="approved",
        provider="manual",
        provider_reference=f"OUT-{user.pk}",
        note=f"{first_name} asked by phone on Monday",
        credit_note=credit_note(user, f"CN-{user.pk}-1", f"{first_name} {last_name}"),
        credit_note_number=f"CN-{user.pk}-1",
    )
    credit = InvoiceCredit.objects.create(
        invoice=balance,
        rotation=second.rotation,
        amount=30000,
        currency="USD",
        rule="program_cancelled",
        explanation="The second block was cancelled by the program.",
        credit_note=credit_note(user, f"CN-{user.pk}-2", f"{first_name} {last_name}"),
        credit_note_number=f"CN-{user.pk}-2",
    )
    CarriedPayment.objects.create(application=app, rotation_request=second, amount=0)
    content = pdf_bytes()
    refusal = VisaRefusal.objects.create(
        application=app,
        file=ContentFile(content, name="refusal.pdf"),
        original_name=f"refusal-{first_name}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        choice="refund",
        staff_note=f"Verified for {first_name} at the consulate",
    )
    return {
        "user": user,
        "deposit": Invoice.objects.get(pk=deposit.pk),
        "balance": Invoice.objects.get(pk=balance.pk),
        "payment": payment,
        "refund": refund,
        "credit": credit,
        "refusal": refusal,
    }


def stored_files(user) -> list:
    files = [doc.file for doc in IssuedDocument.objects.filter(owner=user)]
    files += [refusal.file for refusal in VisaRefusal.objects.filter(application__applicant=user)]
    return files


def figures(user) -> list[tuple]:
    statement = statement_for(user)
    return sorted(
        (row.invoice.number, row.invoice.total, row.invoice.status, row.paid, row.credited)
        + (row.balance,)
        for row in statement.rows
    )


def test_the_export_holds_every_money_row_in_minor_units_with_the_issued_pdfs():
    world = build_world()
    user = world["user"]

    invoices = privacy.export("billing.invoices", user)
    by_number = {row["number"]: row for row in invoices.data}
    deposit = by_number[world["deposit"].number]
    assert (deposit["total"], deposit["currency"], deposit["status"]) == (60000, "USD", "paid")
    assert deposit["bill_to_name"] == "Zenobia Quarterfield"
    assert [line["amount"] for line in deposit["lines"]] == [10000, 50000]
    balance = by_number[world["balance"].number]
    assert balance["credits"][0]["amount"] == 30000
    assert len(invoices.files) == 3  # two invoices, one credit note on an invoice
    assert {f.path.split("/")[1] for f in invoices.files} == {"invoices", "credit-notes"}

    payments = privacy.export("billing.payments", user)
    amounts = sorted(row["amount"] for row in payments.data["payments"])
    assert amounts == [50000, 60000]
    assert any("uncle Obi" in row["notes"] for row in payments.data["payments"])
    (wire,) = payments.data["wire_transfers"]
    assert wire["reference"] == f"TRF-{user.pk}"
    (checkout,) = payments.data["card_checkouts"]
    assert (checkout["amount"], checkout["currency"]) == (10000, "USD")
    assert len(payments.data["kept_for_replacement_blocks"]) == 1
    assert len(payments.files) == 2
    assert all(f.path.startswith("billing/receipts/") for f in payments.files)

    refunds = privacy.export("billing.refunds", user)
    (refund,) = refunds.data
    assert (refund["amount"], refund["rule"], refund["staff_note"]) == (
        10000,
        "before_confirmation",
        "Zenobia asked by phone on Monday",
    )
    assert len(refunds.files) == 1

    refusals = privacy.export("billing.visa_refusals", user)
    (refusal,) = refusals.data
    assert refusal["file_name"] == "refusal-Zenobia.pdf"
    assert [f.path for f in refusals.files] == [
        f"billing/visa-refusals/{world['refusal'].pk}-refusal-Zenobia.pdf"
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_shredder_erases_its_kind_of_data(name, django_capture_on_commit_callbacks):
    world = build_world()
    assert privacy.still_found(PERSONAL[name], "billing", "issuance") == set(PERSONAL[name])

    privacy.shred(name, world["user"], django_capture_on_commit_callbacks)

    assert privacy.remaining(PERSONAL[name], "billing") == []
    others = [value for other, values in PERSONAL.items() if other != name for value in values]
    assert privacy.still_found(others, "billing", "issuance") == set(others)


def test_after_erasure_the_invoices_still_add_up_and_nothing_personal_or_stored_is_left(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    fees = world["deposit"].schedule
    other = build_world(first_name="Other", last_name="Person", fees=fees)
    user = world["user"]
    before = figures(user)
    files = stored_files(user)
    assert len(files) == 7 and all(file.storage.exists(file.name) for file in files)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in NAMES:
            shredders.get(name).shred(user)

    assert figures(user) == before
    values = [v for values in PERSONAL.values() for v in values] + ["Zenobia", "Quarterfield"]
    assert privacy.remaining([*values, user.email], "billing", "issuance") == []
    assert not any(file.storage.exists(file.name) for file in files)
    invoice = Invoice.objects.get(pk=world["deposit"].pk)
    assert (invoice.number, invoice.bill_to_name) == (world["deposit"].number, "Erased")
    for document in IssuedDocument.objects.filter(owner=user):
        assert (document.file.name, document.holder_name, document.is_revoked) == ("", "", False)
    assert Refund.objects.get(pk=world["refund"].pk).credit_note_number == f"CN-{user.pk}-1"
    assert WebhookEvent.objects.get(invoice=world["balance"]).payload == {}

    # Someone else's money rows and files are untouched.
    assert all(file.storage.exists(file.name) for file in stored_files(other["user"]))
    assert Invoice.objects.get(pk=other["deposit"].pk).bill_to_name == "Other Person"
    assert privacy.still_found(["Other Person", "uncle Obi for Other"], "billing") == {
        "Other Person",
        "uncle Obi for Other",
    }


def test_a_rolled_back_erasure_keeps_every_pdf_and_value(django_capture_on_commit_callbacks):
    world = build_world()
    files = stored_files(world["user"])

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        for name in NAMES:
            shredders.get(name).shred(world["user"])
        raise RuntimeError("the erasure failed further on")

    assert callbacks == []
    assert all(file.storage.exists(file.name) for file in files)
    values = [v for values in PERSONAL.values() for v in values]
    assert privacy.still_found(values, "billing", "issuance") == set(values)
