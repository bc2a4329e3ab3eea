"""The applicant's next step in the states rotations owns (hmc_portal.next_steps): rotations
to choose, preceptors' answers pending, enrolled with the first day (and, until the site's
pre-arrival requirements are all done, what stands between the applicant and it)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.enums import ApplicationStatus
from applications.models import Application
from hmc_portal.dates import written
from hmc_portal.next_steps import NextStep, NextStepProvider, next_steps

from . import selectors
from .arrival.compliance_selectors import compliance_for_requests
from .enums import ACTIVE_REQUEST_STATUSES, RequestStatus
from .models import RotationRequest


def rotation_next_step(
    *, application: Application, now: datetime.datetime, shared: bool = False, **kwargs
) -> NextStep | None:
    """Once the offer is accepted: choose a replacement block (a confirmed one was
    cancelled), choose rotations, wait for the preceptors, or get ready for the first day;
    None in every other state (applications decides those). `shared`: the application lives
    for one page, whose panels read the same requests (selectors.application_requests)."""
    if application.status not in (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED):
        return None
    requests = (
        selectors.application_requests(application)
        if shared
        else selectors.requests_of(application)
    )
    if selectors.has_replaceable_block(requests):
        slots = selectors.replacement_slots(application_id=application.pk)
        if slots:
            return _replacement(slots)
    active = sorted(
        (r for r in requests if r.status in ACTIVE_REQUEST_STATUSES),
        key=lambda r: (r.rotation.start_date, r.pk),
    )
    if application.status == ApplicationStatus.ENROLLED:
        return _enrolled(active, now)
    return _choosing(active)


def _replacement(slots: int) -> NextStep:
    return NextStep(
        state="replacement_to_choose",
        sentence=ngettext(
            "A confirmed block of yours was cancelled. Choose your replacement block from "
            "the live catalogue; its preceptor then confirms your place.",
            "%(count)s confirmed blocks of yours were cancelled. Choose your replacement "
            "blocks from the live catalogue; each preceptor then confirms your place.",
            slots,
        )
        % {"count": slots},
        badge=_("Action needed: choose your replacement block"),
        needs_action=True,
        action_label=_("Choose your replacement block"),
        action_url=reverse("rotations:choose"),
    )


def _choosing(active: list[RotationRequest]) -> NextStep:
    choose_url = reverse("rotations:choose")
    if not active:
        return NextStep(
            state="rotations_to_choose",
            sentence=_(
                "You accepted your offer. Choose your rotations, in order of preference, "
                "from the live catalogue; each preceptor then confirms your place."
            ),
            badge=_("Action needed: choose your rotations"),
            needs_action=True,
            action_label=_("Choose your rotations"),
            action_url=choose_url,
        )
    waiting = [r for r in active if r.status == RequestStatus.REQUESTED]
    if waiting:
        return NextStep(
            state="preceptors_pending",
            sentence=ngettext(
                "One of your rotations is waiting for its preceptor's answer; we email you "
                "as soon as they answer. Once every rotation you chose is confirmed, you are "
                "enrolled.",
                "%(count)s of your rotations are waiting for their preceptors' answers; we "
                "email you as soon as each one answers. Once every rotation you chose is "
                "confirmed, you are enrolled.",
                len(waiting),
            )
            % {"count": len(waiting)},
            badge=_("Waiting for preceptors"),
            action_label=_("See your rotations"),
            action_url=choose_url,
        )
    # Nothing waits for a preceptor: what is left is a waiting list.
    return NextStep(
        state="rotations_waitlisted",
        sentence=_(
            "You are on the waiting list for a rotation you chose; we email you as soon as a "
            "place opens. You may choose another rotation instead."
        ),
        badge=_("On a rotation's waiting list"),
        action_label=_("See your rotations"),
        action_url=choose_url,
    )


def _enrolled(active: list[RotationRequest], now: datetime.datetime) -> NextStep:
    today = timezone.localdate(now)
    confirmed = [r for r in active if r.status == RequestStatus.CONFIRMED]
    first = next((r for r in confirmed if r.rotation.start_date >= today), None)
    if first is None and any(r.status != RequestStatus.CONFIRMED for r in active):
        # Enrolled, every block held is over or cancelled: a replacement waits for an answer.
        return NextStep(
            state="replacement_pending",
            sentence=_(
                "Your replacement block is waiting for its preceptor's answer; we email you "
                "as soon as they answer."
            ),
            badge=_("Waiting for the preceptor"),
            action_label=_("See your rotations"),
            action_url=reverse("rotations:choose"),
        )
    if not confirmed:
        # Every block was cancelled (and no replacement waits): nothing to prepare for.
        return NextStep(
            state="no_block_left",
            sentence=_(
                "No block of your plan is left: each one was cancelled. The program office "
                "wrote to you about what comes next; reply to that email with any question."
            ),
            badge=_("No block left"),
        )
    last_day = max(r.rotation.end_date for r in confirmed)
    if last_day < today:
        return NextStep(
            state="blocks_over",
            sentence=_(
                "Your last block ended on %(day)s. Your preceptors now confirm your attendance "
                "and write your evaluations; once every block is complete, you complete the "
                "program and receive your certificate by email."
            )
            % {"day": written(last_day, "date")},
            badge=_("Blocks over: follow-up under way"),
        )
    if first is None:
        return NextStep(
            state="observership_under_way",
            sentence=_(
                "Your observership is under way. Your dashboard shows your rotations; "
                "reply to any of our emails if something changes."
            ),
            badge=_("Observership under way"),
        )
    rotation = first.rotation
    clearance = compliance_for_requests([first])[first.pk].clearance
    if not clearance.cleared:
        to_do = len(clearance.to_do)
        return NextStep(
            state="enrolled_not_cleared",
            sentence=ngettext(
                "You are enrolled. Your first day is %(day)s: %(specialty)s with "
                "%(preceptor)s at %(site)s. Before it, the site needs one more thing from "
                "you: hand it in on your checklist, and the program office checks it.",
                "You are enrolled. Your first day is %(day)s: %(specialty)s with "
                "%(preceptor)s at %(site)s. Before it, the site needs %(count)s more things "
                "from you: hand them in on your checklist, and the program office checks "
                "them.",
                to_do,
            )
            % {
                "day": written(rotation.start_date, "date"),
                "specialty": rotation.specialty.name,
                "preceptor": rotation.preceptor,
                "site": rotation.site.name,
                "count": to_do,
            },
            badge=_("Action needed: not yet cleared to start"),
            needs_action=True,
            action_label=_("See what the site needs"),
            action_url=reverse("rotations:compliance"),
            when=rotation.start_date,
        )
    return NextStep(
        state="enrolled_first_day",
        sentence=_(
            "You are enrolled. Your first day is %(day)s: %(specialty)s with %(preceptor)s "
            "at %(site)s. Prepare your visa and travel now; we remind you a week before."
        )
        % {
            "day": written(rotation.start_date, "date"),
            "specialty": rotation.specialty.name,
            "preceptor": rotation.preceptor,
            "site": rotation.site.name,
        },
        badge=_("First day: %(day)s") % {"day": written(rotation.start_date, "short")},
        when=rotation.start_date,
    )


next_steps.register(NextStepProvider(name="rotations", provide=rotation_next_step, order=30))
