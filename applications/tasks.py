"""Periodic work on applications; each task wraps one service (see hmc_portal/schedule.py)."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="applications.scan_interview_reminders")
def task_scan_interview_reminders() -> int:
    """Queue the interview reminders due now (24 hours and 1 hour before); a second run or a
    second scanner sends nothing more. Returns how many were queued."""
    return services.send_interview_reminders()


@shared_task(name="applications.scan_offer_reminders")
def task_scan_offer_reminders() -> int:
    """Queue the reminder of every offer whose deadline is 48 hours away or less, once per
    offer. Returns how many were queued."""
    return services.send_offer_reminders()


@shared_task(name="applications.expire_offers")
def task_expire_offers() -> int:
    """Expire the offers whose deadline has passed (each emails its applicant). Returns how
    many expired."""
    return services.expire_offers()


@shared_task(name="applications.build_dossier", acks_late=True)
def task_build_dossier(*, build_id: int) -> None:
    """Build a requested dossier (or ZIP of dossiers) into the private storage and email
    its link to the staff member who asked."""
    services.build_dossier(build_id=build_id)


@shared_task(name="applications.sweep_dossiers")
def task_sweep_dossiers() -> int:
    """Delete built dossiers whose link expired; returns how many were deleted."""
    return services.sweep_dossiers()
