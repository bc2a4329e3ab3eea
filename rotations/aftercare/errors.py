class AftercareError(Exception):
    """An attendance or evaluation write the input or the current state does not allow (a
    block not started, an evaluation submitted already, a day outside the block...). The
    message is for the person who asked, and nothing was changed."""


class AttendanceLinkError(AftercareError):
    """A weekly email's one-click link that cannot be used. `reason` says why, for the page:
    invalid (altered or unknown), expired, used (attendance recorded since), other_preceptor
    (someone else is logged in)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason
