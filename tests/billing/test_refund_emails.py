"""The refund emails, rendered as the worker sends them, in the applicant's language."""

import datetime

import pytest

from billing import services
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from tests.factories import CoordinatorFactory

from .refund_support import application, deposit_invoice, pay, schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "Refund approved: $500.00 (credit note HMC-CN-", "We send it to your account"),
        ("es", "Reembolso aprobado: 500,00 US$ (nota de crédito HMC-CN-", "Se lo enviamos"),
    ],
)
def test_the_approval_email_carries_the_amount_why_and_the_credit_note(language, subject, words):
    app = application()
    app.applicant.language = language
    app.applicant.save(update_fields=["language"])
    deposit = deposit_invoice(app, schedule())
    pay(deposit, 60000)
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=None)
    coordinator = CoordinatorFactory()
    services.approve_refund(refund=refund, by=coordinator)
    services.mark_refund_paid(
        refund=refund, reference="OUT-1", paid_on=datetime.date(2026, 12, 1), by=coordinator
    )

    approved = Notification.objects.get(template="refund_approved")
    rendered_subject, text, html = render_notification(approved)
    assert rendered_subject.startswith(subject)
    assert refund.explanation in text
    assert words in text and words in html
    assert approved.attachments[0]["filename"].endswith(".pdf")
    paid_subject, paid_text, _html = render_notification(
        Notification.objects.get(template="refund_paid")
    )
    assert "OUT-1" in paid_text
    assert ("500.00" if language == "en" else "500,00") in paid_subject


@pytest.mark.parametrize(
    ("choice", "decide", "words"),
    [
        ("refund", "verify", "Se propone un reembolso completo de 600,00\xa0US$"),
        ("postpone", "verify", "Pidió aplazar: sus cupos en las rotaciones se liberan"),
        ("refund", "reject", "Motivo: Ilegible."),
    ],
)
def test_the_applicant_is_told_what_became_of_their_visa_letter(choice, decide, words):
    from tests.support.files import pdf_bytes, upload

    app = application()
    app.applicant.language = "es"
    app.applicant.save(update_fields=["language"])
    pay(deposit_invoice(app, schedule()), 60000)
    refusal = services.submit_visa_refusal(
        application=app, upload=upload("r.pdf", pdf_bytes()), choice=choice, by=app.applicant
    )
    if decide == "verify":
        services.verify_visa_refusal(refusal=refusal, by=CoordinatorFactory())
    else:
        services.reject_visa_refusal(refusal=refusal, note="Ilegible.", by=CoordinatorFactory())

    _subject, text, html = render_notification(
        Notification.objects.get(template="visa_refusal_decided")
    )
    assert words in text
    assert words in html
