"""Writing the activity log. Every service that changes something calls log_action once,
inside its own transaction, so that the entry exists exactly when the change was committed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from .models import ActivityLog
from .verbs import VERBS

if TYPE_CHECKING:
    from hmc_portal.users.models import User


def log_action(
    target: models.Model,
    verb: str,
    *,
    by: User | None,
    data: dict | None = None,
    person: User | None = None,
) -> ActivityLog:
    """Record that `by` (None: the clock or the system) did `verb` to `target`, about
    `person` (whose record it concerns, e.g. the applicant), with `data` (what changed,
    JSON-safe through DjangoJSONEncoder).

    Raises ValueError for a verb not in verbs.VERBS or a target without a primary key, and
    RuntimeError outside a transaction: the entry must commit or roll back with the change
    it records (both are programming errors, never the user's).
    """
    if verb not in VERBS:
        raise ValueError(f"Unknown activity verb {verb!r}: add it to hmc_portal/audit/verbs.py.")
    if target.pk is None:
        raise ValueError("log_action needs a saved target.")
    if not connection.in_atomic_block:
        raise RuntimeError(
            "log_action must run inside the transaction of the change it records "
            "(call it from a service under transaction.atomic)."
        )
    return ActivityLog.objects.create(
        actor=by,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        person=person,
        data=data or {},
    )
