"""What the tests of cancel causes, releases and replacement blocks share: confirmed blocks
on dates that never overlap, and a recorder of a signal's keyword arguments."""

import contextlib
import itertools

from django.utils import timezone

from rotations.enums import RequestStatus
from tests.factories import RotationFactory, RotationRequestFactory, next_monday

# Each new block starts four weeks after the last one: no two overlap.
_weeks = itertools.count(4, 4)


def block(**kwargs):
    """A published 4-week block on dates no other block of these tests uses."""
    return RotationFactory(start_date=next_monday(next(_weeks)), **kwargs)


def confirmed_block(application=None, *, rank=1, **kwargs):
    """A confirmed request holding one place of its own rotation."""
    rotation = block(confirmed_count=1, **kwargs)
    extra = {"application": application} if application is not None else {}
    return RotationRequestFactory(
        rotation=rotation,
        rank=rank,
        status=RequestStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        **extra,
    )


def waitlisted_for(rotation, **kwargs):
    """Someone else's request on the rotation's waiting list."""
    return RotationRequestFactory(
        rotation=rotation,
        status=RequestStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
        **kwargs,
    )


@contextlib.contextmanager
def recording(signal):
    """The keyword arguments of each send of `signal` while the block runs."""
    sent = []

    def record(**kwargs):
        sent.append(kwargs)

    signal.connect(record, weak=False, dispatch_uid="test-recording")
    try:
        yield sent
    finally:
        signal.disconnect(dispatch_uid="test-recording")
