"""The demo shows letters of recommendation: Thanh's request waits for Dr. Nguyen, Leila's
letter is written and in ERAS (waived: she sees the state, staff the letter)."""

import pytest
from django.core.management import call_command

from preceptors.models import LetterRequest
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_letter_to_write_and_one_in_eras_once(client, tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    call_command("seed_demo")
    call_command("seed_demo")

    waiting = LetterRequest.objects.get(application__applicant__email="thanh@example.com")
    done = LetterRequest.objects.get(application__applicant__email="leila@example.com")
    assert (waiting.status, waiting.preceptor.user.email) == ("requested", "dr.nguyen@hmc.test")
    assert (done.status, done.waived, done.letter_source) == ("uploaded", True, "written")
    assert "asset to any residency program" in done.letter_text
    assert done.rotation_request.rotation.end_date < waiting.created_at.date()
    client.force_login(done.application.applicant)
    page = client.get("/dashboard/letters/").content.decode()
    assert 'data-status="uploaded"' in page
    assert "asset to any residency program" not in page
    client.force_login(waiting.preceptor.user)
    assert "Thanh Nguyễn" in client.get("/preceptor/letters/").content.decode()
