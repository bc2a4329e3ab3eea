"""Account pages: sign-up, email confirmation, profile, password change and reset.

Thin views: a form validates, one service writes, a message and a redirect follow. Pages a
stranger can use to probe for accounts (sign-up, resend, password reset) answer every
address the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from hmc_portal.languages import language_or_default

from . import selectors, services
from .errors import AccountError, EmailAlreadyVerified, VerificationLinkError
from .forms import (
    AccountPasswordChangeForm,
    AccountSetPasswordForm,
    EmailAuthenticationForm,
    OutboxPasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
    VerifyEmailForm,
)
from .tokens import describe_duration

# The address typed on sign-up or resend, shown back on the "check your email" page so a
# typo can be spotted. It is what the visitor typed, so it reveals nothing about accounts.
SENT_TO_SESSION_KEY = "accounts_sent_to"


class CheckEmailView(TemplateView):
    """A "check your email" page: the address typed (from the session) and how long the
    link works."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sent_to"] = self.request.session.get(SENT_TO_SESSION_KEY, "")
        context["link_lifetime"] = describe_duration(settings.EMAIL_VERIFICATION_MAX_AGE)
        return context


class LoginView(auth_views.LoginView):
    """Log in with email and password. django-axes counts failures: after five for an account
    or an address it answers with registration/locked_out.html (429) instead."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class SignupView(FormView):
    """Create an account; its owner confirms the address by the emailed link.

    A new address and an already registered one get the same redirect to the same "check
    your email" page (the owner of a registered one is emailed instead, see `register_user`),
    so nobody learns from this page whether an address has an account. For the same reason
    the new account is not logged in: logging in only the new ones would tell the two cases
    apart. The person logs in with the password they just chose; an unverified account can
    log in and fill in a draft, and submits once the address is confirmed.
    """

    form_class = SignupForm
    template_name = "users/signup.html"
    success_url = reverse_lazy("accounts:signup_done")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("applications:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        # The language LocaleMiddleware chose: the language cookie, else Accept-Language.
        initial["language"] = language_or_default(translation.get_language())
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        services.register_user(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            timezone_name=data["timezone"],
            # Sent without one: the language the page was in.
            language=data["language"] or translation.get_language(),
        )
        self.request.session[SENT_TO_SESSION_KEY] = data["email"]
        return super().form_valid(form)


class SignupDoneView(CheckEmailView):
    """ "Check your email" after sign-up, the same whether the address was new or not."""

    template_name = "users/signup_done.html"


@method_decorator(never_cache, name="dispatch")  # names the account, without a login
class VerifyEmailView(FormView):
    """The link from the verification email. GET only shows the account it is for and a
    button (mail scanners open links; opening must change nothing); POST confirms through
    `verify_email`. An expired, altered or used link gets a clear message and a way to ask
    for a new one."""

    form_class = VerifyEmailForm
    template_name = "users/verify_email.html"

    def signed_up_in_this_browser(self, account) -> bool:
        sent_to = self.request.session.get(SENT_TO_SESSION_KEY, "")
        return sent_to.casefold() == account.email.casefold()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["ask_password"] = not self.request.user.is_authenticated
        return kwargs

    def get(self, request, *args, **kwargs):
        try:
            account = selectors.user_for_verification_token(token=kwargs["token"])
        except AccountError as error:
            return self.render_problem(error)
        return self.render_to_response(self.get_context_data(account=account))

    def post(self, request, *args, **kwargs):
        try:
            account = selectors.user_for_verification_token(token=kwargs["token"])
        except AccountError as error:
            return self.render_problem(error)
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, account=account))
        # Who is logged in once the address is confirmed: the person already logged in; the
        # browser that signed up with this address (the link proves the mailbox, the session
        # the sign-up); or whoever gives the account's password here.
        signed_in = None
        password = form.cleaned_data.get("password")
        if not request.user.is_authenticated and password:
            signed_in = authenticate(request, username=account.email, password=password)
            if signed_in is None or signed_in.pk != account.pk:
                form.add_error("password", _("That password is not right. Nothing was changed."))
                return self.render_to_response(self.get_context_data(form=form, account=account))
        elif not request.user.is_authenticated and self.signed_up_in_this_browser(account):
            signed_in = account
        try:
            account = services.verify_email(token=kwargs["token"])
        except AccountError as error:
            return self.render_problem(error)
        if signed_in is not None:
            login(request, account, backend="hmc_portal.users.backends.AccountBackend")
        messages.success(request, _("Thank you: your email address is confirmed."))
        if request.user.is_authenticated:
            # Step 1 of the application (the apply page sends someone further along, or a
            # preceptor or staff member, to their own page).
            return redirect("applications:apply")
        messages.info(request, _("Log in to continue with your application."))
        return redirect("accounts:login")

    def render_problem(self, error: AccountError):
        return self.render_to_response(
            self.get_context_data(
                problem=str(error),
                already_verified=isinstance(error, EmailAlreadyVerified),
                expired=isinstance(error, VerificationLinkError) and error.expired,
                resend_form=ResendVerificationForm(),
            )
        )


class ResendVerificationView(FormView):
    """Ask for a new confirmation link. Known, unknown and confirmed addresses all get the
    same redirect and page; only an unconfirmed account is emailed."""

    form_class = ResendVerificationForm
    template_name = "users/resend_verification.html"
    success_url = reverse_lazy("accounts:resend_verification_done")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.user.is_authenticated:
            initial["email"] = self.request.user.email
        return initial

    def form_valid(self, form):
        services.request_verification_email(email=form.cleaned_data["email"])
        self.request.session[SENT_TO_SESSION_KEY] = form.cleaned_data["email"]
        return super().form_valid(form)


class ResendVerificationDoneView(CheckEmailView):
    template_name = "users/resend_verification_done.html"


def account_initial(user) -> dict:
    """The profile form's values for `user`: names, zone, language and, for applicants,
    citizenship and phone."""
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "timezone": user.timezone,
        "language": user.preferred_language,
    }
    profile = getattr(user, "applicant_profile", None)
    if profile is not None:
        initial.update(country=profile.country, phone=profile.phone)
    return initial


def save_account(request, form: ProfileForm) -> bool:
    """Save a valid profile form through `update_profile`, with the success message, and speak
    the language just chosen from now on. A value the service refuses is put next to its
    field and nothing is saved (False). Also used by the preceptor's profile page, which
    holds this form as its account part."""
    data = form.cleaned_data
    with_contact = request.user.role == "applicant"
    contact = {"country": data["country"], "phone": data["phone"]} if with_contact else None
    try:
        user = services.update_profile(
            user=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            timezone_name=data["timezone"],
            contact=contact,
            language=data["language"] or None,  # None: unchanged
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    # The page after the redirect speaks the language just chosen.
    translation.activate(user.preferred_language)
    messages.success(request, _("Your profile is saved."))
    return True


class ProfileView(LoginRequiredMixin, FormView):
    """Names, time zone, language and, for applicants, citizenship and phone, saved together by
    `update_profile`. A refused value is shown next to its field and nothing is saved.
    A preceptor's one profile page is the portal's (/preceptor/profile/), which holds this
    form beside the directory entry: this page sends them there."""

    form_class = ProfileForm
    template_name = "users/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role == "preceptor":
            return redirect("preceptors:profile")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["with_contact"] = self.request.user.role == "applicant"
        return kwargs

    def get_initial(self):
        return account_initial(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["now"] = timezone.localtime()  # in the zone the middleware activated
        return context

    def form_valid(self, form):
        if not save_account(self.request, form):
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password (the current one first); the session stays logged in."""

    form_class = AccountPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. A known and an unknown address get the same redirect and page,
    after the same work: the address is handed to a worker (`request_password_reset`), which
    finds the account, if any, and queues the email through the outbox."""

    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        services.request_password_reset(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """ "Check your email" after a reset request, saying how long the link works."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reset_link_lifetime"] = describe_duration(settings.PASSWORD_RESET_TIMEOUT)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the emailed link. Afterwards `record_password_reset` counts
    the address as confirmed (the link reached the mailbox) and clears failed logins, so a
    locked-out person can log in with the new password at once."""

    form_class = AccountSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.record_password_reset(user=form.user)
        return response


@require_POST
def set_language(request):
    """The header's language switcher (POST only: a GET is 405).

    Takes `language` (a code of settings.LANGUAGES; anything else is English, with no error)
    and `next`, the page to go back to when it is on this site (else the home page). Sets
    Django's language cookie, as django's own set_language does, and for a signed-in person
    also stores the language on the account (`set_language` service), so that pages and
    emails follow it on every device.
    """
    code = language_or_default(request.POST.get("language"))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("pages:home")
    if request.user.is_authenticated:
        services.set_language(user=request.user, code=code)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
