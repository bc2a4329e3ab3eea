"""The one renderer of issued PDFs: US Letter, the program's header, and on every page a
footer with the verification address, the code and a QR code pointing there. Apps write only
the body, with the helpers below; everything is in English (services.issue_document renders
inside translation.override("en")) because the readers are US authorities and offices.

Text is set in DejaVu Sans (vendored in fonts/, with its licence), which covers Latin,
Latin Extended and Vietnamese: "Nguyễn Thị Minh" and "Dr. Łukasz Wróblewski" print as
written. Scripts it lacks (Arabic, Chinese...) are beyond it.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 20  # mm, left, right and top
FOOTER_HEIGHT = 30  # mm reserved at the foot of each page (QR code and verification text)
QR_SIZE = 20  # mm
INK = (33, 37, 41)
MUTED = (96, 103, 112)
RULE = (180, 186, 192)
BRAND = (11, 79, 108)


@dataclass(frozen=True)
class Stamp:
    """What the frame prints besides the body: who issued it, the code and where to check."""

    site_name: str
    code: str  # grouped, as printed
    verify_url: str
    issued_at: datetime.datetime  # aware
    issued_on: datetime.date  # the day in the program's time zone, as printed


def text(value: object) -> str:
    """A value as printed: a string in NFC (a name typed with combining accents prints with
    the font's precomposed letters), control characters dropped."""
    value = unicodedata.normalize("NFC", str(value))
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C")


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG, in memory."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


class IssuedPDF(FPDF):
    """An fpdf2 document in the program's frame. `build(pdf)` callables write the body with
    heading(), paragraph(), key_values(), money_table() and spacer() (or any fpdf2 call)."""

    def __init__(self, stamp: Stamp):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.stamp = stamp
        self._qr = io.BytesIO(qr_png(stamp.verify_url))
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=FOOTER_HEIGHT + 6)
        self.set_author(text(stamp.site_name))
        self.set_creator(text(stamp.site_name))
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10)

    # --- the frame ---------------------------------------------------------------------------

    def header(self):
        self.set_font(FAMILY, "B", 14)
        self.set_text_color(*BRAND)
        self.cell(0, 7, text(self.stamp.site_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*BRAND)
        self.set_line_width(0.6)
        self.line(MARGIN, self.get_y() + 2, self.w - MARGIN, self.get_y() + 2)
        self.set_y(self.get_y() + 8)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=10)

    def footer(self):
        top = self.h - FOOTER_HEIGHT
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN, top, self.w - MARGIN, top)
        self.image(self._qr, x=MARGIN, y=top + 3, w=QR_SIZE, h=QR_SIZE)
        left = MARGIN + QR_SIZE + 4
        width = self.w - MARGIN - left
        self.set_xy(left, top + 4)
        self.set_text_color(*MUTED)
        self.set_font(FAMILY, size=8)
        self.cell(width, 4.5, "Verify this document at", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(FAMILY, "B", 8)
        self.cell(width, 4.5, self.stamp.verify_url, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=8)
        self.cell(
            width,
            4.5,
            f"Verification code: {self.stamp.code}",
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
        self.cell(width, 4.5, f"Page {self.page_no()} of {{nb}}", align=Align.R)
        self.set_text_color(*INK)

    # --- helpers for bodies ------------------------------------------------------------------

    def heading(self, value: str, *, level: int = 1) -> None:
        """A heading: level 1 (the document's title) or 2 (a section)."""
        size = 16 if level == 1 else 12
        self.ln(2 if level == 1 else 4)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text(value), align=Align.L)
        self.ln(2)
        self.set_font(FAMILY, size=10)

    def paragraph(self, value: str, *, size: float = 10) -> None:
        """A paragraph of running text, wrapped, followed by a little space."""
        self.set_font(FAMILY, size=size)
        self.multi_cell(0, size * 0.5, text(value), align=Align.L)
        self.ln(2)

    def spacer(self, height: float = 4) -> None:
        self.ln(height)

    def key_values(self, rows: Sequence[tuple[str, str]], *, key_width: float = 45) -> None:
        """Labels and values in two columns, without borders (e.g. "Issued to", "Date")."""
        rows = [(k, v) for k, v in rows if v not in (None, "")]
        if not rows:
            return
        self.set_font(FAMILY, size=10)
        width = self.w - 2 * MARGIN
        with self.table(
            col_widths=(key_width, width - key_width),
            width=width,
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.NONE,
            line_height=5.5,
            padding=(0.5, 1, 0.5, 0),
            text_align=(Align.L, Align.L),
        ) as table:
            for key, value in rows:
                row = table.row()
                row.cell(text(key), style=FontFace(emphasis="BOLD"))
                row.cell(text(value))
        self.ln(3)

    def money_table(
        self,
        *,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        totals: Sequence[tuple[str, str]] = (),
        col_widths: Sequence[float] | None = None,
    ) -> None:
        """Lines of an invoice or receipt: a header row, the rows (every column but the first
        right-aligned: quantities, prices, amounts) and totals below, label and amount. The
        amounts are strings already formatted by the caller: no money arithmetic here."""
        width = self.w - 2 * MARGIN
        count = len(columns)
        if col_widths is None:
            rest = 30.0
            col_widths = (width - rest * (count - 1), *(rest,) * (count - 1))
        align = (Align.L, *(Align.R,) * (count - 1))
        self.set_font(FAMILY, size=10)
        with self.table(
            col_widths=tuple(col_widths),
            width=width,
            text_align=align,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            headings_style=FontFace(emphasis="BOLD", fill_color=(236, 241, 244)),
            line_height=6,
            padding=(1, 1.5),
        ) as table:
            header = table.row()
            for column in columns:
                header.cell(text(column))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(text(value))
        if totals:
            self.ln(2)
            label_width = width - col_widths[-1]
            for index, (label, amount) in enumerate(totals):
                last = index == len(totals) - 1
                self.set_font(FAMILY, "B" if last else "", 10 if not last else 11)
                self.cell(label_width - 4, 6, text(label), align=Align.R)
                self.cell(4, 6, "")
                self.cell(
                    col_widths[-1],
                    6,
                    text(amount),
                    align=Align.R,
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
            self.set_font(FAMILY, size=10)
        self.ln(3)


def render(
    *,
    stamp: Stamp,
    title: str,
    holder_name: str,
    reference: str,
    kind_label: str,
    build,
) -> bytes:
    """The whole PDF: the frame, the title and who it is for, then the body `build` writes."""
    pdf = IssuedPDF(stamp)
    pdf.set_title(text(title))
    pdf.set_subject(text(kind_label))
    pdf.set_creation_date(stamp.issued_at)
    pdf.add_page()
    pdf.heading(title)
    pdf.key_values(
        [
            ("Issued to", holder_name),
            ("Reference", reference),
            ("Date of issue", written_date(stamp.issued_on)),
        ]
    )
    build(pdf)
    return bytes(pdf.output())


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def written_date(day: datetime.date) -> str:
    """A date as printed on every document: "7 December 2026" (English, whatever the
    server's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def verify_url(path: str) -> str:
    """The absolute address of a verification page path."""
    return f"{settings.SITE_URL}{path}"
