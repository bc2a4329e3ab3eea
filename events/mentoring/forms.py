"""Mentoring's forms: fields and validation only; events.mentoring.services writes."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from . import services

# Django's own weekday names (0 is Monday), translated by Django's catalogue: the same
# words as in every date the portal writes.
WEEKDAYS = list(dates.WEEKDAYS.items())
LENGTHS = [(15, "15"), (30, "30"), (45, "45"), (60, "60"), (90, "90")]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _WhereFields(forms.Form):
    duration_minutes = forms.TypedChoiceField(
        label=_("Length (minutes)"), choices=LENGTHS, coerce=int, initial=30
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A video call link starting with https://; or give a place below."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online_url") and not (cleaned.get("place") or "").strip():
            raise forms.ValidationError(_("Give an online link or a place."))
        return cleaned

    def where(self) -> services.Where:
        return services.Where(
            online_url=self.cleaned_data.get("online_url") or "",
            place=self.cleaned_data.get("place") or "",
        )


class OneOffSlotForm(_WhereFields):
    """One time: day and time in the mentor's own zone."""

    day = forms.DateField(label=_("Day"), widget=_date_input())
    at = forms.TimeField(label=_("Time"), widget=_time_input())

    field_order = ["day", "at", "duration_minutes", "online_url", "place"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "once")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("events:mentoring_publish_once")
        self.helper.form_class = "mentoring-once"
        self.helper.add_input(
            Submit("submit", _("Publish this time"), css_class="btn-brand", css_id="once-submit")
        )


class WeeklySlotForm(_WhereFields):
    """Every week on one weekday at one time, from a first to a last day."""

    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    at = forms.TimeField(label=_("Time"), widget=_time_input())
    first_day = forms.DateField(label=_("From"), widget=_date_input())
    last_day = forms.DateField(label=_("Until"), widget=_date_input())

    field_order = [
        "weekday",
        "at",
        "duration_minutes",
        "first_day",
        "last_day",
        "online_url",
        "place",
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "weekly")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("events:mentoring_publish_weekly")
        self.helper.form_class = "mentoring-weekly"
        self.helper.add_input(
            Submit(
                "submit", _("Publish these times"), css_class="btn-brand", css_id="weekly-submit"
            )
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day comes before the first."))
        if first and last and last - first > datetime.timedelta(weeks=services.MAX_WEEKS):
            self.add_error(
                "last_day",
                _("A weekly series is at most %(weeks)s weeks; publish the rest later.")
                % {"weeks": services.MAX_WEEKS},
            )
        return cleaned


class BookForm(forms.Form):
    agenda = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=services.MAX_AGENDA,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, slot_id: int, **kwargs):
        kwargs.setdefault("prefix", f"s{slot_id}")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("events:mentoring_book", args=[slot_id])
        self.helper.form_class = "mentoring-book"
        self.helper.add_input(
            Submit(
                "submit", _("Book this time"), css_class="btn-brand", css_id=f"{self.prefix}-submit"
            )
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the other side reads it)"), max_length=services.MAX_REASON
    )

    def __init__(self, *args, action: str, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "mentoring-cancel"
        self.helper.add_input(
            Submit("submit", button, css_class="btn-outline-danger", css_id=f"{self.prefix}-submit")
        )


class NoteForm(forms.Form):
    private_note = forms.CharField(
        label=_("Private note (you and the program office only)"),
        required=False,
        max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up actions (the applicant sees them)"),
        required=False,
        max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, booking_id: int, **kwargs):
        kwargs.setdefault("prefix", f"n{booking_id}")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("events:mentoring_note", args=[booking_id])
        self.helper.form_class = "mentoring-note"
        self.helper.add_input(
            Submit(
                "submit", _("Save the note"), css_class="btn-brand", css_id=f"{self.prefix}-submit"
            )
        )
