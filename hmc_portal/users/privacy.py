"""The account's own data for the applicant's export and erasure (hmc_portal.privacy): the
sign-in address, names, language, zone and dates. Erasing it disables sign-in for good
(unusable password, inactive, the address anonymised, every session ended) and forgets the
second factor and the failed-login records kept under the address."""

from __future__ import annotations

import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hmc_portal.privacy.registry import DataShredder, ExportSection

from .models import User


def erased_email(user_id: int) -> str:
    """The address an erased account keeps (unique, and undeliverable by design)."""
    return f"erased-{user_id}@erased.invalid"


def _iso(moment) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _session_keys_of(user_id: int) -> list[str]:
    """The live sessions signed in as this account (a session stores only the user's id,
    inside its signed data, so each live one is read)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            keys.append(session.session_key)
    return keys


class AccountShredder(DataShredder):
    """The account: email, names, language, time zone, when it joined and last signed in,
    whether the address was verified."""

    name = "users.account"
    verbose_name = _("Your account: email address, name, language and time zone")
    keeps = ""
    runs_last = True  # the other shredders may still look the person up by email
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "email",
            "first_name",
            "last_name",
            "language",
            "timezone",
            "date_joined",
            "last_login",
            "email_verified",
            "email_verified_at",
        ],
        "properties": {
            "email": {"type": "string", "format": "email"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "language": {"type": "string"},
            "timezone": {"type": "string"},
            "date_joined": {"type": "string", "format": "date-time"},
            "last_login": DATE_TIME,
            "email_verified": {"type": "boolean"},
            "email_verified_at": DATE_TIME,
        },
    }

    def export(self, user) -> ExportSection:
        user = User.objects.get(pk=user.pk)
        return ExportSection(
            data={
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": user.language,
                "timezone": user.timezone,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
                "email_verified": user.email_verified,
                "email_verified_at": _iso(user.email_verified_at),
            }
        )

    def shred(self, user) -> dict:
        return shred_account(user=user)


def shred_account(*, user) -> dict:
    """Anonymise the account in place and close it for good; inside the erasure's
    transaction. Returns counts of what went (no personal value)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        old_email = account.email
        account.email = erased_email(account.pk)
        account.first_name, account.last_name = "", "Erased"
        account.is_active = False
        account.email_verified_at = None
        account.set_unusable_password()
        account.save(
            update_fields=[
                "email",
                "first_name",
                "last_name",
                "is_active",
                "email_verified_at",
                "password",
            ]
        )
        account.groups.clear()
        account.user_permissions.clear()
        devices = 0
        for model in (TOTPDevice, StaticDevice):
            deleted = model.objects.filter(user=account)
            devices += deleted.count()
            deleted.delete()  # a static device takes its recovery codes with it
        login_records = sum(
            model.objects.filter(username__iexact=old_email).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        )
        sessions = Session.objects.filter(session_key__in=_session_keys_of(account.pk)).delete()[0]
        # Django admin's own history names the account as it was written ("Pedro Gómez").
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(account.pk)
        ).update(object_repr=str(account), change_message="")
    return {"second_factor_devices": devices, "login_records": login_records, "sessions": sessions}
