"""The preceptor's attendance and evaluation forms. Validation only; the services judge the
dates and write."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from hmc_portal.dates import written

from ..enums import EvaluationKind
from ..models import RotationRequest
from . import rules


class AttendanceForm(forms.Form):
    """The block's weekdays up to today, each a checkbox to mark the days missed (every day
    is attended unless ticked here); the hours when the program records them."""

    missed_days = forms.MultipleChoiceField(
        label=_("Days the observer missed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty if they attended every day."),
    )
    hours = forms.IntegerField(
        label=_("Hours attended in total"),
        min_value=0,
        max_value=400,
    )

    def __init__(
        self,
        *args,
        rotation_request: RotationRequest,
        today: datetime.date,
        records_hours: bool,
        action: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        through = rules.attendance_through(rotation_request.rotation, today)
        days = rules.block_weekdays(rotation_request.rotation, through=through)
        self.fields["missed_days"].choices = [(d.isoformat(), written(d, "date")) for d in days]
        if not records_hours:
            del self.fields["hours"]
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "attendance-form"
        # A layout keeps the form's own attributes off the checkbox group's wrapper.
        self.helper.layout = Layout(
            *self.fields, Submit("submit", _("Confirm attendance"), css_class="btn-brand")
        )

    def missed(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(d) for d in self.cleaned_data["missed_days"]]


class EvaluationForm(forms.Form):
    """Five criteria, each on a described 1-5 scale, then strengths and areas to grow."""

    strengths = forms.CharField(
        label=_("Strengths"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    areas_to_grow = forms.CharField(
        label=_("Areas to grow"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind: str, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        scored = {}
        for criterion in rules.CRITERIA:
            scored[criterion.name] = forms.TypedChoiceField(
                label=criterion.label,
                help_text=criterion.question,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[
                    (score, _("%(score)s – %(anchor)s") % {"score": score, "anchor": anchor})
                    for score, anchor in enumerate(criterion.anchors, start=1)
                ],
            )
        self.fields = {**scored, **self.fields}
        if kind != EvaluationKind.FINAL:
            self.fields["strengths"].required = False
            self.fields["areas_to_grow"].required = False
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "evaluation-form"
        self.helper.layout = Layout(
            *self.fields, Submit("submit", _("Submit the evaluation"), css_class="btn-brand")
        )

    def scores(self) -> dict[str, int]:
        return {c.name: self.cleaned_data[c.name] for c in rules.CRITERIA}


class ConfirmAttendanceLinkForm(forms.Form):
    """The one-click link's page: one button (GET never changes anything)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("confirm", _("Confirm full attendance"), css_class="btn-brand")
        )
