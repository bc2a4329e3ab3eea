"""What account services refuse; the message is for the person who asked."""


class AccountError(Exception):
    """A write on an account that its state or the input does not allow; nothing changed."""


class VerificationLinkError(AccountError):
    """An email verification link that is expired, altered, or for an address the account no
    longer has. `expired` tells the first case apart: the page says so and offers a new link."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


class EmailAlreadyVerified(AccountError):
    """The link is for an address that is already confirmed; it does not log anyone in."""
