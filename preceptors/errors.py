class PreceptorError(Exception):
    """A write to a preceptor profile that is not allowed; the message is for the person who
    asked, and nothing was changed."""


class LetterError(Exception):
    """A letter request write that is not allowed (bad input, wrong state, an upload ERAS
    would refuse); the message is for the person who asked, and nothing was changed."""


class LetterLinkError(LetterError):
    """A one-time letter link that cannot be used: `reason` is invalid, expired, used or
    other_preceptor; the message says what to do instead."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason
