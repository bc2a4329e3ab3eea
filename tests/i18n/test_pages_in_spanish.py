"""Every page of the applicant's and the preceptor's journeys, rendered in Spanish, shows no
text of the English catalogue that has a Spanish translation: each page is fetched in `es`,
its visible text collected (text nodes and the attributes a person reads or hears), and any
message of the catalogue that appears as it is in English fails the test."""

import datetime
import gettext
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from hmc_portal.issuance.services import revoke_document
from rotations.links import make_request_token
from tests.factories import (
    ApplicationFactory,
    CompleteApplicantFactory,
    InterviewFactory,
    InterviewSlotFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.issuance import issue_sample
from tests.support.otp import code_for, totp_device

pytestmark = pytest.mark.django_db

MO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def english_messages() -> tuple[set[str], set[str]]:
    """The catalogue's English messages that Spanish says otherwise: whole ones (a label, a
    button, a heading) and long ones (five words or more) that may sit inside a text."""
    assert MO.exists(), "locale/es/LC_MESSAGES/django.mo is missing: run make translations"
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001 - the parsed .mo
    # Each language is offered under its own name ("English" in the language menu is right).
    autonyms = {name for _code, name in settings.LANGUAGES}
    whole, long = set(), set()
    for msgid, msgstr in catalog.items():
        if isinstance(msgid, tuple):  # a plural form: (msgid, n)
            continue
        if not msgid or msgid == msgstr or "%" in msgid or "{" in msgid or "<" in msgid:
            continue
        text = " ".join(msgid.split())
        if text in autonyms:
            continue
        whole.add(text)
        if len(text.split()) >= 5:
            long.add(text)
    return whole, long


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes outside script and style, and the
    attributes read aloud or shown (aria-label, title, placeholder, alt, button values)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.chunks.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.chunks.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(data)


def untranslated(html: str, whole: set[str], long: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    chunks = [" ".join(chunk.split()) for chunk in parser.chunks]
    text = " ".join(chunks)
    found = {chunk for chunk in chunks if chunk in whole}
    found |= {message for message in long if message in text}
    return sorted(found)


@pytest.fixture(scope="module")
def catalogue():
    return english_messages()


def in_spanish(client, user=None):
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def pages_of(client, urls):
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es", follow=True)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        assert response.headers.get("Content-Language") == "es", url
        yield url, response.content.decode()


def assert_all_spanish(client, urls, catalogue):
    whole, long = catalogue
    problems = {
        url: found
        for url, html in pages_of(client, urls)
        if (found := untranslated(html, whole, long))
    }
    assert problems == {}


def test_the_public_pages_are_all_spanish(client, catalogue):
    rotation = RotationFactory()
    PreceptorFactory()

    assert_all_spanish(
        in_spanish(client),
        [
            "/",
            "/rotations/",
            "/faq/",
            f"/rotations/{rotation.pk}/",
            "/preceptors/",
            "/accounts/signup/",
            "/accounts/login/",
            "/accounts/password-reset/",
            "/accounts/verify/resend/",
            "/no-such-page/",
        ],
        catalogue,
    )


def test_the_verification_pages_are_all_spanish(client, catalogue):
    valid = issue_sample(owner=UserFactory())
    revoked = issue_sample(owner=UserFactory())
    revoke_document(document=revoked, by=None, reason="Sustituida por una carta corregida.")

    assert_all_spanish(
        in_spanish(client),
        [
            "/verify/",
            "/verify/?code=K7QF",
            f"/verify/{valid.grouped_code}/",
            f"/verify/{revoked.grouped_code}/",
            "/verify/K7QF-9M2X-4HTB-WZ3N-8CPE/",
        ],
        catalogue,
    )


def test_a_refused_sign_up_explains_itself_in_spanish(client, catalogue):
    whole, long = catalogue
    response = in_spanish(client).post(
        "/accounts/signup/", {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert untranslated(response.content.decode(), whole, long) == []


def test_every_step_of_a_draft_is_spanish(client, catalogue):
    applicant = CompleteApplicantFactory(language="es")

    assert_all_spanish(
        in_spanish(client, applicant),
        [
            "/apply/personal/",
            "/apply/background/",
            "/apply/interests/",
            "/apply/documents/",
            "/apply/review/",
            "/dashboard/",
            "/accounts/profile/",
            "/accounts/password-change/",
        ],
        catalogue,
    )


@pytest.mark.parametrize(
    "arrange",
    ["submitted", "interview booked", "slots offered", "offer", "confirmed", "enrolled"],
)
def test_the_dashboard_is_spanish_at_every_stage(client, catalogue, arrange):
    applicant = UserFactory(language="es")
    status = {
        "submitted": "submitted",
        "interview booked": "interview",
        "slots offered": "interview",
        "offer": "accepted",
        "confirmed": "confirmed",
        "enrolled": "enrolled",
    }[arrange]
    application = ApplicationFactory(applicant=applicant, status=status)
    urls = ["/dashboard/"]
    if arrange == "interview booked":
        InterviewFactory(application=application)
    elif arrange == "slots offered":
        InterviewSlotFactory(application=application)
    elif arrange == "offer":
        type(application).objects.filter(pk=application.pk).update(
            offer_expires_at=timezone.now() + datetime.timedelta(days=5)
        )
        urls += ["/dashboard/offer/decline/", "/dashboard/withdraw/"]
    elif arrange in ("confirmed", "enrolled"):
        RotationRequestFactory(
            application=application, status="confirmed" if arrange == "enrolled" else "requested"
        )
        urls += ["/dashboard/rotations/", "/dashboard/withdraw/"]

    assert_all_spanish(in_spanish(client, applicant), urls, catalogue)


def test_the_preceptor_portal_is_spanish(client, catalogue):
    preceptor = PreceptorFactory(user__language="es")
    rotation = RotationFactory(preceptor=preceptor)
    waiting = RotationRequestFactory(rotation=rotation)
    token = make_request_token(rotation_request=waiting)

    assert_all_spanish(
        in_spanish(client, preceptor.user),
        [
            "/preceptor/",
            f"/preceptor/requests/{waiting.pk}/",
            "/preceptor/profile/",
            f"/preceptor/respond/{token}/",
        ],
        catalogue,
    )


def test_the_second_factor_pages_are_spanish(client, catalogue):
    """Set-up (QR code and key), the recovery codes shown once, the code step and the
    recovery code step, for staff who speak Spanish."""
    new = StaffFactory(language="es")
    in_spanish(client).force_login(new, second_factor=False)
    assert_all_spanish(client, ["/accounts/two-factor/setup/"], catalogue)
    device = totp_device(new, confirmed=False)
    codes = client.post(
        "/accounts/two-factor/setup/", {"code": code_for(device)}, HTTP_ACCEPT_LANGUAGE="es"
    )
    whole, long = catalogue
    assert "Guarde sus códigos de recuperación" in codes.content.decode()
    assert untranslated(codes.content.decode(), whole, long) == []

    enrolled = StaffFactory(language="es")
    totp_device(enrolled)
    client.logout()
    in_spanish(client).force_login(enrolled, second_factor=False)
    assert_all_spanish(
        client, ["/accounts/two-factor/verify/", "/accounts/two-factor/recovery/"], catalogue
    )
    refused = client.post("/accounts/two-factor/verify/", {"code": "12"}, HTTP_ACCEPT_LANGUAGE="es")
    assert untranslated(refused.content.decode(), whole, long) == []


def test_the_check_finds_an_english_message_left_on_a_page(catalogue):
    """The control: an English message of the catalogue on a page is caught."""
    whole, long = catalogue
    message = sorted(long)[0]
    html = f"<main><h1>Hola</h1><p>Texto. {message} Más texto.</p></main>"
    label = sorted(whole)[0]

    assert untranslated(html, whole, long) == [message]
    assert untranslated(f'<button aria-label="{label}">x</button>', whole, long) == [label]
    assert untranslated("<main><p>Todo en español.</p></main>", whole, long) == []


def test_the_payments_pages_are_all_spanish(client, catalogue):
    from billing import services as billing_services
    from tests.billing.support import an_invoice

    before = ApplicationFactory(status="accepted", applicant__language="es").applicant
    assert_all_spanish(in_spanish(client, before), ["/dashboard/payments/"], catalogue)

    invoice = an_invoice(total=60000)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])
    billing_services.record_payment(
        invoice=invoice,
        provider="manual",
        amount=10000,
        currency="USD",
        reference="WIRE-ES",
        received_on=timezone.localdate(),
    )
    client.logout()
    assert_all_spanish(
        in_spanish(client, applicant), ["/dashboard/payments/", "/dashboard/"], catalogue
    )
    billing_services.declare_wire(invoice=invoice, by=applicant)
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/payments/"], catalogue)


def test_the_card_option_is_all_spanish(client, catalogue, settings):
    from tests.billing.stripe_support import SECRET_KEY, WEBHOOK_SECRET, an_open_invoice

    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    invoice = an_open_invoice(total=60000)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])

    pages = in_spanish(client, applicant)
    assert_all_spanish(pages, ["/dashboard/payments/"], catalogue)
    assert "Pagar con tarjeta" in client.get("/dashboard/payments/").content.decode()


def test_the_refund_pages_are_all_spanish(client, catalogue):
    from billing import services as billing_services
    from tests.billing.support import an_invoice

    invoice = an_invoice(total=60000)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])
    billing_services.record_payment(
        invoice=invoice,
        provider="manual",
        amount=60000,
        currency="USD",
        reference="WIRE-ES-REFUND",
        received_on=timezone.localdate(),
    )
    assert_all_spanish(
        in_spanish(client, applicant),
        ["/dashboard/withdraw/", "/dashboard/payments/refunds/"],
        catalogue,
    )
    billing_services.propose_refunds(application=invoice.application, reason="visa_denied", by=None)
    client.logout()
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/payments/refunds/"], catalogue)


def test_the_data_page_is_all_spanish_in_every_state(client, catalogue, tmp_path, settings):
    from hmc_portal.privacy import services as privacy_services
    from hmc_portal.privacy.models import DataExport
    from tests.support.files import isolated_private_storage

    isolated_private_storage(tmp_path / "private", settings)
    applicant = ApplicationFactory(status="completed", applicant__language="es").applicant
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/privacy/"], catalogue)
    export = privacy_services.request_export(user=applicant)
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/privacy/"], catalogue)
    privacy_services.build_export(export_id=export.pk)
    page = client.get("/dashboard/privacy/").content.decode()
    assert "Descargar el ZIP" in page
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/privacy/"], catalogue)
    DataExport.objects.filter(pk=export.pk).update(status="expired")
    assert_all_spanish(in_spanish(client, applicant), ["/dashboard/privacy/"], catalogue)
    gone = client.get(f"/dashboard/privacy/exports/{export.pk}/download/")
    assert gone.status_code == 410
    assert untranslated(gone.content.decode(), *catalogue) == []
