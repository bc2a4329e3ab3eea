class ErasureError(Exception):
    """An erasure that may not happen now (a wrong password, an enrolment in progress, one
    already scheduled); nothing was changed. The message is for the person asking."""


class WrongPassword(ErasureError):
    """The password given to confirm the erasure is not the account's."""
