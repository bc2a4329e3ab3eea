"""The B-1 visa invitation letter's body, in English whatever the applicant's language: it
is read by a US consular officer. The issuance frame (hmc_portal.issuance.rendering) adds
the program's name, the title, the holder, the letter number, the date and, on every page,
the verification address, code and QR code."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from hmc_portal.issuance.rendering import written_date

from ..models import RotationRequest, VisaLetterRequest

TITLE = "Invitation letter for a B-1 visa: clinical observership"

OBSERVATION_ONLY = (
    "The purpose of this visit is observation only. The observer will have no patient "
    "contact, will provide no hands-on care, will take part in no research, and will "
    "receive no salary or stipend."
)
SELF_FUNDED = (
    "The applicant pays their own expenses: travel, lodging, living costs, insurance and "
    "program fees. The program provides no payment or funding of any kind."
)


def letterhead() -> list[tuple[str, str]]:
    """The program's address, phone and email from the settings (empty ones left out)."""
    return [
        ("Program", settings.PROGRAM_NAME),
        ("Address", settings.PROGRAM_OFFICE_ADDRESS),
        ("Phone", settings.PROGRAM_OFFICE_PHONE),
        ("Email", settings.PROGRAM_OFFICE_EMAIL),
    ]


def nationality_in_english(visa_request: VisaLetterRequest) -> str:
    with translation.override("en"):
        return str(visa_request.nationality.name)


def site_address(rotation) -> str:
    """The site's street address, with its city and state unless the address has them."""
    site = rotation.site
    if site.city and site.city in site.address:
        return site.address
    return ", ".join(part for part in (site.address, site.city, site.state) if part)


def build_letter(visa_request: VisaLetterRequest, blocks: list[RotationRequest]):
    """The `build(pdf)` for issuance.issue_document: the letterhead, the applicant's
    identity, each block, the purpose, the funding, the contact and the signature."""

    def build(pdf) -> None:
        pdf.key_values(letterhead(), key_width=30)
        pdf.paragraph("To the consular officer,")
        if visa_request.consulate:
            pdf.paragraph(f"Embassy or consulate: {visa_request.consulate}")
        pdf.paragraph(
            f"{settings.PROGRAM_NAME} invites the applicant below to attend a clinical "
            "observership in Houston, Texas, United States, on the dates listed."
        )
        pdf.heading("Applicant", level=2)
        pdf.key_values(
            [
                ("Full name", visa_request.passport_name),
                ("Date of birth", written_date(visa_request.date_of_birth)),
                ("Nationality", nationality_in_english(visa_request)),
                ("Passport number", visa_request.passport_number),
                ("Passport expiry", written_date(visa_request.passport_expiry)),
                (
                    "Visa interview",
                    written_date(visa_request.interview_date)
                    if visa_request.interview_date
                    else "",
                ),
            ]
        )
        pdf.heading("Itinerary", level=2)
        for number, block in enumerate(blocks, start=1):
            rotation = block.rotation
            pdf.key_values(
                [
                    (
                        f"Block {number}",
                        f"{written_date(rotation.start_date)} to {written_date(rotation.end_date)}",
                    ),
                    ("Specialty", rotation.specialty.name),
                    ("Site", rotation.site.name),
                    ("Site address", site_address(rotation)),
                    ("Preceptor", f"{rotation.preceptor} {rotation.preceptor.title}".strip()),
                ]
            )
        pdf.heading("Purpose of the visit", level=2)
        pdf.paragraph(OBSERVATION_ONLY)
        pdf.heading("Funding", level=2)
        pdf.paragraph(SELF_FUNDED)
        pdf.heading("Contact for the consulate", level=2)
        contact = ", ".join(
            part for part in (settings.PROGRAM_OFFICE_PHONE, settings.PROGRAM_OFFICE_EMAIL) if part
        )
        pdf.paragraph(
            f"The program office answers any question about this letter: {contact}."
            if contact
            else "The program office answers any question about this letter."
        )
        pdf.paragraph(
            "This letter is valid only while the verification page named below shows it as valid."
        )
        pdf.spacer(6)
        pdf.paragraph("Sincerely,")
        if settings.VISA_LETTER_SIGNER_NAME:
            pdf.paragraph(settings.VISA_LETTER_SIGNER_NAME)
        pdf.paragraph(f"{settings.VISA_LETTER_SIGNER_TITLE}, {settings.PROGRAM_NAME}")

    return build
