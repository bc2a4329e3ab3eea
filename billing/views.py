"""The public pricing page."""

from django.views.generic import TemplateView

from . import selectors
from .models import local_today


class PricingView(TemplateView):
    """/pricing/: the fee schedule in force today (or, before any applies, the first one
    published), the next version if one is published, a worked example computed from the
    real prices, and the refund rules in words. An honest empty state without a schedule."""

    template_name = "billing/pricing.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        schedule = selectors.schedule_in_force(on=today)
        upcoming = selectors.next_schedule(after=today)
        if schedule is None:
            # Nothing applies yet: the first published version is the one to read.
            schedule, upcoming = upcoming, None
        context.update(
            schedule=schedule,
            upcoming=upcoming,
            in_force=schedule is not None and schedule.is_locked(today),
            example=(
                selectors.pricing_example(schedule=schedule, today=today) if schedule else None
            ),
        )
        return context
