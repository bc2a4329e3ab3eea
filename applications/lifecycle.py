"""The application's lifecycle in one table: for each move (from, to), who may make it, the
email it sends, and what must hold first. The transition service, the permission
predicates, the admin's buttons and the dashboard's buttons all read it; nothing else says
which moves exist.

Who makes a move:
- the applicant, on their own application (submit, answer the offer, withdraw);
- a coordinator, in admin (review, interview, offer, waitlist, reject, enrol, complete,
  reopen a completion);
- a reviewer makes none: reviewers verify documents and write notes;
- the system, as the consequence of something else: the offer's deadline passing, the last
  chosen rotation being confirmed, the last block's attendance and final evaluation (the
  person whose act caused it is still recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ApplicationStatus, InterviewStatus

S = ApplicationStatus


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("the applicant")
    REVIEWER = "reviewer", _("a reviewer")
    COORDINATOR = "coordinator", _("a coordinator")
    SYSTEM = "system", _("the portal")


class Precondition(models.TextChoices):
    """What must hold before a move (applications.services.lifecycle checks each)."""

    COMPLETE = "complete", _("every required answer and document, and a verified email")
    DOCUMENTS_VERIFIED = "documents_verified", _("every required document verified")


@dataclass(frozen=True)
class Move:
    source: ApplicationStatus
    target: ApplicationStatus
    actors: frozenset[Actor]
    email: str = ""  # templates/emails/<email>.{subject.txt,txt,html}; "" sends nothing
    requires: tuple[Precondition, ...] = ()


A, C, SYS = Actor.APPLICANT, Actor.COORDINATOR, Actor.SYSTEM


def _move(source, target, actors, email="", requires=()) -> Move:
    return Move(S(source), S(target), frozenset(actors), email, tuple(requires))


MOVES: tuple[Move, ...] = (
    _move(S.DRAFT, S.SUBMITTED, {A}, "application_submitted", [Precondition.COMPLETE]),
    _move(S.DRAFT, S.WITHDRAWN, {A}, "application_withdrawn"),
    _move(S.SUBMITTED, S.UNDER_REVIEW, {C}),  # internal: the review starting sends nothing
    _move(S.SUBMITTED, S.WITHDRAWN, {A}, "application_withdrawn"),
    _move(S.UNDER_REVIEW, S.INTERVIEW, {C}, "status_interview"),
    _move(S.UNDER_REVIEW, S.ACCEPTED, {C}, "status_accepted", [Precondition.DOCUMENTS_VERIFIED]),
    _move(S.UNDER_REVIEW, S.WAITLISTED, {C}, "status_waitlisted"),
    _move(S.UNDER_REVIEW, S.REJECTED, {C}, "status_rejected"),
    _move(S.UNDER_REVIEW, S.WITHDRAWN, {A}, "application_withdrawn"),
    _move(S.INTERVIEW, S.ACCEPTED, {C}, "status_accepted", [Precondition.DOCUMENTS_VERIFIED]),
    _move(S.INTERVIEW, S.WAITLISTED, {C}, "status_waitlisted"),
    _move(S.INTERVIEW, S.REJECTED, {C}, "status_rejected"),
    _move(S.INTERVIEW, S.WITHDRAWN, {A}, "application_withdrawn"),
    _move(S.WAITLISTED, S.ACCEPTED, {C}, "status_accepted", [Precondition.DOCUMENTS_VERIFIED]),
    _move(S.WAITLISTED, S.REJECTED, {C}, "status_rejected"),
    _move(S.WAITLISTED, S.WITHDRAWN, {A}, "application_withdrawn"),
    _move(S.ACCEPTED, S.CONFIRMED, {A}, "status_confirmed"),
    _move(S.ACCEPTED, S.DECLINED, {A}, "status_declined"),
    _move(S.ACCEPTED, S.EXPIRED, {SYS}, "status_expired"),
    _move(S.ACCEPTED, S.WITHDRAWN, {A}, "application_withdrawn"),
    # Enrolment follows the last rotation confirmed (system); a coordinator may also enrol.
    _move(S.CONFIRMED, S.ENROLLED, {C, SYS}, "status_enrolled"),
    _move(S.CONFIRMED, S.WITHDRAWN, {A}, "application_withdrawn"),
    # Completion follows the last block's attendance and final evaluation (system); a
    # coordinator may also complete, or reopen a completion made in error (no email).
    _move(S.ENROLLED, S.COMPLETED, {C, SYS}, "status_completed"),
    _move(S.COMPLETED, S.ENROLLED, {C}),
)

MOVE_TABLE: dict[tuple[str, str], Move] = {(m.source, m.target): m for m in MOVES}


def find_move(source: str, target: str) -> Move | None:
    """The move from `source` to `target`, or None when the lifecycle has none."""
    return MOVE_TABLE.get((source, target))


def move_allowed(source: str, target: str, actor: Actor) -> bool:
    """Whether the table lets `actor` move an application from `source` to `target`
    (preconditions aside: the service checks those)."""
    move = find_move(source, target)
    return move is not None and actor in move.actors


# Derived views of the table, for the code that asks a narrower question.
TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(m.target for m in MOVES if m.source == status) for status in S
}
FINAL_STATUSES = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
STATUS_EMAILS: dict[str, str] = {m.target: m.email for m in MOVES if m.email}
# The moves staff make in admin (a coordinator's moves).
STAFF_MOVES = frozenset(m.target for m in MOVES if C in m.actors)
APPLICANT_MOVES = frozenset(m.target for m in MOVES if A in m.actors)
# Leaving the program: apps above react (rotations give the places back, interviews are
# cancelled) through applications.signals.application_status_changed.
EXITS = frozenset({S.DECLINED, S.EXPIRED, S.WITHDRAWN, S.REJECTED})


# --- Interviews ---------------------------------------------------------------------------
# An interview's moves (applications.services.interviews): a coordinator moves or cancels a
# scheduled one (the system cancels it when the applicant leaves the program); a reviewer or
# a coordinator records the outcome once it has started, and may correct it later.
IS = InterviewStatus
R = Actor.REVIEWER


@dataclass(frozen=True)
class InterviewMove:
    source: InterviewStatus
    target: InterviewStatus
    actors: frozenset[Actor]
    after_start: bool = False  # only once the interview's time has come


_OUTCOME_ACTORS = frozenset({R, C})
INTERVIEW_MOVES: tuple[InterviewMove, ...] = (
    InterviewMove(IS.SCHEDULED, IS.SCHEDULED, frozenset({C})),  # moved to another time
    InterviewMove(IS.SCHEDULED, IS.CANCELLED, frozenset({C, SYS})),
    *(
        InterviewMove(source, target, _OUTCOME_ACTORS, after_start=True)
        for source in (IS.SCHEDULED, IS.COMPLETED, IS.NO_SHOW)
        for target in (IS.COMPLETED, IS.NO_SHOW)
    ),
)
_INTERVIEW_TABLE = {(m.source, m.target): m for m in INTERVIEW_MOVES}


def find_interview_move(source: str, target: str) -> InterviewMove | None:
    """The interview's move from `source` to `target`, or None when there is none."""
    return _INTERVIEW_TABLE.get((source, target))
