"""The observer's record (hmc_portal.records): what the apps above register shows, oldest
first, in the letter of recommendation's draft and on the completion certificate."""

import datetime
import io

import pytest
from pypdf import PdfReader

from applications.enums import ApplicationStatus
from applications.services import transition_application
from hmc_portal.records import RecordLine, observer_record
from preceptors.letters.draft import draft_for
from rotations.aftercare.certificate_services import current_certificate
from tests.factories import CoordinatorFactory
from tests.preceptors.letters_support import ask, finished_block
from tests.rotations.aftercare_support import completed_blocks
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db

PANEL = RecordLine("Residency program directors panel", datetime.date(2027, 3, 12))
WORKSHOP = RecordLine("Mock interview workshop", datetime.date(2027, 2, 3))


@pytest.fixture
def attended():
    """A provider that says everyone attended the panel and the workshop."""
    observer_record.register("probe", lambda user: [PANEL, WORKSHOP])
    yield
    observer_record.unregister("probe")


def test_the_lines_of_every_provider_come_oldest_first(attended):
    observer_record.register("other", lambda user: [])
    try:
        assert observer_record.lines(user=None) == [WORKSHOP, PANEL]
    finally:
        observer_record.unregister("other")


def test_the_letter_draft_mentions_what_the_observer_took_part_in(attended):
    draft = draft_for(ask(finished_block()))

    assert (
        "also took part in: Mock interview workshop (3 February 2027); "
        "Residency program directors panel (12 March 2027)." in draft
    )


def test_without_a_provider_the_draft_says_nothing_of_it():
    assert "also took part in" not in draft_for(ask(finished_block()))


def test_the_certificate_lists_what_the_observer_took_part_in(attended, tmp_path, settings):
    isolated_private_storage(tmp_path, settings)
    application, _blocks = completed_blocks()

    transition_application(
        application=application, to=ApplicationStatus.COMPLETED, by=CoordinatorFactory()
    )

    certificate = current_certificate(application_id=application.pk)
    with certificate.file.open("rb") as handle:
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(handle.read())).pages
        )
    assert "Also took part in" in text
    assert "Residency program directors panel" in text
    assert "Mock interview workshop" in text
