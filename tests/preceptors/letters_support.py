"""Builders for the letters of recommendation tests: a finished block, a request in each
state, and crafted PDFs the ERAS portal would refuse."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from preceptors.letters import services
from preceptors.models import LetterRequest
from rotations.models import RotationRequest, Site
from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
)

LETTER_ID = "A1B2C3D4E5"
SITE = "Memorial Hermann Hospital"


def finished_block(
    *, weeks_ago: int = 2, preceptor=None, application=None, complete: bool = True
) -> RotationRequest:
    """A confirmed 4-week block that ended `weeks_ago` weeks ago (Monday to Friday), complete
    (attendance and final evaluation in) unless `complete` is False."""
    today = timezone.localdate()
    monday = (
        today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(weeks=weeks_ago + 4)
    )
    rotation = RotationFactory(
        start_date=monday,
        end_date=monday + datetime.timedelta(days=25),
        preceptor=preceptor
        or PreceptorFactory(user__first_name="Grace", user__last_name="Okafor", title="MD"),
        specialty=SpecialtyFactory(name="Cardiology"),
        site=Site.objects.filter(name=SITE).first() or SiteFactory(name=SITE),
    )
    application = application or ApplicationFactory(
        status="enrolled", applicant__first_name="Amina", applicant__last_name="Yusuf"
    )
    rank = application.rotation_requests.count() + 1
    block = RotationRequestFactory(
        application=application, rotation=rotation, status="confirmed", rank=rank
    )
    if complete:
        follow_up(block)
    return block


STRENGTHS = "Thorough histories and a calm, kind manner with patients."


def follow_up(block: RotationRequest, *, missed_days=(), strengths: str = STRENGTHS):
    """The block's preceptor confirmed the attendance through its last day and wrote the
    final evaluation: the block is complete (rotations.aftercare). Written as rows, as a
    fixture, so that the application is not moved to completed as the services would."""
    from rotations.models import Attendance, Evaluation

    rotation = block.rotation
    Attendance.objects.create(
        rotation_request=block,
        missed_days=list(missed_days),
        confirmed_through=rotation.end_date,
        confirmed_at=timezone.now(),
        confirmed_by=rotation.preceptor.user,
    )
    Evaluation.objects.create(
        rotation_request=block,
        kind="final",
        professionalism=5,
        medical_knowledge=4,
        communication=5,
        us_system=4,
        curiosity=5,
        strengths=strengths,
        areas_to_grow="Present cases more concisely.",
        submitted_at=timezone.now(),
        submitted_by=rotation.preceptor.user,
        due_on=rotation.end_date,
    )


def ask(block: RotationRequest, **overrides) -> LetterRequest:
    values = {
        "eras_letter_id": LETTER_ID,
        "specialty": "Internal Medicine",
        "due_date": timezone.localdate() + datetime.timedelta(days=30),
        "waived": True,
    }
    values.update(overrides)
    return services.request_letter(
        application=block.application,
        rotation_request=block,
        by=block.application.applicant,
        **values,
    )


def accepted(block: RotationRequest, **overrides) -> LetterRequest:
    letter_request = ask(block, **overrides)
    return services.accept_letter_request(
        letter_request=letter_request, by=letter_request.preceptor.user
    )


def written(
    block: RotationRequest,
    *,
    body: str = "Dear Program Director,\n\nA strong observer.",
    **overrides,
) -> LetterRequest:
    letter_request = accepted(block, **overrides)
    return services.save_written_letter(
        letter_request=letter_request,
        by=letter_request.preceptor.user,
        body=body,
        contact="grace.okafor@hospital.test",
    )


def letter_pdf(*, width: float = 612, height: float = 792, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(*, password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def signed_pdf() -> bytes:
    """A US Letter PDF carrying a signature field, as a digitally signed PDF does (an
    AcroForm with SigFlags and a /Sig field whose value has a /ByteRange)."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    value = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/ByteRange"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/V"): writer._add_object(value),
        }
    )
    form = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject([writer._add_object(field)]),
            NameObject("/SigFlags"): NumberObject(3),
        }
    )
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def large_letter_pdf(size: int) -> bytes:
    """A valid US Letter PDF of about `size` bytes (random data in a stream)."""
    import os

    from pypdf.generic import DecodedStreamObject

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    stream = DecodedStreamObject()
    stream.set_data(os.urandom(size))
    writer.root_object[NameObject("/Padding")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
