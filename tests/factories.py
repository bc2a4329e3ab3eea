"""factory_boy factories: boring, predictable, one per model."""

import hashlib

import factory
from django.contrib.auth.models import Group
from django.utils import timezone as django_timezone

from applications.models import ApplicantProfile, Application, ApplicationSpecialty, Document
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from preceptors.models import Preceptor
from rotations.models import Site, Specialty

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
    country = "India"
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


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


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
