"""Building one application's dossier: the cover's facts, then every uploaded PDF and image
(an image becomes a page), bound by the streaming assembler with one bookmark per part.

Each stored file is copied from the private storage in chunks into a private temporary
folder (mode 0700, removed at once), read there by pypdf and written out; nothing of the
dossier is kept outside the private storage. A file that is missing from storage, damaged,
or neither a PDF nor an image is listed on the cover as unreadable, and the rest builds.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone, translation
from PIL import Image, ImageOps

from hmc_portal.dossier import DossierFile, DossierSection, dossier_contents
from hmc_portal.private_files import open_private_file

from ..enums import InterviewStatus
from ..models import Application
from .assembly import PdfAssembler, UnreadablePDF
from .cover import day, render_cover, when

CHUNK = 1024 * 1024
IMAGE_DPI = 150  # a scan or phone photo fills about a Letter page at this resolution


@dataclass(frozen=True)
class Built:
    """What went into a dossier: the bookmark titles, and the files left out with why."""

    titles: list[str]
    unreadable: list[tuple[str, str]]


def dossier_files(application: Application) -> list[DossierFile]:
    """Every file the dossier binds: the application's documents, then the other apps'."""
    files = [
        DossierFile(
            title=f"{document.get_kind_display()}: {document.original_name}",
            file=document.file,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
        )
        for document in application.documents.all()
    ]
    return files + [file for part in dossier_contents.parts(application) for file in part.files]


def dossier_size(application: Application) -> tuple[int, int]:
    """How many files and bytes the dossier of `application` binds (to choose between
    building it in the request and in a task): its documents, and what the other apps
    count of theirs without building their parts."""
    documents = list(application.documents.all())
    count, size = dossier_contents.size(application)
    return len(documents) + count, sum(document.size for document in documents) + size


def cover_sections(application: Application) -> list[DossierSection]:
    """The cover's facts, from the application and then from the apps above it."""
    user = application.applicant
    profile = getattr(user, "applicant_profile", None)

    def field(name: str) -> str:
        if profile is None:
            return ""
        display = getattr(profile, f"get_{name}_display", None)
        value = display() if display else getattr(profile, name)
        return str(value) if value not in (None, "") else ""

    def exam(result: str, score: str, date: str) -> str:
        parts = [field(result), field(score), day(getattr(profile, date, None)) if profile else ""]
        return ", ".join(part for part in parts if part and part != "—")

    specialties = ", ".join(
        f"{item.rank}. {item.specialty.name}" for item in application.ranked_specialties.all()
    )
    history = [
        (when(change.created_at), _move(change))
        for change in application.status_changes.select_related("by")
    ]
    interviews = [
        (when(interview.starts_at), _interview(interview))
        for interview in application.interviews.select_related("interviewer")
    ]
    sections = [
        DossierSection(
            "Identity",
            [
                ("Name", user.get_full_name()),
                ("Email", user.email),
                ("Phone", field("phone")),
                ("Citizenship", profile.country.name if profile and profile.country else ""),
                ("City of residence", field("city")),
                ("Date of birth", day(profile.date_of_birth) if profile else ""),
                ("Time zone", user.timezone),
            ],
        ),
        DossierSection(
            "Background",
            [
                ("Medical school", field("medical_school")),
                ("School country", field("school_country")),
                ("Degree", field("degree")),
                ("Graduation", field("graduation_year")),
                ("Graduated", ("Yes" if profile.graduated else "Not yet") if profile else ""),
                ("Clinical experience", field("clinical_experience")),
            ],
        ),
        DossierSection(
            "ECFMG, USMLE and English",
            [
                ("ECFMG certification", field("ecfmg_status")),
                ("USMLE Step 1", exam("step1_result", "step1_score", "step1_date")),
                ("USMLE Step 2 CK", exam("step2_result", "step2_score", "step2_date")),
                ("English proficiency", exam("english_test", "english_score", "english_date")),
            ],
            empty="Not given.",
        ),
        DossierSection(
            "Interests and goals",
            [
                ("Intake", application.intake),
                ("Status", application.get_status_display()),
                ("Specialties", specialties),
                ("Preferred start", day(application.preferred_start)),
                ("Program length", f"{application.program_weeks} weeks"),
                ("Residency aim", application.target_specialty),
                ("Career goals", application.career_goals),
                ("Personal statement", application.personal_statement),
            ],
        ),
        DossierSection("Status history", history, empty="No status change yet."),
        DossierSection("Interviews", interviews, empty="No interview."),
    ]
    return sections + [
        section for part in dossier_contents.parts(application) for section in part.sections
    ]


