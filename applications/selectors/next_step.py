"""The applicant's one next step, decided from the application's real state (documents,
interview slots and bookings, the offer's deadline), and the road ahead as a stepper.

The dashboard's "What happens next", its status badge and the emails that say what happens
next all call `next_step`. The states an app above owns (rotations) come first from the
providers registered in hmc_portal.next_steps.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.next_steps import NextStep, next_steps

from ..enums import ApplicationStatus, DocumentStatus
from ..models import Application, Document
from .applications import answer_problems
from .documents import missing_documents
from .interviews import InterviewPanel, interview_panel

S = ApplicationStatus


def _zone() -> str:
    return timezone.get_current_timezone_name()


def next_step(
    *,
    application: Application,
    now: datetime.datetime | None = None,
    documents: list[Document] | None = None,
    interviews: InterviewPanel | None = None,
    shared: bool = False,
) -> NextStep:
    """What the applicant should do or expect next, in the active language and time zone.

    Asks the providers of the apps above first (rotations to choose, preceptors' answers,
    the first day), then decides from the application's own state. Pass `documents` and
    `interviews` when the page has loaded them already (no more queries for them), and
    `shared=True` when `application` lives for one page only: the providers may then keep
    what they read on it for the page's panels (never for an email, whose application may
    change after).
    """
    now = now or timezone.now()
    provided = next_steps.first(application=application, now=now, shared=shared)
    if provided is not None:
        return provided
    status = application.status
    if status == S.DRAFT:
        return _draft(application, documents)
    if status in (S.SUBMITTED, S.UNDER_REVIEW, S.INTERVIEW, S.WAITLISTED):
        if documents is None:
            documents = list(application.documents.all())
        rejected = [d for d in documents if d.status == DocumentStatus.REJECTED]
        if status == S.INTERVIEW:
            if interviews is None:
                interviews = interview_panel(application=application, now=now)
            step = _interview(interviews)
            if step is not None:
                return step
        if rejected:
            return _documents_rejected(rejected)
        if status == S.INTERVIEW:
            return _interview_waiting(interviews)
    if status == S.ACCEPTED:
        return _offer(application, now)
    return _simple(status)


def next_step_as_applicant_reads_it(
    *, application: Application, now: datetime.datetime | None = None
) -> NextStep:
    """The next step as the applicant reads it in an email queued now: in their language and
    time zone (an email is rendered later by a worker, where neither is active, so its words
    are written at queue time and stored in its context)."""
    try:
        zone = zoneinfo.ZoneInfo(application.applicant.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    with speaking_to(application.applicant), timezone.override(zone):
        return next_step(application=application, now=now)


def next_step_for_email(*, application: Application, now: datetime.datetime | None = None) -> str:
    """The next step's sentence, as next_step_as_applicant_reads_it."""
    return next_step_as_applicant_reads_it(application=application, now=now).sentence


def _draft(application: Application, documents: list[Document] | None) -> NextStep:
    todo = [str(problem) for problem in answer_problems(application=application)]
    missing = missing_documents(application=application, documents=documents)
    if missing:
        todo.append(
            _("Documents: %(documents)s") % {"documents": ", ".join(str(m) for m in missing)}
        )
    if todo:
        sentence = _(
            "Finish your application and submit it. Still to do: %(items)s. Your answers are "
            "saved as a draft; you can come back any time."
        ) % {"items": "; ".join(todo)}
    else:
        sentence = _(
            "Your application is complete. Check your answers and submit it; until then it "
            "stays a draft."
        )
    return NextStep(
        state="draft",
        sentence=sentence,
        badge=_("Action needed: finish your application"),
        needs_action=True,
        action_label=_("Continue your application"),
        action_url=reverse("applications:apply"),
    )


def _documents_rejected(rejected: list[Document]) -> NextStep:
    names = ", ".join(str(d.get_kind_display()) for d in rejected)
    sentence = ngettext(
        "The program office asked you to replace a document: %(documents)s. The reason is "
        "in your document list; the review goes on once you upload a new file.",
        "The program office asked you to replace %(count)s documents: %(documents)s. The "
        "reasons are in your document list; the review goes on once you upload new files.",
        len(rejected),
    ) % {"count": len(rejected), "documents": names}
    return NextStep(
        state="documents_rejected",
        sentence=sentence,
        badge=ngettext(
            "Action needed: replace a document",
            "Action needed: replace %(count)s documents",
            len(rejected),
        )
        % {"count": len(rejected)},
        needs_action=True,
        action_label=ngettext(
            "Replace the rejected document", "Replace the rejected documents", len(rejected)
        ),
        action_url=(
            reverse("applications:document_replace", args=[rejected[0].pk])
            if len(rejected) == 1
            else reverse("applications:apply_documents")
        ),
    )


