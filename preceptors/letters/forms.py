"""Forms of letters of recommendation. Validation only; preceptors.letters.services writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotations.models import RotationRequest
from rotations.selectors import date_range

from ..forms import OneButtonForm
from . import eras

WAIVE, KEEP = "waive", "keep"


class BlockChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RotationRequest) -> str:
        rotation = obj.rotation
        return _("%(preceptor)s · %(specialty)s, %(dates)s") % {
            "preceptor": rotation.preceptor,
            "specialty": rotation.specialty.name,
            "dates": date_range(rotation),
        }


class LetterRequestForm(forms.Form):
    block = BlockChoiceField(
        queryset=RotationRequest.objects.none(),
        label=gettext_lazy("Preceptor"),
        empty_label=None,
        help_text=gettext_lazy(
            "A preceptor you observed with, once your block with them is complete."
        ),
    )
    eras_letter_id = forms.CharField(
        label=gettext_lazy("ERAS Letter ID"),
        max_length=40,
        help_text=gettext_lazy("As printed on your ERAS Letter Request Form for this preceptor."),
    )
    specialty = forms.CharField(
        label=gettext_lazy("Specialty the letter is for"),
        max_length=100,
        help_text=gettext_lazy("For example “Internal Medicine”."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Needed by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    waiver = forms.ChoiceField(
        label=gettext_lazy("Your right to read the letter"),
        choices=[
            (
                WAIVE,
                gettext_lazy(
                    "I waive my right to read this letter (recommended: program directors "
                    "trust waived letters)"
                ),
            ),
            (KEEP, gettext_lazy("I do not waive my right: I may read the letter")),
        ],
        initial=WAIVE,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Choose as in your ERAS entry. It cannot be changed once the request is sent."
        ),
    )

    def __init__(self, *args, blocks: list[RotationRequest], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = RotationRequest.objects.filter(
            pk__in=[b.pk for b in blocks]
        ).select_related("rotation__preceptor__user", "rotation__specialty")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "block",
            "eras_letter_id",
            "specialty",
            "due_date",
            "waiver",
            Submit("ask", _("Send the request"), css_class="btn-brand"),
        )

    def clean_eras_letter_id(self) -> str:
        value = eras.normalize_letter_id(self.cleaned_data["eras_letter_id"])
        problem = eras.letter_id_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    @property
    def waived(self) -> bool:
        return self.cleaned_data["waiver"] == WAIVE


class AcceptLetterForm(OneButtonForm):
    button = ("accept", gettext_lazy("Accept: I will write the letter"), "btn-success")


class DeclineLetterForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("A message for the applicant (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example “I do not know your work well enough to write a strong letter”."
        ),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        self.helper.layout = Layout(
            "message", Submit("decline", _("Decline"), css_class="btn-outline-danger")
        )


class WriteLetterForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Letter"),
        max_length=12_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "In English, for US program directors. Leave a blank line between paragraphs. "
            "The letterhead, the date and your signature block are added for you."
        ),
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact under your signature"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Email and phone program directors may use to reach you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "body",
            "contact",
            Submit("preview", _("Preview"), css_class="btn-outline-brand me-2"),
            Submit("save", _("Save letter"), css_class="btn-brand"),
        )


class UploadLetterForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Your letter as a PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "US Letter pages (8.5 x 11 inches), at most %(size)s, without a password or a "
            "digital signature: what ERAS takes."
        ) % {"size": eras.max_size_label()}
        self.helper = FormHelper()
        self.helper.form_tag = True
        if action:
            self.helper.form_action = action
        self.helper.layout = Layout(
            "file", Submit("upload", _("Upload letter"), css_class="btn-outline-brand")
        )


class ErasUploadedForm(forms.Form):
    done = forms.BooleanField(
        label=gettext_lazy("I uploaded this letter to ERAS with the Letter ID above"),
        required=True,
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        self.helper.layout = Layout(
            "done", Submit("eras", _("Record as uploaded to ERAS"), css_class="btn-brand")
        )
