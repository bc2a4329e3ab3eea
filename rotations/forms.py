"""Forms of the catalogue and of the applicant's choices. Validation only; services write."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hmc_portal.dates import written

from .models import Rotation, Site, Specialty
from .selectors import date_range

# The label of each ranked choice, in order.
ORDINALS = [
    gettext_lazy("First choice"),
    gettext_lazy("Second choice"),
    gettext_lazy("Third choice"),
    gettext_lazy("Fourth choice"),
    gettext_lazy("Fifth choice"),
    gettext_lazy("Sixth choice"),
    gettext_lazy("Seventh choice"),
    gettext_lazy("Eighth choice"),
]


def month_value(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


class CatalogueFilterForm(forms.Form):
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
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-3 align-items-end filter-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div("specialty", css_class="col-sm-6 col-lg-3"),
            Div("month", css_class="col-sm-6 col-lg-2"),
            Div("site", css_class="col-sm-6 col-lg-3"),
            Div(Field("free"), css_class="col-sm-6 col-lg-2"),
            Div(
                StrictButton(_("Show rotations"), type="submit", css_class="btn-brand"),
                css_class="col-12 col-lg-2",
            ),
        )

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


class ListedChoiceIterator(ModelChoiceIterator):
    """Choices from the field's `options()`, a list its form reads once for all its fields,
    instead of one query per field."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for rotation in self.field.options():
            yield self.choice(rotation)

    def __len__(self):
        return len(self.field.options()) + (self.field.empty_label is not None)


class RotationChoiceField(forms.ModelChoiceField):
    """Shows the rotations of `options()`; validates against its queryset."""

    iterator = ListedChoiceIterator

    def __init__(self, *args, options: Callable[[], list[Rotation]], **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)

    def label_from_instance(self, rotation: Rotation) -> str:
        places = (
            ngettext(
                "%(free)s of %(capacity)s places free",
                "%(free)s of %(capacity)s places free",
                rotation.capacity,
            )
            % {"free": rotation.free_places, "capacity": rotation.capacity}
            if not rotation.is_full
            else _("full: you would join the waiting list")
        )
        return _("%(specialty)s · %(dates)s · %(preceptor)s · %(hospital)s (%(places)s)") % {
            "specialty": rotation.specialty.name,
            "dates": date_range(rotation),
            "preceptor": rotation.preceptor,
            "hospital": rotation.site.name,
            "places": places,
        }


class ChooseRotationsForm(forms.Form):
    """Up to `slots` ranked choices among `rotations`; the first is required."""

    def __init__(
        self, *args, rotations: QuerySet[Rotation], slots: int, first_rank: int = 1, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.rotations = rotations
        self.slots = slots
        names = []
        for index in range(slots):
            rank = first_rank + index
            name = f"choice_{index + 1}"
            label = (
                str(ORDINALS[rank - 1])
                if rank <= len(ORDINALS)
                else _("Choice %(rank)s choice") % {"rank": rank}
            )
            self.fields[name] = RotationChoiceField(
                queryset=rotations,
                options=lambda: self.rotation_options,
                required=index == 0,
                label=label if index == 0 else _("%(label)s (optional)") % {"label": label},
                empty_label=_("Choose a rotation"),
            )
            names.append(name)
        self.helper = FormHelper()
        self.helper.form_action = "rotations:choose"
        self.helper.layout = Layout(
            *names,
            Submit("choose", _("Send my requests to the preceptors"), css_class="btn-brand"),
        )

    @cached_property
    def rotation_options(self) -> list[Rotation]:
        """The rotations to choose from, read once for every choice field."""
        return list(self.rotations)

    def clean(self):
        cleaned = super().clean()
        chosen = [
            cleaned[f"choice_{index + 1}"]
            for index in range(self.slots)
            if cleaned.get(f"choice_{index + 1}")
        ]
        if len({rotation.pk for rotation in chosen}) != len(chosen):
            raise forms.ValidationError(_("Choose each rotation only once."))
        cleaned["rotations"] = chosen
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
