"""A rotation request's lifecycle in one table: for each move (from, to), who makes it and
whether it must come before the rotation starts. The placement services, the preceptor's
and the applicant's permission predicates (and so the buttons) read it.

Who makes a move:
- the preceptor of the rotation answers: confirmed when a place is free, else waitlisted;
  or declined, with a reason (a confirmed place only before the rotation starts);
- the applicant (on their page) or staff with the coordinator's permission (in admin)
  cancel an active request;
- the system: a place that opens goes to the first on the waiting list, and an applicant
  who leaves the program has every active request cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import RequestStatus

R = RequestStatus


class RequestActor(models.TextChoices):
    APPLICANT = "applicant", _("the applicant")
    PRECEPTOR = "preceptor", _("the preceptor")
    STAFF = "staff", _("the program office")
    SYSTEM = "system", _("the portal")


@dataclass(frozen=True)
class RequestMove:
    source: RequestStatus
    target: RequestStatus
    actors: frozenset[RequestActor]
    before_start: bool = False  # only while the rotation has not started


P, A, ST, SYS = (
    RequestActor.PRECEPTOR,
    RequestActor.APPLICANT,
    RequestActor.STAFF,
    RequestActor.SYSTEM,
)
CANCELLERS = frozenset({A, ST, SYS})

REQUEST_MOVES: tuple[RequestMove, ...] = (
    RequestMove(R.REQUESTED, R.CONFIRMED, frozenset({P})),  # a place is free
    RequestMove(R.REQUESTED, R.WAITLISTED, frozenset({P})),  # the rotation is full
    RequestMove(R.REQUESTED, R.DECLINED, frozenset({P})),
    RequestMove(R.REQUESTED, R.CANCELLED, CANCELLERS),
    RequestMove(R.WAITLISTED, R.CONFIRMED, frozenset({SYS})),  # a place opened
    RequestMove(R.WAITLISTED, R.DECLINED, frozenset({P})),
    RequestMove(R.WAITLISTED, R.CANCELLED, CANCELLERS),
    RequestMove(R.CONFIRMED, R.DECLINED, frozenset({P}), before_start=True),
    RequestMove(R.CONFIRMED, R.CANCELLED, CANCELLERS),
)

_TABLE = {(m.source, m.target): m for m in REQUEST_MOVES}


def find_request_move(source: str, target: str) -> RequestMove | None:
    """The move from `source` to `target`, or None when the lifecycle has none."""
    return _TABLE.get((source, target))


def request_move_allowed(
    source: str, target: str, actor: RequestActor, *, started: bool = False
) -> bool:
    """Whether `actor` may move a request from `source` to `target`; `started` says whether
    the rotation has begun (a move marked before_start is refused then)."""
    move = find_request_move(source, target)
    return move is not None and actor in move.actors and not (move.before_start and started)
