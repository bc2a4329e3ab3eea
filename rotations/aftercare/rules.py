"""The calendar of a block's follow-up, and the evaluation's criteria with their scale: pure
functions and constants, read by the services, selectors, forms and reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..enums import EvaluationKind
from ..models import BLOCK_DAYS, Rotation

# The final evaluation opens on the Monday of the block's last week (its Friday minus 4).
FINAL_OPENS_BEFORE_END = datetime.timedelta(days=4)
# A mid-point evaluation is due a week after it opens.
MIDPOINT_DUE_AFTER = datetime.timedelta(days=7)


def block_length(rotation: Rotation) -> int:
    """Days from the first to the last day, both counted."""
    return (rotation.end_date - rotation.start_date).days + 1


def block_weekdays(rotation: Rotation, *, through: datetime.date | None = None) -> list:
    """Every Monday-to-Friday of the block, up to `through` (its last day by default)."""
    last = min(rotation.end_date, through) if through else rotation.end_date
    day, days = rotation.start_date, []
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def needs_midpoint(rotation: Rotation) -> bool:
    """Only a block longer than four weeks has a mid-point evaluation."""
    return block_length(rotation) > BLOCK_DAYS


def evaluation_kinds(rotation: Rotation) -> list[str]:
    """The evaluations a block asks of its preceptor, in the order they come."""
    kinds = [EvaluationKind.FINAL]
    if needs_midpoint(rotation):
        kinds.insert(0, EvaluationKind.MIDPOINT)
    return kinds


def opens_on(rotation: Rotation, kind: str) -> datetime.date:
    """The first day the preceptor may submit the evaluation of `kind`."""
    if kind == EvaluationKind.MIDPOINT:
        return rotation.start_date + datetime.timedelta(days=block_length(rotation) // 2)
    return rotation.end_date - FINAL_OPENS_BEFORE_END


def due_on(rotation: Rotation, kind: str) -> datetime.date:
    """The day the evaluation of `kind` is due by: the block's last day for the final one."""
    if kind == EvaluationKind.MIDPOINT:
        return opens_on(rotation, kind) + MIDPOINT_DUE_AFTER
    return rotation.end_date


def attendance_through(rotation: Rotation, today: datetime.date) -> datetime.date:
    """The last day whose attendance can be confirmed today: today, or the block's end."""
    return min(today, rotation.end_date)


@dataclass(frozen=True)
class Criterion:
    name: str  # the Evaluation's field
    label: str
    question: str
    anchors: tuple  # five descriptions, for 1 to 5


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "professionalism",
        _("Professionalism"),
        _("Punctuality, preparation, respect for patients' privacy and the team."),
        (
            _("Often late or unprepared; needed reminders about conduct"),
            _("Sometimes late or unprepared"),
            _("Reliable, prepared and respectful"),
            _("Consistently reliable; a good example to others"),
            _("Exemplary: trusted by the whole team"),
        ),
    ),
    Criterion(
        "medical_knowledge",
        _("Medical knowledge"),
        _("Knowledge of the specialty's common conditions and their management."),
        (
            _("Major gaps in basic knowledge"),
            _("Some gaps for their level of training"),
            _("Solid knowledge for a graduate at their level"),
            _("Strong knowledge, applied well to the cases seen"),
            _("Outstanding: could teach others"),
        ),
    ),
    Criterion(
        "communication",
        _("Communication with patients and staff"),
        _("Clarity, listening and courtesy in English with patients, nurses and doctors."),
        (
            _("Hard to understand or discourteous"),
            _("Understood with effort; sometimes unclear"),
            _("Clear and courteous"),
            _("Clear, warm and attentive; adapts to the listener"),
            _("Exceptional: patients and staff seek them out"),
        ),
    ),
    Criterion(
        "us_system",
        _("Understanding of the US health system"),
        _("How care is organised, documented and paid for; the roles in the team."),
        (
            _("Little understanding, even by the end"),
            _("Understands the basics with help"),
            _("Understands how the clinic or ward works"),
            _("Good grasp of documentation, roles and the patient's path"),
            _("Excellent: ready to work in it"),
        ),
    ),
    Criterion(
        "curiosity",
        _("Curiosity and initiative"),
        _("Asks good questions, reads around the cases, seeks to learn."),
        (
            _("Passive; showed little interest"),
            _("Interested when prompted"),
            _("Asks questions and follows up on cases"),
            _("Reads ahead and brings ideas to discussions"),
            _("Remarkable drive to learn; a pleasure to teach"),
        ),
    ),
)
