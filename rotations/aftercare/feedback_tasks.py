"""Periodic work of the observers' feedback (declared in hmc_portal/schedule.py; imported by
rotations.tasks so that Celery finds it)."""

import logging

from celery import shared_task

from . import feedback_services

logger = logging.getLogger(__name__)


@shared_task(name="rotations.send_feedback_invitations")
def task_send_feedback_invitations() -> int:
    """Queue the invitation to give feedback for each block that reached its last day;
    returns how many (dedupe keys make a repeated run send nothing more)."""
    count = feedback_services.send_feedback_invitations()
    if count:
        logger.info("queued %s feedback invitations", count)
    return count
