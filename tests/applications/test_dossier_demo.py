"""The demo shows the staff dossier: Fatima's builds whole; Omar's CV is damaged in storage,
so his cover lists it as unreadable and the rest builds."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from applications.dossier.build import write_dossier
from applications.models import Application
from hmc_portal.users.models import User
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def test_the_demo_dossiers_of_fatima_and_omar(tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    call_command("seed_demo")
    call_command("seed_demo")  # damaging the CV again changes nothing
    reviewer = User.objects.get(email="reviewer@hmc.test")

    def build(email):
        out = io.BytesIO()
        built = write_dossier(
            Application.objects.get(applicant__email=email), out, built_for=reviewer
        )
        return built, PdfReader(out)

    fatima, fatima_pdf = build("fatima@example.com")
    omar, omar_pdf = build("omar@example.com")

    assert fatima.unreadable == []
    assert (
        len(fatima_pdf.outline)
        == 1 + Application.objects.get(applicant__email="fatima@example.com").documents.count()
    )
    assert omar.unreadable == [("CV: cv.pdf", "Damaged: the PDF cannot be read.")]
    assert [item.title for item in omar_pdf.outline][0] == "Cover summary"
    assert "CV: cv.pdf" not in [item.title for item in omar_pdf.outline]
    assert len(omar_pdf.outline) == 5  # the cover and his four other documents
