"""The dossier's cover: who the applicant is and what happened to the application, in
English (the PDF is read by US staff and may go to program directors), drawn with fpdf2 in
the issued documents' typeface. Times are printed in the reader's time zone, named."""

from __future__ import annotations

import datetime

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from hmc_portal.dossier import DossierSection
from hmc_portal.issuance.rendering import (
    BRAND,
    FAMILY,
    FONTS,
    INK,
    MARGIN,
    MUTED,
    IssuedPDF,
    text,
)


def when(value: datetime.datetime | None) -> str:
    """A stored time in the active zone, named: "2026-12-04 09:30 (America/Chicago)"."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{local:%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"


def day(value: datetime.date | None) -> str:
    return value.isoformat() if value else "—"


class CoverPDF(FPDF):
    """US Letter, the program's name at the top, "Confidential" and the page at the foot."""

    heading = IssuedPDF.heading
    key_values = IssuedPDF.key_values

    def __init__(self, *, site_name: str, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.site_name, self.footer_text = site_name, footer_text
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10)

    def header(self):
        self.set_font(FAMILY, "B", 12)
        self.set_text_color(*BRAND)
        self.cell(0, 6, text(self.site_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10)
        self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, text(self.footer_text), align=Align.L)
        self.set_x(MARGIN)
        self.cell(0, 5, f"Cover page {self.page_no()}", align=Align.R)
        self.set_text_color(*INK)

    def section(self, section: DossierSection) -> None:
        self.heading(section.title, level=2)
        rows = [(label, value) for label, value in section.rows if value not in (None, "")]
        if rows:
            self.key_values(rows)
        elif section.empty:
            self.paragraph(section.empty)

    paragraph = IssuedPDF.paragraph


def render_cover(
    *,
    site_name: str,
    title: str,
    built_for: str,
    sections: list[DossierSection],
    contents: list[tuple[str, str]],
    unreadable: list[tuple[str, str]],
) -> bytes:
    """The cover as PDF bytes (a few pages at most: it is text). `contents` lists the
    documents bound after it (title, file name); `unreadable` those that could not be (file
    name, why)."""
    stamp = f"Built {when(timezone.now())} for {built_for}. Confidential: staff use only."
    pdf = CoverPDF(site_name=site_name, footer_text=stamp)
    pdf.set_title(text(title))
    pdf.set_creator(text(site_name))
    pdf.add_page()
    pdf.heading(title)
    for section in sections:
        pdf.section(section)
    pdf.heading("Documents in this dossier", level=2)
    for name, _original in contents:
        pdf.paragraph(f"• {name}")
    if not contents:
        pdf.paragraph("No document could be bound into this dossier.")
    if unreadable:
        pdf.heading("Unreadable documents (not included)", level=2)
        for name, reason in unreadable:
            pdf.paragraph(f"• {name}. {reason}")
    return bytes(pdf.output())
