from __future__ import annotations

import datetime


class SecondFactorError(Exception):
    """A code was refused (wrong, used, or too many tries); `locked_until` is set when the
    next try must wait. Nothing but the failure count changed."""

    def __init__(self, message: str, *, locked_until: datetime.datetime | None = None):
        super().__init__(message)
        self.locked_until = locked_until
