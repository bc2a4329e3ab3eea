"""The writes of letters of recommendation: the applicant asks a preceptor they observed
with; the preceptor accepts or declines (in the portal or by the one-time link in the
email), writes the letter in the portal or uploads a PDF ERAS will take, and ticks
"uploaded to ERAS"; a periodic scan reminds a preceptor who has not answered and then tells
the program office.

Every service owns its transaction, locks the request's row, writes its activity-log entry
and queues its emails in the same transaction. The applicant's emails never hold the
letter."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from rotations.models import RotationRequest

from ..errors import LetterError
from ..models import OPEN_LETTER_STATUSES, LetterRequest, LetterSource, LetterStatus
from . import eras
from .draft import block_ready_for_letter
from .links import check_link_unused, letter_link_url
from .pdf import render_letter

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from hmc_portal.users.models import User

MAX_SPECIALTY = 100
MAX_MESSAGE = 1000
MAX_LETTER_TEXT = 12_000
MAX_CONTACT = 200


def _lock(letter_request: LetterRequest) -> LetterRequest:
    return (
        LetterRequest.objects.select_for_update(of=("self",))
        .select_related(
            "application__applicant",
            "preceptor__user",
            "rotation_request__rotation__specialty",
            "rotation_request__rotation__site",
        )
        .get(pk=letter_request.pk)
    )


def _applicant_email(letter_request: LetterRequest, template: str, key: str, **extra) -> None:
    applicant = letter_request.application.applicant
    with speaking_to(applicant):
        context = {
            "preceptor_name": str(letter_request.preceptor),
            "specialty": letter_request.specialty,
            "letters_url": settings.SITE_URL + reverse("preceptors:letters"),
            **extra,
        }
    queue_notification(to=applicant, template=template, key=key, context=context)


def email_preceptor(letter_request: LetterRequest, template: str, key: str, **extra) -> None:
    """Queue `template` to the request's preceptor, in their language, with the one-time
    accept / decline link and the request's page (the request email and the reminders)."""
    preceptor_user = letter_request.preceptor.user
    with speaking_to(preceptor_user):
        context = {
            "applicant_name": letter_request.application.applicant.get_full_name(),
            "specialty": letter_request.specialty,
            "due_date": written(letter_request.due_date, "date"),
            "waived": letter_request.waived,
            "respond_url": letter_link_url(letter_request=letter_request),
            "letter_url": settings.SITE_URL
            + reverse("preceptors:letter", kwargs={"pk": letter_request.pk}),
            **extra,
        }
    queue_notification(to=preceptor_user, template=template, key=key, context=context)


