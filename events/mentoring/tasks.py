"""Periodic work of mentoring (declared in hmc_portal/schedule.py; imported by events.tasks
so that Celery finds it)."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="events.send_mentoring_reminders")
def task_send_mentoring_reminders() -> int:
    """Queue the reminders 24 hours and 1 hour before each booked session, to the applicant
    and the mentor; returns how many (dedupe keys make a repeated run send nothing more)."""
    count = services.send_mentoring_reminders()
    if count:
        logger.info("queued %s mentoring reminders", count)
    return count
