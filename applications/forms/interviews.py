"""The applicant's forms for interviews and offers. Validation only; the services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class PickSlotForm(forms.Form):
    """Which offered slot the applicant books (the view fetches it through the scoping
    selector, so someone else's slot is a 404)."""

    slot = forms.IntegerField(min_value=1)


class InterviewTimeRequestForm(forms.Form):
    """When the applicant could be interviewed instead, in their own words."""

    availability = forms.CharField(
        label=_("When are you available?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Give a few days and times that suit you, in your time zone, for the next two "
            "weeks; for example: weekdays after 18:00, or Saturday morning."
        ),
        error_messages={
            "required": _("Tell us when you are available."),
            "min_length": _("Give a little more detail: a few days and times that suit you."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "availability",
            Submit("send", _("Send my availability"), css_class="btn-brand"),
        )


class DeclineOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This helps us improve; the program office reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "reason",
            Submit("decline", _("Decline the offer"), css_class="btn-danger"),
        )
