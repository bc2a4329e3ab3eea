class ApplicationError(Exception):
    """A write the application's state or the input does not allow; the message is for the
    person who asked, and nothing was changed."""


class TransitionError(ApplicationError):
    """A status move that the lifecycle or the application's state does not allow."""
