class ApplicationError(Exception):
    """A write the application's state or the input does not allow; the message is for the
    person who asked, and nothing was changed."""


class TransitionError(ApplicationError):
    """A status move that the lifecycle or the application's state does not allow."""


class SubmissionIncomplete(TransitionError):
    """Submission refused: `problems` lists what is missing, in the applicant's words."""

    def __init__(self, problems: list[str]):
        super().__init__("Your application is not complete yet: " + "; ".join(problems) + ".")
        self.problems = problems
