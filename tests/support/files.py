"""Small real files for document tests: PDFs made with pypdf, images made with Pillow."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject


def pdf_bytes(*, pages: int = 1, password: str | None = None, padding: int = 0) -> bytes:
    """A valid PDF of blank pages; `padding` bytes of random data in an extra stream object
    (to make big but valid files); `password` encrypts it with that user password."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:
        stream = DecodedStreamObject()
        stream.set_data(os.urandom(padding))
        writer.root_object[NameObject("/Padding")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, format=fmt)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (16, 12)) -> bytes:
    return image_bytes("PNG", size)


def jpeg_bytes(size: tuple[int, int] = (16, 12)) -> bytes:
    return image_bytes("JPEG", size)


def noise_png_file(path: Path, *, side: int) -> Path:
    """An incompressible PNG of side × side random pixels, written to `path` (about
    3 × side² bytes)."""
    Image.frombytes("RGB", (side, side), os.urandom(3 * side * side)).save(path, format="PNG")
    return path


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """An uploaded file as a view receives it; the content type is what a browser would
    claim, and the code under test must ignore it."""
    return SimpleUploadedFile(name, data, content_type=content_type)


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(240)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def isolated_private_storage(root: Path, settings) -> Path:
    """Point the private storage at a folder of the test's own (through settings.STORAGES),
    so that "nothing was stored" can be checked exactly while other suites write to the
    shared test folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    root.mkdir(parents=True, exist_ok=True)
    return root


def stored_files(root: Path) -> list[str]:
    """Every file under `root`, as sorted relative paths."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def pdf_of_size(total: int) -> bytes:
    """A valid PDF of exactly `total` bytes (at least a few kilobytes)."""
    overhead = len(pdf_bytes(padding=1000)) - 1000
    for _ in range(5):
        data = pdf_bytes(padding=total - overhead)
        if len(data) == total:
            return data
        overhead += len(data) - total
    raise AssertionError(f"could not make a PDF of {total} bytes")


# --- hostile files (tests/security/test_upload_corpus.py) ---------------------------------------

# The antivirus test file, built from two halves so that this source file is not itself one.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _javascript_action(writer: PdfWriter, script: str = "app.alert('hi');"):
    from pypdf.generic import DictionaryObject, TextStringObject

    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(script),
            }
        )
    )


def pdf_with_open_action() -> bytes:
    """A one-page PDF whose catalog runs a script when opened (/OpenAction)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject("/OpenAction")] = _javascript_action(writer)
    return _write(writer)


def pdf_with_javascript_names() -> bytes:
    """A PDF with a document-level script in the /Names /JavaScript tree."""
    from pypdf.generic import ArrayObject, DictionaryObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    tree = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("greeting"), _javascript_action(writer, "app.alert('names');")]
            )
        }
    )
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _write(writer)


def pdf_with_page_aa() -> bytes:
    """A PDF whose page runs a script when it is shown (/AA /O on the page)."""
    from pypdf.generic import DictionaryObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _javascript_action(writer)})
    writer.root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): _javascript_action(writer, "app.alert('close');")}
    )
    return _write(writer)


def pdf_with_launch_link() -> bytes:
    """A PDF with a link annotation whose action launches a program (/Launch)."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        TextStringObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
            NameObject("/Win"): DictionaryObject(
                {NameObject("/F"): TextStringObject("cmd.exe /c calc")}
            ),
        }
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 200, 40)]),
            NameObject("/A"): launch,
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def pdf_with_escaped_open_action() -> bytes:
    """/OpenAction spelt with a #xx escape (/Open#41ction), which PDF readers decode."""
    data = pdf_with_open_action()
    assert data.count(b"/OpenAction") == 1
    return data.replace(b"/OpenAction", b"/Open#41ction")


def zip_bytes(members: dict[str, bytes] | None = None) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members or {"payload.html": HTML}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def jpeg_with_zip_appended() -> bytes:
    """The classic polyglot: a JPEG, and after its end a ZIP (which unzip opens)."""
    return jpeg_bytes() + zip_bytes()


def jpeg_with_zip_in_comment() -> bytes:
    """A JPEG carrying a whole ZIP inside a COM segment: nothing trails the image's end."""
    import struct

    image, archive = jpeg_bytes(), zip_bytes()
    segment = b"\xff\xfe" + struct.pack(">H", len(archive) + 2) + archive
    return image[:2] + segment + image[2:]


def png_with_trailing_data() -> bytes:
    return png_bytes() + b"PK-or-anything: bytes after IEND " * 8


def pdf_with_trailing_html() -> bytes:
    return pdf_bytes() + b"\n" + HTML + b"\n"


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG that claims width × height pixels (a decompression bomb): one
    compressed row of a 1-bit greyscale image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + bytes((width + 7) // 8)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * 4))
        + chunk(b"IEND", b"")
    )
