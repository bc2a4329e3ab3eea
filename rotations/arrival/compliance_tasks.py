"""Periodic work of pre-arrival compliance (declared in hmc_portal/schedule.py; imported by
rotations.tasks so that Celery finds it)."""

import logging

from celery import shared_task

from . import compliance_services

logger = logging.getLogger(__name__)


@shared_task(name="rotations.send_compliance_reminders")
def task_send_compliance_reminders() -> int:
    """Queue the reminders 60, 30, 14 and 7 days before a first day for each requirement
    still missing or expiring; returns how many (dedupe keys make a repeated run send
    nothing more)."""
    count = compliance_services.send_compliance_reminders()
    if count:
        logger.info("queued %s pre-arrival reminders", count)
    return count


@shared_task(name="rotations.send_office_compliance_list")
def task_send_office_compliance_list() -> int | None:
    """Queue the office's weekly list of who is not cleared for a rotation starting in the
    next 30 days; returns the notification's id, or None when there is nothing to send."""
    notification = compliance_services.send_office_compliance_list()
    return notification.pk if notification else None
