"""The observer's feedback: given once per confirmed block from its last day, and the one
email inviting it when the block ends (a periodic scan, hmc_portal/schedule.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action

from ..enums import RequestStatus
from ..models import RotationFeedback, RotationRequest
from ..models.feedback import CRITERIA, SCALE
from ..selectors import REQUEST_JOINS
from ..services.placement.common import notify_applicant
from ..services.reminders import _without_notification
from .feedback import feedback_is_open

if TYPE_CHECKING:
    from hmc_portal.users.models import User

MAX_COMMENTS = 2000
# A block that ended longer ago than this gets no invitation (the first scan after the
# feature ships does not email every observer of past years).
INVITE_WITHIN_DAYS = 60


class FeedbackError(Exception):
    """Feedback the input or the block's state does not allow; the message is for the
    observer, and nothing was stored."""


@dataclass(frozen=True)
class FeedbackAnswers:
    teaching: int
    welcome: int
    exposure: int
    organisation: int
    would_recommend: bool
    comments: str = ""


@transaction.atomic
def give_feedback(
    *, rotation_request: RotationRequest, answers: FeedbackAnswers, by: User
) -> RotationFeedback:
    """Store the observer's feedback on their confirmed block. Refuses (FeedbackError,
    nothing stored) someone else's block, a block not confirmed, a block before its last
    day, a score outside 1-5, comments over MAX_COMMENTS characters and a second
    submission. Logs `rotations.feedback.given` (the scores, never the comment)."""
    rotation_request = (
        RotationRequest.objects.select_for_update(of=("self",))
        .select_related(*REQUEST_JOINS, "application__applicant")
        .get(pk=rotation_request.pk)
    )
    if rotation_request.application.applicant_id != by.pk:
        raise FeedbackError(_("You can only give feedback on your own rotations."))
    if rotation_request.status != RequestStatus.CONFIRMED:
        raise FeedbackError(_("Only a confirmed rotation can be given feedback."))
    if not feedback_is_open(rotation_request.rotation, today=timezone.localdate()):
        raise FeedbackError(_("Feedback opens on the last day of the rotation."))
    scores = {name: getattr(answers, name) for name in CRITERIA}
    if any(
        not isinstance(value, int) or not SCALE[0] <= value <= SCALE[1] for value in scores.values()
    ):
        raise FeedbackError(_("Rate each question from 1 to 5."))
    comments = (answers.comments or "").strip()
    if len(comments) > MAX_COMMENTS:
        raise FeedbackError(
            _("The comments are too long: at most %(limit)s characters.") % {"limit": MAX_COMMENTS}
        )
    if RotationFeedback.objects.filter(rotation_request=rotation_request).exists():
        raise FeedbackError(_("You have given feedback on this rotation already. Thank you."))
    try:
        with transaction.atomic():
            feedback = RotationFeedback.objects.create(
                rotation_request=rotation_request,
                would_recommend=bool(answers.would_recommend),
                comments=comments,
                **scores,
            )
    except IntegrityError as error:  # a double click that passed the check above
        raise FeedbackError(
            _("You have given feedback on this rotation already. Thank you.")
        ) from error
    log_action(
        feedback,
        "rotations.feedback.given",
        by=by,
        person=by,
        data={
            "rotation": rotation_request.rotation_id,
            "would_recommend": feedback.would_recommend,
            **scores,
        },
    )
    return feedback


def send_feedback_invitations(*, now: datetime.datetime | None = None) -> int:
    """Invite each observer whose confirmed block reached its last day (in the last
    INVITE_WITHIN_DAYS days) and who has not given feedback, once per block (key
    `rotation_request:<id>:feedback`). Returns how many invitations were queued."""
    today = timezone.localdate(now)
    due = _without_notification(
        RotationRequest.objects.filter(
            status=RequestStatus.CONFIRMED,
            rotation__end_date__lte=today,
            rotation__end_date__gte=today - datetime.timedelta(days=INVITE_WITHIN_DAYS),
            feedback__isnull=True,
        ).select_related(*REQUEST_JOINS, "application__applicant"),
        "feedback",
    )
    count = 0
    for rotation_request in due.order_by("rotation__end_date", "pk"):
        with transaction.atomic():
            notify_applicant(
                rotation_request,
                "rotation_feedback_invitation",
                "feedback",
                feedback_url=settings.SITE_URL
                + reverse("rotations:feedback", args=[rotation_request.pk]),
            )
        count += 1
    return count
