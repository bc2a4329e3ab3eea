"""Writes to user accounts."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import User


@transaction.atomic
def ensure_user(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    timezone_name: str = "UTC",
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: list[str] | None = None,
) -> User:
    """Create the account (verified) or reset it to these details; for demo and set-up data."""
    user = User.objects.filter(email__iexact=email).first() or User(email=email.lower())
    user.first_name, user.last_name, user.timezone = first_name, last_name, timezone_name
    user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(password)
    user.save()
    if groups is not None:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user
