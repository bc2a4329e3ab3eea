"""The forms of the application steps. Validation only; the services write."""

from __future__ import annotations

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField as CountryModelField

from hmc_portal.form_choices import name_blank_choices
from hmc_portal.users.forms import TimeZoneField
from rotations.models import Specialty

from ..enums import EcfmgStatus, EnglishTest, UsmleResult
from ..models import ApplicantProfile, Application
from ..services.drafts import DRAFT_FIELDS


def _program_length(weeks: int) -> str:
    blocks = weeks // 4
    if blocks == 1:
        return gettext("%(weeks)s weeks (1 block)") % {"weeks": weeks}
    return gettext("%(weeks)s weeks (%(blocks)s blocks)") % {"weeks": weeks, "blocks": blocks}


# Each label is made when shown, in the reader's language.
PROGRAM_LENGTHS = [(weeks, lazy(_program_length, str)(weeks)) for weeks in range(4, 28, 4)]
SCORED_ENGLISH_TESTS = {EnglishTest.TOEFL, EnglishTest.IELTS, EnglishTest.OET}
MAX_SPECIALTY_CHOICES = 3


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))


def step_buttons(helper: FormHelper, previous_url: str | None) -> None:
    """Save and continue, save as a draft, and a link back: the same on every step."""
    back = (
        f'<a class="btn btn-link" href="{previous_url}">{gettext("Back")}</a>'
        if previous_url
        else ""
    )
    helper.layout.append(
        Div(
            Submit("continue", _("Save and continue"), css_class="btn-brand"),
            # A draft may leave required fields empty: the browser does not hold it back.
            Submit("stay", _("Save draft"), css_class="btn-outline-brand", formnovalidate=True),
            HTML(back),
            css_class="d-flex flex-wrap gap-2 mt-3",
        )
    )


class DayMonthYearWidget(forms.SelectDateWidget):
    """A date as a day, a month by its name and a year, in the order the language writes
    them: never a numeric mm/dd/yyyy that a reader elsewhere takes for dd/mm/yyyy. Each
    select has its own accessible name; the value sent on is ISO (YYYY-MM-DD)."""

    def __init__(self, attrs=None):
        this_year = timezone.localdate().year
        super().__init__(
            attrs=attrs,
            years=range(this_year - 16, this_year - 90, -1),
            empty_label=(_("Year"), _("Month"), _("Day")),
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = {"year": _("Year"), "month": _("Month"), "day": _("Day")}
        for subwidget in context["widget"]["subwidgets"]:
            part = subwidget["name"].rsplit("_", 1)[-1]
            subwidget["attrs"]["aria-label"] = names[part]
        return context

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in ("year", "month", "day")]
        if not any(parts):
            return data.get(name)
        try:
            return datetime.date(*(int(part) for part in parts)).isoformat()
        except (TypeError, ValueError, OverflowError):  # a year past C's long: not a date
            return "-".join(part or "0" for part in parts)  # the field says what is wrong


