"""The questions page answers from the program's real settings, and every page names the
program office's contact at its foot."""

import pytest

pytestmark = pytest.mark.django_db


def test_faq_lists_the_required_documents_and_the_program_s_numbers(client, settings):
    settings.OFFER_RESPONSE_DAYS = 10
    settings.MAX_ROTATION_CHOICES = 2
    settings.DOCUMENT_MAX_BYTES = 8 * 1024 * 1024

    html = client.get("/faq/").content.decode()

    for document in ("Medical school transcript", "Passport bio page", "CV"):
        assert f"<li>{document}</li>" in html
    assert "you have 10 days to accept it" in html
    assert "choose up to 2 rotations" in html
    assert "at most 8 MB" in html
    assert 'href="/accounts/signup/"' in html  # "Start your application" means sign up
    assert "does not take payments online yet" in html  # promises only what is built
    assert 'href="/pricing/"' in html.split('id="costs"', 1)[1]


def test_every_page_names_the_program_office_at_its_foot(client, settings):
    settings.PROGRAM_OFFICE_EMAIL = "observerships@example.org"
    settings.PROGRAM_OFFICE_PHONE = "+1 713 555 0100"
    settings.PROGRAM_OFFICE_ADDRESS = "100 Demo Plaza, Houston, TX 77030"

    for path in ("/", "/rotations/", "/faq/", "/accounts/login/"):
        footer = client.get(path).content.decode().split("<footer", 1)[1]
        assert 'href="mailto:observerships@example.org"' in footer, path
        assert 'href="tel:+17135550100"' in footer, path
        assert "100 Demo Plaza, Houston, TX 77030" in footer, path


def test_the_home_page_starts_with_sign_up_and_offers_log_in(client):
    html = client.get("/").content.decode()
    hero = html.split('id="hero-title"', 1)[1].split("</section>", 1)[0]

    assert 'href="/accounts/signup/">Start your application' in hero
    assert 'Already have an account? <a href="/accounts/login/">Log in</a>' in hero
