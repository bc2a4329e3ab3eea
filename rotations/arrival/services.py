"""Travel and housing help: an applicant asks, staff answer, staff keep the housing list.

Each write runs in one transaction with its activity-log entry and its email (the outbox),
and refuses input that does not fit with a SupportError saying why, changing nothing.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..enums import OPEN_SUPPORT_STATUSES, RoomKind, SupportKind, SupportStatus
from ..errors import SupportError
from ..models import HousingOption, SupportRequest
from .money import MAX_CENTS, written_money
from .selectors import confirmed_sites

FLIGHT_NUMBER = re.compile(r"^[A-Z0-9]{2,3}\s?[0-9]{1,5}[A-Z]?$")
MAX_TEXT = 2000
MAX_REPLY = 4000
# How far ahead a request may look: beyond this, a date is a typo.
MAX_AHEAD = datetime.timedelta(days=400)
MAX_STAY = datetime.timedelta(days=200)


def program_zone() -> zoneinfo.ZoneInfo:
    """Houston's time zone: flights' arrival times are typed and shown in it."""
    return zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)


def not_yet_message() -> str:
    """Why someone without a confirmed placement cannot ask yet."""
    return _(
        "Help with travel and housing opens once your placement is confirmed: every rotation "
        "of your plan confirmed by its preceptor."
    )


@dataclass(frozen=True)
class SupportDetails:
    """What the applicant typed; only the fields of the request's kind are kept.
    Budgets are integer cents per month in US dollars."""

    flight_number: str = ""
    arrival_at: datetime.datetime | None = None
    housing_from: datetime.date | None = None
    housing_to: datetime.date | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    near_site_id: int | None = None
    room: str = ""
    needs: str = ""
    message: str = ""


def _check_text(value: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise SupportError(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return value


def _airport_fields(details: SupportDetails, now: datetime.datetime) -> dict:
    flight = (details.flight_number or "").strip().upper()
    if not FLIGHT_NUMBER.match(flight):
        raise SupportError(
            _("Enter your flight number as on your ticket, e.g. UA 1234."), field="flight_number"
        )
    arrival = details.arrival_at
    if arrival is None or timezone.is_naive(arrival):
        raise SupportError(
            _("Enter the day and time your flight lands (Houston time)."), field="arrival_date"
        )
    if arrival <= now:
        raise SupportError(
            _("The arrival time is in the past: enter when your flight lands."),
            field="arrival_date",
        )
    if arrival > now + MAX_AHEAD:
        raise SupportError(
            _("The arrival time is more than a year ahead: check the date."), field="arrival_date"
        )
    return {"flight_number": flight, "arrival_at": arrival}


def _housing_fields(details: SupportDetails, application: Application, today) -> dict:
    start, end = details.housing_from, details.housing_to
    if start is None or end is None:
        raise SupportError(_("Enter the first and the last night you need a place to stay."))
    if start < today:
        raise SupportError(
            _("The first night is in the past: choose a day from today on."),
            field="housing_from",
        )
    if end <= start:
        raise SupportError(_("The last day must come after the first day."), field="housing_to")
    if end - start > MAX_STAY or start > today + MAX_AHEAD:
        raise SupportError(_("These dates are too far apart or too far ahead: check them."))
    low, high = details.budget_min, details.budget_max
    for amount in (low, high):
        if amount is not None and (not isinstance(amount, int) or not 0 <= amount <= MAX_CENTS):
            raise SupportError(
                _("Enter your budget as an amount of US dollars per month."), field="budget_min"
            )
    if (low is None) != (high is None):
        raise SupportError(_("Enter both ends of your budget, or neither."))
    if low is not None and high < low:
        raise SupportError(
            _("The budget's upper end must not be below its lower end."), field="budget_max"
        )
    if details.room not in RoomKind.values:
        raise SupportError(_("Choose a private room, a shared one, or either."), field="room")
    site_id = details.near_site_id
    if site_id is not None and site_id not in {
        site.pk for site in confirmed_sites(application=application)
    }:
        raise SupportError(
            _("Choose one of the sites of your confirmed rotations."), field="near_site"
        )
    return {
        "housing_from": start,
        "housing_to": end,
        "budget_min": low,
        "budget_max": high,
        "near_site_id": site_id,
        "room": details.room,
    }


@transaction.atomic
def request_support(
    *, application: Application, kind: str, details: SupportDetails, by: User
) -> SupportRequest:
    """The applicant asks the program office for help with `kind`.

    Needs a confirmed placement (selectors.confirmed_sites) and no open request of
    the same kind (except "other"); checks the kind's fields (an arrival in the future, the
    housing dates in order, a budget in cents with its lower end first, a site of their
    rotations). Raises SupportError saying why, storing nothing. Logs
    `rotations.supportrequest.requested`.
    """
    application = application_for_update(application_id=application.pk)
    if by.pk != application.applicant_id:
        raise SupportError(_("Only the applicant can ask for help with their arrival."))
    if not confirmed_sites(application=application):
        raise SupportError(not_yet_message())
    if kind not in SupportKind.values:
        raise SupportError(_("Choose what you need help with."))
    if (
        kind != SupportKind.OTHER
        and SupportRequest.objects.filter(
            application=application, kind=kind, status__in=OPEN_SUPPORT_STATUSES
        ).exists()
    ):
        raise SupportError(
            _("You asked for this already: the program office will answer that request.")
        )
    now = timezone.now()
    fields = {"needs": _check_text(details.needs), "message": _check_text(details.message)}
    if kind == SupportKind.AIRPORT_PICKUP:
        fields.update(_airport_fields(details, now))
    elif kind == SupportKind.HOUSING:
        today = timezone.localdate(now, program_zone())
        fields.update(_housing_fields(details, application, today))
    elif not fields["message"]:
        raise SupportError(_("Tell the program office what you need."), field="message")
    support_request = SupportRequest.objects.create(application=application, kind=kind, **fields)
    log_action(
        support_request,
        "rotations.supportrequest.requested",
        by=by,
        person=application.applicant,
        data={"kind": kind},
    )
    return support_request


def answer_problem(*, current: SupportRequest, status: str, reply: str) -> str:
    """Why staff's answer cannot be saved ("" when it can). The admin's form asks up front;
    answer_support_request asks again under the row lock."""
    reply = (reply or "").strip()
    if status not in SupportStatus.values:
        return _("Choose a status.")
    if len(reply) > MAX_REPLY:
        return _("Please keep the reply under %(limit)d characters.") % {"limit": MAX_REPLY}
    if status == SupportStatus.DONE and not reply:
        return _("Write the applicant what was arranged before marking the request done.")
    if status == SupportStatus.NEW and current.status != SupportStatus.NEW:
        return _("A request someone is handling cannot go back to new.")
    if status == current.status and reply == current.staff_reply:
        return _("Nothing changed: change the status or the reply.")
    return ""


def summary(support_request: SupportRequest) -> str:
    """One line saying what was asked, in the active language (times in Houston time)."""
    if support_request.kind == SupportKind.AIRPORT_PICKUP and support_request.arrival_at:
        with timezone.override(program_zone()):
            arrival = written(support_request.arrival_at, "datetime")
        return _("Flight %(flight)s, landing %(arrival)s (Houston time)") % {
            "flight": support_request.flight_number,
            "arrival": arrival,
        }
    if support_request.kind == SupportKind.HOUSING and support_request.housing_from:
        line = _("From %(start)s to %(end)s") % {
            "start": written(support_request.housing_from, "short"),
            "end": written(support_request.housing_to, "short"),
        }
        if support_request.budget_min is not None:
            line += " · " + _("%(low)s–%(high)s per month") % {
                "low": written_money(support_request.budget_min),
                "high": written_money(support_request.budget_max),
            }
        return line
    return support_request.message


@transaction.atomic
def answer_support_request(
    *, support_request: SupportRequest, status: str, reply: str, by: User
) -> SupportRequest:
    """Staff set the request's status and the reply the applicant reads.

    Needs rotations.change_supportrequest (reviewers only look); refuses an answer that
    answer_problem refuses, changing nothing (SupportError). Logs
    `rotations.supportrequest.answered` and emails the applicant, in their language, once
    per answer.
    """
    if not (by.is_active and by.has_perm("rotations.change_supportrequest")):
        raise SupportError(_("You may not answer travel and housing requests."))
    current = (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=support_request.pk)
    )
    problem = answer_problem(current=current, status=status, reply=reply)
    if problem:
        raise SupportError(problem)
    reply = reply.strip()
    previous = current.status
    reply_changed = reply != current.staff_reply
    current.status = status
    current.staff_reply = reply
    current.handled_by = by
    if reply_changed:
        current.replied_at = timezone.now()
    current.save(update_fields=["status", "staff_reply", "handled_by", "replied_at", "updated_at"])
    applicant = current.application.applicant
    entry = log_action(
        current,
        "rotations.supportrequest.answered",
        by=by,
        person=applicant,
        data={"from": previous, "to": status, "reply_changed": reply_changed},
    )
    with speaking_to(applicant):
        context = {
            "kind": str(current.get_kind_display()),
            "status": str(current.get_status_display()),
            "done": status == SupportStatus.DONE,
            "summary": summary(current),
            "reply": reply,
            "support_url": settings.SITE_URL + reverse("rotations:support"),
        }
    queue_notification(
        to=applicant,
        template="support_request_answered",
        key=f"support_request:{current.pk}:answered:{entry.pk}",
        context=context,
    )
    return current


@transaction.atomic
def save_housing_option(*, option: HousingOption, by: User | None) -> HousingOption:
    """Save staff's edit of a place to stay (or a new one). Logs
    `rotations.housingoption.created` or `.updated`; its distances are saved by the caller
    in the same transaction (the admin's inline)."""
    created = option.pk is None
    option.save()
    log_action(
        option,
        "rotations.housingoption.created" if created else "rotations.housingoption.updated",
        by=by,
        data={"name": option.name, "active": option.active},
    )
    return option
