"""Pages that gather panels from several apps (the applicant's dashboard, the preceptor's
portal) collect them here, so that the page's own app never imports the apps that fill it.

An app above registers its panel in its AppConfig.ready:

    dashboard.register(Panel(name="rotations", template="rotations/_dashboard_rotations.html",
                             context=rotation_panel_context, order=30))

`context(request=..., **page_objects)` returns the panel's template context, or None when
the panel has nothing to show this viewer; the page renders each panel with its own context
(and the request, for CSRF tokens and the viewer's time zone) in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    html: SafeString


class PanelRegistry:
    """The panels of one page, by name (registering a name again replaces the panel, so a
    reloaded AppConfig never shows a panel twice)."""

    def __init__(self, page: str):
        self.page = page
        self._panels: dict[str, Panel] = {}

    def register(self, panel: Panel) -> None:
        self._panels[panel.name] = panel

    def unregister(self, name: str) -> None:
        self._panels.pop(name, None)

    @property
    def panels(self) -> list[Panel]:
        return sorted(self._panels.values(), key=lambda panel: (panel.order, panel.name))

    def render(self, *, request: HttpRequest, **page_objects: Any) -> list[RenderedPanel]:
        """Every panel that has something to show, rendered in order."""
        rendered = []
        for panel in self.panels:
            context = panel.context(request=request, **page_objects)
            if context is not None:
                html = render_to_string(panel.template, context, request=request)
                rendered.append(RenderedPanel(name=panel.name, html=html))
        return rendered


# The applicant's dashboard (applications.views.dashboard): each panel's context gets
# `request` and `application` (the applicant's current one).
dashboard = PanelRegistry("dashboard")
# The preceptor's portal (preceptors.views.PortalView): each panel's context gets `request`,
# `preceptor`, and the numbers of confirmed observers the portal counted already:
# `upcoming_observers` (of the preceptor's rotations not over yet) and `past_observers` (of
# those over), so that a panel about placements skips its queries when there is none.
preceptor_portal = PanelRegistry("preceptor_portal")
# The applicant's rotation plan (rotations.views.ChooseRotationsView), shown beside the plan
# before the requests are sent: each panel's context gets `request`, `application` and
# `rotations` (the planned rotations, in order of preference; never empty).
rotation_plan = PanelRegistry("rotation_plan")
# The pages where an applicant confirms leaving: withdrawing the application
# (applications.views.WithdrawView) and cancelling one rotation request
# (rotations.views.CancelRequestView), shown above the confirmation form: each panel's
# context gets `request`, `application` and `rotation_request` (None when withdrawing).
before_cancelling = PanelRegistry("before_cancelling")
# The applicant's help before arrival (rotations.arrival.views.SupportView,
# /dashboard/support/): the visa invitation letter, travel and housing help. Each panel's
# context gets `request` and `application` (the applicant's current one, never None).
support = PanelRegistry("support")
# The dashboard of someone signed in who has not started an application (an advisor who
# mentors applicants, say), shown above "Start your application": each panel's context gets
# `request` only.
no_application = PanelRegistry("no_application")
# The applicant's privacy page (hmc_portal.privacy.views.PrivacyView, /dashboard/privacy/):
# downloading their data, deleting their account. Each panel's context gets `request` only.
privacy = PanelRegistry("privacy")
