"""factory_boy factories: boring, predictable, one per model."""

import datetime
import hashlib

import factory
from django.contrib.auth.models import Group
from django.utils import timezone as django_timezone

from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationSpecialty,
    Document,
    Interview,
    InterviewSlot,
)
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from preceptors.models import Preceptor
from rotations.models import Site, Specialty
from tests.support.files import pdf_bytes

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    timezone = "UTC"
    email_verified_at = factory.LazyFunction(django_timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"staff{n}@hmc.test")


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    country = "IN"  # shown as India
    medical_school = "Maulana Azad Medical College"
    school_country = "India"
    graduation_year = 2022


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory)
    intake = "2027"
    career_goals = "Internal medicine residency in the United States."


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-").replace("/", "-"))
    summary = "Clinics and ward rounds."


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Hospital {n}")
    address = "6411 Fannin St, Houston, TX 77030"


class PreceptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preceptor
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    title = "MD"
    affiliation = "Baylor College of Medicine"
    bio = "Clinician-educator."

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    to_email = factory.Sequence(lambda n: f"to{n}@example.com")
    template = "test_message"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    context = factory.LazyFunction(lambda: {"headline": "Hello", "body": "A test message."})


MINIMAL_PDF = pdf_bytes()  # one blank page, made once


class DocumentFactory(factory.django.DjangoModelFactory):
    """A stored PDF; use the upload service in tests about uploading itself."""

    class Meta:
        model = Document

    application = factory.SubFactory(ApplicationFactory)
    kind = "transcript"
    file = factory.django.FileField(data=MINIMAL_PDF, filename="document.pdf")
    original_name = factory.LazyAttribute(lambda o: f"{o.kind}.pdf")
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = hashlib.sha256(MINIMAL_PDF).hexdigest()


class CompleteApplicantFactory(UserFactory):
    """A verified applicant whose draft has every answer and every required document."""

    @factory.post_generation
    def application(self, create, extracted, **kwargs):
        if not create:
            return
        ApplicantProfileFactory(
            user=self,
            phone="+91 98765 43210",
            degree="mbbs",
            ecfmg_status="in_progress",
            english_test="native",
        )
        application = ApplicationFactory(
            applicant=self,
            preferred_start=django_timezone.now().date().replace(day=1),
            career_goals="Internal medicine residency.",
            personal_statement="I want to learn how US teams care for patients.",
        )
        ApplicationSpecialty.objects.create(
            application=application, specialty=SpecialtyFactory(name="Internal Medicine"), rank=1
        )
        for kind in ("transcript", "diploma", "cv", "passport"):
            DocumentFactory(application=application, kind=kind)


# --- Interviews (issue 5) -----------------------------------------------------------------


class InterviewFactory(factory.django.DjangoModelFactory):
    """A scheduled interview three days ahead, written directly: tests about scheduling go
    through applications.services.schedule_interview."""

    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory, status="interview")
    starts_at = factory.LazyFunction(lambda: django_timezone.now() + datetime.timedelta(days=3))
    duration_minutes = 30
    meeting_url = "https://meet.example.com/hmc-interview"


class InterviewSlotFactory(factory.django.DjangoModelFactory):
    """An offered time two days ahead (tests about offering go through the service)."""

    class Meta:
        model = InterviewSlot

    application = factory.SubFactory(ApplicationFactory, status="interview")
    starts_at = factory.LazyFunction(lambda: django_timezone.now() + datetime.timedelta(days=2))
    duration_minutes = 30
    meeting_url = "https://meet.example.com/hmc-slot"


class ReviewerFactory(StaffFactory):
    """Staff in the Reviewer group (its permissions come from applications migration 0003)."""

    email = factory.Sequence(lambda n: f"reviewer{n}@hmc.test")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(Group.objects.filter(name__in=extracted or ["Reviewer"]))
            self.save()


class CoordinatorFactory(StaffFactory):
    """Staff in the Coordinator group: every staff status move, interviews."""

    email = factory.Sequence(lambda n: f"coordinator{n}@hmc.test")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(Group.objects.filter(name__in=extracted or ["Coordinator"]))
            self.save()


class ReviewableApplicationFactory(ApplicationFactory):
    """A submitted application as staff find it: a complete profile, one specialty, the
    personal statement written in the form and the four other required documents.
    `ReviewableApplicationFactory(documents="verified")` has them verified already; pass
    `status` for another point of the lifecycle."""

    class Meta:
        skip_postgeneration_save = True

    status = "submitted"
    submitted_at = factory.LazyFunction(django_timezone.now)
    preferred_start = factory.LazyFunction(lambda: django_timezone.now().date().replace(day=1))
    personal_statement = "I want to learn how US teams care for patients."

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if not create:
            return
        if not ApplicantProfile.objects.filter(user=self.applicant).exists():
            ApplicantProfileFactory(
                user=self.applicant,
                phone="+91 98765 43210",
                degree="mbbs",
                ecfmg_status="in_progress",
                english_test="native",
            )
        ApplicationSpecialty.objects.create(
            application=self, specialty=SpecialtyFactory(name="Internal Medicine"), rank=1
        )
        for kind in ("transcript", "diploma", "cv", "passport"):
            DocumentFactory(application=self, kind=kind, status=extracted or "pending")


# --- Rotations and placement (issue 6) -------------------------------------------------------


def next_monday(weeks_ahead: int = 4) -> datetime.date:
    """The Monday `weeks_ahead` weeks after this week's: far enough for a rotation to be open."""
    today = django_timezone.localdate()
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks_ahead)


def four_week_block(weeks_ahead: int, **kwargs):
    """A rotation of four weeks (Monday to the fourth Friday) starting `weeks_ahead` weeks
    after this week's Monday."""
    monday = next_monday(weeks_ahead)
    return RotationFactory(
        start_date=monday, end_date=monday + datetime.timedelta(days=25), **kwargs
    )


class RotationFactory(factory.django.DjangoModelFactory):
    """A published 4-week block (Monday to Friday) a month ahead, with two places."""

    class Meta:
        model = "rotations.Rotation"

    specialty = factory.SubFactory(SpecialtyFactory)
    preceptor = factory.SubFactory(PreceptorFactory)
    site = factory.SubFactory(SiteFactory)
    start_date = factory.LazyFunction(next_monday)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=25))
    capacity = 2
    published = True


class RotationRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for the preceptor, from an application whose offer was accepted.
    Tests about choosing go through rotations.services.choose_rotations."""

    class Meta:
        model = "rotations.RotationRequest"

    application = factory.SubFactory(ApplicationFactory, status="confirmed")
    rotation = factory.SubFactory(RotationFactory)
    rank = 1
