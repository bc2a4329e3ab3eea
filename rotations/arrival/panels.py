"""The panels travel and housing help adds to /dashboard/support/ (hmc_portal.panels.support):
the request form with the applicant's requests, and the places to stay near their sites.
Both show only once the placement is confirmed (selectors.has_confirmed_placement)."""

from __future__ import annotations

from hmc_portal.panels import Panel, support

from ..enums import SupportKind
from .forms import SupportKindForm, SupportRequestForm
from .money import written_money
from .selectors import confirmed_sites, housing_near, support_requests_for
from .services import summary

# A view that refused a posted request leaves its bound form here, for the panel to show.
BOUND_FORM = "travel_help_form"


def travel_help_panel(*, request, application, **kwargs) -> dict | None:
    """The kind chooser, or the chosen kind's form (?kind=...), and the applicant's
    requests with their status and the program office's reply."""
    sites = confirmed_sites(application=application)
    if not sites:
        return None
    form = getattr(request, BOUND_FORM, None)
    kind = request.GET.get("kind")
    if form is None and kind in SupportKind.values:
        form = SupportRequestForm(kind=kind, sites=sites)
    requests = list(support_requests_for(application=application))
    for support_request in requests:
        support_request.summary = summary(support_request)
    return {
        "form": form,
        "kind_label": SupportKind(form.kind).label if form is not None else "",
        "kind_form": SupportKindForm() if form is None else None,
        "support_requests": requests,
    }


def housing_panel(*, request, application, **kwargs) -> dict | None:
    """The active places to stay near the sites of the applicant's confirmed rotations,
    nearest first, each with its distance to each of those sites."""
    sites = confirmed_sites(application=application)
    if not sites:
        return None
    options = housing_near(sites=sites)
    for option in options:
        option.price_from = written_money(option.price_min, option.currency)
        option.price_to = written_money(option.price_max, option.currency)
    return {"housing_options": options, "sites": sites}


support.register(
    Panel(
        name="travel_help",
        template="rotations/arrival/_travel_help.html",
        context=travel_help_panel,
        order=40,
    )
)
support.register(
    Panel(
        name="housing",
        template="rotations/arrival/_housing.html",
        context=housing_panel,
        order=50,
    )
)
