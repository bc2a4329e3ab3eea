"""Forms of the directory and the preceptor portal. Validation only; services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hmc_portal.filter_forms import FilterForm
from rotations.models import Specialty

from .models import Preceptor


class DirectoryFilterForm(FilterForm):
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All specialties"),
        label=gettext_lazy("Specialty"),
    )

    layout = (("specialty", "col-sm-8 col-lg-4"),)
    submit_label = gettext_lazy("Show preceptors")
    submit_css_class = "col-sm-4 col-lg-2"

    def __init__(self, *args, specialties: QuerySet[Specialty], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = specialties

    def chosen_specialty(self) -> Specialty | None:
        return self.cleaned_data.get("specialty") if self.is_valid() else None


class OneButtonForm(forms.Form):
    """A form that is only its button (`button`: name, label, class), posted to `action`."""

    button: tuple[str, str, str]

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        name, label, css_class = self.button
        self.helper.layout = Layout(Submit(name, label, css_class=css_class))


class ConfirmRequestForm(OneButtonForm):
    button = ("confirm", gettext_lazy("Confirm this observer"), "btn-success")


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The applicant reads this, e.g. “I am away that month”."),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        self.helper.layout = Layout(
            "reason", Submit("decline", _("Decline"), css_class="btn-outline-danger")
        )


class ProfileForm(forms.ModelForm):
    """What the directory shows of a preceptor; the service saves it."""

    class Meta:
        model = Preceptor
        fields = ["title", "affiliation", "bio", "accepts_early_letter_requests"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "title",
            "affiliation",
            "bio",
            "accepts_early_letter_requests",
            Submit("save", _("Save my profile"), css_class="btn-brand"),
        )
