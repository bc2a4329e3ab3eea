"""The public verification pages: anyone holding an issued document (an embassy, a hospital,
an employer) checks that it is genuine and not revoked. They show the minimum: the kind, the
name printed on it, its reference and dates; never the file, never an email address.

A code is 20 characters from an alphabet of 31 (about 99 bits), so guessing one is hopeless;
even so each address may check VERIFY_CHECKS_PER_MINUTE codes or files a minute
(hmc_portal.rate_limits), and an unknown code and a malformed one get the same answer.

Whoever holds the PDF may also hand it to the code's page: its bytes are compared with the
ones issued (SHA-256), so an altered copy with a genuine code shows as altered. The file is
read in memory (or Django's temporary upload file) and never kept."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from hmc_portal import rate_limits
from hmc_portal.users.lockout import client_ip_address

from . import codes, selectors
from .forms import VerifyFileForm, VerifyForm


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request):
    """The page that says to wait, when this address has checked too often this minute; or
    None to go ahead."""
    wait = rate_limits.hit(
        "verify",
        client_ip_address(request),
        limit=settings.VERIFY_CHECKS_PER_MINUTE,
        window=60,
    )
    if not wait:
        return None
    response = render(request, "issuance/too_many.html", {"seconds": wait}, status=429)
    response["Retry-After"] = str(wait)
    return _noindex(response)


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """/verify/: a form to type a code; a valid one goes on to its page."""

    def get(self, request):
        if "code" not in request.GET:
            form, status = VerifyForm(), 200
        elif (refused := _too_many(request)) is not None:
            return refused
        else:
            form = VerifyForm(request.GET)
            if form.is_valid():
                code = codes.grouped(form.cleaned_data["code"])
                return redirect(reverse("issuance:verify_code", args=[code]))
            status = 400
        return _noindex(render(request, "issuance/verify.html", {"form": form}, status=status))


@method_decorator(never_cache, name="dispatch")
class VerifyCodeView(View):
    """/verify/<code>/: valid, revoked (when, why), or unknown (404). Any case, with or
    without dashes. A POST hands over the PDF to compare with the one issued."""

    def get(self, request, code):
        if (refused := _too_many(request)) is not None:
            return refused
        return self._page(request, code, VerifyFileForm())

    def post(self, request, code):
        if (refused := _too_many(request)) is not None:
            return refused
        form = VerifyFileForm(request.POST, request.FILES)
        return self._page(request, code, form, compare=True)

    def _page(self, request, code, file_form, *, compare=False):
        document = selectors.document_for_code(code)
        context = {"document": document, "form": VerifyForm(), "file_form": file_form}
        status = 200 if document is not None else 404
        if document is not None and compare:
            if file_form.is_valid():
                context["file_matches"] = selectors.file_is_the_issued_one(
                    document=document, upload=file_form.cleaned_data["file"]
                )
                context["file_name"] = file_form.cleaned_data["file"].name
                context["file_form"] = VerifyFileForm()
            else:
                status = 400
        return _noindex(render(request, "issuance/verify_result.html", context, status=status))
