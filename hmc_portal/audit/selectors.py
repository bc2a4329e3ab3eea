"""Named reads of the activity log, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import ActivityLog

if TYPE_CHECKING:
    from hmc_portal.users.models import User


def log_for(obj: models.Model) -> QuerySet[ActivityLog]:
    """Everything logged against `obj`, newest first, with the actor joined."""
    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")


def log_for_person(user: User) -> QuerySet[ActivityLog]:
    """Everything that happened to `user`'s records (ActivityLog.person), whatever the
    object, newest first, with the actor and the kind of object joined."""
    return ActivityLog.objects.filter(person=user).select_related("actor", "content_type")
