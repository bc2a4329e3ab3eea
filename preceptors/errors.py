class PreceptorError(Exception):
    """A write to a preceptor profile that is not allowed; the message is for the person who
    asked, and nothing was changed."""
