"""The second factor in tests: an authenticator app with a key the test knows, the code it
shows, and a test client whose force_login of a staff member also passes the second factor
(as django_otp.login does after a right code: the device's id in the session). A staff
session without it is `client.force_login(user, second_factor=False)`."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice:
    """The person's authenticator app (made, confirmed, when they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test app", confirmed=confirmed)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` 30-second steps later: a code is
    accepted once, and the next step's is within django-otp's tolerance of one step)."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def let_the_wait_pass(device) -> None:
    """Move the last failure back an hour, as if the throttle's wait had passed (a test
    does not sleep 16 seconds); the failure count stays."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
    )


def pass_second_factor(client: Client, user) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with the user's app."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class OTPClient(Client):
    """force_login passes the second factor for staff too, unless `second_factor=False`
    (or passes it for anyone with `second_factor=True`)."""

    def force_login(self, user, backend=None, *, second_factor: bool | None = None):
        super().force_login(user, backend)
        if user.is_staff if second_factor is None else second_factor:
            pass_second_factor(self, user)


def enter_code_in_browser(page, user) -> None:
    """On the "Enter your code" page: type the code the user's app shows, and continue."""
    device = totp_device(user)
    page.get_by_label("6-digit code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
