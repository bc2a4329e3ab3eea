"""Periodic work of events (declared in hmc_portal/schedule.py; imported by events.tasks so
that Celery finds it)."""

import logging

from celery import shared_task

from .services import events as services

logger = logging.getLogger(__name__)


@shared_task(name="events.send_event_reminders")
def task_send_event_reminders() -> int:
    """Queue the reminders 24 hours and 1 hour before each event for every registered person;
    returns how many (dedupe keys make a repeated run send nothing more)."""
    count = services.send_event_reminders()
    if count:
        logger.info("queued %s event reminders", count)
    return count
