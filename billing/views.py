"""The public pricing page."""

from django.views.generic import TemplateView


class PricingView(TemplateView):
    """/pricing/: the fee schedule in force today, the next version, a worked example and the
    refund rules."""

    template_name = "billing/pricing.html"
