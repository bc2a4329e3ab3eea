"""The visa invitation letter's panel on /dashboard/support/ (hmc_portal.panels.support)."""

from applications.enums import ApplicationStatus
from hmc_portal.panels import Panel, support

from ..enums import VisaLetterStatus
from ..models import VisaLetterRequest
from .eligibility import confirmed_blocks, passport_needed_until, unmet_conditions
from .visa_forms import VisaLetterRequestForm

# Before the offer is taken there is no placement to invite anyone to: no panel.
SHOWN_FROM = (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED)


def initial_details(application) -> dict:
    profile = getattr(application.applicant, "applicant_profile", None)
    if profile is None:
        return {}
    return {"date_of_birth": profile.date_of_birth, "nationality": profile.country.code or ""}


def visa_letter_panel(*, request, application, visa_letter_form=None, **kwargs) -> dict | None:
    """The letter: issued (download, verification code), waiting, sent back (why), or the
    form; and every condition not met yet, with what to do."""
    if application.status not in SHOWN_FROM:
        return None
    latest = (
        VisaLetterRequest.objects.filter(application=application)
        .select_related("letter")
        .order_by("-created_at", "-pk")
        .first()
    )
    is_open = latest is not None and latest.status in (
        VisaLetterStatus.WAITING,
        VisaLetterStatus.ISSUED,
    )
    unmet = [] if is_open else unmet_conditions(application)
    can_ask = not is_open and not unmet
    form = visa_letter_form
    if can_ask and form is None:
        form = VisaLetterRequestForm(initial=initial_details(application))
    return {
        "application": application,
        "visa_request": latest,
        "unmet": unmet,
        "form": form if can_ask else None,
        "passport_until": passport_needed_until(confirmed_blocks(application)),
    }


support.register(
    Panel(
        name="visa_letter",
        template="rotations/arrival/_visa_letter_panel.html",
        context=visa_letter_panel,
        order=10,
    )
)
