"""Every write of the second factor: start and confirm an enrolment, check a code, use a
recovery code, reset a lost device. Each runs in a transaction, writes its activity log
entry and, where the person must know, an email through the outbox.

A refused code is never rolled back: django-otp counts it on the device (throttling: the
next try waits 1, 2, 4, 8... seconds), so the count commits and the error is raised after.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hmc_portal.audit.services import log_action
from hmc_portal.notifications.outbox import queue_notification

from ..models import User
from .errors import SecondFactorError
from .selectors import DEVICE_NAME, RECOVERY_NAME

# Recovery codes: 10 characters from an alphabet without look-alikes (0/O, 1/l/I).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _throttled(device) -> SecondFactorError | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    wait = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
    return SecondFactorError(
        _(
            "Too many wrong codes. Wait %(seconds)s seconds, then try again with the code "
            "your app shows then."
        )
        % {"seconds": wait},
        locked_until=locked_until,
    )


def _wrong_code(device) -> SecondFactorError:
    # After this failure the next try must wait: say so from the first failure on.
    throttled = _throttled(device)
    message = _("That code is not right. Check your app's clock and try the current code.")
    if throttled is not None and device.throttling_failure_count >= 3:
        return SecondFactorError(f"{message} {throttled}", locked_until=throttled.locked_until)
    return SecondFactorError(message)


def new_recovery_code() -> str:
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The authenticator app being set up: the unconfirmed device with a fresh random key,
    made once and kept until it is confirmed (so the QR code does not change on reload).
    Changes nothing that protects the account: an unconfirmed device lets nobody in."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm_totp_device(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being set up with a code it shows: the device counts from now on,
    any older app and recovery codes are replaced, and 10 new recovery codes are made and
    returned (shown once). Logs `users.user.second_factor_enrolled` and emails the person.

    Raises SecondFactorError for a wrong or throttled code (the failure is counted)."""
    with transaction.atomic():
        device, problem = _try_code(
            TOTPDevice.objects.filter(user=user, confirmed=False),
            token=token.replace(" ", ""),
            missing=_("Start again: open the set-up page for a new code."),
            wrong=_wrong_code,
        )
        if problem is None:
            return device, _enrol(user=user, device=device)
    raise problem


def _try_code(devices, *, token: str, missing: str, wrong) -> tuple:
    """Check `token` against the newest of `devices` (an app, or the recovery codes),
    locked: the device and None when it is right, else the device and the problem to raise
    (`missing` without a device, `wrong(device)` for a wrong code). The caller raises it
    after its transaction, so that the failure django-otp counts is committed and the
    throttle holds."""
    device = devices.select_for_update().order_by("-pk").first()
    if device is None:
        return None, SecondFactorError(missing)
    if (problem := _throttled(device)) is not None:
        return device, problem
    if device.verify_token(token):
        return device, None
    return device, wrong(device)


def _enrol(*, user: User, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [new_recovery_code() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    log_action(user, "users.user.second_factor_enrolled", by=user, person=user)
    queue_notification(
        to=user,
        template="second_factor_enrolled",
        key=f"account:{user.pk}:second-factor:enrolled:{device.pk}",
        context={"profile_url": settings.SITE_URL + reverse("accounts:profile")},
    )
    return codes


@transaction.atomic
def ensure_totp_device(*, user: User, key: bytes) -> TOTPDevice:
    """The demo data's enrolment (`make run`): a confirmed app with this known key, made
    once (no recovery codes, no email: the key is printed for the developer). Logs
    `users.user.second_factor_enrolled` when it creates the device."""
    hex_key = key.hex()
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=hex_key).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=hex_key)
        log_action(user, "users.user.second_factor_enrolled", by=None, person=user)
    return device


def verify_totp_code(*, user: User, token: str) -> TOTPDevice:
    """Check a code from the person's app; returns the device for django_otp.login.
    Raises SecondFactorError for a wrong, reused or throttled code (the failure is counted)."""
    with transaction.atomic():
        device, problem = _try_code(
            TOTPDevice.objects.filter(user=user, confirmed=True),
            token=token.replace(" ", ""),
            missing=_("No authenticator app is set up for this account."),
            wrong=_wrong_code,
        )
        if problem is None:
            return device
    raise problem


def use_recovery_code(*, user: User, code: str) -> StaticDevice:
    """Let the person in with one of their recovery codes, which is then gone for good.
    Logs `users.user.recovery_code_used` with how many are left. Raises SecondFactorError
    for an unknown or used code (counted and throttled like a wrong app code)."""
    with transaction.atomic():
        device, problem = _try_code(
            StaticDevice.objects.filter(user=user, confirmed=True),
            token=code.strip().lower(),
            missing=_("This account has no recovery codes."),
            wrong=lambda _device: SecondFactorError(
                _("That recovery code is not right, or it was used before.")
            ),
        )
        if problem is None:
            left = device.token_set.count()
            log_action(
                user, "users.user.recovery_code_used", by=user, person=user, data={"left": left}
            )
            return device
    raise problem


def can_reset_second_factor(by: User) -> bool:
    return bool(by.is_active and by.is_staff and by.has_perm("users.reset_second_factor"))


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> bool:
    """Remove a person's authenticator app and recovery codes (they lost their phone): at
    their next login they set up a new app (staff must; a preceptor may). Needs the
    reset_second_factor permission (PermissionError otherwise). Logs
    `users.user.second_factor_reset` and emails the person. Returns False, changing and
    logging nothing, when there was nothing to remove."""
    if not can_reset_second_factor(by):
        raise PermissionError(_("You may not reset a second factor."))
    user = User.objects.select_for_update().get(pk=user.pk)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        return False
    log_action(user, "users.user.second_factor_reset", by=by, person=user)
    queue_notification(
        to=user,
        template="second_factor_reset",
        key=f"account:{user.pk}:second-factor:reset:{timezone.now():%Y%m%d%H%M%S%f}",
        context={
            "login_url": settings.SITE_URL + reverse("accounts:login"),
            "by_name": by.display_name,
        },
    )
    return True
