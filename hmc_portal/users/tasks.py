"""Account work done by a worker rather than in the visitor's request."""

import logging

from celery import shared_task
from django.db import DatabaseError

logger = logging.getLogger(__name__)


@shared_task(
    name="users.send_password_reset",
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=True,
)
def task_send_password_reset(*, email: str) -> None:
    """Find the accounts with this address and queue their reset emails (nothing for an
    unknown address): done here so that the reset page's request does the same work for
    every address."""
    from . import services

    services.send_password_reset(email=email)
