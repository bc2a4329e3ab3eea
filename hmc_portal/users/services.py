"""Writes to user accounts: sign-up, email verification, profile, password reset, staff
groups."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.languages import language_or_default, speaking_to
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification

from . import login_limits
from .enums import StaffGroup
from .errors import AccountError, EmailAlreadyVerified
from .models import User
from .selectors import user_for_verification_token, users_for_password_reset
from .signals import profile_updated
from .timezones import validate_timezone
from .tokens import describe_duration, verification_url

logger = logging.getLogger(__name__)


@transaction.atomic
def ensure_user(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    timezone_name: str = "UTC",
    language: str = "en",
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: list[str] | None = None,
) -> User:
    """Create the account (verified) or reset it to these details; for demo and set-up data."""
    user = User.objects.filter(email__iexact=email).first() or User(email=email.lower())
    user.first_name, user.last_name, user.timezone = first_name, last_name, timezone_name
    user.language = language_or_default(language)
    user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.set_password(password)
    user.save()
    if groups is not None:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def _this_minute() -> str:
    # Part of each account email's dedupe key: a visitor who presses "send" again and again
    # gets at most one email of each kind a minute, so nobody can flood someone's mailbox.
    return timezone.now().strftime("%Y%m%d%H%M")


@transaction.atomic
def register_user(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    timezone_name: str = "UTC",
    language: str | None = None,
) -> User | None:
    """Create an unverified account and queue its verification email (`account_verify`).

    When the address already has an account nothing is created or changed: its owner gets
    `account_exists` instead, and None is returned. The caller must answer both cases the
    same way, so that sign-up never tells a visitor whether an address is registered; the
    password is hashed in both cases for the same reason (the time taken would tell).
    `language` (one of settings.LANGUAGES; anything else: the default) is the new account's
    language for pages and emails; an existing account keeps its own.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent sign-up may win the race
                user = User.objects.create_user(
                    email,
                    password,
                    first_name=first_name,
                    last_name=last_name,
                    timezone=timezone_name,
                    language=language_or_default(language),
                )
        except IntegrityError:
            existing = User.objects.get(email__iexact=email)
        else:
            send_verification_email(user=user)
            return user
    make_password(password)
    _queue_account_exists(user=existing)
    return None


def _queue_account_exists(*, user: User) -> Notification:
    with speaking_to(user):
        expires_in = describe_duration(settings.EMAIL_VERIFICATION_MAX_AGE)
    context = {
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        "verify_url": "",
        "expires_in": "",
    }
    if not user.email_verified:
        context["verify_url"] = verification_url(user_id=user.pk, email=user.email)
        context["expires_in"] = expires_in
    return queue_notification(
        to=user,
        template="account_exists",
        key=f"account:{user.pk}:exists:{_this_minute()}",
        context=context,
    )


@transaction.atomic
def send_verification_email(*, user: User) -> Notification:
    """Queue an email with a fresh verification link (`account_verify`), sent after commit.

    At most one a minute per account (the outbox drops the rest); links sent before keep
    working until they expire.
    """
    with speaking_to(user):
        expires_in = describe_duration(settings.EMAIL_VERIFICATION_MAX_AGE)
    return queue_notification(
        to=user,
        template="account_verify",
        key=f"account:{user.pk}:verify:{_this_minute()}",
        context={
            "verify_url": verification_url(user_id=user.pk, email=user.email),
            "resend_url": settings.SITE_URL + reverse("accounts:resend_verification"),
            "expires_in": expires_in,
        },
    )


