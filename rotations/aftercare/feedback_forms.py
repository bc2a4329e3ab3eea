"""The observer's feedback form: each criterion on its described 1-5 scale, would they
recommend the block, and optional comments. Validation only; the service writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .feedback import CRITERIA_SCALES
from .feedback_services import MAX_COMMENTS, FeedbackAnswers

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend this rotation to another observer?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=MAX_COMMENTS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Staff read every comment. Your preceptor sees comments only mixed with those of "
            "at least two other observers, without names or dates."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scales = {
            criterion.name: forms.TypedChoiceField(
                label=criterion.question,
                choices=[(str(n), anchor) for n, anchor in enumerate(criterion.anchors, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
            )
            for criterion in CRITERIA_SCALES
        }
        self.fields = {**scales, **self.fields}
        self.helper = FormHelper()
        # No form_action nor form_id: the form posts back to its page, and crispy would
        # copy either onto each radio group's <div>.
        self.helper.add_input(Submit("submit", _("Send my feedback")))

    def answers(self) -> FeedbackAnswers:
        data = self.cleaned_data
        return FeedbackAnswers(
            teaching=data["teaching"],
            welcome=data["welcome"],
            exposure=data["exposure"],
            organisation=data["organisation"],
            would_recommend=data["would_recommend"],
            comments=data["comments"],
        )
