from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A write the application's state or the input does not allow; the message is for the
    person who asked, and nothing was changed."""


class TransitionError(ApplicationError):
    """A status move that the lifecycle or the application's state does not allow."""


class SubmissionIncomplete(TransitionError):
    """Submission refused: `problems` lists what is missing, in the applicant's words."""

    def __init__(self, problems: list[str]):
        super().__init__(
            _("Your application is not complete yet: %(problems)s.")
            % {"problems": "; ".join(str(problem) for problem in problems)}
        )
        self.problems = problems


class InvalidDocument(ApplicationError):
    """An uploaded file refused for what it is (type, size, content) or for a limit it would
    break; `field` names the form field the message belongs next to. Nothing was stored."""

    def __init__(self, message: str, *, field: str = "file"):
        super().__init__(message)
        self.field = field


class NotAllowed(ApplicationError):
    """The person asking does not hold the role this write needs (applications.permissions);
    nothing was changed."""
