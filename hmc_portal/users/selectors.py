"""Named reads of accounts."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from .errors import EmailAlreadyVerified, VerificationLinkError
from .models import User
from .tokens import read_verification_token


def user_for_verification_token(*, token: str) -> User:
    """The active account a verification link is for, read only (a GET may show it).

    Raises VerificationLinkError when the link is expired, altered, or for an address the
    account no longer has; EmailAlreadyVerified when there is nothing left to confirm.
    """
    user_id, email = read_verification_token(token)
    user = User.objects.filter(pk=user_id, email__iexact=email, is_active=True).first()
    if user is None:
        raise VerificationLinkError(_("This link is not valid any more. Ask for a new one below."))
    if user.email_verified:
        raise EmailAlreadyVerified(_("Your email address is already confirmed. You can log in."))
    return user


def users_for_password_reset(*, email: str) -> list[User]:
    """The accounts a reset link for this address may go to: active, with a usable password,
    and whose address is this one ignoring case (Django's PasswordResetForm.get_users rule)."""
    email = email.strip()
    wanted = unicodedata.normalize("NFKC", email).casefold()
    return [
        user
        for user in User.objects.filter(email__iexact=email, is_active=True)
        if user.has_usable_password()
        and unicodedata.normalize("NFKC", user.email).casefold() == wanted
    ]
