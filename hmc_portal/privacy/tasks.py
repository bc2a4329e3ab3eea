"""The privacy package's periodic work."""

from celery import shared_task


@shared_task(name="privacy.erase_due_accounts")
def task_erase_due_accounts() -> int:
    """Erase the accounts whose waiting time has passed (services.erasure.erase_due_accounts).
    Returns how many were erased."""
    from .services.erasure import erase_due_accounts

    return erase_due_accounts()
