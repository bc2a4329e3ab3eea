"""The account forms: validation and layout only; the views hand clean data to the services."""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from django_countries.fields import CountryField as CountryModelField

from hmc_portal.form_choices import name_blank_choices

from .models import User
from .timezones import canonical_zone, timezone_choices, zone_links_json

TIMEZONE_HELP = _(
    "Every date and time you see on the portal (interviews, deadlines) is in this zone."
)
LANGUAGE_HELP = _("The language of the portal's pages and of every email we send you.")


def _helper(label: str, *, css_class: str = "btn-brand w-100") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class=css_class))
    return helper


class TimeZoneField(forms.ChoiceField):
    """A current IANA zone from a searchable list; an old name that is still sent (a
    bookmarked form, a browser's detection) is taken as the zone it stands for."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your time zone"))
        kwargs.setdefault("help_text", TIMEZONE_HELP)
        kwargs.setdefault("initial", "UTC")
        # static/js/timezone-search.js adds a filter box above a select marked like this; its
        # words come from these attributes, in the page's language.
        kwargs.setdefault(
            "widget",
            forms.Select(
                attrs={
                    "data-timezone-search": "",
                    "autocomplete": "off",
                    "data-search-label": _(
                        "Search the time zones (a city or region, e.g. Kolkata)"
                    ),
                    "data-status-none": _(
                        "No time zone matches; the list shows your current choice."
                    ),
                    "data-status-one": _("1 time zone matches; it is selected below."),
                    "data-status-many": _("%(count)s time zones match; choose one below."),
                }
            ),
        )
        super().__init__(choices=timezone_choices, **kwargs)

    def to_python(self, value):
        return canonical_zone(super().to_python(value))


def language_choices() -> list[tuple[str, str]]:
    # Each language in its own name ("Español"), so that a reader finds theirs whatever the
    # page's language.
    return list(settings.LANGUAGES)


class LanguageField(forms.ChoiceField):
    """One of settings.LANGUAGES, each labelled in its own name. Not required: a form sent
    without it (an old page, a script) keeps the language the view falls back to."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("help_text", LANGUAGE_HELP)
        kwargs.setdefault("initial", settings.LANGUAGE_CODE)
        kwargs.setdefault("widget", forms.Select(attrs={"autocomplete": "language"}))
        super().__init__(choices=language_choices, **kwargs)


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with an email address and a password."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = _helper(_("Log in"))


class SignupForm(forms.Form):
    """A new account: names, email, a password typed twice, the time zone and the language
    (preselected by the view with the one the visitor's page is in).

    Whether the address is already registered is deliberately not checked here: the view
    answers both cases with the same page (see `register_user`).
    """

    first_name = forms.CharField(label=_("First (given) name"), max_length=150)
    last_name = forms.CharField(label=_("Last (family) name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to this address to confirm it."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The same password, to be sure there is no typo."),
    )
    timezone = TimeZoneField()
    language = LanguageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name", autofocus=True)
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        if not self.is_bound:
            # static/js/signup-timezone.js preselects the browser's zone, only on a fresh form
            # (after an error the zone the person chose stays).
            self.fields["timezone"].widget.attrs["data-timezone-detect"] = ""
            # Old zone names the browser may report, and the current name of each.
            self.fields["timezone"].widget.attrs["data-timezone-links"] = zone_links_json()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(
                Div("first_name", css_class="col-sm-6"),
                Div("last_name", css_class="col-sm-6"),
                css_class="row",
            ),
            "email",
            "password1",
            "password2",
            "timezone",
            "language",
            Submit("submit", _("Create my account"), css_class="btn-brand w-100 mt-2"),
            HTML(
                format_html(
                    '<p class="mt-3 mb-0 text-center">{}</p>',
                    mark_safe(  # noqa: S308 - our own translated text, the URL escaped
                        _('Already have an account? <a href="%(url)s">Log in</a>')
                        % {"url": escape(reverse("accounts:login"))}
                    ),
                )
            ),
        )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()

    @sensitive_variables("password1", "password2")
    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            # A throwaway, unsaved user: the similarity validator compares with these fields.
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendVerificationForm(forms.Form):
    """The address to send a new confirmation link to."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send me a new link"))
        # Also shown on the verification page, whose own URL must not receive it.
        self.helper.form_action = reverse("accounts:resend_verification")


class VerifyEmailForm(forms.Form):
    """A button, so that opening the link (a GET, maybe a mail scanner's) changes nothing and
    the confirmation is a POST with a CSRF token. Someone who is not logged in, in another
    browser than the one they signed up in, may also give their password to be logged in;
    a wrong one is an error and confirms nothing."""

    password = forms.CharField(
        label=_("Your password (optional)"),
        help_text=_("Give it to continue straight to your application."),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, ask_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_password:
            del self.fields["password"]
        self.helper = _helper(_("Confirm my email address"))


PHONE_PATTERN = re.compile(r"\+?[\d\s().-]+")


class ProfileForm(forms.Form):
    """Names, time zone and language (on the account); for applicants also citizenship and
    phone."""

    first_name = forms.CharField(label=_("First (given) name"), max_length=150)
    last_name = forms.CharField(label=_("Last (family) name"), max_length=150)
    country = CountryModelField(blank=True).formfield(
        label=_("Country of citizenship"), required=False
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("With the country code, e.g. +234 803 123 4567. WhatsApp is fine."),
    )
    timezone = TimeZoneField()
    language = LanguageField()

    def __init__(self, *args, with_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        self.fields["country"].widget.attrs.update(autocomplete="country")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        name_blank_choices(self)
        rows = [
            Div(
                Div("first_name", css_class="col-sm-6"),
                Div("last_name", css_class="col-sm-6"),
                css_class="row",
            )
        ]
        if with_contact:
            rows.append(
                Div(
                    Div("country", css_class="col-sm-6"),
                    Div("phone", css_class="col-sm-6"),
                    css_class="row",
                )
            )
        else:  # staff and preceptors have no applicant profile to hold these
            del self.fields["country"], self.fields["phone"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *rows,
            Div(
                Div("timezone", css_class="col-sm-8"),
                Div("language", css_class="col-sm-4"),
                css_class="row",
            ),
            Submit("submit", _("Save my profile"), css_class="btn-brand mt-2"),
        )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return phone
        digits = re.sub(r"\D", "", phone)
        if not PHONE_PATTERN.fullmatch(phone) or not 7 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number with its country code, using digits, spaces and +.")
            )
        return phone


class AccountPasswordChangeForm(PasswordChangeForm):
    """Django's password change (old password, new one twice), in the site's look."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = _("New password again")
        self.helper = _helper(_("Change my password"), css_class="btn-brand")


class OutboxPasswordResetForm(forms.Form):
    """The address to send a password reset link to. Only the address: whether an account
    has it is not looked up here but by a worker (`services.request_password_reset`), so the
    request does the same work for every address."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Email me a reset link"))


class AccountSetPasswordForm(SetPasswordForm):
    """The new password, typed twice, from a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = _("New password again")
        self.helper = _helper(_("Set my new password"))
