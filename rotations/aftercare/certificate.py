"""The completion certificate's body, in English whatever the applicant's language: it is
read by residency programs and US authorities. The issuance frame
(hmc_portal.issuance.rendering) adds the program's name, the title, the holder, the
certificate number, the date and, on every page, the verification address, code and QR
code."""

from __future__ import annotations

import math

from django.conf import settings

from hmc_portal.issuance.rendering import written_date

from ..arrival.letter import letterhead, site_address
from ..enums import RotationKind, VisaLetterStatus
from ..models import RotationRequest, VisaLetterRequest

TITLE = "Certificate of completion: clinical observership"

OBSERVERSHIP_ONLY = (
    "This was a clinical observership: the observer watched patient care and took part in no "
    "hands-on patient care, with no patient contact."
)
MIXED = (
    "The blocks marked as observerships were observation only: the observer took part in no "
    "hands-on patient care in them. The blocks marked as clerkships included supervised "
    "hands-on care."
)
KIND_WORDS = {
    RotationKind.OBSERVERSHIP: "Clinical observership (observation only, no hands-on care)",
}


def certificate_number(application_id: int, sequence: int) -> str:
    """ "CERT-00042-2" is application 42's second certificate."""
    return f"CERT-{application_id:05d}-{sequence}"


def certificate_prefix(application_id: int) -> str:
    return f"CERT-{application_id:05d}-"


def certificate_holder_name(application) -> str:
    """The holder's name as in the passport: the passport name of the application's
    approved visa letter request (the latest approved) when there is one, else the
    account's full name in upper case."""
    approved = (
        VisaLetterRequest.objects.filter(application=application, letters_issued__gt=0)
        .exclude(status=VisaLetterStatus.SENT_BACK)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if approved is not None:
        return approved.passport_name
    user = application.applicant
    return (user.get_full_name() or user.email).upper()


def block_weeks(rotation) -> int:
    """Whole weeks a block spans (a Monday to the Friday four weeks later is 4)."""
    return math.ceil(((rotation.end_date - rotation.start_date).days + 1) / 7)


def total_weeks(blocks: list[RotationRequest]) -> int:
    return sum(block_weeks(block.rotation) for block in blocks)


def build_certificate(holder_name: str, blocks: list[RotationRequest], also=()):
    """The `build(pdf)` for issuance.issue_document: the letterhead, the statement of
    completion, each block (specialty, site, preceptor, dates, weeks), the total, what else
    the observer took part in (`also`: hmc_portal.records lines, e.g. seminars attended),
    what an observership is, and the signature."""

    def build(pdf) -> None:
        pdf.key_values(letterhead(), key_width=30)
        first = blocks[0].rotation.start_date
        last = max(block.rotation.end_date for block in blocks)
        pdf.paragraph(
            f"{settings.PROGRAM_NAME} certifies that {holder_name} completed the clinical "
            f"observership program from {written_date(first)} to {written_date(last)}, in the "
            "blocks listed below."
        )
        pdf.heading("Blocks completed", level=2)
        all_observerships = all(b.rotation.kind == RotationKind.OBSERVERSHIP for b in blocks)
        for number, block in enumerate(blocks, start=1):
            rotation = block.rotation
            dates = f"{written_date(rotation.start_date)} to {written_date(rotation.end_date)}"
            rows = [
                (
                    f"Block {number}",
                    f"{rotation.specialty.name}: {dates} ({block_weeks(rotation)} weeks)",
                ),
                ("Site", f"{rotation.site.name}, {site_address(rotation)}"),
                ("Preceptor", f"{rotation.preceptor} {rotation.preceptor.title}".strip()),
            ]
            if not all_observerships:
                rows.append(
                    ("Type", KIND_WORDS.get(rotation.kind, "Clinical clerkship (hands-on)"))
                )
            pdf.key_values(rows, key_width=30)
        pdf.key_values([("Total weeks", str(total_weeks(blocks)))], key_width=30)
        if also:
            pdf.heading("Also took part in", level=2)
            pdf.key_values([(written_date(line.day), line.text) for line in also], key_width=30)
        pdf.heading("Nature of the program", level=2)
        pdf.paragraph(OBSERVERSHIP_ONLY if all_observerships else MIXED)
        pdf.paragraph(
            "This certificate is valid only while the verification page named below shows it "
            "as valid."
        )
        pdf.spacer(6)
        signer = settings.CERTIFICATE_SIGNER_NAME or settings.VISA_LETTER_SIGNER_NAME
        if signer:
            pdf.paragraph(signer)
        title = settings.CERTIFICATE_SIGNER_TITLE or settings.VISA_LETTER_SIGNER_TITLE
        pdf.paragraph(f"{title}, {settings.PROGRAM_NAME}")

    return build
