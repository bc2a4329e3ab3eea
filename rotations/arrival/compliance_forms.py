"""The observer's upload form for one pre-arrival requirement. Validation only; the
service (compliance_services.submit_evidence) judges the dates and writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.files import ACCEPT, max_size_label

from ..models import Requirement


class EvidenceForm(forms.Form):
    """The file and only the dates and amount the requirement asks for. The amount is in
    whole US dollars (an integer: money is never a float) and stored in cents."""

    file = forms.FileField(
        label=_("Document"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    test_date = forms.DateField(
        label=_("Date of the test, vaccine, training or check"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expiry_date = forms.DateField(
        label=_("Expiry date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    amount = forms.IntegerField(
        label=_("Coverage amount (US dollars)"),
        min_value=0,
        max_value=100_000_000,
        help_text=_("The policy's maximum benefit, in whole dollars."),
    )

    def __init__(self, *args, requirement: Requirement, **kwargs):
        kwargs.setdefault("prefix", f"r{requirement.pk}")
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.fields["file"].help_text = _("PDF, JPEG or PNG, at most %(size)s.") % {
            "size": max_size_label()
        }
        if not requirement.needs_test_date:
            del self.fields["test_date"]
        if not requirement.needs_expiry:
            del self.fields["expiry_date"]
        if requirement.minimum_amount is None:
            del self.fields["amount"]
        self.helper = FormHelper()
        self.helper.form_action = reverse("rotations:compliance_upload", args=[requirement.pk])
        self.helper.form_class = "compliance-upload"
        self.helper.add_input(Submit("submit", _("Hand in"), css_class="btn-brand"))

    def amount_cents(self) -> int | None:
        amount = self.cleaned_data.get("amount")
        return None if amount is None else amount * 100