class PersonalForm(forms.Form):
    """Step 1: who the applicant is and how to reach them."""

    first_name = forms.CharField(
        label=_("First (given) name"), max_length=150, help_text=_("As in your passport.")
    )
    last_name = forms.CharField(
        label=_("Last (family) name"), max_length=150, help_text=_("As in your passport.")
    )
    country = CountryModelField().formfield(label=_("Country of citizenship"))
    city = forms.CharField(label=_("City where you live now"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("With the country code, e.g. +234 803 123 4567. WhatsApp is fine."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DayMonthYearWidget(),
    )
    timezone = TimeZoneField(
        help_text=_("Interview times and every date you see are shown in this zone."),
    )

    def __init__(self, *args, previous_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["country"].widget.attrs.update(autocomplete="country")
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        name_blank_choices(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(
                Div("first_name", css_class="col-md-6"),
                Div("last_name", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("country", css_class="col-md-6"),
                Div("city", css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div("phone", css_class="col-md-6"),
                Div(
                    Field("date_of_birth", template="includes/_fieldset_field.html"),
                    css_class="col-md-6",
                ),
                css_class="row",
            ),
            "timezone",
        )
        step_buttons(self.helper, previous_url)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not re.fullmatch(r"\+?[\d\s().-]+", phone) or not 7 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Enter a phone number with its country code, using digits, spaces and +.")
            )
        return phone

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and not (1940 <= value.year <= timezone.localdate().year - 18):
            raise forms.ValidationError(_("Enter your real date of birth."))
        return value


class BackgroundForm(forms.ModelForm):
    """Step 2: medical school, degree, ECFMG, USMLE, English, experience."""

    class Meta:
        model = ApplicantProfile
        fields = list(DRAFT_FIELDS["background"])  # one list of the step's answers
        widgets = {
            "step1_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "step2_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "english_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "clinical_experience": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, previous_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "medical_school",
            "school_country",
            "degree",
            "graduation_year",
            "ecfmg_status",
            "english_test",
        ):
            self.fields[name].required = True
        self.fields["ecfmg_status"].choices = [("", _("Choose…")), *EcfmgStatus.choices]
        self.fields["step1_result"].choices = UsmleResult.choices
        self.fields["step2_result"].choices = UsmleResult.choices
        self.fields["graduated"].help_text = _("Untick if you are in your final year.")
        name_blank_choices(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Medical school"),
                Div(
                    Div("medical_school", css_class="col-md-7"),
                    Div("school_country", css_class="col-md-5"),
                    css_class="row",
                ),
                Div(
                    Div("degree", css_class="col-md-5"),
                    Div("graduation_year", css_class="col-md-4"),
                    Div(Field("graduated"), css_class="col-md-3 pt-md-4"),
                    css_class="row",
                ),
                "ecfmg_status",
            ),
            Fieldset(
                _("USMLE (optional)"),
                Div(
                    Div("step1_result", css_class="col-md-5"),
                    Div("step1_score", css_class="col-md-3"),
                    Div("step1_date", css_class="col-md-4"),
                    css_class="row",
                ),
                Div(
                    Div("step2_result", css_class="col-md-5"),
                    Div("step2_score", css_class="col-md-3"),
                    Div("step2_date", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("English proficiency"),
                Div(
                    Div("english_test", css_class="col-md-5"),
                    Div("english_score", css_class="col-md-3"),
                    Div("english_date", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            "clinical_experience",
        )
        step_buttons(self.helper, previous_url)

    def clean(self):
        data = super().clean()
        year = data.get("graduation_year")
        this_year = timezone.localdate().year
        if year and data.get("graduated") and year > this_year:
            self.add_error(
                "graduation_year",
                _(
                    "A graduation year in the future means you have not graduated: "
                    "untick “I have graduated”."
                ),
            )
        if year and not data.get("graduated") and year < this_year:
            self.add_error("graduation_year", _("Enter the year you expect to graduate."))
        for step in ("step1", "step2"):
            result, score = data.get(f"{step}_result"), data.get(f"{step}_score")
            if result == UsmleResult.SCORE and not score:
                self.add_error(f"{step}_score", _("Enter the three-digit score."))
            if result and not data.get(f"{step}_date"):
                self.add_error(f"{step}_date", _("Enter the date you took the exam."))
            if not result and (score or data.get(f"{step}_date")):
                self.add_error(f"{step}_result", _("Choose a result, or clear the score and date."))
            if score and not 1 <= score <= 300:
                self.add_error(f"{step}_score", _("USMLE scores run from 1 to 300."))
        test = data.get("english_test")
        if test in SCORED_ENGLISH_TESTS:
            if not data.get("english_score"):
                self.add_error("english_score", _("Enter your score."))
            if not data.get("english_date"):
                self.add_error("english_date", _("Enter the date of the test."))
        for name in ("step1_date", "step2_date", "english_date"):
            value = data.get(name)
            if value and value > timezone.localdate():
                self.add_error(name, _("This date is in the future."))
        return data


class SpecialtyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Specialty) -> str:
        return obj.name


class InterestsForm(forms.ModelForm):
    """Step 3: ranked specialties, dates, goals and the personal statement."""

    # "Save draft" keeps the ranking whole: the three choices are saved together or not at all.
    draft_groups = {
        "specialties": tuple(f"specialty_{i + 1}" for i in range(MAX_SPECIALTY_CHOICES)),
    }
    draft_group_reason = _("saved together with your other choices, which need correcting")

    preferred_start = forms.DateField(
        label=_("Preferred start month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Rotations start on a Monday and run Monday to Friday."),
    )
    program_weeks = forms.TypedChoiceField(
        label=_("Program length"),
        choices=PROGRAM_LENGTHS,
        coerce=int,
        help_text=_("In 4-week blocks; at least 4 weeks."),
    )

    class Meta:
        model = Application
        fields = [
            "preferred_start",
            "program_weeks",
            "target_specialty",
            "career_goals",
            "personal_statement",
        ]
        widgets = {
            "career_goals": forms.Textarea(attrs={"rows": 4}),
            "personal_statement": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(
        self, *args, previous_url: str | None = None, ranked: list[int] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        queryset = Specialty.objects.filter(active=True).order_by("name")
        labels = [_("First choice"), _("Second choice (optional)"), _("Third choice (optional)")]
        for index in range(MAX_SPECIALTY_CHOICES):
            self.fields[f"specialty_{index + 1}"] = SpecialtyChoiceField(
                queryset=queryset,
                label=labels[index],
                required=index == 0,
                empty_label=_("Choose a specialty"),
                initial=ranked[index] if ranked and index < len(ranked) else None,
            )
        limit = settings.PERSONAL_STATEMENT_MAX_WORDS
        self.fields["career_goals"].required = True
        self.fields["career_goals"].help_text = _(
            "Where do you want to be in five years? Which residency programs are you aiming for?"
        )
        self.fields["personal_statement"].help_text = _(
            "Up to %(limit)s words. You can also upload it as a document in the next step."
        ) % {"limit": limit}
        self.fields["personal_statement"].widget.attrs.update(
            {"data-word-limit": str(limit), "data-word-count": "statement-count"}
        )
        if self.instance.preferred_start:
            self.initial["preferred_start"] = self.instance.preferred_start
        name_blank_choices(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Specialties of interest, in order of preference"),
                Div(
                    *(
                        Div(f"specialty_{i + 1}", css_class="col-md-4")
                        for i in range(MAX_SPECIALTY_CHOICES)
                    ),
                    css_class="row",
                ),
            ),
            Div(
                Div("preferred_start", css_class="col-md-6"),
                Div("program_weeks", css_class="col-md-6"),
                css_class="row",
            ),
            "target_specialty",
            "career_goals",
            "personal_statement",
            HTML(
                format_html(
                    '<p id="statement-count" class="small text-body-secondary word-count" '
                    'aria-live="polite" data-limit="{}" data-text-count="{}" '
                    'data-text-over="{}"></p>',
                    limit,
                    # static/js/word-counter.js puts the numbers in place of the braces.
                    gettext("{words} of {limit} words"),
                    gettext(" — {over} over the limit"),
                )
            ),
        )
        step_buttons(self.helper, previous_url)

    @property
    def ranked_specialties(self) -> list[Specialty]:
        return [
            self.cleaned_data[f"specialty_{i + 1}"]
            for i in range(MAX_SPECIALTY_CHOICES)
            if self.cleaned_data.get(f"specialty_{i + 1}")
        ]

    def clean_preferred_start(self):
        value = self.cleaned_data["preferred_start"].replace(day=1)
        today = timezone.localdate()
        if value < today.replace(day=1):
            raise forms.ValidationError(_("Choose this month or a later one."))
        if value > today.replace(day=1) + datetime.timedelta(days=2 * 366):
            raise forms.ValidationError(_("Choose a month within the next two years."))
        return value

    def clean_personal_statement(self) -> str:
        text = self.cleaned_data["personal_statement"].strip()
        limit = settings.PERSONAL_STATEMENT_MAX_WORDS
        words = word_count(text)
        if words > limit:
            raise forms.ValidationError(
                _("Your statement has %(words)s words; the limit is %(limit)s. Please shorten it.")
                % {"words": words, "limit": limit}
            )
        return text

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"specialty_{i + 1}") for i in range(MAX_SPECIALTY_CHOICES)]
        seen = set()
        for index, specialty in enumerate(chosen):
            if specialty is None:
                continue
            if specialty.pk in seen:
                self.add_error(f"specialty_{index + 1}", _("You chose this specialty already."))
            seen.add(specialty.pk)
        if chosen[2] and not chosen[1]:
            self.add_error("specialty_2", _("Fill in your second choice before the third."))
        return data


class SubmitForm(forms.Form):
    """Step 5: the declaration."""

    declaration = forms.BooleanField(
        label=_(
            "I declare that the information in this application is true and complete, and "
            "that the documents are genuine. I understand that an observership is "
            "observation only, with no hands-on patient care."
        ),
        error_messages={"required": _("Tick the declaration to submit your application.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "declaration",
            Submit("submit", _("Submit my application"), css_class="btn-brand btn-lg mt-2"),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This helps us improve; the program office reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "reason",
            Submit("withdraw", _("Withdraw my application"), css_class="btn-danger"),
        )
