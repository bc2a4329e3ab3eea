"""Issued documents for tests: a kind of the tests' own (the core registers none) and a
helper that issues one through the real service, PDF and storage included."""

from __future__ import annotations

from hmc_portal.issuance import kinds
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import issue_document

SAMPLE_KIND = "sample_letter"
kinds.register(SAMPLE_KIND, label="Letter of attendance")


def write_body(pdf) -> None:
    pdf.heading("To whom it may concern", level=2)
    pdf.paragraph("The holder attended the observership described below.")
    pdf.key_values([("Specialty", "Internal Medicine"), ("Weeks", "4")])


def issue_sample(*, owner, **overrides) -> IssuedDocument:
    """A real issued document of SAMPLE_KIND for `owner` (the storage is the test
    settings' private folder unless the test isolated its own)."""
    options = {
        "kind": SAMPLE_KIND,
        "holder_name": owner.get_full_name() or owner.email,
        "title": "Letter of attendance",
        "reference": "LTR-2026-0042",
        "build": write_body,
    }
    options.update(overrides)
    return issue_document(owner=owner, **options)
