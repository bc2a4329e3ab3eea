"""Forms of the catalogue and of the applicant's choices. Validation only; services write."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hmc_portal.dates import written
from hmc_portal.filter_forms import FilterForm

from .models import Site, Specialty


def month_value(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


class CatalogueFilterForm(FilterForm):
    """The catalogue's filters (GET): specialty, month, site, only free places."""

    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All specialties"),
        label=gettext_lazy("Specialty"),
    )
    month = forms.ChoiceField(label=gettext_lazy("Starting in"), required=False)
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        required=False,
        empty_label=gettext_lazy("All sites"),
        label=gettext_lazy("Site"),
    )
    free = forms.BooleanField(label=gettext_lazy("Only with free places"), required=False)

    layout = (
        ("specialty", "col-sm-6 col-lg-3"),
        ("month", "col-sm-6 col-lg-2"),
        ("site", "col-sm-6 col-lg-3"),
        ("free", "col-sm-6 col-lg-2"),
    )
    submit_label = gettext_lazy("Show rotations")
    submit_css_class = "col-12 col-lg-2"

    def __init__(
        self,
        *args,
        specialties: QuerySet[Specialty],
        sites: QuerySet[Site],
        months: list[datetime.date],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = specialties
        self.fields["site"].queryset = sites
        self.fields["month"].choices = [("", _("Any month"))] + [
            (month_value(month), written(month, "month")) for month in months
        ]

    def filters(self) -> dict:
        """Keyword arguments for selectors.catalogue_rotations (invalid values are ignored)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        month = None
        if data.get("month"):
            year, number = data["month"].split("-")
            month = datetime.date(int(year), int(number), 1)
        return {
            "specialty": data.get("specialty"),
            "month": month,
            "site": data.get("site"),
            "has_free_places": bool(data.get("free")),
        }


class PlanActionForm(forms.Form):
    """One change of the applicant's plan (add, remove, move up or down a rotation) or
    sending it. Which rotations may be named is the view's to say."""

    ACTIONS = ("add", "remove", "up", "down", "send")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    rotation = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    all = forms.BooleanField(required=False)
    # The page of cards the change was made on, to come back to it.
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") not in (None, "send") and cleaned.get("rotation") is None:
            raise forms.ValidationError(_("Choose a rotation."))
        return cleaned


class CancelRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you cancelling? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The preceptor reads this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "reason", Submit("cancel", _("Cancel this request"), css_class="btn-danger")
        )


class FinishPlacementForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = "rotations:finish"
        self.helper.layout = Layout(
            Submit("finish", _("Enrol with my confirmed rotations"), css_class="btn-brand")
        )


class RotationSeriesForm(forms.Form):
    """Staff: 4-week blocks for one preceptor over a date range."""

    preceptor = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Preceptor"))
    specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.filter(active=True), label=gettext_lazy("Specialty")
    )
    site = forms.ModelChoiceField(queryset=Site.objects.all(), label=gettext_lazy("Site"))
    first_day = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The first block starts on the first Monday on or after this day."),
    )
    last_day = forms.DateField(
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The last block ends (on a Friday) by this day."),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Places per block"), min_value=1, max_value=50, initial=2
    )
    reporting_time = forms.TimeField(
        label=gettext_lazy("Reporting time on the first day"),
        initial=datetime.time(8, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    published = forms.BooleanField(
        label=gettext_lazy("Publish them now"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        from preceptors.models import Preceptor

        super().__init__(*args, **kwargs)
        self.fields["preceptor"].queryset = Preceptor.objects.select_related("user").filter(
            active=True
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last <= first:
            raise forms.ValidationError(_("“Until” must come after “From”."))
        if first and last and (last - first).days > 3 * 366:
            raise forms.ValidationError(_("Create at most three years of blocks at once."))
        preceptor, specialty = cleaned.get("preceptor"), cleaned.get("specialty")
        if preceptor and specialty and not preceptor.specialties.filter(pk=specialty.pk).exists():
            self.add_error(
                "specialty",
                _("%(preceptor)s does not teach %(specialty)s.")
                % {"preceptor": preceptor, "specialty": specialty},
            )
        return cleaned
