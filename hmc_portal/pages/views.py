from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from hmc_portal import public_cache

from . import health, selectors


@method_decorator(public_cache.cache_public_page(), name="dispatch")
class HomeView(TemplateView):
    """The program's story: what an observership is, specialties, preceptors, the steps. An
    anonymous visitor's page, and for anyone its lists, come from the cache while nothing they
    show changed (hmc_portal/public_cache.py)."""

    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["specialties"] = selectors.offered_specialties()
        context["preceptors"] = selectors.directory_preceptors()[:6]
        context["cache_key"] = public_cache.fragment_key()
        context["cache_seconds"] = settings.PUBLIC_FRAGMENT_CACHE_SECONDS
        return context


@never_cache
def healthz(request):
    """200 when the database and the broker both answer, else 503 naming the one that does
    not. Load balancers and `make run` poll it; it never needs a session or a login."""
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    body = {name: ("ok" if error is None else "unreachable") for name, error in checks.items()}
    failing = [name for name, error in checks.items() if error is not None]
    body["status"] = "ok" if not failing else "unavailable"
    if failing and settings.DEBUG:  # details name internal hosts: only for developers
        body["errors"] = {name: checks[name] for name in failing}
    return JsonResponse(body, status=503 if failing else 200)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: no context processor (session, user, messages) that
    # could fail a second time may stand between the visitor and this page.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
