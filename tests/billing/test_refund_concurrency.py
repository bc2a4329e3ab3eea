"""Coordinators approving at the same instant on a real PostgreSQL: a refund is approved
once, with one credit note, and credit note numbers stay gap-free. Each thread has its own
connection and waits at a barrier so that all of them hit the database together."""

import time

import pytest
from django.db import transaction

from billing import services
from billing.enums import RefundStatus
from billing.errors import BillingError
from billing.models import Refund
from billing.services.numbering import CREDIT_NOTE, allocate_invoice_number
from hmc_portal.issuance.models import IssuedDocument
from tests.factories import CoordinatorFactory
from tests.support.concurrency import all_at_once

from .refund_support import application, deposit_invoice, pay, schedule

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def test_approving_one_refund_at_once_approves_it_once():
    app = application()
    deposit = deposit_invoice(app, schedule())
    pay(deposit, 60000)
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=None)
    coordinators = [CoordinatorFactory() for _ in range(THREADS)]

    errors = all_at_once(lambda who: services.approve_refund(refund=refund, by=who), coordinators)

    assert len(errors) == THREADS - 1
    assert all(isinstance(error, BillingError) for error in errors)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.APPROVED
    assert IssuedDocument.objects.filter(kind="credit_note").count() == 1


def test_the_control_approving_without_the_row_lock_approves_more_than_once():
    """What the lock prevents: read, check, then write, each coordinator on their own."""
    app = application()
    deposit = deposit_invoice(app, schedule())
    pay(deposit, 60000)
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=None)
    approvals = []

    def naive_approve(who):
        with transaction.atomic():
            current = Refund.objects.get(pk=refund.pk)  # no select_for_update
            if current.status != RefundStatus.PROPOSED:
                raise BillingError("approved already")
            time.sleep(0.2)  # the credit note's PDF takes this long, and more
            number = allocate_invoice_number(2026, series=CREDIT_NOTE)
            Refund.objects.filter(pk=refund.pk).update(
                status=RefundStatus.APPROVED, credit_note_number=f"CN-{number}"
            )
            approvals.append(number)

    all_at_once(naive_approve, [CoordinatorFactory() for _ in range(THREADS)])

    assert len(approvals) > 1


def test_approving_different_refunds_at_once_numbers_them_without_gaps():
    coordinator = CoordinatorFactory()
    refunds = []
    for n in range(THREADS):
        app = application()
        deposit = deposit_invoice(app, schedule(valid_from=f"2020-01-{n + 1:02d}"))
        pay(deposit, 60000)
        refunds += services.propose_refunds(application=app, reason="visa_denied", by=None)

    errors = all_at_once(lambda r: services.approve_refund(refund=r, by=coordinator), refunds)

    assert errors == []
    numbers = sorted(
        Refund.objects.values_list("credit_note_number", flat=True), key=lambda n: n[-5:]
    )
    assert [number[-5:] for number in numbers] == [f"{n:05d}" for n in range(1, THREADS + 1)]
