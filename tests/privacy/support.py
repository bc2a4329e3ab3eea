"""An applicant with one row of every kind the issue lists, reading the ZIP back, and a
blocker or a shredder registered for one test only."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from applications.models import ApplicantProfile
from hmc_portal.privacy.registry import DataShredder, ExportSection, erasure_blockers, shredders
from preceptors.models import LetterRequest
from tests.billing.factories import FeeScheduleFactory
from tests.events.mentoring_support import SlotFactory
from tests.events.mentoring_support import booking as mentoring_booking
from tests.factories import PreceptorFactory, ReviewerFactory, RotationFactory
from tests.security.world import Person, _applicant

# The sections of data.json, one per registered shredder.
EXPECTED_SECTIONS = [
    "users.account",
    "applications.profile",
    "applications.applications",
    "applications.documents",
    "applications.interviews",
    "rotations.requests",
    "rotations.visa_letters",
    "rotations.support",
    "rotations.compliance",
    "rotations.aftercare",
    "rotations.feedback",
    "rotations.certificates",
    "preceptors.letters",
    "billing.invoices",
    "billing.payments",
    "billing.refunds",
    "billing.visa_refusals",
    "events.registrations",
    "events.mentoring",
    "notifications.emails",
    "audit.activity",
    "issuance.documents",
    "privacy.exports",
]


def applicant_with_everything(word: str = "Export") -> Person:
    """An applicant with one of every kind of row: account, profile, application and its
    history, documents, interview and offered time, rotation request, letter requests (one
    waived, one not), support and visa letter requests, compliance upload, event
    registration, mentoring booking, invoice, payment, refund and credit note, sent email,
    log entries and issued PDFs (the security tests' world builds most of it)."""
    preceptor = PreceptorFactory()
    rotation = RotationFactory(preceptor=preceptor)
    person = _applicant(
        word,
        ReviewerFactory(),
        rotation,
        FeeScheduleFactory(valid_from=timezone.localdate() + datetime.timedelta(days=30)),
    )
    user, objects = person.user, person.objects
    ApplicantProfile.objects.filter(user=user).update(
        phone=f"+52 55 {word} 1234",
        city=f"Oaxaca{word}",
        date_of_birth=datetime.date(1994, 5, 17),
        clinical_experience=f"Internship at Hospital {word}.",
    )
    objects["open_letter_request"] = LetterRequest.objects.create(
        application=objects["application"],
        preceptor=PreceptorFactory(),
        rotation_request=objects["rotation_request"],
        eras_letter_id=f"L{word.upper()}2026X2",
        specialty="Internal Medicine",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        waived=False,
        status="requested",
    )
    objects["mentoring_booking"] = mentoring_booking(
        slot=SlotFactory(starts_at=timezone.now() + datetime.timedelta(days=5)), user=user
    )
    return person


@dataclass
class Unzipped:
    data: dict
    readme: str
    files: dict[str, bytes]


def unzip(raw: bytes) -> Unzipped:
    """The ZIP's data.json (parsed), README.txt and every other member's bytes."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return Unzipped(
        data=json.loads(members.pop("data.json")),
        readme=members.pop("README.txt").decode(),
        files=members,
    )


def stored_bytes(file) -> bytes:
    with file.open("rb") as handle:
        return handle.read()


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
