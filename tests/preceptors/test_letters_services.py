"""Letters of recommendation: asking, answering, the letter and what ERAS takes, the
reminders. Real PostgreSQL, a private storage folder of each test's own."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from preceptors.errors import LetterError, LetterLinkError
from preceptors.letters import eras, reminders, services
from preceptors.letters.draft import block_ready_for_letter, letter_draft
from preceptors.letters.links import make_letter_token
from preceptors.letters.selectors import letter_for_link
from preceptors.models import LetterRequest
from tests.factories import ApplicationFactory, PreceptorFactory, RotationFactory
from tests.preceptors.letters_support import (
    LETTER_ID,
    accepted,
    ask,
    encrypted_pdf,
    finished_block,
    large_letter_pdf,
    letter_pdf,
    signed_pdf,
    written,
)
from tests.support.files import isolated_private_storage, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(tmp_path, settings):
    settings.PROGRAM_OFFICE_EMAIL = "office@hmc.test"
    return isolated_private_storage(tmp_path / "private", settings)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


# --- asking -----------------------------------------------------------------------------------


def test_an_applicant_asks_the_preceptor_of_a_finished_block():
    block = finished_block()

    letter_request = ask(block, eras_letter_id=" a1b2-c3d4 e5 ")

    assert letter_request.status == "requested"
    assert letter_request.waived is True
    assert letter_request.eras_letter_id == "A1B2C3D4E5"
    assert letter_request.preceptor == block.rotation.preceptor
    log = ActivityLog.objects.get(verb="preceptors.letter.requested")
    assert log.person == block.application.applicant
    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:requested")
    assert email.recipient == block.rotation.preceptor.user
    assert "/preceptor/letters/respond/" in email.context["respond_url"]


def test_the_waiver_is_kept_as_chosen_when_not_waived():
    letter_request = ask(finished_block(), waived=False)

    assert LetterRequest.objects.get(pk=letter_request.pk).waived is False


def test_a_preceptor_the_applicant_did_not_rotate_with_is_refused():
    block = finished_block()
    someone_elses = finished_block(application=ApplicationFactory(status="enrolled"))

    with pytest.raises(LetterError, match="preceptor you observed with"):
        services.request_letter(
            application=block.application,
            rotation_request=someone_elses,
            eras_letter_id=LETTER_ID,
            specialty="Internal Medicine",
            due_date=timezone.localdate() + datetime.timedelta(days=20),
            waived=True,
            by=block.application.applicant,
        )

    assert LetterRequest.objects.count() == 0


def test_a_block_not_yet_ended_is_refused_and_nothing_is_stored():
    block = finished_block()
    today = timezone.localdate()
    rotation = block.rotation
    rotation.start_date = today - datetime.timedelta(days=today.weekday())
    rotation.end_date = rotation.start_date + datetime.timedelta(days=25)
    rotation.save()

    with pytest.raises(LetterError):
        ask(block)

    assert LetterRequest.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    "letter_id",
    ["", "1234567", "ABCDEFGHJK", "1234567890", "A1B2C3D4E5F6G7H8J9K0L", "A1B2C3D4!", "А1B2C3D4E5"],
)
def test_a_malformed_eras_letter_id_is_refused(letter_id):
    with pytest.raises(LetterError, match="not an ERAS Letter ID"):
        ask(finished_block(), eras_letter_id=letter_id)

    assert LetterRequest.objects.count() == 0


def test_a_second_request_to_the_same_preceptor_for_the_same_specialty_is_refused():
    block = finished_block()
    ask(block)

    with pytest.raises(LetterError, match="already"):
        ask(block, eras_letter_id="Z9Y8X7W6V5", specialty="  internal   MEDICINE ")

    assert LetterRequest.objects.count() == 1


def test_another_specialty_from_the_same_preceptor_is_a_new_request():
    block = finished_block()
    ask(block)

    ask(block, eras_letter_id="Z9Y8X7W6V5", specialty="Family Medicine")

    assert LetterRequest.objects.count() == 2


def test_a_letter_id_already_used_is_refused():
    block = finished_block()
    ask(block)

    with pytest.raises(LetterError, match="Letter ID is used"):
        ask(block, specialty="Family Medicine")


def test_after_a_decline_the_same_preceptor_may_be_asked_again():
    block = finished_block()
    first = ask(block)
    services.decline_letter_request(letter_request=first, by=first.preceptor.user)

    again = ask(block)

    assert again.status == "requested"


def test_a_due_date_in_the_past_is_refused():
    with pytest.raises(LetterError, match="past"):
        ask(finished_block(), due_date=timezone.localdate() - datetime.timedelta(days=1))


# --- when a block is ready ------------------------------------------------------------------


def block_of(start: datetime.date, *, early: bool, status: str = "confirmed", complete=False):
    from tests.factories import RotationRequestFactory
    from tests.preceptors.letters_support import follow_up

    preceptor = PreceptorFactory(accepts_early_letter_requests=early)
    rotation = RotationFactory(
        preceptor=preceptor, start_date=start, end_date=start + datetime.timedelta(days=25)
    )
    block = RotationRequestFactory(rotation=rotation, status=status)
    if complete:
        follow_up(block)
    return block


@pytest.mark.parametrize(
    ("days_in", "early", "status", "complete", "ready"),
    [
        (26, False, "confirmed", True, True),  # complete: attendance and final evaluation
        (26, False, "confirmed", False, False),  # ended, but not followed up yet
        (25, False, "confirmed", False, False),  # the last day
        (13, True, "confirmed", False, True),  # the second half, the preceptor accepts early
        (40, True, "confirmed", False, True),  # ...and after it, still not followed up
        (12, True, "confirmed", False, False),  # still the first half
        (13, False, "confirmed", False, False),  # the second half, the preceptor does not
        (40, False, "cancelled", True, False),
        (40, False, "requested", False, False),
    ],
)
def test_block_ready_for_letter(days_in, early, status, complete, ready):
    start = datetime.date(2026, 3, 2)
    block = block_of(start, early=early, status=status, complete=complete)

    assert block_ready_for_letter(block, today=start + datetime.timedelta(days=days_in)) is ready


# --- the draft ------------------------------------------------------------------------------


def test_the_draft_holds_the_dates_the_block_and_the_evaluations_words():
    block = finished_block()
    letter_request = ask(block)
    rotation = block.rotation

    draft = letter_draft(
        letter_request,
        strengths="sharp differential diagnoses and kind bedside manner",
        days_attended=19,
    )

    first = f"{rotation.start_date.day} {rotation.start_date:%B} {rotation.start_date.year}"
    last = f"{rotation.end_date.day} {rotation.end_date:%B} {rotation.end_date.year}"
    assert f"from {first} to {last}" in draft
    assert "sharp differential diagnoses and kind bedside manner" in draft
    assert "attended 19 days" in draft
    assert "Cardiology at Memorial Hermann Hospital" in draft
    assert "residency training in Internal Medicine" in draft
    assert "Amina Yusuf" in draft


def test_the_form_opens_with_the_preceptors_own_evaluation_and_the_attendance():
    from preceptors.letters.draft import draft_for
    from tests.preceptors.letters_support import follow_up

    block = finished_block(complete=False)
    follow_up(
        block,
        missed_days=[block.rotation.start_date],
        strengths="Sharp differential diagnoses and a kind bedside manner.",
    )

    draft = draft_for(ask(block))

    assert "Sharp differential diagnoses and a kind bedside manner." in draft
    assert "attended 19 days of the observership" in draft  # 20 weekdays, one missed


def test_the_draft_without_an_evaluation_leaves_those_parts_out():
    draft = letter_draft(ask(finished_block()))

    assert "strengths" not in draft
    assert "attended" not in draft


# --- answering ------------------------------------------------------------------------------


def test_the_preceptor_accepts_and_the_applicant_is_told():
    letter_request = accepted(finished_block())

    assert letter_request.status == "accepted"
    assert letter_request.link_nonce == ""
    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:accepted")
    assert email.recipient == letter_request.application.applicant


def test_the_preceptor_declines_with_a_kind_message():
    letter_request = ask(finished_block())

    services.decline_letter_request(
        letter_request=letter_request,
        by=letter_request.preceptor.user,
        message="I do not know your work well enough.",
    )

    letter_request.refresh_from_db()
    assert letter_request.status == "declined"
    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:declined")
    assert email.context["message"] == "I do not know your work well enough."


def test_someone_else_cannot_answer():
    letter_request = ask(finished_block())

    with pytest.raises(LetterError):
        services.accept_letter_request(letter_request=letter_request, by=PreceptorFactory().user)

    assert LetterRequest.objects.get(pk=letter_request.pk).status == "requested"


def test_a_link_works_once():
    letter_request = ask(finished_block())
    token = make_letter_token(letter_request=letter_request)
    anonymous = type("Anonymous", (), {"is_authenticated": False})()
    found, nonce = letter_for_link(token=token, viewer=anonymous)
    services.accept_letter_request(letter_request=found, by=found.preceptor.user, link_nonce=nonce)

    with pytest.raises(LetterLinkError) as error:
        letter_for_link(token=token, viewer=anonymous)

    assert error.value.reason == "used"


def test_an_expired_link_is_refused(settings):
    letter_request = ask(finished_block())
    token = make_letter_token(letter_request=letter_request)
    settings.LETTER_LINK_MAX_AGE = -1
    anonymous = type("Anonymous", (), {"is_authenticated": False})()

    with pytest.raises(LetterLinkError) as error:
        letter_for_link(token=token, viewer=anonymous)

    assert error.value.reason == "expired"


def test_an_altered_link_is_refused():
    letter_request = ask(finished_block())
    token = make_letter_token(letter_request=letter_request)
    anonymous = type("Anonymous", (), {"is_authenticated": False})()

    with pytest.raises(LetterLinkError) as error:
        letter_for_link(token=token[:-2] + "xx", viewer=anonymous)

    assert error.value.reason == "invalid"


# --- the written letter -----------------------------------------------------------------------


def test_the_written_letter_is_an_eras_ready_pdf_on_letterhead(storage, settings):
    settings.PROGRAM_NAME = "Houston Medical Clerkship"
    letter_request = written(
        finished_block(), body="Dear Program Director,\n\nAmina showed excellent judgement."
    )

    raw = letter_request.letter.read()
    reader = PdfReader(io.BytesIO(raw))
    page = reader.pages[0]
    text = page.extract_text()
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 792.0)
    assert reader.is_encrypted is False
    assert eras.eras_problem(raw) == ""
    assert "Houston Medical Clerkship" in text
    assert "Amina showed excellent judgement." in text
    assert "Grace Okafor, MD" in text
    assert "Baylor College of Medicine" in text
    assert "grace.okafor@hospital.test" in text
    assert f"ERAS Letter ID {LETTER_ID}" in text
    assert "The applicant has waived the right to see this letter." in text
    assert letter_request.status == "written"
    assert letter_request.letter_size == len(raw)
    assert len(stored_files(storage)) == 1


def test_the_applicant_is_told_the_letter_is_written_never_what_it_says():
    letter_request = written(finished_block(), body="Confidential praise: outstanding.")

    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:written")
    assert email.recipient == letter_request.application.applicant
    assert "outstanding" not in str(email.context)


def test_a_letter_cannot_be_written_before_accepting(storage):
    letter_request = ask(finished_block())

    with pytest.raises(LetterError):
        services.save_written_letter(
            letter_request=letter_request, by=letter_request.preceptor.user, body="Hi", contact=""
        )

    assert stored_files(storage) == []


def test_an_empty_letter_is_refused(storage):
    letter_request = accepted(finished_block())

    with pytest.raises(LetterError, match="Write the letter"):
        services.save_written_letter(
            letter_request=letter_request, by=letter_request.preceptor.user, body="  ", contact=""
        )

    assert stored_files(storage) == []


# --- uploaded letters and the ERAS checks ----------------------------------------------------


def test_an_uploaded_us_letter_pdf_is_stored(storage):
    letter_request = accepted(finished_block())

    services.upload_letter(
        letter_request=letter_request,
        by=letter_request.preceptor.user,
        upload=upload("letter.pdf", letter_pdf()),
    )

    letter_request.refresh_from_db()
    assert letter_request.status == "written"
    assert letter_request.letter_source == "uploaded"
    assert len(stored_files(storage)) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: encrypted_pdf(password=""), "encrypted"),
        (lambda: encrypted_pdf(password="secret"), "password"),
        (signed_pdf, "digitally signed"),
        (lambda: letter_pdf(width=595, height=842), "A4"),
        (lambda: letter_pdf(width=612, height=1008), "8.5 x 11"),
        (lambda: large_letter_pdf(1_100_000), "larger than"),
        (lambda: b"%PDF-1.7\nnot really", "PDF"),
        (lambda: b"Dear Program Director", "PDF"),
    ],
    ids=["encrypted", "password", "signed", "a4", "legal", "too-large", "damaged", "text"],
)
def test_an_upload_eras_would_refuse_is_refused_with_the_reason(storage, data, reason):
    letter_request = accepted(finished_block())

    with pytest.raises(LetterError, match=reason):
        services.upload_letter(
            letter_request=letter_request,
            by=letter_request.preceptor.user,
            upload=upload("letter.pdf", data()),
        )

    letter_request.refresh_from_db()
    assert letter_request.status == "accepted"
    assert not letter_request.letter
    assert stored_files(storage) == []


def test_the_size_limit_is_a_setting(storage, settings):
    settings.ERAS_LETTER_MAX_BYTES = 500
    letter_request = accepted(finished_block())

    with pytest.raises(LetterError, match="larger than"):
        services.upload_letter(
            letter_request=letter_request,
            by=letter_request.preceptor.user,
            upload=upload("letter.pdf", letter_pdf(pages=3)),
        )


def test_uploaded_to_eras_is_recorded_once_the_letter_is_there():
    letter_request = written(finished_block())

    services.mark_uploaded_to_eras(letter_request=letter_request, by=letter_request.preceptor.user)

    letter_request.refresh_from_db()
    assert letter_request.status == "uploaded"
    assert ActivityLog.objects.filter(verb="preceptors.letter.uploaded_to_eras").count() == 1
    assert Notification.objects.filter(dedupe_key=f"letter:{letter_request.pk}:uploaded").exists()


def test_uploaded_to_eras_needs_a_letter_first():
    letter_request = accepted(finished_block())

    with pytest.raises(LetterError):
        services.mark_uploaded_to_eras(
            letter_request=letter_request, by=letter_request.preceptor.user
        )


# --- reminders ------------------------------------------------------------------------------


def age(letter_request, days: float):
    LetterRequest.objects.filter(pk=letter_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def reminder_keys() -> list[str]:
    return sorted(
        Notification.objects.filter(dedupe_key__contains=":remind").values_list(
            "dedupe_key", flat=True
        )
    ) + sorted(
        Notification.objects.filter(dedupe_key__endswith=":office").values_list(
            "dedupe_key", flat=True
        )
    )


def test_reminders_at_7_14_and_21_days_then_the_office_each_once():
    letter_request = ask(finished_block())
    pk = letter_request.pk

    age(letter_request, 6.9)
    assert reminders.send_letter_reminders() == 0
    age(letter_request, 7.1)
    assert reminders.send_letter_reminders() == 1
    assert reminders.send_letter_reminders() == 0
    age(letter_request, 14.1)
    assert reminders.send_letter_reminders() == 1
    age(letter_request, 21.1)
    assert reminders.send_letter_reminders() == 1
    assert reminders.send_letter_reminders() == 0
    age(letter_request, 28.1)
    assert reminders.send_letter_reminders() == 1
    assert reminders.send_letter_reminders() == 0

    assert reminder_keys() == [
        f"letter:{pk}:remind14d",
        f"letter:{pk}:remind21d",
        f"letter:{pk}:remind7d",
        f"letter:{pk}:office",
    ]
    office = Notification.objects.get(dedupe_key=f"letter:{pk}:office")
    assert office.to_email == "office@hmc.test"
    reminder = Notification.objects.get(dedupe_key=f"letter:{pk}:remind14d")
    assert reminder.recipient == letter_request.preceptor.user
    assert reminder.context["days"] == 14


def test_an_answered_request_gets_no_reminder():
    letter_request = accepted(finished_block())
    age(letter_request, 30)

    assert reminders.send_letter_reminders() == 0


# --- the emails -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_letter_email_renders_in_each_language(language):
    from hmc_portal.notifications.delivery import render_notification

    block = finished_block()
    block.application.applicant.language = language
    block.application.applicant.save(update_fields=["language"])
    first = written(block)
    services.mark_uploaded_to_eras(letter_request=first, by=first.preceptor.user)
    declined = ask(block, eras_letter_id="Z9Y8X7W6V5", specialty="Pediatrics")
    services.decline_letter_request(
        letter_request=declined, by=declined.preceptor.user, message="Not this year, sorry."
    )
    waiting = ask(block, eras_letter_id="Q1W2E3R4T5", specialty="Neurology")
    age(waiting, 29)
    reminders.send_letter_reminders()

    rendered = {
        n.template: render_notification(n)
        for n in Notification.objects.filter(template__startswith="letter_")
    }

    assert sorted(rendered) == [
        "letter_accepted",
        "letter_declined",
        "letter_office_unanswered",
        "letter_reminder",
        "letter_requested",
        "letter_uploaded",
        "letter_written",
    ]
    subject, text, html = rendered["letter_declined"]
    assert "Not this year, sorry." in text and "Not this year, sorry." in html
    if language == "es":
        assert subject == "Dr. Grace Okafor no puede escribir su carta"
    else:
        assert subject == "Dr. Grace Okafor cannot write your letter"
    reminder_subject, reminder_text, _ = rendered["letter_reminder"]
    assert "21 days ago" in reminder_text


def test_the_periodic_task_runs_the_scan():
    from preceptors.tasks import task_send_letter_reminders

    age(ask(finished_block()), 8)

    assert task_send_letter_reminders.apply().get() == 1
    assert task_send_letter_reminders.apply().get() == 0
