"""The letters' shredder (preceptors.privacy): the states of the letters an applicant asked
for, a non-waived letter's PDF, waived letters left out with a note; erased without a
trace, files after commit only."""

from __future__ import annotations

import pytest
from django.db import transaction

from preceptors.letters import services
from preceptors.models import LetterRequest
from preceptors.privacy import waived_note
from tests.factories import ApplicationFactory, PreceptorFactory
from tests.preceptors.letters_support import ask, finished_block, written
from tests.support import privacy

pytestmark = pytest.mark.django_db

NAME = "preceptors.letters"
PERSONAL = [
    "Z1Y2X3W4V5",
    "Q9R8S7T6U5",
    "K1L2M3N4P5",
    "Zenobia is a superb observer",
    "Zenobia is the best",
    "Sorry Zenobia",
]


def build_world():
    application = ApplicationFactory(
        status="enrolled", applicant__first_name="Zenobia", applicant__last_name="Quarterfield"
    )
    open_letter = written(
        finished_block(application=application),
        waived=False,
        eras_letter_id="Z1Y2X3W4V5",
        specialty="Nephrology",
        body="Dear Program Director,\n\nZenobia is a superb observer.",
    )
    waived_letter = written(
        finished_block(application=application, preceptor=PreceptorFactory()),
        waived=True,
        eras_letter_id="Q9R8S7T6U5",
        specialty="Internal Medicine",
        body="Confidential: Zenobia is the best observer I have had.",
    )
    declined = ask(
        finished_block(application=application, preceptor=PreceptorFactory()),
        waived=False,
        eras_letter_id="K1L2M3N4P5",
        specialty="Cardiology",
    )
    declined = services.decline_letter_request(
        letter_request=declined,
        by=declined.preceptor.user,
        message="Sorry Zenobia, I am travelling all spring.",
    )
    return application.applicant, open_letter, waived_letter, declined


def test_the_export_lists_the_letters_states_and_leaves_waived_letters_out():
    user, open_letter, waived_letter, declined = build_world()

    section = privacy.export(NAME, user)

    rows = {row["id"]: row for row in section.data}
    assert set(rows) == {open_letter.pk, declined.pk}
    assert rows[open_letter.pk]["status"] == "written"
    assert rows[open_letter.pk]["eras_letter_id"] == "Z1Y2X3W4V5"
    assert rows[open_letter.pk]["target_specialty"] == "Nephrology"
    assert "Zenobia is a superb observer" in rows[open_letter.pk]["letter_text"]
    assert rows[declined.pk]["decline_message"].startswith("Sorry Zenobia")
    assert "Q9R8S7T6U5" not in str(section.data)
    assert "the best observer" not in str(section.data)
    (file,) = section.files
    assert file.path == f"preceptors/letters/{open_letter.pk}-letter-of-recommendation.pdf"
    assert file.file.open("rb").read().startswith(b"%PDF")
    assert section.notes == [
        "1 waived letter of recommendation is not included: you waived your right to see it."
    ]


def test_the_note_counts_several_waived_letters():
    assert waived_note(3) == (
        "3 waived letters of recommendation are not included: you waived your right to see them."
    )


def test_shredding_deletes_the_requests_and_their_letters_after_commit(
    django_capture_on_commit_callbacks,
):
    user, open_letter, waived_letter, declined = build_world()
    other_block = finished_block()
    other = written(other_block, waived=False, eras_letter_id="B1C2D3E4F5")
    files = [open_letter.letter, waived_letter.letter]
    assert privacy.still_found(PERSONAL, "preceptors") == set(PERSONAL)

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        privacy.shredders.get(NAME).shred(user)
    assert all(file.storage.exists(file.name) for file in files)  # not before the commit
    for callback in callbacks:
        callback()

    assert privacy.remaining([*PERSONAL, "Zenobia", "Quarterfield", user.email], "preceptors") == []
    assert not LetterRequest.objects.filter(application__applicant=user).exists()
    assert not any(file.storage.exists(file.name) for file in files)
    other.refresh_from_db()
    assert other.letter.storage.exists(other.letter.name)
    assert privacy.export(NAME, user).data == []


def test_a_rolled_back_erasure_keeps_the_letters(django_capture_on_commit_callbacks):
    user, open_letter, waived_letter, declined = build_world()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        privacy.shredders.get(NAME).shred(user)
        raise RuntimeError("the erasure failed further on")

    assert callbacks == []
    assert LetterRequest.objects.filter(application__applicant=user).count() == 3
    assert open_letter.letter.storage.exists(open_letter.letter.name)
    assert waived_letter.letter.storage.exists(waived_letter.letter.name)