@transaction.atomic
def request_letter(
    *,
    application: Application,
    rotation_request: RotationRequest,
    eras_letter_id: str,
    specialty: str,
    due_date: datetime.date,
    waived: bool,
    by: User,
) -> LetterRequest:
    """The applicant asks the preceptor of one of their blocks for a letter. Refuses
    (LetterError, nothing stored) a block that is not theirs or not ready
    (block_ready_for_letter), a malformed Letter ID, a Letter ID in use, a due date in the
    past, and a second open request to the same preceptor for the same specialty. The
    waiver is fixed here for good. Logs `preceptors.letter.requested`; emails the preceptor
    with one-time accept / decline links."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    today = timezone.localdate()
    rotation_request = (
        RotationRequest.objects.select_related("rotation__preceptor__user")
        .filter(pk=rotation_request.pk, application=application)
        .first()
    )
    if rotation_request is None or not block_ready_for_letter(rotation_request, today=today):
        raise LetterError(
            _(
                "You can ask for a letter only from a preceptor you observed with, once your "
                "block with them is complete: its attendance confirmed and its final "
                "evaluation written."
            )
        )
    letter_id = eras.normalize_letter_id(eras_letter_id)
    problem = eras.letter_id_problem(letter_id)
    if problem:
        raise LetterError(problem)
    specialty = " ".join((specialty or "").split())
    if not specialty or len(specialty) > MAX_SPECIALTY:
        raise LetterError(
            _("Name the specialty the letter is for (at most %(limit)s characters).")
            % {"limit": MAX_SPECIALTY}
        )
    if due_date < today:
        raise LetterError(_("The due date is in the past."))
    preceptor = rotation_request.rotation.preceptor
    duplicate = _("You have asked this preceptor for a letter for %(specialty)s already.") % {
        "specialty": specialty
    }
    mine = LetterRequest.objects.filter(status__in=OPEN_LETTER_STATUSES)
    if mine.filter(
        application=application, preceptor=preceptor, specialty__iexact=specialty
    ).exists():
        raise LetterError(duplicate)
    if mine.filter(eras_letter_id=letter_id).exists():
        raise LetterError(
            _(
                "This ERAS Letter ID is used by another request already: each letter has its "
                "own Letter ID. Make a new entry in ERAS for this preceptor."
            )
        )
    try:
        with transaction.atomic():
            letter_request = LetterRequest.objects.create(
                application=application,
                preceptor=preceptor,
                rotation_request=rotation_request,
                eras_letter_id=letter_id,
                specialty=specialty,
                due_date=due_date,
                waived=bool(waived),
            )
    except IntegrityError as error:  # a double click that passed the checks above
        raise LetterError(duplicate) from error
    log_action(
        letter_request,
        "preceptors.letter.requested",
        by=by,
        person=application.applicant,
        data={"specialty": specialty, "waived": letter_request.waived, "due": due_date},
    )
    email_preceptor(letter_request, "letter_requested", f"letter:{letter_request.pk}:requested")
    return letter_request


def _answerable(letter_request: LetterRequest, *, link_nonce: str | None) -> None:
    if link_nonce is not None:
        check_link_unused(letter_request=letter_request, nonce=link_nonce)
    if letter_request.status != LetterStatus.REQUESTED:
        raise LetterError(
            _("This letter request was answered already: it is %(status)s.")
            % {"status": letter_request.get_status_display().lower()}
        )


def _check_preceptor(letter_request: LetterRequest, by: User) -> None:
    if letter_request.preceptor.user_id != by.pk:
        raise LetterError(_("Only the preceptor asked can answer this letter request."))


@transaction.atomic
def accept_letter_request(
    *, letter_request: LetterRequest, by: User, link_nonce: str | None = None
) -> LetterRequest:
    """requested -> accepted, by the preceptor (in the portal, or by the one-time link whose
    nonce is given: it works once). Logs `preceptors.letter.accepted`; emails the
    applicant."""
    letter_request = _lock(letter_request)
    _check_preceptor(letter_request, by)
    _answerable(letter_request, link_nonce=link_nonce)
    letter_request.status = LetterStatus.ACCEPTED
    letter_request.responded_at = timezone.now()
    letter_request.link_nonce = ""
    letter_request.save(update_fields=["status", "responded_at", "link_nonce", "updated_at"])
    log_action(
        letter_request,
        "preceptors.letter.accepted",
        by=by,
        person=letter_request.application.applicant,
        data={"by_link": link_nonce is not None},
    )
    _applicant_email(letter_request, "letter_accepted", f"letter:{letter_request.pk}:accepted")
    return letter_request


@transaction.atomic
def decline_letter_request(
    *, letter_request: LetterRequest, by: User, message: str = "", link_nonce: str | None = None
) -> LetterRequest:
    """requested -> declined, with an optional kind message the applicant reads. Logs
    `preceptors.letter.declined`; emails the applicant."""
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise LetterError(
            _("The message is too long: at most %(limit)s characters.") % {"limit": MAX_MESSAGE}
        )
    letter_request = _lock(letter_request)
    _check_preceptor(letter_request, by)
    _answerable(letter_request, link_nonce=link_nonce)
    letter_request.status = LetterStatus.DECLINED
    letter_request.decline_message = message
    letter_request.responded_at = timezone.now()
    letter_request.link_nonce = ""
    letter_request.save(
        update_fields=["status", "decline_message", "responded_at", "link_nonce", "updated_at"]
    )
    log_action(
        letter_request,
        "preceptors.letter.declined",
        by=by,
        person=letter_request.application.applicant,
        data={"by_link": link_nonce is not None},
    )
    _applicant_email(
        letter_request, "letter_declined", f"letter:{letter_request.pk}:declined", message=message
    )
    return letter_request


def _store(letter_request: LetterRequest, raw: bytes, *, source: str, by: User, text: str):
    """Store the letter's PDF on a locked accepted (or written) request: written. A version
    it replaces stays in storage (the activity log names each by its SHA-256); a failure
    after the file is written removes the new file, so nothing half-stored is left."""
    if letter_request.status not in (LetterStatus.ACCEPTED, LetterStatus.WRITTEN):
        raise LetterError(
            _("A letter can be saved once you have accepted the request, until it is in ERAS.")
        )
    first = letter_request.status == LetterStatus.ACCEPTED
    letter_request.letter.save("letter.pdf", ContentFile(raw), save=False)
    new_name = letter_request.letter.name
    try:
        letter_request.letter_source = source
        letter_request.letter_text = text
        letter_request.letter_size = len(raw)
        letter_request.letter_sha256 = hashlib.sha256(raw).hexdigest()
        letter_request.status = LetterStatus.WRITTEN
        letter_request.written_at = timezone.now()
        letter_request.save(
            update_fields=[
                "letter",
                "letter_source",
                "letter_text",
                "letter_size",
                "letter_sha256",
                "status",
                "written_at",
                "updated_at",
            ]
        )
        log_action(
            letter_request,
            "preceptors.letter.written",
            by=by,
            person=letter_request.application.applicant,
            data={"source": source, "size": len(raw), "sha256": letter_request.letter_sha256},
        )
        if first:
            _applicant_email(
                letter_request, "letter_written", f"letter:{letter_request.pk}:written"
            )
    except Exception:
        letter_request.letter.storage.delete(new_name)
        raise


@transaction.atomic
def save_written_letter(
    *, letter_request: LetterRequest, by: User, body: str, contact: str
) -> LetterRequest:
    """The preceptor's reviewed text rendered as a PDF on the program's letterhead with
    their signature block and stored: accepted (or written: a new version) -> written. Logs
    `preceptors.letter.written`; the first time, emails the applicant that it is written
    (never its content)."""
    body = (body or "").strip()
    contact = " ".join((contact or "").split())
    if not body:
        raise LetterError(_("Write the letter before saving it."))
    if len(body) > MAX_LETTER_TEXT:
        raise LetterError(
            _("The letter is too long: at most %(limit)s characters.") % {"limit": MAX_LETTER_TEXT}
        )
    if len(contact) > MAX_CONTACT:
        raise LetterError(
            _("The contact line is too long: at most %(limit)s characters.")
            % {"limit": MAX_CONTACT}
        )
    letter_request = _lock(letter_request)
    _check_preceptor(letter_request, by)
    raw = render_letter(letter_request, body=body, contact=contact, today=timezone.localdate())
    problem = eras.eras_problem(raw)
    if problem:  # a very long letter: more than ERAS takes
        raise LetterError(problem)
    _store(letter_request, raw, source=LetterSource.WRITTEN, by=by, text=body)
    return letter_request


@transaction.atomic
def upload_letter(
    *, letter_request: LetterRequest, by: User, upload: UploadedFile
) -> LetterRequest:
    """The preceptor's own PDF, stored when ERAS would take it (eras.check_upload: PDF, at
    most ERAS_LETTER_MAX_BYTES, not encrypted, not signed, US Letter pages); otherwise
    LetterError with the reason and nothing stored. accepted (or written) -> written."""
    letter_request = _lock(letter_request)
    _check_preceptor(letter_request, by)
    if letter_request.status not in (LetterStatus.ACCEPTED, LetterStatus.WRITTEN):
        raise LetterError(
            _("A letter can be saved once you have accepted the request, until it is in ERAS.")
        )
    raw = eras.check_upload(upload)
    _store(letter_request, raw, source=LetterSource.UPLOADED, by=by, text="")
    return letter_request


@transaction.atomic
def mark_uploaded_to_eras(*, letter_request: LetterRequest, by: User) -> LetterRequest:
    """written -> uploaded: the preceptor ticks that they uploaded the letter to ERAS with
    the Letter ID. Logs `preceptors.letter.uploaded_to_eras`; emails the applicant."""
    letter_request = _lock(letter_request)
    _check_preceptor(letter_request, by)
    if letter_request.status != LetterStatus.WRITTEN:
        raise LetterError(_("Save the letter here first, then upload it to ERAS."))
    letter_request.status = LetterStatus.UPLOADED
    letter_request.uploaded_at = timezone.now()
    letter_request.save(update_fields=["status", "uploaded_at", "updated_at"])
    log_action(
        letter_request,
        "preceptors.letter.uploaded_to_eras",
        by=by,
        person=letter_request.application.applicant,
    )
    _applicant_email(letter_request, "letter_uploaded", f"letter:{letter_request.pk}:uploaded")
    return letter_request
