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
