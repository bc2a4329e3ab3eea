"""The panels travel and housing help adds to /dashboard/support/ (hmc_portal.panels.support):
the request form with the applicant's requests, and the places to stay near their sites.
The form and the housing list show only once the placement is confirmed
(selectors.confirmed_sites); before, the panel says when help opens."""

from __future__ import annotations

from django.utils import timezone

from applications.enums import ApplicationStatus
from hmc_portal.panels import Panel, dashboard, support

from ..enums import OPEN_SUPPORT_STATUSES, RequestStatus, SupportKind, VisaLetterStatus
from ..models import SupportRequest, VisaLetterRequest
from ..selectors import application_requests
from .forms import SupportKindForm, SupportRequestForm
from .money import written_money
from .selectors import confirmed_sites, housing_near, support_requests_for
from .services import not_yet_message, summary

# A view that refused a posted request leaves its bound form here, for the panel to show.
BOUND_FORM = "travel_help_form"


def travel_help_panel(*, request, application, **kwargs) -> dict | None:
    """The kind chooser, or the chosen kind's form (?kind=...), and the applicant's
    requests with their status and the program office's reply."""
    sites = confirmed_sites(application=application)
    if not sites:
        if application.status != ApplicationStatus.CONFIRMED:
            return None  # before the offer is taken, or after leaving: nothing to ask about
        # Choosing rotations or waiting for a preceptor: say when help opens.
        requests = list(support_requests_for(application=application))
        for support_request in requests:
            support_request.summary = summary(support_request)
        return {"not_yet": not_yet_message(), "support_requests": requests}
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


def dashboard_support_panel(*, request, application, **kwargs) -> dict | None:
    """On the dashboard, once the offer is taken: where the visa letter stands, how many
    travel and housing requests are open, and the way to /dashboard/support/; nothing once
    every block is over or cancelled. Four queries."""
    if application.status not in (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED):
        return None
    latest = (
        VisaLetterRequest.objects.filter(application=application)
        .only("pk", "status", "letters_issued")
        .order_by("-created_at", "-pk")
        .first()
    )
    # A confirmed placement (selectors.confirmed_sites) and a block still to come, from the
    # requests the dashboard's panels share.
    confirmed = [
        r for r in application_requests(application) if r.status == RequestStatus.CONFIRMED
    ]
    enrolled = application.status == ApplicationStatus.ENROLLED
    placement_confirmed = enrolled and bool(confirmed)
    today = timezone.localdate()
    if enrolled and not any(r.rotation.end_date >= today for r in confirmed):
        return None  # every block cancelled or over: nothing left to arrive for
    return {
        "placement_confirmed": placement_confirmed,
        "visa_status": latest.status if latest is not None else "",
        "visa_number": latest.letter_number if latest is not None else "",
        "open_requests": SupportRequest.objects.filter(
            application=application, status__in=OPEN_SUPPORT_STATUSES
        ).count(),
        "statuses": VisaLetterStatus,
    }


dashboard.register(
    Panel(
        name="support",
        template="rotations/arrival/_dashboard_support.html",
        context=dashboard_support_panel,
        order=36,
    )
)
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
