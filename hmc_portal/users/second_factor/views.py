"""The second factor's pages under /accounts/two-factor/: where to go, set up an app (QR
code, the key in groups of 4, a code to confirm, then the recovery codes once), enter a
code, use a recovery code instead. Thin: a form validates, one service writes."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View

from . import selectors, services
from .errors import SecondFactorError
from .forms import CodeForm, CodesSavedForm, RecoveryCodeForm
from .qr import qr_svg
from .receivers import SESSION_KEY


def safe_next(request, value: str | None = None) -> str:
    """Where to go afterwards: `next` when it is on this site, else the person's home
    (admin for staff, the portal for preceptors)."""
    value = value if value is not None else request.POST.get("next") or request.GET.get("next")
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    if request.user.is_staff:
        return reverse("admin:index")
    if request.user.role == "preceptor":
        return reverse("preceptors:portal")
    return reverse("accounts:profile")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _verified(request) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


class SecondFactorView(LoginRequiredMixin, View):
    """/accounts/two-factor/: staff without an app set one up; anyone with one enters a
    code; a session that passed already (or owes nothing) goes on."""

    def get(self, request):
        next_url = safe_next(request)
        if _verified(request):
            return redirect(next_url)
        if selectors.has_second_factor(user=request.user):
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        if request.user.is_staff:
            return redirect(_with_next("accounts:two_factor_setup", next_url))
        # A preceptor whose app was reset since they logged in owes nothing any more.
        request.session[SESSION_KEY] = False
        return redirect(next_url)


class SetupView(LoginRequiredMixin, View):
    """Set up an authenticator app. Someone who has one already must first pass it (a stolen
    password alone cannot swap the app)."""

    template_name = "users/two_factor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.may_enrol(user=request.user):
            raise Http404
        if selectors.has_second_factor(user=request.user) and not _verified(request):
            return redirect(_with_next("accounts:two_factor_verify", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def render_setup(self, request, form, *, status=200):
        device = services.start_totp_enrolment(user=request.user)
        context = {
            "form": form,
            "next": safe_next(request),
            "qr": qr_svg(device.config_url, title=_("QR code for your authenticator app")),
            "secret": selectors.secret_in_groups(device),
            "replacing": selectors.has_second_factor(user=request.user),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_setup(request, CodeForm(submit_label=_("Confirm")))

    def post(self, request):
        form = CodeForm(request.POST, submit_label=_("Confirm"))
        if form.is_valid():
            try:
                device, codes = services.confirm_totp_device(
                    user=request.user, token=form.cleaned_data["code"]
                )
            except SecondFactorError as error:
                form.add_error("code", str(error))
            else:
                django_otp.login(request, device)
                request.session.cycle_key()
                next_url = safe_next(request)
                return render(
                    request,
                    "users/two_factor/recovery_codes.html",
                    {
                        "codes": codes,
                        "form": CodesSavedForm(
                            initial={"next": next_url},
                            action=reverse("accounts:two_factor_saved"),
                        ),
                    },
                )
        return self.render_setup(request, form)


class CodesSavedView(LoginRequiredMixin, View):
    """ "I have saved them": the last step of the set-up, then on to where the person was
    going."""

    def post(self, request):
        form = CodesSavedForm(request.POST, action=reverse("accounts:two_factor_saved"))
        if not form.is_valid():
            # The codes are not shown again (they are not stored where a page can read
            # them back): the person can make new ones by setting the app up again.
            messages.warning(
                request,
                _(
                    "Your app is set up. If you did not save the recovery codes, set the "
                    "app up again from your profile to get new ones."
                ),
            )
        else:
            messages.success(request, _("Your second step is set up."))
        return redirect(safe_next(request, form.data.get("next")))


class VerifyView(LoginRequiredMixin, View):
    """ "Enter the 6-digit code from your authenticator app"."""

    template_name = "users/two_factor/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.has_second_factor(user=request.user):
            return redirect(_with_next("accounts:two_factor", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def check(self, request, code: str):
        """The device the code passes (raises SecondFactorError)."""
        return services.verify_totp_code(user=request.user, token=code)

    def passed(self, request, device) -> None:
        """After the session passed the second factor, before it goes on."""

    def get(self, request):
        return self.show(request, self.form_class())

    def show(self, request, form, *, status=200):
        return render(
            request, self.template_name, {"form": form, "next": safe_next(request)}, status=status
        )

    def post(self, request):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                device = self.check(request, form.cleaned_data["code"])
            except SecondFactorError as error:
                form.add_error("code", str(error))
            else:
                django_otp.login(request, device)
                request.session.cycle_key()
                self.passed(request, device)
                return redirect(safe_next(request))
        return self.show(request, form)


class RecoveryView(VerifyView):
    """Use a recovery code instead of the app (each works once)."""

    template_name = "users/two_factor/recovery.html"
    form_class = RecoveryCodeForm

    def check(self, request, code: str):
        return services.use_recovery_code(user=request.user, code=code)

    def passed(self, request, device) -> None:
        messages.warning(
            request,
            _(
                "You used a recovery code; %(left)s are left. Lost your phone? Set up "
                "your app again from your profile."
            )
            % {"left": device.token_set.count()},
        )
