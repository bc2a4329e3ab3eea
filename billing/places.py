"""When the places of an applicant who has not paid may be released, and what holds them.

The reads shared by the release service (billing.services.release), the invoices' admin
(its column, filter and action), the payments page and the overdue reminder, so that each
says the same dates:

- an open invoice with money outstanding may have its places released from the day after
  `due_date + BILLING_RELEASE_AFTER_DAYS` (the applicant is told "if the payment has not
  arrived by <due + days>");
- a declared wire transfer holds them through its `holds_until` day, whether or not the
  clock has marked it lapsed yet (a declaration past that day holds nothing).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import DateField, Exists, F, OuterRef, Q, QuerySet, Subquery

from .enums import InvoiceStatus, WireStatus
from .models import Invoice, WireDeclaration


def last_day_to_pay(invoice: Invoice) -> datetime.date:
    """The last day the payment may arrive before the places may be released."""
    return invoice.due_date + datetime.timedelta(days=settings.BILLING_RELEASE_AFTER_DAYS)


def release_from(invoice: Invoice) -> datetime.date:
    """The first day a coordinator may release the invoice's places."""
    return last_day_to_pay(invoice) + datetime.timedelta(days=1)


def active_holds(*, today: datetime.date) -> QuerySet[WireDeclaration]:
    """Declared wire transfers that still hold places today."""
    return WireDeclaration.objects.filter(status=WireStatus.DECLARED, holds_until__gte=today)


def active_hold(invoice: Invoice, *, today: datetime.date) -> WireDeclaration | None:
    """The declared wire transfer holding the invoice's places today, if any."""
    return active_holds(today=today).filter(invoice=invoice).order_by("-holds_until").first()


def with_hold(queryset: QuerySet[Invoice], *, today: datetime.date) -> QuerySet[Invoice]:
    """Annotates `held_until`: the day an active declared wire holds the places until, or
    None."""
    return queryset.annotate(
        held_until=Subquery(
            active_holds(today=today)
            .filter(invoice=OuterRef("pk"))
            .order_by("-holds_until")
            .values("holds_until")[:1],
            output_field=DateField(),
        )
    )


def releasable(queryset: QuerySet[Invoice], *, today: datetime.date) -> QuerySet[Invoice]:
    """The invoices whose places may be released today: open, past due by more than
    BILLING_RELEASE_AFTER_DAYS, money outstanding, no declared wire holding them. The
    queryset must carry `paid_total` and `credited_total` (billing.admin_payments.with_paid)."""
    last_day = today - datetime.timedelta(days=settings.BILLING_RELEASE_AFTER_DAYS + 1)
    return queryset.filter(
        Q(
            status=InvoiceStatus.OPEN,
            due_date__lte=last_day,
            total__gt=F("paid_total") + F("credited_total"),
        )
        & ~Exists(active_holds(today=today).filter(invoice=OuterRef("pk")))
    )
