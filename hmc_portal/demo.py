"""Demo data for `make run`: enough of everything to click through every role."""

import base64
import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django_countries import countries

from applications import services as application_services
from applications.enums import (
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
    Degree,
    DocumentKind,
    DocumentStatus,
    EcfmgStatus,
    EnglishTest,
)
from applications.models import Application
from billing import services as billing_services
from billing.enums import InvoiceKind, InvoiceStatus
from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule, Invoice, Payment
from preceptors.models import Preceptor
from preceptors.services import ensure_preceptor
from rotations import services as rotation_services
from rotations.enums import RequestStatus
from rotations.models import BLOCK_DAYS, BLOCK_LAST_DAY, Rotation, RotationRequest, Site, Specialty
from rotations.services import ensure_site, ensure_specialty

from .demo_arrival import seed_arrival
from .demo_attendance import seed_attendance
from .demo_certificate import seed_aftercare
from .demo_compliance import seed_compliance
from .demo_data import (
    AFTERCARE_APPLICANTS,
    AFTERCARE_PRECEPTOR,
    APPLICANTS,
    DEMO_DECLARED_WIRES,
    DEMO_INTAKE,
    DEMO_INTERESTS,
    DEMO_INVOICES,
    DEMO_OVERDUE_DEPOSITS,
    DEMO_PAID_DEPOSITS,
    DEMO_PASSWORD,
    DEMO_PLACEMENTS,
    DEMO_PROGRAM_CANCELLED,
    DEMO_REFUNDS,
    DEMO_TOTP_SECRET,
    FEE_DISCOUNTS,
    FEE_SCHEDULE,
    FEE_SPECIALTY_PRICES,
    NEXT_FEE_SCHEDULE,
    NEXT_FEE_SPECIALTY_PRICES,
    PRECEPTORS,
    REPORTING_TIMES,
    ROTATION_BLOCKS,
    ROTATION_CAPACITY,
    ROTATION_EPOCH,
    ROTATION_SITES,
    SITES,
    SPECIALTIES,
    STAFF,
    DemoPerson,
)
from .demo_dossier import seed_dossier
from .demo_events import seed_events
from .demo_files import pdf_with_text
from .demo_letters import seed_letters
from .demo_mentoring import seed_mentoring
from .demo_privacy import seed_privacy
from .demo_visa import seed_visa_letters
from .users.enums import StaffGroup
from .users.second_factor.services import ensure_totp_device
from .users.services import ensure_user


def _user(person: DemoPerson, **extra):
    return ensure_user(
        email=person.email,
        password=DEMO_PASSWORD,
        first_name=person.first_name,
        last_name=person.last_name,
        timezone_name=person.timezone,
        language=person.language,
        **extra,
    )


@transaction.atomic
def seed() -> None:
    """Create or refresh the demo data; running it again changes nothing that exists."""
    specialties = {
        name: ensure_specialty(name=name, summary=summary) for name, summary in SPECIALTIES.items()
    }
    for name, kind, address, instructions in SITES:
        ensure_site(name=name, kind=kind, address=address, reporting_instructions=instructions)
    staff = {
        group: _user(
            person,
            is_staff=True,
            is_superuser=group is None,
            groups=[] if group is None else [group.value],
        )
        for person, group in STAFF
    }
    for user in staff.values():
        # Staff pass a second factor before admin opens: the demo's app key is printed.
        ensure_totp_device(user=user, key=base64.b32decode(DEMO_TOTP_SECRET))
    for person, title, affiliation, names, bio in [*PRECEPTORS, AFTERCARE_PRECEPTOR]:
        ensure_preceptor(
            user=_user(person),
            title=title,
            affiliation=affiliation,
            bio=bio,
            specialties=[specialties[name] for name in names],
        )
    coordinator, reviewer = staff[StaffGroup.COORDINATOR], staff[StaffGroup.REVIEWER]

    def make_applicant(person, country, school, year, path, index):
        applicant = _user(person)
        application = application_services.start_application(
            applicant=applicant, intake=DEMO_INTAKE
        )
        if application.is_draft:
            _fill_application(application, applicant, person, country, school, year, index)
        steps = [ApplicationStatus.DRAFT, *path]
        if application.status not in steps:
            return applicant, application  # moved by hand while clicking around: left be
        for status in steps[steps.index(application.status) + 1 :]:
            application = _advance(application, status, applicant, coordinator, reviewer)
        return applicant, application

    everyone = [*APPLICANTS, *AFTERCARE_APPLICANTS]
    for index, (person, country, school, year, path) in enumerate(everyone):
        make_applicant(person, country, school, year, path, index)
    _seed_rotations(specialties)
    _seed_placements()
    _seed_fees(specialties)
    _seed_invoices(coordinator)
    _seed_refunds(coordinator)
    seed_visa_letters(coordinator, block_start=_block_start, pay=_pay_open_invoices)
    seed_arrival(coordinator)  # after the visa letters: Ngozi's placement is confirmed then
    seed_compliance(coordinator=coordinator)
    seed_letters(
        coordinator=coordinator,
        block_start=_block_start,
        pay=_pay_open_invoices,
        seed_rotations=lambda: _seed_rotations(specialties),
    )
    seed_aftercare(coordinator, block_start=_block_start, pay=_pay_open_invoices)
    seed_attendance(coordinator=coordinator, pay=_pay_open_invoices)
    seed_events(coordinator=coordinator)
    seed_mentoring()  # after the placements: Ngozi and Aisha have accepted their offers
    seed_dossier()  # after the documents: Omar's CV is damaged in storage
    # Last: Aisha's copy of her data holds everything above.
    seed_privacy(
        coordinator=coordinator,
        password=DEMO_PASSWORD,
        make_applicant=lambda *person: make_applicant(*person, len(everyone)),
        pay=_pay_open_invoices,
    )