@transaction.atomic
def request_verification_email(*, email: str) -> None:
    """Send a new verification link to an active, unverified account with this address.

    Does nothing for an unknown or already verified address; returns nothing either way, so
    the caller cannot tell the cases apart and neither can its visitor.
    """
    user = User.objects.filter(
        email__iexact=email.strip(), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        send_verification_email(user=user)


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Mark the address a verification link was sent to as confirmed.

    Raises VerificationLinkError (expired, altered, or the account's address changed since)
    or EmailAlreadyVerified, changing nothing.
    """
    user = user_for_verification_token(token=token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified:  # confirmed by another tab while this one waited for the lock
        raise EmailAlreadyVerified(_("Your email address is already confirmed. You can log in."))
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    log_action(user, "users.user.email_confirmed", by=user, person=user)
    return user


@transaction.atomic
def update_user_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    timezone_name: str,
    language: str | None = None,
) -> User:
    """Set the names, the time zone and (when given) the language on the account; a language
    the portal does not offer is stored as the default.

    Raises django.core.exceptions.ValidationError for a zone that is not an IANA zone.
    """
    validate_timezone(timezone_name)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.first_name, user.last_name, user.timezone = first_name, last_name, timezone_name
    fields = ["first_name", "last_name", "timezone"]
    if language is not None:
        user.language = language_or_default(language)
        fields.append("language")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def set_language(*, user: User, code: str | None) -> User:
    """Store the language of the account's pages and emails (the header's switcher).

    An unknown or empty code is stored as the default language (English), with no error;
    returns the account as saved.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    user.language = language_or_default(code)
    user.save(update_fields=["language"])
    return user


def request_password_reset(*, email: str) -> None:
    """Hand a password reset request for this address to a worker, after commit.

    Whether an account has the address is decided on the worker (`send_password_reset`), not
    here: the request that calls this does the same work, queries and queued task for every
    address, so neither its answer nor its time tells whether the address is registered.
    With the broker down nothing is lost: the request looks the address up itself and puts
    the email in the outbox, which the sweep sends once the broker is back (only then does
    the time of the answer differ between the two paths).
    """
    from .tasks import task_send_password_reset

    email = email.strip()

    # A function, not a partial: a robust on_commit logs a failure with its __qualname__.
    def enqueue() -> None:
        try:
            task_send_password_reset.delay(email=email)
        except Exception:  # noqa: BLE001 - any broker failure: keep the request in the outbox
            logger.warning("Broker unreachable: the password reset goes to the outbox directly")
            with transaction.atomic():
                send_password_reset(email=email)

    transaction.on_commit(enqueue, robust=True)


def send_password_reset(*, email: str) -> int:
    """On the worker: queue a reset email (`queue_password_reset_email`, with Django's uid and
    token) to each active account with this address and a usable password; for an unknown
    address do nothing. Returns how many were queued."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    users = users_for_password_reset(email=email)
    for user in users:
        queue_password_reset_email(
            user=user,
            uid=urlsafe_base64_encode(force_bytes(user.pk)),
            token=default_token_generator.make_token(user),
        )
    return len(users)


@transaction.atomic
def queue_password_reset_email(*, user: User, uid: str, token: str) -> Notification:
    """Queue the password reset email (`account_password_reset`) with Django's uid and token,
    as an absolute link on SITE_URL. At most one a minute per account."""
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    with speaking_to(user):
        expires_in = describe_duration(settings.PASSWORD_RESET_TIMEOUT)
    return queue_notification(
        to=user,
        template="account_password_reset",
        key=f"account:{user.pk}:password-reset:{_this_minute()}",
        context={
            "reset_url": settings.SITE_URL + path,
            "new_link_url": settings.SITE_URL + reverse("accounts:password_reset"),
            "expires_in": expires_in,
        },
    )


@transaction.atomic
def record_password_reset(*, user: User) -> None:
    """After a password was set from an emailed reset link: the person reads that mailbox, so
    the address counts as confirmed, and failed logins against the account are forgotten,
    from every address, and its lock lifted (the lockout page tells them resetting the
    password is the way out). Locks on an address stay (login_limits)."""
    from axes.utils import reset as reset_login_failures

    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    reset_login_failures(username=user.email.lower())  # axes: this account from every address
    login_limits.reset_account(username=user.email.lower())  # the account's own limit


@transaction.atomic
def update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    timezone_name: str,
    contact: dict[str, str] | None = None,
    language: str | None = None,
) -> User:
    """Save the profile page in one transaction: names, zone and language on the account, and for an
    applicant `contact` (country of citizenship, phone), which the app that keeps it saves
    when told (signals.profile_updated: applications saves it on the ApplicantProfile).

    Raises django.core.exceptions.ValidationError (bad zone, or a field a receiver's model
    refuses); then nothing at all is saved.
    """
    user = update_user_profile(
        user=user,
        first_name=first_name,
        last_name=last_name,
        timezone_name=timezone_name,
        language=language,
    )
    profile_updated.send(sender=User, user=user, contact=contact)
    return user


def staff_groups_problem(*, is_staff: bool, groups: Iterable[Group]) -> str:
    """Why an account cannot be in these groups ("" when it can): the staff groups
    (Reviewer, Coordinator) are for staff accounts only. The admin's form asks up front;
    set_staff_groups asks again."""
    staff_groups = sorted(group.name for group in groups if group.name in StaffGroup.values)
    if staff_groups and not is_staff:
        return _(
            "Only a staff account can be in the %(groups)s group. Tick “Staff status” first."
        ) % {"groups": ", ".join(str(StaffGroup(name).label) for name in staff_groups)}
    return ""


@transaction.atomic
def set_staff_groups(*, user: User, groups: Iterable[Group], by: User) -> User:
    """Put `user` in exactly these groups (the staff groups Reviewer and Coordinator decide
    what a staff member may do, see roles.py).

    Needs staff who may change users (AccountError otherwise); a non-staff account cannot
    join a staff group (AccountError, staff_groups_problem). Logs `users.user.groups_changed`
    with the groups added and removed; changes and logs nothing when they are the same.
    """
    if not (by.is_active and by.is_staff and by.has_perm("users.change_user")):
        raise AccountError(_("Only an administrator can change a user's groups."))
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = {group.pk: group for group in groups}
    problem = staff_groups_problem(is_staff=user.is_staff, groups=wanted.values())
    if problem:
        raise AccountError(problem)
    current = {group.pk: group for group in user.groups.all()}
    added = sorted(wanted[pk].name for pk in wanted.keys() - current.keys())
    removed = sorted(current[pk].name for pk in current.keys() - wanted.keys())
    if not (added or removed):
        return user
    user.groups.set(list(wanted.values()))
    log_action(
        user,
        "users.user.groups_changed",
        by=by,
        person=user,
        data={"added": added, "removed": removed},
    )
    return user
