"""The privacy app's work in the background; each task wraps one service (see
hmc_portal/schedule.py for the periodic one)."""

import logging

from celery import shared_task

from .services import exports

logger = logging.getLogger(__name__)


@shared_task(name="privacy.build_export", acks_late=True)
def task_build_export(*, export_id: int) -> None:
    """Build one requested copy of an applicant's data (a row already taken, built or gone
    is left alone)."""
    export = exports.build_export(export_id=export_id)
    if export is None:
        logger.info("data export %s: nothing to build", export_id)


@shared_task(name="privacy.sweep_exports")
def task_sweep_exports() -> int:
    """Hand requests whose message was lost to a worker again, fail builds whose worker
    stopped, and delete the exports past their expiry. Returns how many were re-sent."""
    ids = exports.stale_export_ids()
    for export_id in ids:
        task_build_export.delay(export_id=export_id)
    exports.expire_exports()
    return len(ids)


@shared_task(name="privacy.erase_due_accounts")
def task_erase_due_accounts() -> int:
    """Erase the accounts whose waiting time has passed (services.erasure.erase_due_accounts).
    Returns how many were erased."""
    from .services.erasure import erase_due_accounts

    return erase_due_accounts()
