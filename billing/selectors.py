"""Named reads of the fee schedule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import ngettext

from rotations.models import Specialty

from .enums import InvoiceStatus
from .models import FeeBlockPrice, FeeSchedule, Invoice, Refund, VisaRefusal, local_today
from .quotes import PlannedBlock, Quote, quote_plan


def schedules_with_parts() -> QuerySet[FeeSchedule]:
    """Schedules with their prices (specialty and site) and discounts prefetched, as
    billing.quotes reads them."""
    return FeeSchedule.objects.prefetch_related(
        Prefetch(
            "block_prices",
            # A specialty's own price first, then that specialty at a site; site-only last.
            queryset=FeeBlockPrice.objects.select_related("specialty", "site").order_by(
                F("specialty__name").asc(nulls_last=True),
                F("site__name").asc(nulls_first=True),
                "pk",
            ),
        ),
        "discounts",
    )


def schedule_in_force(*, on: datetime.date | None = None) -> FeeSchedule | None:
    """The version in force on `on` (default today): the latest valid_from on or before it;
    None when no schedule applies yet."""
    on = on or local_today()
    return schedules_with_parts().filter(valid_from__lte=on).order_by("-valid_from").first()


def schedule_for_application(*, application) -> tuple[FeeSchedule | None, bool]:
    """The version an application's plan is priced with, and whether it is fixed: the
    version of its first invoice (issued when the offer was taken: its prices hold for the
    whole stay), else the one in force today. The rotation plan's quote and the balance
    invoice both read it, so the quote the applicant saw is what they are invoiced."""
    first = (
        Invoice.objects.filter(application=application)
        .exclude(status=InvoiceStatus.CANCELLED)
        .order_by("issued_at", "pk")
        .values_list("schedule_id", flat=True)
        .first()
    )
    if first is not None:
        return schedules_with_parts().get(pk=first), True
    return schedule_in_force(), False


def next_schedule(*, after: datetime.date | None = None) -> FeeSchedule | None:
    """The first version that applies after `after` (default today), if one is published."""
    after = after or local_today()
    return schedules_with_parts().filter(valid_from__gt=after).order_by("valid_from").first()


# The worked example on /pricing/: three consecutive blocks, the first and third in one
# specialty, the second in another, starting about three months ahead.
EXAMPLE_LEAD = datetime.timedelta(days=90)


def example_specialties(*, schedule: FeeSchedule, limit: int = 2) -> list[Specialty]:
    """Offered specialties for the worked example: those with a price of their own in
    `schedule` first (so the example shows it), then the rest by name."""
    priced = {row.specialty_id for row in schedule.block_prices.all() if row.specialty_id}
    specialties = list(Specialty.objects.filter(active=True).order_by("name"))
    specialties.sort(key=lambda specialty: specialty.pk not in priced)
    return specialties[:limit]


@dataclass(frozen=True)
class PricingExample:
    title: str
    quote: Quote


def pricing_example(
    *, schedule: FeeSchedule, today: datetime.date | None = None
) -> PricingExample | None:
    """The quote of a realistic plan under `schedule` (3 blocks in 2 specialties when the
    program offers two), at no particular site; None when no specialty is offered."""
    specialties = example_specialties(schedule=schedule)
    if not specialties:
        return None
    start = max(today or local_today(), schedule.valid_from) + EXAMPLE_LEAD
    start += datetime.timedelta(days=-start.weekday() % 7)  # the next Monday
    first, second = specialties[0], specialties[-1]
    plan = [first, second, first]
    blocks = [
        PlannedBlock(
            specialty=specialty, site=None, start_date=start + datetime.timedelta(weeks=4 * n)
        )
        for n, specialty in enumerate(plan)
    ]
    count = len(specialties)
    title = ngettext(
        "Example: %(blocks)s blocks in %(count)s specialty",
        "Example: %(blocks)s blocks in %(count)s specialties",
        count,
    ) % {"blocks": len(plan), "count": count}
    return PricingExample(title=title, quote=quote_plan(schedule=schedule, blocks=blocks))


def refunds_of(user) -> QuerySet[Refund]:
    """The user's refunds (as the applicant), newest first, with their invoice and credit
    note."""
    return (
        Refund.objects.filter(invoice__application__applicant=user)
        .select_related("invoice", "credit_note")
        .order_by("-created_at", "-pk")
    )


def refund_of(user, pk: int) -> Refund | None:
    """The user's own refund `pk`, or None (someone else's is not found)."""
    return refunds_of(user).filter(pk=pk).first()


def visa_refusals_of(user) -> QuerySet[VisaRefusal]:
    return VisaRefusal.objects.filter(application__applicant=user).order_by("-uploaded_at", "-pk")
