class MentoringError(Exception):
    """A mentoring write that does not fit; the message says why, in the reader's words, and
    nothing was changed."""
