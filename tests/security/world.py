"""One small world of everybody's objects for the security tests: two applicants (each with
a profile, an application, documents, an interview, an offered slot, a rotation request, a
note, a status change, an email, a log entry and an issued document), two preceptors with a
rotation each, a reviewer and a coordinator. Every name and email is distinctive, so a page
that shows someone else's is caught by a plain search of the response."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from applications.models import InternalNote, StatusChange
from billing import services as billing_services
from billing.models import CheckoutSession, Refund, WebhookEvent
from events.models import Registration
from hmc_portal.audit.services import log_action
from hmc_portal.privacy import services as privacy_services
from hmc_portal.privacy.models import DataExport, ErasureRequest, ErasureStatus
from hmc_portal.users.models import User
from preceptors.models import LetterRequest
from rotations.models import (
    HousingDistance,
    HousingOption,
    ReplacementAllowance,
    Rotation,
    RotationFeedback,
    RotationRequest,
    VisaLetterRequest,
)
from tests.billing.factories import FeeScheduleFactory
from tests.events.factories import EventFactory
from tests.events.mentoring_support import MentorFactory, SlotFactory
from tests.events.mentoring_support import booking as mentoring_booking
from tests.factories import (
    CoordinatorFactory,
    InterviewFactory,
    InterviewSlotFactory,
    NotificationFactory,
    PreceptorFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
    RotationFactory,
    RotationRequestFactory,
    UserFactory,
)
from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory
from tests.rotations.factories import SupportRequestFactory
from tests.support.files import pdf_bytes, upload
from tests.support.issuance import issue_sample


@dataclass
class Person:
    user: User
    objects: dict[str, object] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """What must never show on another person's page."""
        return [self.user.email, self.user.last_name]


@dataclass
class World:
    applicants: list[Person]
    preceptors: list[Person]
    reviewer: User
    coordinator: User


