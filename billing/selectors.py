"""Named reads of the fee schedule."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from .models import FeeBlockPrice, FeeSchedule, local_today


def schedules_with_parts() -> QuerySet[FeeSchedule]:
    """Schedules with their prices (specialty and site) and discounts prefetched, as
    billing.quotes reads them."""
    return FeeSchedule.objects.prefetch_related(
        Prefetch(
            "block_prices",
            queryset=FeeBlockPrice.objects.select_related("specialty", "site"),
        ),
        "discounts",
    )


def schedule_in_force(*, on: datetime.date | None = None) -> FeeSchedule | None:
    """The version in force on `on` (default today): the latest valid_from on or before it;
    None when no schedule applies yet."""
    on = on or local_today()
    return schedules_with_parts().filter(valid_from__lte=on).order_by("-valid_from").first()


def next_schedule(*, after: datetime.date | None = None) -> FeeSchedule | None:
    """The first version that applies after `after` (default today), if one is published."""
    after = after or local_today()
    return schedules_with_parts().filter(valid_from__gt=after).order_by("valid_from").first()
