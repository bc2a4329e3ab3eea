"""The letter written in the portal as a PDF the ERAS Letter of Recommendation Portal takes:
US Letter pages, no encryption, no digital signature; the program's letterhead, the date,
the body, and the preceptor's signature block (name, title, affiliation, contact). In
English: it is read by US program directors."""

from __future__ import annotations

import datetime

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from hmc_portal.issuance.rendering import BRAND, FAMILY, FONTS, INK, MUTED, text, written_date

from ..models import LetterRequest

MARGIN = 22  # mm


class LetterPDF(FPDF):
    def __init__(self):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_text_color(*INK)

    def header(self):
        self.set_font(FAMILY, "B", 14)
        self.set_text_color(*BRAND)
        self.cell(0, 7, text(settings.PROGRAM_NAME), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        contact = " · ".join(
            part
            for part in (
                settings.PROGRAM_OFFICE_ADDRESS,
                settings.PROGRAM_OFFICE_PHONE,
                settings.PROGRAM_OFFICE_EMAIL,
            )
            if part
        )
        if contact:
            self.set_font(FAMILY, size=8.5)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.5, text(contact), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*BRAND)
        self.set_line_width(0.6)
        self.line(MARGIN, self.get_y() + 2, self.w - MARGIN, self.get_y() + 2)
        self.set_y(self.get_y() + 8)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10.5)

    def footer(self):
        if self.page_no() > 1:
            self.set_y(-15)
            self.set_font(FAMILY, size=8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, f"Page {self.page_no()}", align=Align.R)


def render_letter(
    letter_request: LetterRequest, *, body: str, contact: str, today: datetime.date
) -> bytes:
    """The PDF of a letter with this body, signed by the request's preceptor."""
    preceptor = letter_request.preceptor
    applicant = letter_request.application.applicant
    pdf = LetterPDF()
    name = preceptor.user.get_full_name() or preceptor.user.email
    pdf.set_title(text(f"Letter of recommendation for {applicant.get_full_name()}"))
    pdf.set_author(text(name))
    pdf.set_creator(text(settings.PROGRAM_NAME))
    pdf.add_page()
    pdf.set_font(FAMILY, size=10.5)
    pdf.cell(0, 6, written_date(today), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 10.5)
    pdf.multi_cell(
        0,
        5.5,
        text(
            f"Re: {applicant.get_full_name() or applicant.email}, "
            f"ERAS Letter ID {letter_request.eras_letter_id}"
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FAMILY, size=9.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0,
        5,
        "The applicant has waived the right to see this letter."
        if letter_request.waived
        else "The applicant has not waived the right to see this letter.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*INK)
    pdf.ln(3)
    pdf.set_font(FAMILY, size=10.5)
    for paragraph in [p.strip() for p in body.replace("\r\n", "\n").split("\n\n")]:
        if paragraph:
            pdf.multi_cell(0, 5.5, text(paragraph), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
    pdf.ln(2)
    pdf.cell(0, 6, "Sincerely,", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + 70, pdf.get_y())
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 10.5)
    pdf.cell(
        0,
        5.5,
        text(f"{name}, {preceptor.title}".strip(", ")),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FAMILY, size=10.5)
    for line in (preceptor.affiliation, contact):
        if line.strip():
            pdf.multi_cell(0, 5.5, text(line.strip()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
