class BillingError(Exception):
    """A billing write the current state does not allow. The message is for the person who
    asked, and nothing was changed."""


class ScheduleLocked(BillingError):
    """A fee schedule in force (or past) was to be changed: it never changes; a new version
    does, from a later date."""
