"""Named reads of the follow-up after the first day: whether a block is complete, the
completion of an application, the preceptor's list of observers to follow up, the
observer's attendance. Other apps call `block_is_complete` and `completion_state`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.enums import ApplicationStatus

from ..enums import EvaluationKind, RequestStatus
from ..models import Attendance, Evaluation, RotationRequest
from ..selectors import REQUEST_JOINS
from . import rules

# Applications whose blocks are followed up: in the program, or completed (read only).
FOLLOWED_STATUSES = (ApplicationStatus.ENROLLED, ApplicationStatus.COMPLETED)


def with_aftercare(queryset: QuerySet[RotationRequest]) -> QuerySet[RotationRequest]:
    """Requests with their rotation, applicant, attendance and evaluations, in a fixed number
    of queries however many there are."""
    return queryset.select_related(
        *REQUEST_JOINS, "application__applicant", "attendance"
    ).prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.order_by("pk")))


def _attendance(rotation_request: RotationRequest) -> Attendance | None:
    try:
        return rotation_request.attendance
    except Attendance.DoesNotExist:
        return None


@dataclass
class BlockState:
    """Where one confirmed block stands after its first day."""

    rotation_request: RotationRequest
    attendance: Attendance | None
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def rotation(self):
        return self.rotation_request.rotation

    @property
    def started(self) -> bool:
        return self.rotation.start_date <= self.today

    @property
    def ended(self) -> bool:
        return self.rotation.end_date < self.today

    @property
    def attendance_done(self) -> bool:
        """Confirmed through the block's last day."""
        return (
            self.attendance is not None
            and self.attendance.confirmed_through >= self.rotation.end_date
        )

    @property
    def attendance_up_to_date(self) -> bool:
        """Confirmed through every weekday that has come (nothing to ask this week; a
        weekend adds nothing to confirm)."""
        if self.attendance is None:
            return False
        due = rules.block_weekdays(
            self.rotation, through=rules.attendance_through(self.rotation, self.today)
        )
        return not due or self.attendance.confirmed_through >= due[-1]

    @property
    def final(self) -> Evaluation | None:
        return self.evaluations.get(EvaluationKind.FINAL)

    @property
    def midpoint(self) -> Evaluation | None:
        return self.evaluations.get(EvaluationKind.MIDPOINT)

    @property
    def needs_midpoint(self) -> bool:
        return rules.needs_midpoint(self.rotation)

    @property
    def complete(self) -> bool:
        return self.attendance_done and self.final is not None

    @property
    def days_attended(self) -> int:
        if self.attendance is None:
            return 0
        days = rules.block_weekdays(self.rotation, through=self.attendance.confirmed_through)
        return len(days) - len(self.attendance.missed_days)

    @property
    def days_confirmed(self) -> int:
        if self.attendance is None:
            return 0
        return len(rules.block_weekdays(self.rotation, through=self.attendance.confirmed_through))

    def evaluation_open(self, kind: str) -> bool:
        """The evaluation of `kind` may be submitted now (it opened and is not in yet)."""
        return (
            kind in rules.evaluation_kinds(self.rotation)
            and kind not in self.evaluations
            and rules.opens_on(self.rotation, kind) <= self.today
        )

    def evaluation_late(self, kind: str) -> bool:
        return (
            kind in rules.evaluation_kinds(self.rotation)
            and kind not in self.evaluations
            and rules.due_on(self.rotation, kind) < self.today
        )

    @property
    def to_do(self) -> bool:
        """Something waits for the preceptor: attendance or an open evaluation."""
        return (self.started and not self.attendance_up_to_date) or any(
            self.evaluation_open(kind) for kind in rules.evaluation_kinds(self.rotation)
        )

    @property
    def late(self) -> bool:
        return (self.ended and not self.attendance_done) or any(
            self.evaluation_late(kind) for kind in rules.evaluation_kinds(self.rotation)
        )


def block_state(
    rotation_request: RotationRequest, *, today: datetime.date | None = None
) -> BlockState:
    """The follow-up state of one request (its attendance and evaluations as loaded: use
    with_aftercare for many)."""
    return BlockState(
        rotation_request=rotation_request,
        attendance=_attendance(rotation_request),
        evaluations={e.kind: e for e in rotation_request.evaluations.all()},
        today=today or timezone.localdate(),
    )


def block_is_complete(rotation_request: RotationRequest) -> bool:
    """A confirmed block whose attendance is confirmed through its last day and whose
    final evaluation is submitted (the letters of recommendation wait for it)."""
    if rotation_request.status != RequestStatus.CONFIRMED:
        return False
    return block_state(rotation_request).complete


@dataclass
class CompletionState:
    """Every confirmed block of an application, and whether all are complete."""

    blocks: list[BlockState]

    @property
    def complete(self) -> bool:
        return bool(self.blocks) and all(block.complete for block in self.blocks)

    @property
    def blocks_done(self) -> int:
        return sum(block.complete for block in self.blocks)


def completion_state(application, *, today: datetime.date | None = None) -> CompletionState:
    """The application's confirmed blocks, each with its attendance and evaluations, in date
    order; `complete` once every one is (what completes the application)."""
    requests = with_aftercare(
        RotationRequest.objects.filter(
            application_id=application.pk, status=RequestStatus.CONFIRMED
        ).order_by("rotation__start_date", "pk")
    )
    return CompletionState(blocks=[block_state(r, today=today) for r in requests])


# The preceptor's list shows blocks ended at most this many days ago, and any still open.
RECENT_DAYS = 180


def blocks_for_preceptor(
    *, preceptor_id: int, today: datetime.date | None = None
) -> list[BlockState]:
    """The preceptor's confirmed blocks that have started (of applications in the program or
    completed), the ones needing something first, then by first day; in three queries."""
    today = today or timezone.localdate()
    requests = with_aftercare(
        RotationRequest.objects.filter(
            rotation__preceptor_id=preceptor_id,
            status=RequestStatus.CONFIRMED,
            application__status__in=FOLLOWED_STATUSES,
            rotation__start_date__lte=today,
            rotation__end_date__gte=today - datetime.timedelta(days=RECENT_DAYS),
        ).order_by("-rotation__start_date", "pk")
    )
    blocks = [block_state(r, today=today) for r in requests]
    return sorted(blocks, key=lambda block: (not block.to_do, not block.late))


def confirmed_block_for_preceptor(*, preceptor_id: int) -> QuerySet[RotationRequest]:
    """The scope of the preceptor's follow-up pages: their confirmed blocks (anything else,
    another preceptor's included, is a 404)."""
    return with_aftercare(
        RotationRequest.objects.filter(
            rotation__preceptor_id=preceptor_id,
            status=RequestStatus.CONFIRMED,
            application__status__in=FOLLOWED_STATUSES,
        )
    )


def started_blocks_for_application(
    *, application_id: int, today: datetime.date | None = None
) -> list[BlockState]:
    """The observer's confirmed blocks that have started, with their attendance."""
    today = today or timezone.localdate()
    requests = with_aftercare(
        RotationRequest.objects.filter(
            application_id=application_id,
            status=RequestStatus.CONFIRMED,
            rotation__start_date__lte=today,
        ).order_by("rotation__start_date", "pk")
    )
    return [block_state(r, today=today) for r in requests]
