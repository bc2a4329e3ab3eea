"""Helpers for the privacy tests: a blocker or a shredder registered for one test only."""

from __future__ import annotations

import contextlib

from hmc_portal.privacy.registry import DataShredder, ExportSection, erasure_blockers, shredders

ENROLMENT_SENTENCE = "You have rotations in progress: withdraw first or talk to the office."


@contextlib.contextmanager
def blocker(check, name="test.blocker"):
    """`check(user)` registered as an erasure blocker while the block runs."""
    erasure_blockers.register(name, check)
    try:
        yield
    finally:
        erasure_blockers.unregister(name)


def blocks(*users):
    """A check that blocks these users with ENROLMENT_SENTENCE."""
    pks = {user.pk for user in users}
    return lambda user: ENROLMENT_SENTENCE if user.pk in pks else None


@contextlib.contextmanager
def extra_shredders(*extra: DataShredder):
    """Shredders registered while the block runs (after the real ones)."""
    for shredder in extra:
        shredders.register(shredder)
    try:
        yield
    finally:
        for shredder in extra:
            shredders.unregister(shredder.name)


class FailingShredder(DataShredder):
    """A shredder whose erasure fails (a bug, a lost connection): everything rolls back."""

    name = "test.failing"
    verbose_name = "Failing"

    def export(self, user):
        return ExportSection(data=None)

    def shred(self, user):
        raise RuntimeError("the shredder broke")