def _interview(panel: InterviewPanel) -> NextStep | None:
    """An interview booked, or times to pick; None when neither."""
    if panel.upcoming is not None:
        interview = panel.upcoming
        return NextStep(
            state="interview_booked",
            sentence=_(
                "Your interview is booked for %(when)s (%(zone)s). Join it with the link on "
                "your dashboard a few minutes early, from a quiet place with your camera on."
            )
            % {"when": written(interview.starts_at, "datetime"), "zone": _zone()},
            badge=_("Interview booked"),
            action_label=_("Join the interview"),
            action_url=interview.meeting_url,
            when=interview.starts_at,
        )
    if panel.open_slots:
        count = len(panel.open_slots)
        return NextStep(
            state="interview_slots_offered",
            sentence=ngettext(
                "Book your interview: one time is on offer, shown on your dashboard in your "
                "time zone, %(zone)s. Once you book it, we email you the link to join.",
                "Pick your interview time: %(count)s times are on offer, shown on your "
                "dashboard in your time zone, %(zone)s. Once you pick one, we email you the "
                "link to join.",
                count,
            )
            % {"count": count, "zone": _zone()},
            badge=_("Action needed: pick an interview time"),
            needs_action=True,
            action_label=_("Book this time") if count == 1 else _("Pick a time"),
            action_url=reverse("applications:dashboard") + "#interview-title",
            when=panel.open_slots[0].starts_at,
        )
    return None


def _interview_waiting(panel: InterviewPanel) -> NextStep:
    held = [i for i in panel.past if i.status == "completed"]
    if held:
        return NextStep(
            state="interview_held",
            sentence=_(
                "Your interview is done. The program office will write to you about the "
                "decision; you do not need to do anything now."
            ),
            badge=_("Waiting for the decision"),
        )
    return NextStep(
        state="interview_waiting",
        sentence=_(
            "The program office would like to interview you and will offer you times soon, "
            "by email and on your dashboard. You do not need to do anything yet."
        ),
        badge=_("Interview times coming"),
    )


def _offer(application: Application, now: datetime.datetime) -> NextStep:
    deadline = application.offer_expires_at
    if deadline is not None and deadline <= now:
        return NextStep(
            state="offer_lapsed",
            sentence=_(
                "The deadline to answer your offer has passed. Write to the program office "
                "if you are still interested."
            ),
            badge=_("Offer deadline passed"),
            when=deadline,
        )
    if deadline is None:
        sentence = _(
            "Congratulations, you have an offer. Accept or decline it on your dashboard; once "
            "you accept, you choose your rotations."
        )
    else:
        sentence = _(
            "Congratulations, you have an offer. Accept or decline it on your dashboard by "
            "%(deadline)s (%(zone)s); after that it expires and the place goes to another "
            "applicant."
        ) % {"deadline": written(deadline, "datetime"), "zone": _zone()}
    return NextStep(
        state="offer_waiting",
        sentence=sentence,
        badge=_("Action needed: answer your offer"),
        needs_action=True,
        action_label=_("Answer the offer"),
        action_url=reverse("applications:dashboard") + "#offer-title",
        when=deadline,
    )


def _simple(status: str) -> NextStep:
    """The states whose next step is the same sentence for everyone."""
    sentence, badge = {
        S.SUBMITTED: (
            _(
                "We have your application. The program office will start reviewing it, "
                "usually within a week, and will email you."
            ),
            _("With the program office"),
        ),
        S.UNDER_REVIEW: (
            _(
                "The program office is reviewing your application and documents. If a "
                "document needs to be replaced, you will see why here and by email."
            ),
            _("With the program office"),
        ),
        S.WAITLISTED: (
            _("You are on the waiting list. We will write to you as soon as a place opens."),
            _("Waiting for a place"),
        ),
        S.CONFIRMED: (
            _(
                "You accepted your offer. Choose your rotations; each preceptor confirms your "
                "place."
            ),
            _("Action needed: choose your rotations"),
        ),
        S.ENROLLED: (
            _(
                "You are enrolled. Prepare your visa and travel; we will remind you a week "
                "before your first day."
            ),
            _("Getting ready to arrive"),
        ),
        S.COMPLETED: (
            _(
                "You completed your observership. You can ask your preceptors for letters "
                "of recommendation."
            ),
            _("Observership completed"),
        ),
        S.REJECTED: (
            _(
                "We could not offer you a place this time. You are welcome to apply for a "
                "later intake."
            ),
            _("Closed"),
        ),
        S.DECLINED: (
            _("You declined the offer. You are welcome to apply again."),
            _("Closed"),
        ),
        S.EXPIRED: (
            _(
                "The offer expired before it was accepted. Write to the program office if "
                "you are still interested."
            ),
            _("Closed"),
        ),
        S.WITHDRAWN: (
            _("You withdrew this application. You are welcome to apply for a later intake."),
            _("Closed"),
        ),
    }[status]
    return NextStep(
        state=str(status), sentence=sentence, badge=badge, needs_action=status == S.CONFIRMED
    )


