"""THE erasure test: an applicant with data in every app (the security world's applicant:
profile, application, documents, interview, rotation requests, letters, support and
compliance requests, registrations, invoices, payments, refunds, emails, log entries,
issued documents; plus a mentoring session), erased. Then every text column
(CharField, TextField, EmailField, SlugField, JSONField) of every concrete model is searched
with SQL for each of the applicant's old personal values: none may remain. None of their
files may remain in private storage, and their invoices still add up.

A second applicant, built the same way and left alone, keeps every value and file: the
search itself is shown to find what is there, and the erasure to touch nobody else."""

from __future__ import annotations

import contextlib

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from applications.models import ApplicantProfile, Application
from billing.models import Invoice, Payment
from events.models import MentoringBooking
from hmc_portal.privacy.models import ErasureStatus
from hmc_portal.privacy.registry import erasure_blockers
from hmc_portal.privacy.services.erasure import erase_due_accounts, request_erasure
from hmc_portal.private_files import private_files
from tests.billing.factories import FeeScheduleFactory
from tests.events.mentoring_support import MentorFactory, SlotFactory
from tests.events.mentoring_support import booking as mentoring_booking
from tests.factories import PASSWORD, ReviewerFactory
from tests.security.world import _applicant, _preceptor

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)  # Email, Slug: CharField


def text_columns() -> list[tuple[str, str, bool]]:
    """(table, column, is_json) of every text column of every concrete model."""
    columns = []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        for field in opts.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                columns.append((opts.db_table, field.column, isinstance(field, models.JSONField)))
    return columns


def where_found(values: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, value) for each old value still found anywhere, case-insensitively."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column, is_json in text_columns():
            expression = f"{quote(column)}::text" if is_json else quote(column)
            for value in values:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE {expression} ILIKE %s LIMIT 1",  # noqa: S608 - names from the models
                    [f"%{value}%"],
                )
                if cursor.fetchone():
                    found.append((table, column, value))
    return found


def stored_files() -> set[str]:
    """Every file name held in a FileField of any row."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names |= {
                    name
                    for name in model._default_manager.exclude(**{field.name: ""}).values_list(
                        field.name, flat=True
                    )
                    if name
                }
    return names


def personal_values(person) -> list[str]:
    """The applicant's distinctive personal values, as the tables held them."""
    user = person.user
    profile = ApplicantProfile.objects.get(user=user)
    application = Application.objects.get(applicant=user)
    visa = person.objects["visa_letter_request"]
    values = [
        user.email,
        user.first_name,
        user.last_name,
        profile.phone,
        type(visa).objects.get(pk=visa.pk).passport_number,
        visa.passport_name,
        application.personal_statement,
        application.career_goals,
        profile.clinical_experience,
        type(person.objects["rotation_feedback"])
        .objects.get(pk=person.objects["rotation_feedback"].pk)
        .comments,
        type(person.objects["support_request"])
        .objects.get(pk=person.objects["support_request"].pk)
        .message,
        *MentoringBooking.objects.filter(applicant=user).values_list("agenda", flat=True),
    ]
    return sorted({value for value in values if value and len(value) >= 6})


def make_distinctive(person, word: str) -> None:
    """Free text no other row could hold by chance."""
    user = person.user
    ApplicantProfile.objects.filter(user=user).update(
        phone=f"+52 55 {word} 4321",
        clinical_experience=f"Ward rounds {word} at Hospital Ángeles",
    )
    Application.objects.filter(applicant=user).update(
        personal_statement=f"Statement {word}: I want to learn how US teams care for patients.",
        career_goals=f"Goals {word}: internal medicine residency.",
    )
    type(person.objects["rotation_feedback"]).objects.filter(
        pk=person.objects["rotation_feedback"].pk
    ).update(comments=f"Generous teaching {word}.")
    support = person.objects["support_request"]
    type(support).objects.filter(pk=support.pk).update(message=f"A SIM card {word} on landing?")
    visa = person.objects["visa_letter_request"]
    type(visa).objects.filter(pk=visa.pk).update(passport_number=f"G{word}")
    mentor = MentorFactory(user=_preceptor(f"Mentor{word}").user)
    mentoring_booking(
        slot=SlotFactory(mentor=mentor, starts_at=timezone.now() + timezone.timedelta(days=3)),
        user=user,
        agenda=f"My statement draft {word}",
    )


@contextlib.contextmanager
def no_blockers():
    """This test is about what an erasure leaves, not whether it may run now: the
    applicant's placement would be an enrolment in progress."""
    saved = dict(erasure_blockers._checks)
    erasure_blockers._checks.clear()
    try:
        yield
    finally:
        erasure_blockers._checks.update(saved)


def invoice_totals(user) -> list[tuple[str, int, int]]:
    return [
        (
            invoice.number,
            invoice.total,
            sum(Payment.objects.filter(invoice=invoice).values_list("amount", flat=True)),
        )
        for invoice in Invoice.objects.filter(application__applicant=user).order_by("number")
    ]


def test_after_erasure_no_personal_value_and_no_file_remains(
    django_capture_on_commit_callbacks,
):
    reviewer = ReviewerFactory()
    schedule = FeeScheduleFactory(valid_from=timezone.localdate())
    control = _applicant("Keepme", reviewer, _preceptor("Kept").objects["rotation"], schedule)
    make_distinctive(control, "KEEPW7")
    control_files = stored_files()
    target = _applicant("Eraseme", reviewer, _preceptor("Gone").objects["rotation"], schedule)
    make_distinctive(target, "GONEQ9")
    target_files = stored_files() - control_files
    old_values = personal_values(target)
    control_values = personal_values(control)
    totals_before = invoice_totals(target.user)
    assert target_files, "the applicant has stored files to erase"
    assert totals_before, "the applicant has invoices"
    # The search finds what is there (a test of the test).
    assert {value for _t, _c, value in where_found(old_values)} == set(old_values)

    with no_blockers():
        erasure = request_erasure(user=target.user, password=PASSWORD)
        with django_capture_on_commit_callbacks(execute=True):
            assert erase_due_accounts(now=erasure.erase_after) == 1

    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE
    left = where_found(old_values)
    remaining = sorted(name for name in target_files if private_files.exists(name))
    report = "\n".join(
        [
            "personal values left after erasure:",
            *(f"  {table}.{column}: {value!r}" for table, column, value in left),
            "files left in storage:",
            *(f"  {name}" for name in remaining),
        ]
    )
    assert (left, remaining) == ([], []), report
    assert invoice_totals(target.user) == totals_before
    # Nobody else was touched.
    assert {value for _t, _c, value in where_found(control_values)} == set(control_values)
    assert all(private_files.exists(name) for name in control_files)
