"""The public verification pages: anyone holding an issued document (an embassy, a hospital,
an employer) checks that it is genuine and not revoked. They show the minimum: the kind, the
name printed on it, its reference and dates; never the file, never an email address.

No rate limit of their own: a code is 20 characters from an alphabet of 31 (about 99 bits),
so guessing one is hopeless however fast the guesses come, and a lookup costs one indexed
query (none for text that cannot be a code)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from . import codes, selectors
from .forms import VerifyForm


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """/verify/: a form to type a code; a valid one goes on to its page."""

    def get(self, request):
        if "code" not in request.GET:
            form, status = VerifyForm(), 200
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
    without dashes."""

    def get(self, request, code):
        document = selectors.document_for_code(code)
        context = {"document": document, "form": VerifyForm()}
        status = 200 if document is not None else 404
        return _noindex(render(request, "issuance/verify_result.html", context, status=status))
