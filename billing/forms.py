"""Forms of the payments page and of the admin's payment actions."""

from __future__ import annotations

import decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.files import ACCEPT

from .enums import VisaRefusalChoice
from .money import minor_digits
from .providers.manual import METHOD_CHOICES


class DeclareWireForm(forms.Form):
    reference = forms.CharField(
        label=_("Transfer reference (optional)"),
        max_length=120,
        required=False,
        help_text=_("The reference your bank gave you, if any: it helps us find your transfer."),
    )


def to_minor_units(amount: decimal.Decimal, currency: str) -> int:
    """A decimal amount typed by a person ("1500.50") in minor units (150050), exactly."""
    return int((amount * 10 ** minor_digits(currency)).to_integral_value(decimal.ROUND_HALF_UP))


class ManualPaymentForm(forms.Form):
    """A coordinator records money received by wire transfer or on the card terminal."""

    amount = forms.DecimalField(
        label=_("Amount received"),
        max_digits=12,
        decimal_places=2,
        min_value=decimal.Decimal("0.01"),
        help_text=_("In the invoice's currency, e.g. 1500.00."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=METHOD_CHOICES)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        help_text=_("The bank's transfer reference or the terminal's receipt number."),
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, currency: str = "USD", **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def amount_minor(self) -> int:
        return to_minor_units(self.cleaned_data["amount"], self.currency)


class VisaRefusalForm(forms.Form):
    """The applicant's visa refusal letter and what they ask for."""

    file = forms.FileField(
        label=_("The refusal letter"),
        help_text=_("A PDF, JPEG or PNG of the letter the embassy or consulate gave you."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose the file of the refusal letter."),
            "empty": _("The file is empty. Choose the file again, or save a new copy."),
        },
    )
    choice = forms.ChoiceField(
        label=_("What would you like?"),
        choices=VisaRefusalChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a full refund or postponing to a later intake.")},
    )


class RefundPaidForm(forms.Form):
    """Staff record the wire transfer that paid a refund back."""

    reference = forms.CharField(
        label=_("Wire transfer reference"),
        max_length=120,
        help_text=_("The bank's reference of the transfer you sent."),
    )
    paid_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))


class RejectRefundForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the refund is rejected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the applicant chose a replacement block or a later intake."),
    )
