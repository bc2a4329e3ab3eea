"""The applicant asks for another interview time: their availability, in their own words,
goes to the program office by email (Reply-To the applicant), and the request is logged on
the application for staff to see."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.services import log_action
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ...enums import ApplicationStatus, InterviewStatus
from ...models import Application
from ...selectors.interviews import open_interview_slots
from ..errors import NotAllowed
from .emails import iso
from .scheduling import InterviewError, _lock_application

VERB = "applications.interview.time_requested"
# More requests than this in a day are refused: the office answers each one by hand.
MAX_REQUESTS_PER_DAY = 3


def _key(application: Application, availability: str) -> str:
    # The same words sent twice (a double click, a resent form) are one request.
    words = " ".join(availability.split()).casefold()
    digest = hashlib.sha256(words.encode()).hexdigest()[:16]
    return f"application:{application.pk}:another-time:{digest}"


@transaction.atomic
def request_interview_time(
    *, application: Application, by: User, availability: str
) -> Notification:
    """Send the program office the applicant's availability for another interview time.

    Only the applicant (NotAllowed), at the interview stage (InterviewError). Writes
    `applications.interview.time_requested` on the application and queues one email to
    PROGRAM_OFFICE_EMAIL, Reply-To the applicant, with the times currently offered or booked.
    Sending the same words again returns the first email and writes nothing; more than
    MAX_REQUESTS_PER_DAY different requests in a day raise InterviewError.
    """
    application = _lock_application(application)
    applicant = application.applicant
    if applicant.pk != by.pk:
        raise NotAllowed(gettext("Only the applicant can ask for another interview time."))
    if application.status != ApplicationStatus.INTERVIEW:
        raise InterviewError(gettext("Your application is no longer at the interview stage."))
    availability = availability.strip()
    if not availability:
        raise InterviewError(gettext("Tell us when you are available."))
    if not settings.PROGRAM_OFFICE_EMAIL:
        raise InterviewError(gettext("Requests cannot be sent right now. Please try again later."))
    key = _key(application, availability)
    sent = Notification.objects.filter(dedupe_key=key).first()
    if sent is not None:
        return sent
    recent = ActivityLog.objects.filter(
        verb=VERB,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=application.pk,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    if recent >= MAX_REQUESTS_PER_DAY:
        raise InterviewError(
            gettext(
                "You have already sent %(count)s requests today. The program office will "
                "answer them by email; you can send another one tomorrow."
            )
            % {"count": recent}
        )
    scheduled = application.interviews.filter(status=InterviewStatus.SCHEDULED).first()
    offered = [iso(slot.starts_at) for slot in open_interview_slots(application=application)]
    log_action(
        application,
        VERB,
        by=by,
        person=applicant,
        data={"availability": availability, "timezone": applicant.timezone},
    )
    return queue_notification(
        to=settings.PROGRAM_OFFICE_EMAIL,
        template="interview_time_request",
        key=key,
        reply_to=applicant.email,
        context={
            "intake": application.intake,
            "applicant_name": applicant.display_name,
            "applicant_email": applicant.email,
            "applicant_timezone": applicant.timezone,
            "office_timezone": settings.PROGRAM_TIME_ZONE,
            "availability": availability,
            "offered": offered,
            "booked": iso(scheduled.starts_at) if scheduled else "",
            "application_url": settings.SITE_URL
            + reverse("admin:applications_application_change", args=[application.pk]),
        },
    )
