"""Files that are two formats at once: a JPEG that is also a ZIP, a PDF with a web page after
its end. Each reader stops where its format says the file ends, so a file can be a harmless
image to one program and an archive or a page full of scripts to another. We accept a file
only when it ends where its own format says it does and carries no second format inside.

Three checks, each reading the upload in chunks (never the whole file into memory):
- the end: JPEG at the EOI marker (found by walking the segments, so a thumbnail's EOI inside
  EXIF does not count; a Multi-Picture JPEG, as phones write, ends after its last image),
  PNG after the IEND chunk, PDF after the last ``%%EOF``; after it at most
  TRAILER_ALLOWANCE bytes of whitespace or NUL padding;
- ZIP structures anywhere (a local file header, a central directory entry or its end record),
  each signature confirmed by the fields after it, so random compressed bytes do not match;
- HTML (``<html``, ``<script``, ``<svg``...) in the first or last kilobytes, where browsers
  and content sniffers look.

Nothing here knows about messages: files.py turns Polyglot and NoEnd into words.
"""

from __future__ import annotations

import re
import struct
from typing import BinaryIO

TRAILER_ALLOWANCE = 1024
PADDING = b" \t\r\n\x00\x0c"
EDGE_BYTES = 4096
CHUNK = 64 * 1024
MAX_SEGMENTS = 50_000
HTML_MARKERS = (b"<html", b"<script", b"<svg", b"<!doctype html", b"<iframe", b"<body")
ZIP_SIGNATURE = re.compile(rb"PK(\x01\x02|\x03\x04|\x05\x06)")
ZIP_METHODS = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 18, 19, 93, 94, 95, 96, 97, 98, 99}


class NoEnd(Exception):
    """The file's own structure does not lead to its end: damaged or truncated."""


class Polyglot(Exception):
    """The file carries a second format. `reason` is "trailing", "zip" or "html"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check(stream: BinaryIO, content_type: str, size: int) -> None:
    """Raise Polyglot or NoEnd, else return; leaves the stream at its start."""
    try:
        end = ENDS[content_type](stream, size)
        if end is None:
            raise NoEnd()
        if content_type == "image/jpeg" and _has_mpf(stream):
            end = _mpo_end(stream, end, size)
        if size - end > TRAILER_ALLOWANCE or _read(stream, end, size - end).strip(PADDING):
            raise Polyglot("trailing")
        if _contains_zip(stream):
            raise Polyglot("zip")
        edges = (
            _read(stream, 0, EDGE_BYTES)
            + b"\n"
            + _read(stream, max(0, size - EDGE_BYTES), EDGE_BYTES)
        ).lower()
        if any(marker in edges for marker in HTML_MARKERS):
            raise Polyglot("html")
    finally:
        stream.seek(0)


def _read(stream: BinaryIO, offset: int, length: int) -> bytes:
    stream.seek(offset)
    return stream.read(length)


def _chunks(stream: BinaryIO, overlap: int):
    """(offset, bytes) windows over the whole stream, each overlapping the last by `overlap`
    bytes so that a pattern cut by a chunk boundary is still seen whole."""
    stream.seek(0)
    offset, tail = 0, b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        yield offset - len(tail), window
        offset += len(chunk)
        tail = window[-overlap:]


def _pdf_end(stream: BinaryIO, size: int) -> int | None:
    last = None
    for offset, window in _chunks(stream, overlap=4):
        found = window.rfind(b"%%EOF")
        if found != -1:
            last = offset + found
    return None if last is None else last + len(b"%%EOF")


def _png_end(stream: BinaryIO, size: int) -> int | None:
    position = 8
    for _ in range(MAX_SEGMENTS):
        header = _read(stream, position, 8)
        if len(header) < 8:
            return None
        length, kind = struct.unpack(">I4s", header)
        end = position + 12 + length
        if end > size:
            return None
        if kind == b"IEND":
            return end
        position = end
    return None


def _has_mpf(stream: BinaryIO) -> bool:
    """Whether the JPEG declares further images after it (the Multi-Picture Format that
    cameras and phones use for a depth or HDR gain map): an APP2 segment named MPF."""
    head = _read(stream, 0, 64 * 1024)
    return b"\xff\xe2" in head and b"MPF\x00" in head


def _mpo_end(stream: BinaryIO, end: int, size: int) -> int:
    """Past the JPEG images that follow the first one back to back, each walked to its own
    EOI: they are more of the same format, not a second one."""
    for _ in range(32):
        if end >= size or _read(stream, end, 3) != b"\xff\xd8\xff":
            break
        following = _jpeg_end(stream, size, start=end + 2)
        if following is None:
            break
        end = following
    return end


def _jpeg_end(stream: BinaryIO, size: int, start: int = 2) -> int | None:
    """Offset just past the EOI marker that ends the image: walks the marker segments
    (skipping their contents by length) and the entropy-coded data after each SOS, from
    `start` (just after the SOI marker)."""
    position = start
    for _ in range(MAX_SEGMENTS):
        head = _read(stream, position, 2)
        if len(head) < 2 or head[0] != 0xFF:
            return None
        while head[1] == 0xFF:  # fill bytes before a marker
            position += 1
            head = _read(stream, position, 2)
            if len(head) < 2:
                return None
        marker = head[1]
        position += 2
        if marker == 0xD9:
            return position
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        length_bytes = _read(stream, position, 2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if length < 2 or position + length > size:
            return None
        position += length
        if marker == 0xDA:
            position = _next_marker(stream, position)
            if position is None:
                return None
    return None


def _next_marker(stream: BinaryIO, position: int) -> int | None:
    """The offset of the first marker after entropy-coded data: 0xFF followed by a byte that
    is neither a stuffed 0x00, a restart marker, nor another 0xFF."""
    stream.seek(position)
    buffer, start = b"", position
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return None
        buffer += chunk
        index = 0
        while (index := buffer.find(b"\xff", index)) != -1:
            if index + 1 >= len(buffer):
                break  # the byte after it is in the next chunk
            following = buffer[index + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                index += 1
                continue
            return start + index
        keep = 1 if buffer.endswith(b"\xff") else 0
        start += len(buffer) - keep
        buffer = buffer[len(buffer) - keep :]


ENDS = {"application/pdf": _pdf_end, "image/jpeg": _jpeg_end, "image/png": _png_end}


def _contains_zip(stream: BinaryIO) -> bool:
    for _, window in _chunks(stream, overlap=64):
        for match in ZIP_SIGNATURE.finditer(window):
            if _looks_like_zip(window[match.start() :]):
                return True
    return False


def _looks_like_zip(record: bytes) -> bool:
    """Whether the bytes after a ZIP signature hold the fields a real record has (the
    version, a known compression method, a sane name length; or, for the end record, a
    single-disk archive whose counts agree)."""
    kind = record[2:4]
    if kind == b"\x03\x04" and len(record) >= 30:
        version, _, method = struct.unpack("<HHH", record[4:10])
        (name_length,) = struct.unpack("<H", record[26:28])
        return version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024
    if kind == b"\x01\x02" and len(record) >= 46:
        _, needed, _, method = struct.unpack("<HHHH", record[4:12])
        (name_length,) = struct.unpack("<H", record[28:30])
        return needed <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024
    if kind == b"\x05\x06" and len(record) >= 22:
        disk, first_disk, here, total = struct.unpack("<HHHH", record[4:12])
        return disk == 0 and first_disk == 0 and here == total
    return False
