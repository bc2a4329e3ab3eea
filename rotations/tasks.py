import logging

from celery import shared_task

from . import services
from .aftercare import feedback_tasks  # noqa: F401  (feedback invitations)
from .aftercare import tasks as aftercare_tasks  # noqa: F401  (attendance, evaluations)
from .arrival import compliance_tasks  # noqa: F401  (pre-arrival reminders, office list)

logger = logging.getLogger(__name__)


@shared_task(name="rotations.send_preceptor_nudges")
def task_send_preceptor_nudges() -> int:
    """Queue a reminder to each preceptor with a request unanswered for three days; returns
    how many (dedupe keys make a repeated run send nothing more)."""
    count = services.send_preceptor_nudges()
    if count:
        logger.info("queued %s preceptor reminders", count)
    return count


@shared_task(name="rotations.send_start_reminders")
def task_send_start_reminders() -> int:
    """Queue the applicant's reminder a week before each confirmed rotation's first day;
    returns how many."""
    count = services.send_start_reminders()
    if count:
        logger.info("queued %s rotation start reminders", count)
    return count
