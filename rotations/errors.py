class PlacementError(Exception):
    """A placement write the current state does not allow (a full choice list, overlapping
    dates, a request already answered...). The message is for the person who asked, and
    nothing was changed."""


class RequestLinkError(PlacementError):
    """A preceptor's one-click link that cannot be used. `reason` says why, for the page:
    invalid (altered or unknown), expired, used (answered already), other_preceptor."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


class SupportError(Exception):
    """A travel or housing request (or staff's answer to one) that cannot be taken as it
    is: not eligible, a time in the past, dates out of order... The message is for the
    person who asked, and nothing was changed. `field` names the form field it is about,
    when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class VisaLetterError(Exception):
    """A visa invitation letter request or decision the current state does not allow (not
    eligible, one open already, decided already...). The message is for the person who
    asked, and nothing was changed."""

    def __init__(self, message: str, *, reasons: list[str] | None = None):
        super().__init__(message)
        self.reasons = reasons or []
