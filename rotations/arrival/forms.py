"""The applicant's request for travel or housing help: one form per kind, holding only
that kind's fields, so the page shows exactly what is asked (no JavaScript needed: the kind
is chosen first, then its form is shown)."""

from __future__ import annotations

import datetime
import decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hmc_portal.form_choices import name_blank_choices

from ..enums import RoomKind, SupportKind
from ..models import Site
from .money import to_cents
from .services import SupportDetails, program_zone

MONEY_ERRORS = {
    "invalid": _("Enter an amount of US dollars, e.g. 900 or 900.50."),
    "max_digits": _("Enter an amount of US dollars, e.g. 900 or 900.50."),
    "max_decimal_places": _("Enter an amount of US dollars, e.g. 900 or 900.50."),
    "max_whole_digits": _("Enter an amount of US dollars, e.g. 900 or 900.50."),
    "min_value": _("A budget cannot be below zero."),
    "max_value": _("That is more than any place to stay costs: check the amount."),
}
KIND_FIELDS = {
    SupportKind.AIRPORT_PICKUP: ["flight_number", "arrival_date", "arrival_time", "needs"],
    SupportKind.HOUSING: [
        "housing_from",
        "housing_to",
        "budget_min",
        "budget_max",
        "near_site",
        "room",
        "needs",
    ],
    SupportKind.TRANSPORT: ["message"],
    SupportKind.OTHER: ["message"],
}


def _money_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=decimal.Decimal("0"),
        max_value=decimal.Decimal("50000"),
        error_messages=MONEY_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class SupportKindForm(forms.Form):
    """Step one: what the applicant needs help with (sent by GET, so it works without
    JavaScript and the page then shows that kind's form)."""

    kind = forms.ChoiceField(
        label=_("What do you need help with?"),
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("rotations:support") + "#travel-help"
        self.helper.form_class = "support-kind-form"
        self.helper.layout = Layout("kind", Submit("choose", _("Continue"), css_class="btn-brand"))


class SupportRequestForm(forms.Form):
    """Step two: the fields of one kind. `details()` gives what the service takes."""

    kind = forms.ChoiceField(choices=SupportKind.choices, widget=forms.HiddenInput)
    flight_number = forms.CharField(
        label=_("Flight number"),
        max_length=12,
        help_text=_("As on your ticket, e.g. UA 1234."),
    )
    arrival_date = forms.DateField(
        label=_("Landing day (Houston time)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    arrival_time = forms.TimeField(
        label=_("Landing time (Houston time)"),
        help_text=_("The local time in Houston when your flight lands, as on your ticket."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    housing_from = forms.DateField(
        label=_("First night"), widget=forms.DateInput(attrs={"type": "date"})
    )
    housing_to = forms.DateField(
        label=_("Day you leave"), widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_min = _money_field(_("Budget from (US$ per month, optional)"))
    budget_max = _money_field(_("Budget up to (US$ per month, optional)"))
    near_site = forms.ChoiceField(label=_("Near which site"), required=False)
    room = forms.ChoiceField(label=_("Room"), choices=RoomKind.choices, initial=RoomKind.EITHER)
    needs = forms.CharField(
        label=_("Anything else we should know (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Luggage, accessibility, who travels with you, diet…"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, kind: str, sites: list[Site], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.initial.setdefault("kind", kind)
        keep = {"kind", *KIND_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "near_site" in self.fields:
            self.fields["near_site"].choices = [
                ("", _("Any of my sites")),
                *((str(site.pk), site.name) for site in sites),
            ]
        name_blank_choices(self)
        self.helper = FormHelper()
        self.helper.form_action = reverse("rotations:support_request")
        self.helper.form_class = "support-request-form"
        change = reverse("rotations:support") + "#travel-help"
        self.helper.layout = Layout(
            *self.fields,
            Submit("send", _("Send to the program office"), css_class="btn-brand"),
            HTML(
                format_html(
                    '<a class="btn btn-link" href="{}">{}</a>', change, _("Ask for something else")
                )
            ),
        )

    def clean_kind(self):
        # The kind is the one the page shows; a different one posted is not this form's.
        if self.cleaned_data["kind"] != self.kind:
            raise forms.ValidationError(_("Choose what you need help with again."))
        return self.kind

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("arrival_date"), cleaned.get("arrival_time")
        if day and time:
            cleaned["arrival_at"] = datetime.datetime.combine(day, time, tzinfo=program_zone())
        return cleaned

    def details(self) -> SupportDetails:
        data = self.cleaned_data

        def cents(name):
            value = data.get(name)
            return None if value is None else to_cents(value)

        return SupportDetails(
            flight_number=data.get("flight_number", ""),
            arrival_at=data.get("arrival_at"),
            housing_from=data.get("housing_from"),
            housing_to=data.get("housing_to"),
            budget_min=cents("budget_min"),
            budget_max=cents("budget_max"),
            near_site_id=int(data["near_site"]) if data.get("near_site") else None,
            room=data.get("room", ""),
            needs=data.get("needs", ""),
            message=data.get("message", ""),
        )
