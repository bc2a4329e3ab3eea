"""What rotations adds to the staff dossier through hmc_portal.dossier: the rotations on the
cover, the pre-arrival evidence bound after the application's documents."""

import io

import pytest
from pypdf import PdfReader

from applications.dossier.build import write_dossier
from hmc_portal.dossier import dossier_contents
from rotations.dossier import rotations_dossier, rotations_dossier_size
from tests.factories import ReviewerFactory
from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def test_rotations_registers_its_part_of_the_dossier():
    assert dossier_contents._providers["rotations"] is rotations_dossier
    assert dossier_contents._measures["rotations"] is rotations_dossier_size


def test_the_measure_counts_what_the_part_binds():
    """The application page asks the size without building the part: the same answer."""
    request = placed()
    application = request.application
    for name, size in (("tb.pdf", 1000), ("flu.pdf", 2345)):
        EvidenceFactory(
            application=application,
            requirement=RequirementFactory(site=request.rotation.site, name=name),
            original_name=name,
            size=size,
        )
    EvidenceFactory(
        application=application,
        requirement=RequirementFactory(site=request.rotation.site, name="No file"),
        file="",
        size=0,
    )
    files = rotations_dossier(application).files

    assert rotations_dossier_size(application) == (2, 3345)
    assert rotations_dossier_size(application) == (len(files), sum(f.size for f in files))
    assert dossier_contents.size(application) == (2, 3345)


def test_a_provider_without_a_measure_is_counted_from_its_part():
    request = placed()
    EvidenceFactory(application=request.application, original_name="tb.pdf", size=10)
    dossier_contents.register("plain", rotations_dossier)
    try:
        assert dossier_contents.size(request.application) == (2, 20)
    finally:
        dossier_contents.unregister("plain")


def test_the_dossier_shows_the_rotations_and_binds_the_evidence():
    request = placed()
    application = request.application
    rotation = request.rotation
    EvidenceFactory(
        application=application,
        requirement=RequirementFactory(site=rotation.site, name="TB test"),
        original_name="tb-test.pdf",
    )
    out = io.BytesIO()

    built = write_dossier(application, out, built_for=ReviewerFactory())

    pdf = PdfReader(out)
    assert [item.title for item in pdf.outline] == [
        "Cover summary",
        "Pre-arrival: TB test: tb-test.pdf",
    ]
    assert built.unreadable == []
    cover = pdf.pages[0].extract_text()
    assert "Choice 1" in cover
    assert f"{rotation.specialty.name} at {rotation.site.name}" in cover
    assert f"{rotation.start_date.isoformat()} to {rotation.end_date.isoformat()}" in cover
    assert "Confirmed" in cover


def test_an_application_without_rotations_says_so():
    request = placed()
    request.delete()

    part = rotations_dossier(request.application)

    assert (part.sections[0].rows, part.sections[0].empty) == ([], "No rotation requested.")
    assert part.files == []
