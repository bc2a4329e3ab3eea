"""Periodic work of the follow-up after the first day (declared in hmc_portal/schedule.py;
imported by rotations.tasks so that Celery finds it)."""

import logging

from celery import shared_task

from . import reminders

logger = logging.getLogger(__name__)


@shared_task(name="rotations.send_attendance_requests")
def task_send_attendance_requests() -> int:
    """Queue each preceptor's weekly list of attendance to confirm; returns how many (the
    key per preceptor and ISO week makes a repeated run send nothing more)."""
    count = reminders.send_attendance_requests()
    if count:
        logger.info("queued %s weekly attendance emails", count)
    return count


@shared_task(name="rotations.send_evaluation_reminders")
def task_send_evaluation_reminders() -> int:
    """Queue the reminders of evaluations overdue 1, 4 and 8 days, then weekly; returns how
    many."""
    count = reminders.send_evaluation_reminders()
    if count:
        logger.info("queued %s evaluation reminders", count)
    return count