# --- The road ahead ------------------------------------------------------------------------


@dataclass(frozen=True)
class RoadStep:
    """One step of the road ahead. `state` is "done", "current", "ahead", "skipped" or
    "stopped" (the application ended here: `note` names how, e.g. Withdrawn). `entered`
    is when the application entered the step (from its status history), for steps reached."""

    key: str
    label: str
    state: str
    entered: datetime.datetime | None = None
    note: str = ""

    @property
    def is_current(self) -> bool:
        return self.state in ("current", "stopped")


# The path, and the statuses in which the application stands at each step.
ROAD = (
    ("apply", (S.DRAFT,)),
    ("review", (S.SUBMITTED, S.UNDER_REVIEW)),
    ("interview", (S.INTERVIEW,)),
    ("offer", (S.WAITLISTED, S.ACCEPTED)),
    ("rotations", (S.CONFIRMED,)),
    ("arrival", (S.ENROLLED,)),
    ("completion", (S.COMPLETED,)),
)
ENDINGS = (S.REJECTED, S.DECLINED, S.EXPIRED, S.WITHDRAWN)


def _road_labels() -> dict[str, str]:
    return {
        "apply": _("Apply"),
        "review": _("Review"),
        "interview": _("Interview"),
        "offer": _("Offer"),
        "rotations": _("Rotations"),
        "arrival": _("Arrival"),
        "completion": _("Completion"),
    }


def road_ahead(*, application: Application) -> list[RoadStep]:
    """The whole path (Apply, Review, Interview, Offer, Rotations, Arrival, Completion) with
    the application's place on it: past steps with the day it entered each, the current one,
    the ones ahead. An application that ended (rejected, declined, expired, withdrawn) stops
    at the step where it ended, shown with that ending; an interview the program did not
    need is shown as skipped. Reads `application.status_changes` (prefetched by
    current_application(with_history=True))."""
    changes = sorted(application.status_changes.all(), key=lambda c: (c.created_at, c.pk))
    entered: dict[str, datetime.datetime] = {}
    reached: list[str] = []  # the steps the history went through, in order
    step_of = {status: key for key, statuses in ROAD for status in statuses}
    for change in changes:
        key = step_of.get(change.to_status)
        if key is None:
            continue
        entered.setdefault(key, change.created_at)
        if key not in reached:
            reached.append(key)
    status = application.status
    labels = _road_labels()
    keys = [key for key, _statuses in ROAD]
    # An application that ended stops at the last step it had reached.
    ending = status in ENDINGS
    current = (reached[-1] if reached else "apply") if ending else step_of[status]
    current_index = keys.index(current)
    steps = []
    for index, key in enumerate(keys):
        if index < current_index:
            if key == "interview" and key not in entered:
                # The program decided without an interview.
                steps.append(
                    RoadStep(key=key, label=labels[key], state="skipped", note=_("Not needed"))
                )
            else:
                steps.append(
                    RoadStep(key=key, label=labels[key], state="done", entered=entered.get(key))
                )
        elif index == current_index:
            if ending:
                ended = next((c for c in reversed(changes) if c.to_status == status), None)
                steps.append(
                    RoadStep(
                        key=key,
                        label=labels[key],
                        state="stopped",
                        entered=ended.created_at if ended else None,
                        note=str(ApplicationStatus(status).label),
                    )
                )
                break
            # The status, where it says more than the step's name (Submitted, Waitlisted).
            status_label = str(ApplicationStatus(status).label)
            steps.append(
                RoadStep(
                    key=key,
                    label=labels[key],
                    state="current",
                    entered=entered.get(key),
                    note="" if status_label == labels[key] else status_label,
                )
            )
        else:
            steps.append(RoadStep(key=key, label=labels[key], state="ahead"))
    return steps