def _advance(application, status, applicant, coordinator, reviewer) -> Application:
    """One move of a demo application, made by whoever makes it in real life, through the
    same services as the pages and admin (so the demo's emails and history are real)."""
    if status == ApplicationStatus.SUBMITTED:
        return application_services.submit_application(application=application, by=applicant)
    if status == ApplicationStatus.INTERVIEW:
        # Three days ahead at 15:00 UTC: the applicant sees it in their own zone.
        starts_at = (timezone.now() + datetime.timedelta(days=3)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
        application_services.schedule_interview(
            application=application,
            by=coordinator,
            starts_at=starts_at,
            duration_minutes=30,
            meeting_url="https://meet.example.com/hmc-interview",
            interviewer=reviewer,
        )
        return Application.objects.get(pk=application.pk)
    if status == ApplicationStatus.ACCEPTED:
        for document in application.documents.filter(status=DocumentStatus.PENDING):
            application_services.verify_document(document=document, by=reviewer)
    if status == ApplicationStatus.CONFIRMED:
        return application_services.respond_to_offer(
            application=application, by=applicant, accept=True
        )
    return application_services.change_status(application=application, to=status, by=coordinator)


def _first_block(today: datetime.date) -> datetime.date:
    """The first block start after next week, on the 4-week grid from ROTATION_EPOCH."""
    epoch = datetime.date.fromisoformat(ROTATION_EPOCH)
    earliest = today + datetime.timedelta(days=7)
    blocks = -(-(earliest - epoch).days // BLOCK_DAYS)  # ceiling
    return epoch + datetime.timedelta(days=blocks * BLOCK_DAYS)


def _block_start(index: int) -> datetime.date:
    first = _first_block(timezone.localdate())
    return first + datetime.timedelta(days=index * BLOCK_DAYS)


def _seed_rotations(specialties: dict[str, Specialty]) -> None:
    """Published 4-week blocks for every preceptor over the next months (the series service
    skips blocks that exist, so this is idempotent)."""
    sites = {site.name: site for site in Site.objects.all()}
    for person, _title, _affiliation, names, _bio in PRECEPTORS:
        preceptor = Preceptor.objects.get(user__email=person.email)
        site = sites[ROTATION_SITES[person.email]]
        for index in range(ROTATION_BLOCKS):
            start = _block_start(index)
            rotation_services.create_rotation_series(
                preceptor=preceptor,
                specialty=specialties[names[index % len(names)]],
                site=site,
                first_day=start,
                last_day=start + BLOCK_LAST_DAY,
                capacity=ROTATION_CAPACITY,
                published=True,
                reporting_time=datetime.time.fromisoformat(REPORTING_TIMES[site.name]),
            )


def _seed_placements() -> None:
    """Choices of the demo applicants in DEMO_PLACEMENTS, through the placement services,
    once (an applicant who has any request is left alone)."""
    for email, choices in DEMO_PLACEMENTS.items():
        application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
        if application.status != ApplicationStatus.CONFIRMED:
            continue
        if RotationRequest.objects.filter(application=application).exists():
            continue
        rotations = [
            Rotation.objects.get(preceptor__user__email=preceptor, start_date=_block_start(index))
            for preceptor, index, _confirmed in choices
        ]
        requests = rotation_services.choose_rotations(
            application=application, rotations=rotations, by=application.applicant
        )
        for rotation_request, (_preceptor, _index, confirmed) in zip(
            requests, choices, strict=True
        ):
            if confirmed and rotation_request.status == RequestStatus.REQUESTED:
                rotation_services.confirm_rotation_request(
                    rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
                )


def _seed_fees(specialties: dict[str, Specialty]) -> None:
    """The fee schedule in force (FEE_SCHEDULE) and its next version from the coming
    1 January, once each. The schedule in force is written directly: billing.services only
    makes versions that start after today, as staff do."""
    fields = {**FEE_SCHEDULE, "valid_from": datetime.date.fromisoformat(FEE_SCHEDULE["valid_from"])}
    schedule, created = FeeSchedule.objects.get_or_create(
        valid_from=fields.pop("valid_from"), defaults=fields
    )
    if created:
        for name, price in FEE_SPECIALTY_PRICES.items():
            FeeBlockPrice.objects.create(
                schedule=schedule, specialty=specialties[name], price=price
            )
        for from_block, percent, label in FEE_DISCOUNTS:
            FeeDiscount.objects.create(
                schedule=schedule, from_block=from_block, value=percent, label=label
            )
    today = timezone.localdate()
    next_start = datetime.date(today.year + 1, 1, 1)
    if FeeSchedule.objects.filter(valid_from__gt=today).exists():
        return
    upcoming = billing_services.copy_fee_schedule(
        schedule=schedule, valid_from=next_start, by=None, name=NEXT_FEE_SCHEDULE["name"]
    )
    upcoming.block_price = NEXT_FEE_SCHEDULE["block_price"]
    billing_services.save_fee_schedule(schedule=upcoming, by=None)
    for row in upcoming.block_prices.select_related("specialty"):
        if row.specialty and row.specialty.name in NEXT_FEE_SPECIALTY_PRICES:
            row.price = NEXT_FEE_SPECIALTY_PRICES[row.specialty.name]
            billing_services.save_schedule_part(part=row, by=None)


def _seed_invoices(coordinator) -> None:
    """Through billing.services, once each: the deposit invoice of every applicant who took
    the offer (their move to confirmed came before the fees were seeded); Fatima has declared
    a wire transfer for hers (places held), Kwame's deposit is paid, with its receipt."""
    for email in DEMO_INVOICES:
        application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
        if application.status not in (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED):
            continue
        billing_services.invoice_offer_taken(application=application, by=None)
    for email, reference in DEMO_DECLARED_WIRES.items():
        invoice = _open_deposit(email)
        if invoice is not None:
            billing_services.declare_wire(
                invoice=invoice, by=invoice.application.applicant, reference=reference
            )
    for email, days_past in DEMO_OVERDUE_DEPOSITS.items():
        _seed_overdue_deposit(email, days_past)
    for email, reference in DEMO_PAID_DEPOSITS.items():
        invoice = _open_deposit(email)
        if invoice is not None and not Payment.objects.filter(reference=reference).exists():
            billing_services.record_manual_payment(
                invoice=invoice,
                amount=billing_services.balance_of(invoice),
                reference=reference,
                received_on=timezone.localdate() - datetime.timedelta(days=2),
                method="wire",
                by=coordinator,
            )


def _seed_overdue_deposit(email: str, days_past: int) -> None:
    """Once: the deposit invoice of an applicant who took the offer, issued now through
    billing.services but due long ago (standing for one issued weeks back and never paid),
    `days_past` days beyond the last day to pay before places may be released."""
    application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
    if application.status != ApplicationStatus.CONFIRMED:
        return
    if Invoice.objects.filter(application=application, kind=InvoiceKind.DEPOSIT).exists():
        return
    schedule = FeeSchedule.objects.filter(valid_from__lte=timezone.localdate()).latest("valid_from")
    days_late = settings.BILLING_RELEASE_AFTER_DAYS + days_past
    billing_services.issue_invoice(
        application=application,
        schedule=schedule,
        kind=InvoiceKind.DEPOSIT,
        lines=[
            billing_services.LineSpec(description, amount)
            for description, amount in (
                ("Application fee", schedule.application_fee),
                ("Deposit to secure your observership place", schedule.deposit),
            )
            if amount > 0
        ],
        due_date=timezone.localdate() - datetime.timedelta(days=days_late),
    )


def _seed_refunds(coordinator) -> None:
    """Through the services, once (an applicant with a rotation request is left alone): the
    applicant in DEMO_REFUNDS pays the deposit, has a block confirmed (so she is enrolled and
    gets the balance invoice), pays part of it, then cancels the block: billing takes the
    unpaid part off the balance invoice (a credit note) and proposes the refund of what she
    paid for the block, less the program's 25 %, for the coordinator to approve. Her second
    block (DEMO_PROGRAM_CANCELLED), confirmed with the first, is cancelled by the program
    office: its unpaid part is credited too, the refund of what was paid for it is proposed
    in full, or she chooses a replacement block instead on her refunds page."""
    for email, (preceptor, index, deposit_ref, balance_ref, paid, reason) in DEMO_REFUNDS.items():
        application = Application.objects.get(applicant__email=email, intake=DEMO_INTAKE)
        if application.status != ApplicationStatus.CONFIRMED:
            continue
        if RotationRequest.objects.filter(application=application).exists():
            continue
        billing_services.invoice_offer_taken(application=application, by=None)
        _pay_open_invoices(application, deposit_ref, coordinator)
        rotations = [
            Rotation.objects.get(preceptor__user__email=preceptor, start_date=_block_start(index))
        ]
        cancelled = DEMO_PROGRAM_CANCELLED.get(email)
        if cancelled is not None:
            rotations.append(
                Rotation.objects.get(
                    preceptor__user__email=cancelled[0], start_date=_block_start(cancelled[1])
                )
            )
        requests = rotation_services.choose_rotations(
            application=application, rotations=rotations, by=application.applicant
        )
        for rotation_request in requests:
            rotation_services.confirm_rotation_request(
                rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
            )
        _pay_open_invoices(application, balance_ref, coordinator, amount=paid)
        rotation_services.cancel_rotation_request(
            rotation_request=requests[0], by=application.applicant, reason=reason
        )
        if cancelled is not None:
            # The program office cancels her other block: its refund waits, and her refunds
            # page offers a replacement block instead.
            rotation_services.cancel_rotation_request(
                rotation_request=requests[1], by=coordinator, reason=cancelled[2]
            )


def _pay_open_invoices(application, reference: str, coordinator, amount: int = 0) -> None:
    """Pay each open invoice's balance (or `amount` of it, when given)."""
    for invoice in Invoice.objects.filter(application=application, status=InvoiceStatus.OPEN):
        billing_services.record_manual_payment(
            invoice=invoice,
            amount=amount or billing_services.balance_of(invoice),
            reference=reference,
            received_on=timezone.localdate() - datetime.timedelta(days=3),
            method="wire",
            by=coordinator,
        )


def _open_deposit(email: str) -> Invoice | None:
    return Invoice.objects.filter(
        application__applicant__email=email,
        application__intake=DEMO_INTAKE,
        kind=InvoiceKind.DEPOSIT,
        status=InvoiceStatus.OPEN,
    ).first()


def _english_name(code: str) -> str:
    """The school's country is free text: the demo writes it in English."""
    with translation.override("en"):
        return str(countries.name(code))


def _fill_application(application, applicant, person, country, school, year, index) -> None:
    """Every step of the form, answered through the same services the pages use, and the
    required documents as small real PDFs. The draft applicant leaves out her passport, so
    the demo shows what an incomplete application looks like."""
    specialties = list(Specialty.objects.order_by("name"))
    application_services.save_personal_details(
        application=application,
        by=applicant,
        first_name=person.first_name,
        last_name=person.last_name,
        timezone=person.timezone,
        country=country,
        phone=f"+1 713 555 01{index:02d}",
        city="",
    )
    application_services.save_background(
        application=application,
        by=applicant,
        medical_school=school,
        school_country=_english_name(country),
        degree=Degree.MBBS,
        graduated=True,
        graduation_year=year,
        ecfmg_status=EcfmgStatus.IN_PROGRESS,
        english_test=EnglishTest.IELTS,
        english_score="7.5",
        clinical_experience="One-year rotating internship, then general practice.",
    )
    chosen = [specialties[index % len(specialties)], specialties[(index + 3) % len(specialties)]]
    preferred_start = datetime.date(int(DEMO_INTAKE), 1 + index % 12, 1)
    if person.email in DEMO_INTERESTS:
        names, block = DEMO_INTERESTS[person.email]
        chosen = [Specialty.objects.get(name=name) for name in names]
        preferred_start = _block_start(block).replace(day=1)
    application_services.save_interests(
        application=application,
        by=applicant,
        specialties=chosen,
        preferred_start=preferred_start,
        program_weeks=8,
        target_specialty=chosen[0].name,
        career_goals="Match into a US residency and learn how US teams care for patients.",
        personal_statement="",
    )
    kinds = list(REQUIRED_DOCUMENTS)
    if index == 0:
        kinds.remove(DocumentKind.PASSPORT)
    existing = set(application.documents.values_list("kind", flat=True))
    for kind in kinds:
        if kind in existing:
            continue
        label = DocumentKind(kind).label
        application_services.upload_document(
            application=application,
            by=applicant,
            kind=kind,
            upload=SimpleUploadedFile(
                f"{kind}.pdf",
                pdf_with_text(f"{label} of {person.first_name} {person.last_name} (demo)"),
                content_type="application/pdf",
            ),
        )
