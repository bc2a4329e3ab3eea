"""The enrolment QR code: the otpauth:// link as an inline SVG (no image request, nothing
inline that the CSP would refuse: segno writes paths, not style attributes)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(
        border=2, title=title, dark="#000", light="#fff", svgclass="qr", omitsize=True
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; `title` is escaped by segno
