"""Periodic work of letters of recommendation (declared in hmc_portal/schedule.py)."""

import logging

from celery import shared_task

from .letters import reminders

logger = logging.getLogger(__name__)


@shared_task(name="preceptors.send_letter_reminders")
def task_send_letter_reminders() -> int:
    """Queue the reminders 7, 14 and 21 days after an unanswered letter request, then the
    program office's notice; returns how many (dedupe keys make a repeated run send nothing
    more)."""
    count = reminders.send_letter_reminders()
    if count:
        logger.info("queued %s letter request reminders", count)
    return count
