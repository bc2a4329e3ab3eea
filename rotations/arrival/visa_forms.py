"""The applicant's visa invitation letter request. Validation only; the service writes (and
checks the same rules again)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .visa_services import (
    PASSPORT_NAME,
    PASSPORT_NUMBER,
    VisaLetterDetails,
    normalize_passport_name,
    normalize_passport_number,
)

DATE = {"type": "date"}


class VisaLetterRequestForm(forms.Form):
    passport_name = forms.CharField(
        label=_("Full name as in your passport's machine-readable zone"),
        max_length=120,
        help_text=_(
            "The two lines at the bottom of the photo page: surname, then given names, "
            "e.g. OKAFOR CHIDINMA ADA."
        ),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    nationality = LazyTypedChoiceField(label=_("Nationality"), choices=countries)
    passport_number = forms.CharField(label=_("Passport number"), max_length=12)
    passport_expiry = forms.DateField(
        label=_("Passport expiry date"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("It must be valid at least six months after your last rotation."),
    )
    consulate = forms.CharField(
        label=_("US embassy or consulate"),
        max_length=150,
        help_text=_("Where you have or will book your visa interview, e.g. US Consulate Lagos."),
    )
    interview_date = forms.DateField(
        label=_("Visa interview date (if booked)"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("rotations:visa_letter_request")
        self.helper.form_id = "visa-letter-form"
        self.helper.add_input(Submit("submit", _("Ask for the letter"), css_class="btn-brand"))

    def clean_passport_name(self):
        name = normalize_passport_name(self.cleaned_data["passport_name"])
        if not PASSPORT_NAME.match(name):
            raise forms.ValidationError(
                _(
                    "Use only the letters A to Z and spaces, exactly as in the passport's "
                    "machine-readable zone."
                )
            )
        return name

    def clean_passport_number(self):
        number = normalize_passport_number(self.cleaned_data["passport_number"])
        if not PASSPORT_NUMBER.match(number):
            raise forms.ValidationError(
                _("A passport number has 6 to 9 letters (A to Z) and digits only.")
            )
        return number

    def clean_passport_expiry(self):
        expiry = self.cleaned_data["passport_expiry"]
        if expiry <= timezone.localdate():
            raise forms.ValidationError(
                _("This passport has expired: renew it before asking for the letter.")
            )
        return expiry

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate() or born.year < 1900:
            raise forms.ValidationError(_("Enter your date of birth as in your passport."))
        return born

    def clean_interview_date(self):
        day = self.cleaned_data.get("interview_date")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The visa interview date is in the past."))
        return day

    def details(self) -> VisaLetterDetails:
        return VisaLetterDetails(**self.cleaned_data)


class SendBackForm(forms.Form):
    """A coordinator's reason for sending a request back (the applicant reads it)."""

    reason = forms.CharField(
        label=_("What should the applicant correct?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
