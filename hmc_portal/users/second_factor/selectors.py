"""Reads about a person's second factor."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User

# The name every device of ours carries (the admin's device lists show it).
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def confirmed_totp_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(*, user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(*, user: User) -> bool:
    """Has this person confirmed an authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def requires_second_factor(*, user: User) -> bool:
    """Staff always; anyone else once they enrolled (preceptors may; applicants are never
    asked)."""
    return bool(user.is_staff) or has_second_factor(user=user)


def may_enrol(*, user: User) -> bool:
    """Staff and preceptors may set up an authenticator app; applicants are not offered one."""
    return user.role in ("staff", "preceptor")


def remaining_recovery_codes(*, user: User) -> int:
    device = recovery_device(user=user)
    return device.token_set.count() if device else 0


def secret_in_groups(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it by hand: base32, in groups of 4."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
