class IssuanceError(Exception):
    """A refused issue or revocation; the message is for the person who tried."""