def _applicant(word: str, reviewer: User, rotation: Rotation, schedule) -> Person:
    """An applicant with one of everything (an issued document, an invoice with a payment
    and a declared wire transfer and a card checkout included)."""
    user = UserFactory(
        first_name=f"Ximena{word}",
        last_name=f"Quetzal{word}",
        email=f"ximena.{word.lower()}@applicant.test",
    )
    application = ReviewableApplicationFactory(applicant=user, status="confirmed")
    documents = list(application.documents.order_by("pk"))
    interview = InterviewFactory(application=application, interviewer=reviewer)
    slot = InterviewSlotFactory(application=application, interviewer=reviewer)
    rotation_request = RotationRequestFactory(application=application, rotation=rotation)
    RotationRequest.objects.filter(pk=rotation_request.pk).update(responded_by=reviewer)
    allowance = _replacement_allowance(application, reviewer)
    note = InternalNote.objects.create(application=application, author=reviewer, body="Strong.")
    change = StatusChange.objects.create(
        application=application, from_status="accepted", to_status="confirmed", by=user
    )
    notification = NotificationFactory(recipient=user, to_email=user.email)
    log = log_action(application, "applications.note.added", by=reviewer, person=user)
    issued = issue_sample(owner=user, holder_name=user.get_full_name(), by=reviewer)
    invoice = billing_services.issue_invoice(
        application=application,
        schedule=schedule,
        kind="deposit",
        lines=[billing_services.LineSpec("Deposit", 50000)],
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    payment = billing_services.record_payment(
        invoice=invoice,
        provider="manual",
        amount=10000,
        currency=invoice.currency,
        reference=f"WIRE-{word}",
        received_on=timezone.localdate(),
    )
    declaration = billing_services.declare_wire(invoice=invoice, by=user)
    # A card checkout started for it, and the event Stripe posted when it expired.
    checkout = CheckoutSession.objects.create(
        invoice=invoice,
        session_id=f"cs_test_{word}",
        amount=invoice.total - payment.amount,
        currency=invoice.currency,
        url=f"https://checkout.stripe.com/c/pay/cs_test_{word}",
        idempotency_key=f"hmc-invoice-{invoice.pk}-{invoice.total - payment.amount}USD-1",
        created_by=user,
    )
    WebhookEvent.objects.create(
        provider="stripe",
        event_id=f"evt_{word}",
        type="checkout.session.expired",
        outcome="expired",
        invoice=invoice,
        payload={"id": f"evt_{word}", "type": "checkout.session.expired"},
    )
    refund, refusal = _refund_and_visa_refusal(application, payment)
    credit = _invoice_credit(application, schedule)
    support_request = SupportRequestFactory(application=application)
    # A visa letter request waiting for the program office (written as data: the world's
    # application is not enrolled, which asking through the service needs).
    visa_letter_request = VisaLetterRequest.objects.create(
        application=application,
        passport_name=f"QUETZAL XIMENA{word.upper()}",
        date_of_birth=datetime.date(1995, 1, 1),
        nationality="MX",
        passport_number="G12345678",
        passport_expiry=timezone.localdate() + datetime.timedelta(days=1500),
        consulate="US Embassy Mexico City",
    )
    # A letter of recommendation request the preceptor accepted, waived (written as data:
    # the world's block has not ended, which asking through the service needs).
    letter_request = LetterRequest.objects.create(
        application=application,
        preceptor=rotation.preceptor,
        rotation_request=rotation_request,
        eras_letter_id=f"L{word.upper()}2026X1",
        specialty="Internal Medicine",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        waived=True,
        status="accepted",
    )
    # A pre-arrival requirement of the rotation's site and the evidence handed in for it.
    requirement = RequirementFactory(site=rotation.site, name=f"HIPAA training {word}")
    evidence = EvidenceFactory(application=application, requirement=requirement, status="pending")
    feedback = _past_block_feedback(application)
    registration = _event_registration(user)
    return Person(
        user=user,
        objects={
            "application": application,
            "profile": user.applicant_profile,
            "document": documents[0],
            "interview": interview,
            "slot": slot,
            "rotation_request": rotation_request,
            "replacement_allowance": allowance,
            "note": note,
            "status_change": change,
            "notification": notification,
            "log": log,
            "issued_document": issued,
            "invoice": invoice,
            "payment": payment,
            "wire_declaration": declaration,
            "checkout_session": checkout,
            "refund": refund,
            "visa_refusal": refusal,
            "invoice_credit": credit,
            "support_request": support_request,
            "visa_letter_request": visa_letter_request,
            "requirement": requirement,
            "compliance_evidence": evidence,
            "letter_request": letter_request,
            "feedback_block": feedback.rotation_request,
            "rotation_feedback": feedback,
            "event_registration": registration,
        },
    )


def _event_registration(user: User) -> Registration:
    """A place on the world's one event, for enrolled observers only (so that nobody else in
    the matrix gets a place by posting to it), written as data: the applicant is not
    enrolled, which registering through the service needs."""
    event = EventFactory(audience="enrolled", title="Matrix networking evening")
    event.speakers.create(name="Dr. Matrix Speaker")
    registration = Registration.objects.create(event=event, user=user, status="registered")
    type(event).objects.filter(pk=event.pk).update(registered_count=1)
    return registration


def _replacement_allowance(application, by: User) -> ReplacementAllowance:
    """A confirmed block of another rotation that the program cancelled, with the
    replacement block granted for it."""
    cancelled = RotationRequestFactory(
        application=application,
        rotation=RotationFactory(published=False),
        rank=2,
        status="cancelled",
        cancel_cause="program",
        confirmed_at=timezone.now(),
        cancelled_at=timezone.now(),
    )
    return ReplacementAllowance.objects.create(
        application=application, replaces=cancelled, cause="program", granted_by=by
    )


def _past_block_feedback(application) -> RotationFeedback:
    """A confirmed block that ended last month, and the observer's feedback on it."""
    start = timezone.localdate() - datetime.timedelta(days=60)
    block = RotationRequestFactory(
        application=application,
        rotation=RotationFactory(start_date=start, end_date=start + datetime.timedelta(days=25)),
        rank=3,
        status="confirmed",
        confirmed_at=timezone.now() - datetime.timedelta(days=90),
    )
    return RotationFeedback.objects.create(
        rotation_request=block,
        teaching=4,
        welcome=5,
        exposure=3,
        organisation=4,
        would_recommend=True,
        comments="Generous teaching.",
    )


def _refund_and_visa_refusal(application, payment):
    """An approved refund of part of the payment (its credit note issued) and a visa
    refusal letter waiting for the program office."""
    refund = Refund.objects.create(
        invoice=payment.invoice,
        payment=payment,
        amount=5000,
        currency=payment.currency,
        rule="goodwill",
        explanation="Goodwill.",
        provider="manual",
    )
    refund = billing_services.approve_refund(refund=refund, by=CoordinatorFactory())
    refusal = billing_services.submit_visa_refusal(
        application=application,
        upload=upload("refusal.pdf", pdf_bytes()),
        choice="refund",
        by=application.applicant,
    )
    return refund, refusal


def _invoice_credit(application, schedule):
    """A cancelled block taken off an open balance invoice (its credit note issued)."""
    rotation = RotationFactory()
    cancelled = RotationRequestFactory(
        application=application,
        rotation=rotation,
        rank=2,
        status="cancelled",
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
    )
    billing_services.issue_invoice(
        application=application,
        schedule=schedule,
        kind="balance",
        lines=[billing_services.LineSpec("Block", 150000, rotation_id=rotation.pk)],
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    (credit,) = billing_services.credit_cancelled_block(
        application=application, rotation_request=cancelled, by=CoordinatorFactory()
    )
    return credit


def _preceptor(word: str) -> Person:
    user = UserFactory(
        first_name=f"Octavio{word}",
        last_name=f"Zapotec{word}",
        email=f"octavio.{word.lower()}@preceptor.test",
    )
    preceptor = PreceptorFactory(user=user)
    rotation = RotationFactory(preceptor=preceptor)
    return Person(user=user, objects={"preceptor": preceptor, "rotation": rotation})


def build_world() -> World:
    reviewer, coordinator = ReviewerFactory(), CoordinatorFactory()
    # The fees: a version still to come, which coordinators may edit (one in force may not).
    schedule = FeeScheduleFactory(valid_from=timezone.localdate() + datetime.timedelta(days=30))
    preceptors = [_preceptor("One"), _preceptor("Two")]
    # A place to stay near the first preceptor's site (staff's list: nobody's own).
    option = HousingOption.objects.create(
        name="Matrix Suites", area="TMC", price_min=90000, price_max=120000
    )
    HousingDistance.objects.create(
        option=option,
        site=preceptors[0].objects["rotation"].site,
        km=2,
        minutes_by_car=6,
    )
    applicants = [
        _applicant(word, reviewer, preceptor.objects["rotation"], schedule)
        for word, preceptor in zip(["Alpha", "Beta"], preceptors, strict=True)
    ]
    _mentoring(applicants[0], preceptors[0])
    applicants[0].objects["data_export"] = _data_export(applicants[0].user)
    _erasure_request(applicants[0])
    return World(
        applicants=applicants, preceptors=preceptors, reviewer=reviewer, coordinator=coordinator
    )


def _data_export(user: User) -> DataExport:
    """A copy of the applicant's data, built and ready to download."""
    export = privacy_services.request_export(user=user)
    return privacy_services.build_export(export_id=export.pk)


def _erasure_request(owner: Person) -> None:
    """A deletion the applicant asked for and cancelled by signing in (the admin's list of
    requests has a row; nothing is scheduled, so the privacy page still offers the form)."""
    owner.objects["erasure_request"] = ErasureRequest.objects.create(
        user=owner.user,
        status=ErasureStatus.CANCELLED,
        erase_after=timezone.now() + datetime.timedelta(days=14),
        requested_by=owner.user,
        cancelled_at=timezone.now(),
    )


def _mentoring(owner: Person, preceptor: Person) -> None:
    """The first preceptor mentors: one time booked by the first applicant, one still open."""
    mentor = MentorFactory(user=preceptor.user)
    booked = SlotFactory(mentor=mentor, starts_at=timezone.now() + datetime.timedelta(days=3))
    owner.objects["mentoring_booking"] = mentoring_booking(slot=booked, user=owner.user)
    owner.objects["mentoring_slot"] = SlotFactory(
        mentor=mentor, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