def _move(change) -> str:
    who = (change.by.get_full_name() or change.by.email) if change.by else "the system"
    moved = f"{change.get_from_status_display() or 'Started'} → {change.get_to_status_display()}"
    return f"{moved}, by {who}" + (f": {change.note}" if change.note else "")


def _interview(interview) -> str:
    parts = [interview.get_status_display()]
    if interview.interviewer:
        parts.append(f"with {interview.interviewer.get_full_name() or interview.interviewer}")
    if interview.status == InterviewStatus.COMPLETED and interview.recommendation:
        parts.append(f"recommendation: {interview.get_recommendation_display()}")
    if interview.outcome_notes:
        parts.append(f"notes: {interview.outcome_notes}")
    return "; ".join(parts)


def _spool(file: DossierFile, folder: Path, index: int) -> Path:
    """The stored file copied in chunks to `folder`; FileNotFoundError when it is missing."""
    path = folder / f"{index}.src"
    with open_private_file(file.file) as stream, path.open("wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)
    return path


def _image_as_pdf(source: Path, target: Path) -> Path:
    """One PDF page holding the image, upright as photographed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(target, "PDF", resolution=IMAGE_DPI)
    return target


def write_dossier(application: Application, out: BinaryIO, *, built_for) -> Built:
    """Write the whole dossier PDF of `application` to `out` (a file opened "w+b"), for the
    staff member `built_for` (the cover's times are in their zone)."""
    with translation.override("en"), timezone.override(built_for.timezone or "UTC"):
        return _write(application, out, built_for=built_for)


def _write(application: Application, out: BinaryIO, *, built_for) -> Built:
    assembler = PdfAssembler(out)
    contents, unreadable, order = [], [], []
    folder = Path(tempfile.mkdtemp(prefix="dossier-"))
    try:
        for index, file in enumerate(dossier_files(application)):
            reason = None
            try:
                path = _spool(file, folder, index)
                if file.content_type.startswith("image/"):
                    path = _image_as_pdf(path, folder / f"{index}.pdf")
                elif file.content_type != "application/pdf":
                    reason = "Neither a PDF nor an image."
                if reason is None:
                    with path.open("rb") as source:
                        order.append(assembler.add_pdf(source, title=file.title))
                    contents.append((file.title, file.original_name))
            except FileNotFoundError:
                reason = "Missing from storage."
            except UnreadablePDF:
                reason = "Damaged: the PDF cannot be read."
            except (OSError, ValueError, Image.DecompressionBombError, Warning):
                image = file.content_type.startswith("image/")
                reason = f"Damaged: the {'image' if image else 'file'} cannot be read."
            finally:
                for leftover in folder.iterdir():
                    leftover.unlink()
            if reason:
                unreadable.append((f"{file.title}", reason))
        name = application.applicant.get_full_name() or application.applicant.email
        title = f"Dossier: {name}, intake {application.intake}"
        cover = render_cover(
            site_name=settings.SITE_NAME,
            title=title,
            built_for=built_for.get_full_name() or built_for.email,
            sections=cover_sections(application),
            contents=contents,
            unreadable=unreadable,
        )
        cover_index = assembler.add_pdf(io.BytesIO(cover), title="Cover summary")
        assembler.finish([cover_index, *order], title=title)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Built(titles=["Cover summary", *(t for t, _ in contents)], unreadable=unreadable)
