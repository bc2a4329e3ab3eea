"""What an applicant owes and paid: the reads behind /dashboard/payments/ and its dashboard
panel. Scoped to the viewer: another person's invoice or receipt is simply not found."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from . import providers
from .enums import InvoiceStatus, WireStatus
from .models import Invoice, InvoiceCredit, Payment, WireDeclaration, local_today
from .places import last_day_to_pay


@dataclass
class InvoiceRow:
    invoice: Invoice
    paid: int
    balance: int
    payments: list[Payment]
    declaration: WireDeclaration | None  # the one holding the places today, if any
    # The last declaration whose hold ended without the money (lapsed, or past its day while
    # the clock has not marked it yet), when no other holds the places now.
    hold_ended: WireDeclaration | None = None
    credits: list[InvoiceCredit] = field(default_factory=list)  # cancelled blocks taken off

    @property
    def credited(self) -> int:
        return sum(credit.amount for credit in self.credits)

    @property
    def is_open(self) -> bool:
        return self.invoice.status == InvoiceStatus.OPEN

    @property
    def overdue(self) -> bool:
        return self.is_open and self.invoice.due_date < local_today()

    @property
    def last_day_to_pay(self) -> datetime.date:
        """After this day, unpaid, the places may be released (billing.places)."""
        return last_day_to_pay(self.invoice)

    @property
    def release_possible(self) -> bool:
        """The last day to pay has passed: the program office may release the places now."""
        return self.last_day_to_pay < local_today()


@dataclass
class Statement:
    currency: str
    rows: list[InvoiceRow] = field(default_factory=list)

    @property
    def owed(self) -> int:
        return sum(row.balance for row in self.rows if row.is_open)

    @property
    def paid(self) -> int:
        return sum(row.paid for row in self.rows)

    @property
    def open_rows(self) -> list[InvoiceRow]:
        return sorted(
            (row for row in self.rows if row.is_open), key=lambda row: row.invoice.due_date
        )

    @property
    def next_due(self) -> datetime.date | None:
        rows = self.open_rows
        return rows[0].invoice.due_date if rows else None

    @property
    def next_row(self) -> InvoiceRow | None:
        rows = self.open_rows
        return rows[0] if rows else None


def invoices_of(user) -> QuerySet[Invoice]:
    """The user's invoices (as the applicant), newest first, payments and the declarations
    not paid (declared, lapsed) prefetched."""
    return (
        Invoice.objects.filter(application__applicant=user)
        .select_related("application", "issued_document")
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("receipt").order_by("received_at", "pk"),
            ),
            Prefetch(
                "credits",
                queryset=InvoiceCredit.objects.select_related("credit_note").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "wire_declarations",
                queryset=WireDeclaration.objects.filter(
                    status__in=[WireStatus.DECLARED, WireStatus.LAPSED]
                ).order_by("-declared_at", "-pk"),
                to_attr="unpaid_declarations",
            ),
        )
        .order_by("-issued_at", "-pk")
    )


def page_statement(application) -> Statement | None:
    """statement_for the application's applicant, kept on the application instance: the
    dashboard's next step and its payments panel read it once. Only for an instance that
    lives as long as one page."""
    if "_statement" not in application.__dict__:
        application.__dict__["_statement"] = statement_for(application.applicant_id)
    return application.__dict__["_statement"]


def statement_for(user) -> Statement | None:
    """The user's (or the user id's) invoices with what is paid, credited and due (total less
    payments less credits, while open); None when nothing is invoiced."""
    invoices = list(invoices_of(user))
    if not invoices:
        return None
    rows = []
    today = local_today()
    for invoice in invoices:
        holding = ended = None
        for declaration in invoice.unpaid_declarations:  # newest first
            if declaration.status == WireStatus.DECLARED and declaration.holds_until >= today:
                holding = holding or declaration
            else:
                ended = ended or declaration
        payments = list(invoice.payments.all())
        paid = sum(payment.amount for payment in payments)
        credits = list(invoice.credits.all())
        credited = sum(credit.amount for credit in credits)
        rows.append(
            InvoiceRow(
                invoice=invoice,
                paid=paid,
                balance=(
                    invoice.total - paid - credited if invoice.status == InvoiceStatus.OPEN else 0
                ),
                payments=payments,
                declaration=holding,
                hold_ended=None if holding else ended,
                credits=credits,
            )
        )
    return Statement(currency=invoices[0].currency, rows=rows)


def invoice_of(user, pk: int) -> Invoice | None:
    """The user's own invoice `pk`, or None (someone else's is not found)."""
    return (
        Invoice.objects.filter(application__applicant=user, pk=pk)
        .select_related("issued_document", "application")
        .first()
    )


def payment_of(user, pk: int) -> Payment | None:
    return (
        Payment.objects.filter(invoice__application__applicant=user, pk=pk)
        .select_related("receipt")
        .first()
    )


def invoice_credit_of(user, pk: int) -> InvoiceCredit | None:
    """The user's own invoice credit `pk` with its credit note, or None (someone else's is
    not found)."""
    return (
        InvoiceCredit.objects.filter(invoice__application__applicant=user, pk=pk)
        .select_related("credit_note")
        .first()
    )


def payment_options() -> list[providers.PaymentProvider]:
    """The ways the applicant may pay now, in order (the manual wire first)."""
    return [provider for provider in providers.available() if provider.applicant_can_start]
