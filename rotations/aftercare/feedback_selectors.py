"""Named reads of the observers' feedback: the applicant's own blocks, the blocks waiting
for feedback, a preceptor's aggregate (only over MIN_RESPONSES responses or more) and the
staff's results per preceptor and per site."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from ..enums import RequestStatus
from ..models import RotationFeedback, RotationRequest
from ..selectors import REQUEST_JOINS
from .feedback import CRITERIA_SCALES, MIN_RESPONSES


def feedback_blocks_for_user(*, user) -> QuerySet[RotationRequest]:
    """The user's own confirmed blocks (any other request is a 404 on the feedback page),
    with the rotation's specialty, site and preceptor and the feedback given joined."""
    return RotationRequest.objects.filter(
        application__applicant=user, status=RequestStatus.CONFIRMED
    ).select_related(*REQUEST_JOINS, "application__applicant", "feedback")


def blocks_awaiting_feedback(
    *, application_id: int, today: datetime.date | None = None
) -> list[RotationRequest]:
    """The application's confirmed blocks that reached their last day without feedback,
    earliest first."""
    today = today or timezone.localdate()
    return list(
        RotationRequest.objects.filter(
            application_id=application_id,
            status=RequestStatus.CONFIRMED,
            rotation__end_date__lte=today,
            feedback__isnull=True,
        )
        .select_related(*REQUEST_JOINS)
        .order_by("rotation__start_date", "pk")
    )


@dataclass(frozen=True)
class CriterionAverage:
    name: str
    label: str
    average: float


@dataclass(frozen=True)
class Summary:
    """Averages (1-5, one decimal), the share who would recommend (0-100) and comments."""

    count: int
    averages: list[CriterionAverage]
    recommend_percent: int
    comments: list[str]


def _aggregates() -> dict:
    return {
        "count": Count("pk"),
        "recommend": Count("pk", filter=Q(would_recommend=True)),
        **{f"avg_{c.name}": Avg(c.name) for c in CRITERIA_SCALES},
    }


def _summary(row: dict, comments: list[str]) -> Summary:
    return Summary(
        count=row["count"],
        averages=[
            CriterionAverage(c.name, str(c.label), round(float(row[f"avg_{c.name}"]), 1))
            for c in CRITERIA_SCALES
        ],
        recommend_percent=round(100 * row["recommend"] / row["count"]),
        comments=comments,
    )


def preceptor_summary(*, preceptor_id: int) -> Summary | None:
    """The preceptor's own results over every block of theirs, or None below MIN_RESPONSES
    responses (nothing that could point at one observer). The comments come in alphabetical
    order, without dates or blocks."""
    responses = RotationFeedback.objects.filter(
        rotation_request__rotation__preceptor_id=preceptor_id
    ).order_by()
    # Most preceptors have fewer: a count answers for them (the portal shows this on every
    # visit), the averages are worked out only past it.
    if responses.count() < MIN_RESPONSES:
        return None
    row = responses.aggregate(**_aggregates())
    if row["count"] < MIN_RESPONSES:
        return None
    comments = sorted(
        text.strip()
        for text in responses.exclude(comments="").values_list("comments", flat=True)
        if text.strip()
    )
    return _summary(row, comments)


@dataclass(frozen=True)
class ResultRow:
    """One preceptor's or site's results, for staff (every comment, newest first)."""

    pk: int
    name: str
    summary: Summary


def results_by(*, group: str) -> list[ResultRow]:
    """Staff's results per "preceptor" or per "site": count, the average of each criterion,
    the share who would recommend and every comment; by name. Two queries whatever the
    number of groups."""
    path = {
        "preceptor": "rotation_request__rotation__preceptor",
        "site": "rotation_request__rotation__site",
    }[group]
    responses = RotationFeedback.objects.all()
    comments: dict[int, list[str]] = {}
    for key, text in (
        responses.exclude(comments="").order_by("-created_at", "-pk").values_list(path, "comments")
    ):
        comments.setdefault(key, []).append(text)
    if group == "preceptor":
        names = (
            f"{path}__user__first_name",
            f"{path}__user__last_name",
        )
    else:
        names = (f"{path}__name",)
    rows = []
    # order_by(): the model's ordering would split the groups.
    for row in responses.order_by().values(path, *names).annotate(**_aggregates()):
        name = " ".join(str(row[n]) for n in names).strip()
        if group == "preceptor":
            name = f"Dr. {name}"
        rows.append(ResultRow(row[path], name, _summary(row, comments.get(row[path], []))))
    return sorted(rows, key=lambda r: r.name.lower())
