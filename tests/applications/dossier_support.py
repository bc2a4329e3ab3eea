"""Builders shared by the dossier tests: an application with files of each kind, PDFs with a
large image on their page (so copying the page copies the bytes), and reading a streamed
response back."""

from __future__ import annotations

import io
import os

from django.core.files.base import ContentFile
from fpdf import FPDF
from PIL import Image

from applications.models import StatusChange
from tests.factories import (
    DocumentFactory,
    InterviewFactory,
    ReviewableApplicationFactory,
    UserFactory,
)
from tests.support.files import jpeg_bytes, pdf_bytes, png_bytes


def pdf_with_text(text: str, *, pages: int = 1) -> bytes:
    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(0, 10, f"{text} (page {number + 1})")
    return bytes(pdf.output())


def pdf_with_noise_image(side: int = 1000) -> bytes:
    """A one-page PDF showing an image of random pixels: about 3 × side² bytes that a copy
    of the page must carry."""
    image = Image.frombytes("RGB", (side, side), os.urandom(3 * side * side))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    return bytes(pdf.output())


def stored(document, data: bytes, *, content_type: str, name: str):
    """Give a document other bytes (and type and name)."""
    document.file.save(name, ContentFile(data), save=False)
    document.content_type, document.original_name, document.size = content_type, name, len(data)
    document.save()
    return document


def application_with_files():
    """A submitted application with a 2-page transcript PDF, a PNG diploma, a JPEG passport
    photo and a 1-page CV; an interview with its outcome and a status history."""
    applicant = UserFactory(first_name="Amara", last_name="Okafor", email="amara@example.com")
    application = ReviewableApplicationFactory(
        applicant=applicant, career_goals="A residency in internal medicine."
    )
    profile = applicant.applicant_profile
    profile.medical_school = "University of Lagos College of Medicine"
    profile.graduation_year = 2022
    profile.step1_result = "pass"
    profile.save()
    documents = {d.kind: d for d in application.documents.all()}
    stored(
        documents["transcript"],
        pdf_with_text("Transcript of Amara", pages=2),
        content_type="application/pdf",
        name="transcript.pdf",
    )
    stored(
        documents["diploma"], png_bytes((400, 300)), content_type="image/png", name="diploma.png"
    )
    stored(
        documents["passport"],
        jpeg_bytes((300, 400)),
        content_type="image/jpeg",
        name="passport.jpg",
    )
    stored(documents["cv"], pdf_bytes(), content_type="application/pdf", name="cv.pdf")
    coordinator = UserFactory(first_name="Carla", last_name="Mendez", is_staff=True)
    StatusChange.objects.create(
        application=application, from_status="submitted", to_status="under_review", by=coordinator
    )
    InterviewFactory(
        application=application,
        status="completed",
        recommendation="strong",
        outcome_notes="Clear, kind, well prepared.",
    )
    return application


def damaged(application):
    """Add an unreadable PDF, a broken image and a document missing from storage."""
    DocumentFactory(
        application=application,
        kind="other",
        file=ContentFile(b"%PDF-1.7\nthis is not a PDF at all", name="x"),
        original_name="scrambled.pdf",
    )
    DocumentFactory(
        application=application,
        kind="usmle_transcript",
        file=ContentFile(b"\x89PNG\r\n\x1a\nbroken", name="y"),
        original_name="usmle.png",
        content_type="image/png",
    )
    missing = DocumentFactory(application=application, kind="immunization", original_name="tb.pdf")
    missing.file.storage.delete(missing.file.name)


def response_bytes(response) -> bytes:
    """The whole body; the test client closes the response once it is read."""
    return b"".join(response.streaming_content)


def reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))
