"""The B-1 visa invitation letter: who may have one, asking, deciding, the PDF, the
verification page, and revocation when the placement changes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.signals import application_status_changed
from billing.enums import InvoiceStatus
from billing.models import Invoice
from hmc_portal.audit.models import ActivityLog
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.rendering import written_date
from hmc_portal.notifications.models import Notification
from rotations import services as rotation_services
from rotations.arrival import visa_services as services
from rotations.arrival.eligibility import unmet_conditions
from rotations.enums import VisaLetterStatus
from rotations.errors import VisaLetterError
from rotations.models import RotationRequest, VisaLetterRequest
from tests.billing.support import an_invoice
from tests.factories import CoordinatorFactory
from tests.rotations.visa_support import details, eligible_application, form_data
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    isolated_private_storage(tmp_path, settings)


def pdf_text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def issued(application=None) -> VisaLetterRequest:
    application = application or eligible_application()
    visa_request = services.request_visa_letter(
        application=application, details=details(), by=application.applicant
    )
    return services.approve_visa_letter_request(visa_request=visa_request, by=CoordinatorFactory())


# --- eligibility: each gate alone failing, all passing ------------------------------------


def _not_enrolled(application):
    type(application).objects.filter(pk=application.pk).update(status="confirmed")


def _not_graduated(application):
    application.applicant.applicant_profile.__class__.objects.filter(
        user=application.applicant
    ).update(graduated=False)


def _a_clerkship(application):
    request = RotationRequest.objects.filter(application=application).first()
    type(request.rotation).objects.filter(pk=request.rotation_id).update(kind="clerkship")


def _passport_unverified(application):
    application.documents.filter(kind="passport").update(status="pending")


def _deposit_unpaid(application):
    an_invoice(application=application, total=50000)


GATES = [
    ("placement_confirmed", _not_enrolled, None),
    ("graduate", _not_graduated, None),
    ("observership", _a_clerkship, None),
    ("passport_verified", _passport_unverified, None),
    ("passport_valid", lambda application: None, "short"),
    ("deposit_paid", _deposit_unpaid, None),
]


@pytest.mark.parametrize(("gate", "break_it", "expiry"), GATES, ids=[g[0] for g in GATES])
def test_each_condition_alone_makes_the_applicant_ineligible(gate, break_it, expiry):
    application = eligible_application()
    break_it(application)
    last_day = (
        RotationRequest.objects.filter(application=application)
        .latest("rotation__end_date")
        .rotation.end_date
    )
    passport_expiry = last_day + datetime.timedelta(days=150) if expiry == "short" else None

    unmet = unmet_conditions(
        type(application).objects.get(pk=application.pk), passport_expiry=passport_expiry
    )

    assert [u.name for u in unmet] == [gate]
    assert all(str(u.todo) for u in unmet)


def test_an_applicant_meeting_every_condition_is_eligible():
    application = eligible_application()
    last_day = (
        RotationRequest.objects.filter(application=application)
        .latest("rotation__end_date")
        .rotation.end_date
    )

    assert (
        unmet_conditions(application, passport_expiry=last_day + datetime.timedelta(days=200)) == []
    )


def test_a_paid_deposit_or_the_gate_turned_off_lets_the_letter_through(settings):
    application = eligible_application()
    invoice = an_invoice(application=application, total=50000)

    settings.VISA_LETTER_REQUIRES_DEPOSIT = False
    assert unmet_conditions(application) == []
    settings.VISA_LETTER_REQUIRES_DEPOSIT = True
    assert [u.name for u in unmet_conditions(application)] == ["deposit_paid"]
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.PAID)
    assert unmet_conditions(application) == []


# --- asking -----------------------------------------------------------------------------


def test_an_ineligible_request_is_refused_with_its_reasons_and_nothing_stored():
    application = eligible_application()
    _passport_unverified(application)
    logs = ActivityLog.objects.count()

    with pytest.raises(VisaLetterError) as refused:
        services.request_visa_letter(
            application=application, details=details(), by=application.applicant
        )

    assert refused.value.reasons == ["Your passport has not been verified by the program office."]
    assert VisaLetterRequest.objects.count() == 0
    assert ActivityLog.objects.count() == logs


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("passport_name", "OKAFOR <script>"),
        ("passport_name", "Okafor Chidinma 2"),
        ("passport_number", "A1234-5678"),
        ("passport_number", "ÄB12345"),
        ("passport_expiry", datetime.date(2020, 1, 1)),
    ],
)
def test_details_a_passport_cannot_hold_are_refused(field, value):
    application = eligible_application()

    with pytest.raises(VisaLetterError):
        services.request_visa_letter(
            application=application, details=details(**{field: value}), by=application.applicant
        )

    assert VisaLetterRequest.objects.count() == 0


def test_a_passport_expiring_within_six_months_of_the_last_block_is_refused():
    application = eligible_application()
    last_day = (
        RotationRequest.objects.filter(application=application)
        .latest("rotation__end_date")
        .rotation.end_date
    )

    with pytest.raises(VisaLetterError) as refused:
        services.request_visa_letter(
            application=application,
            details=details(passport_expiry=last_day + datetime.timedelta(days=90)),
            by=application.applicant,
        )

    assert "six months" in str(refused.value)
    assert VisaLetterRequest.objects.count() == 0


def test_a_second_request_while_one_is_open_is_refused():
    application = eligible_application()
    services.request_visa_letter(
        application=application, details=details(), by=application.applicant
    )

    with pytest.raises(VisaLetterError, match="already"):
        services.request_visa_letter(
            application=application, details=details(), by=application.applicant
        )

    assert VisaLetterRequest.objects.count() == 1


def test_the_name_is_stored_as_the_machine_readable_zone_prints_it():
    application = eligible_application()

    visa_request = services.request_visa_letter(
        application=application,
        details=details(passport_name="okafor<<chidinma<ada", passport_number="a1234 5678"),
        by=application.applicant,
    )

    assert visa_request.passport_name == "OKAFOR CHIDINMA ADA"
    assert visa_request.passport_number == "A12345678"


# --- deciding ---------------------------------------------------------------------------


def test_approving_issues_the_letter_and_emails_it(django_capture_on_commit_callbacks):
    visa_request = issued()

    assert visa_request.status == VisaLetterStatus.ISSUED
    assert visa_request.letter.kind == "visa_letter"
    assert visa_request.letter.reference == f"VL-{visa_request.pk:05d}-1"
    email = Notification.objects.get(template="visa_letter_issued")
    assert email.recipient == visa_request.application.applicant
    assert [a["issued_document"] for a in email.attachments] == [visa_request.letter.pk]
    assert list(
        ActivityLog.objects.filter(verb__startswith="rotations.visa_letter.")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == [
        "rotations.visa_letter.requested",
        "rotations.visa_letter.approved",
        "rotations.visa_letter.issued",
    ]


def test_sending_back_needs_a_reason_and_lets_the_applicant_ask_again():
    application = eligible_application()
    visa_request = services.request_visa_letter(
        application=application, details=details(), by=application.applicant
    )
    coordinator = CoordinatorFactory()

    with pytest.raises(VisaLetterError):
        services.send_back_visa_letter_request(
            visa_request=visa_request, by=coordinator, reason=" "
        )
    services.send_back_visa_letter_request(
        visa_request=visa_request, by=coordinator, reason="The passport number does not match."
    )
    again = services.request_visa_letter(
        application=application,
        details=details(passport_number="A12345679"),
        by=application.applicant,
    )

    visa_request.refresh_from_db()
    assert visa_request.status == VisaLetterStatus.SENT_BACK
    assert again.status == VisaLetterStatus.WAITING
    assert Notification.objects.filter(template="visa_letter_sent_back").count() == 1


# --- the letter -------------------------------------------------------------------------


def test_the_letter_pdf_holds_the_identity_the_itinerary_the_purpose_and_the_code():
    visa_request = issued()
    letter = visa_request.letter

    text = pdf_text(letter)

    assert "OKAFOR CHIDINMA ADA" in text
    assert "A12345678" in text
    assert "Nigeria" in text
    for rotation_request in RotationRequest.objects.filter(application=visa_request.application):
        rotation = rotation_request.rotation
        assert (
            f"{rotation.start_date.day} {rotation.start_date:%B} {rotation.start_date.year}" in text
        )
        assert rotation.site.name in text
    assert "Ben Taub Hospital" in text
    assert "The purpose of this visit is observation only." in text
    assert "no patient contact" in text
    assert "no salary or stipend" in text
    assert "The applicant pays their own expenses" in text
    assert letter.grouped_code in text
    assert f"VL-{visa_request.pk:05d}-1" in text


def test_the_letter_is_in_english_whatever_the_applicants_language():
    application = eligible_application()
    type(application.applicant).objects.filter(pk=application.applicant_id).update(language="es")

    text = pdf_text(issued(type(application).objects.get(pk=application.pk)).letter)

    assert "observation only" in text
    assert "Nationality" in text


# --- verification -----------------------------------------------------------------------


def test_the_verify_page_says_a_letter_is_valid_then_revoked(client):
    visa_request = issued()
    url = reverse("issuance:verify_code", args=[visa_request.letter.grouped_code])

    valid = client.get(url).content.decode()
    rotation_services.cancel_rotation_request(
        rotation_request=RotationRequest.objects.filter(
            application=visa_request.application
        ).latest("rotation__start_date"),
        by=visa_request.application.applicant,
        reason="Changed my plans.",
    )
    revoked = client.get(url).content.decode()

    assert "Visa invitation letter" in valid
    assert "OKAFOR CHIDINMA ADA" in valid
    assert "Valid document" in valid
    assert "Revoked document" not in valid
    assert "Revoked document" in revoked
    assert "The placement this letter describes changed." in revoked


# --- revocation on a placement change ---------------------------------------------------


def test_a_cancelled_rotation_revokes_the_letter_and_issues_one_for_the_plan_left():
    visa_request = issued()
    old = visa_request.letter
    later = RotationRequest.objects.filter(application=visa_request.application).latest(
        "rotation__start_date"
    )

    rotation_services.cancel_rotation(
        rotation=later.rotation, reason="The preceptor is away.", by=CoordinatorFactory()
    )

    old.refresh_from_db()
    visa_request.refresh_from_db()
    assert old.is_revoked
    assert old.revocation_reason == "The placement this letter describes changed."
    assert visa_request.status == VisaLetterStatus.ISSUED
    assert visa_request.letter != old
    assert visa_request.letter.reference == f"VL-{visa_request.pk:05d}-2"
    text = pdf_text(visa_request.letter)
    assert "Ben Taub Hospital" in text
    assert "St. Luke's Hospital" not in text


def test_a_cancelled_block_that_leaves_no_eligible_plan_revokes_for_good():
    visa_request = issued(eligible_application(blocks=1))
    only = RotationRequest.objects.get(application=visa_request.application)

    rotation_services.cancel_rotation(
        rotation=only.rotation, reason="The site closed.", by=CoordinatorFactory()
    )

    visa_request.refresh_from_db()
    assert visa_request.status == VisaLetterStatus.REVOKED
    assert visa_request.letter.is_revoked
    assert IssuedDocument.objects.filter(kind="visa_letter").count() == 1
    assert Notification.objects.filter(template="visa_letter_revoked").count() == 1


def test_a_confirmed_replacement_block_revokes_the_letter_and_issues_one_that_lists_it():
    from tests.factories import RotationFactory, SiteFactory, next_monday

    visa_request = issued()
    first_letter = visa_request.letter
    later = RotationRequest.objects.filter(application=visa_request.application).latest(
        "rotation__start_date"
    )
    coordinator = CoordinatorFactory()
    rotation_services.cancel_rotation_request(
        rotation_request=later, by=coordinator, reason="The ward closed."
    )
    later.refresh_from_db()
    rotation_services.grant_replacement(rotation_request=later, by=coordinator)
    visa_request.refresh_from_db()
    second_letter = visa_request.letter  # for the plan left
    start = next_monday(20)
    replacement_rotation = RotationFactory(
        site=SiteFactory(name="Memorial Hermann Hospital"),
        start_date=start,
        end_date=start + datetime.timedelta(days=25),
    )
    application = visa_request.application
    [replacement] = rotation_services.choose_rotations(
        application=application, rotations=[replacement_rotation], by=application.applicant
    )

    rotation_services.confirm_rotation_request(
        rotation_request=replacement, by=replacement_rotation.preceptor.user
    )

    visa_request.refresh_from_db()
    second_letter.refresh_from_db()
    assert first_letter != second_letter
    assert second_letter.is_revoked
    assert visa_request.status == VisaLetterStatus.ISSUED
    assert visa_request.letter.reference == f"VL-{visa_request.pk:05d}-3"
    text = pdf_text(visa_request.letter)
    assert "Memorial Hermann Hospital" in text
    assert "Ben Taub Hospital" in text
    assert "St. Luke's Hospital" not in text


def test_leaving_the_program_revokes_the_letter():
    """An enrolled application cannot leave today (enrolled -> completed only), so the
    receiver is reached by the signal itself, as a future exit would send it."""
    visa_request = issued()
    application = visa_request.application

    application_status_changed.send(
        sender=type(application),
        application=application,
        from_status="enrolled",
        to_status="withdrawn",
        by=application.applicant,
    )

    visa_request.refresh_from_db()
    assert visa_request.status == VisaLetterStatus.REVOKED
    assert visa_request.letter.is_revoked


def test_the_applicant_downloads_their_letter_and_nobody_else_does(client):
    visa_request = issued()
    other = eligible_application(first_name="Other", last_name="Person")
    url = reverse("rotations:visa_letter_download")

    client.force_login(visa_request.application.applicant)
    mine = client.get(url)
    client.force_login(other.applicant)
    theirs = client.get(url)

    assert mine.status_code == 200
    assert mine["Content-Type"] == "application/pdf"
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    assert theirs.status_code == 404
    assert timezone.now()


# --- the pages --------------------------------------------------------------------------


def test_the_support_page_lists_every_unmet_condition_with_what_to_do(client):
    application = eligible_application()
    _not_graduated(application)
    _passport_unverified(application)
    client.force_login(application.applicant)

    page = client.get(reverse("rotations:support")).content.decode()

    assert 'data-condition="graduate"' in page
    assert 'data-condition="passport_verified"' in page
    assert "update your profile and upload your diploma" in page
    assert 'id="visa-letter-form"' not in page


def test_asking_on_the_page_stores_the_request(client):
    application = eligible_application()
    client.force_login(application.applicant)

    response = client.post(reverse("rotations:visa_letter_request"), form_data())

    assert response.status_code == 302
    assert VisaLetterRequest.objects.get().passport_name == "OKAFOR CHIDINMA ADA"


def test_bad_details_on_the_page_are_a_form_error_and_store_nothing(client):
    application = eligible_application()
    client.force_login(application.applicant)

    response = client.post(
        reverse("rotations:visa_letter_request"),
        form_data(passport_number="AB-12", passport_expiry="2020-01-01"),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "A passport number has 6 to 9 letters" in page
    assert "This passport has expired" in page
    assert VisaLetterRequest.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.post(reverse("rotations:visa_letter_request"), form_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_moving_a_block_replaces_the_letter_with_one_giving_the_new_dates():
    visa_request = issued()
    old = visa_request.letter
    first = RotationRequest.objects.filter(application=visa_request.application).earliest(
        "rotation__start_date"
    )
    rotation = first.rotation
    rotation.start_date += datetime.timedelta(days=7)
    rotation.end_date += datetime.timedelta(days=7)

    rotation_services.save_rotation(rotation=rotation, by=CoordinatorFactory())

    old.refresh_from_db()
    visa_request.refresh_from_db()
    assert old.is_revoked
    assert visa_request.letter.reference == f"VL-{visa_request.pk:05d}-2"
    text = pdf_text(visa_request.letter)
    assert f"{written_date(rotation.start_date)} to {written_date(rotation.end_date)}" in text


def test_staff_changing_only_the_places_keeps_the_letter():
    visa_request = issued()
    rotation = RotationRequest.objects.filter(application=visa_request.application).first().rotation
    rotation.capacity += 2

    rotation_services.save_rotation(rotation=rotation, by=CoordinatorFactory())

    visa_request.refresh_from_db()
    assert not visa_request.letter.is_revoked
    assert visa_request.letters_issued == 1
