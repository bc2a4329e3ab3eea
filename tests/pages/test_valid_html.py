"""Every page of the journeys is valid HTML: the Nu HTML Checker (vnu-jar, the W3C's
validator, installed by `make test` from package.json) reports no error on any of them.

Each journey below arranges its people and objects, then fetches its pages with the Django
test client as the right person; the pages are written to a folder and checked by ONE run
of the checker (one JVM start for all). Errors are listed by page and line.

To check a new page, add it to a journey (or add a journey with @journey): a page that does
not answer with the status its journey expects fails the test, so a redirect is never
checked in place of the page. Admin pages are Django's own and not checked here.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from billing import services as billing_services
from hmc_portal.issuance.services import revoke_document
from hmc_portal.privacy import services as privacy_services
from hmc_portal.privacy.models import DataExport
from hmc_portal.urls import urlpatterns as site_urlpatterns
from hmc_portal.users.tokens import make_verification_token
from preceptors.letters.links import make_letter_token
from rotations.aftercare.links import make_attendance_token
from rotations.links import make_request_token
from tests.billing.factories import (
    FeeBlockPriceFactory,
    FeeDiscountFactory,
    FeeScheduleFactory,
)
from tests.billing.support import an_invoice
from tests.events.mentoring_support import SlotFactory as MentoringSlotFactory
from tests.events.mentoring_support import applicant as mentoring_applicant
from tests.events.mentoring_support import booking as mentoring_booking
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CompleteApplicantFactory,
    CoordinatorFactory,
    InterviewFactory,
    InterviewSlotFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
    next_monday,
)
from tests.preceptors.letters_support import ask, finished_block, written
from tests.rotations.attendance_support import attend, evaluate
from tests.rotations.attendance_support import block as aftercare_block
from tests.support.issuance import issue_sample
from tests.support.otp import OTPClient, code_for, totp_device

pytestmark = pytest.mark.django_db

JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# --- The error pages, reached the way a visitor reaches them -----------------------------------
# This module is the URLconf of the test (pytest.mark.urls below): the site's own patterns and
# error handlers, and two views that raise what makes Django answer 400 and 403.


def _bad_request(request):
    raise SuspiciousOperation("A request the site refuses.")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-only/bad-request/", _bad_request),
    path("test-only/forbidden/", _forbidden),
    *site_urlpatterns,
]
handler400 = "hmc_portal.pages.views.bad_request"
handler403 = "hmc_portal.pages.views.permission_denied"
handler404 = "hmc_portal.pages.views.page_not_found"
handler500 = "hmc_portal.pages.views.server_error"


# --- Journeys ---------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    html: str


@dataclass
class Visit:
    """Fetches pages as one person, each expected to answer with its status."""

    client: Client
    pages: list[Page]
    journey: str

    def get(self, url: str, *, name: str = "", status: int = 200, follow: bool = False):
        return self._keep(name or url, self.client.get(url, follow=follow), status)

    def post(self, url: str, data: dict, *, name: str = "", status: int = 400):
        return self._keep(name or f"POST {url}", self.client.post(url, data), status)

    def _keep(self, name: str, response, status: int):
        label = f"{self.journey}: {name}"
        assert response.status_code == status, (label, response.status_code, status)
        assert response["Content-Type"].startswith("text/html"), label
        self.pages.append(Page(label, response.content.decode()))
        return response


JOURNEYS: list[Callable[[Callable[..., Visit]], None]] = []


def journey(function: Callable[[Callable[..., Visit]], None]):
    """Register a journey: a function given `visit(user=None)`, which returns a Visit as that
    person (anonymous without one)."""
    JOURNEYS.append(function)
    return function


@journey
def public(visit):
    rotation = RotationFactory()
    PreceptorFactory()
    anyone = visit()
    for url in (
        "/",
        "/faq/",
        "/rotations/",
        f"/rotations/{rotation.pk}/",
        "/preceptors/",
        "/accounts/signup/",
        "/accounts/signup/done/",
        "/accounts/login/",
        "/accounts/password-reset/",
        "/accounts/password-reset/done/",
        "/accounts/password-reset/complete/",
        "/accounts/verify/resend/",
        "/accounts/verify/resend/done/",
        "/accounts/verify/not-a-real-link/",
    ):
        anyone.get(url)
    anyone.post(
        "/accounts/signup/", {"email": "not an address"}, name="sign-up refused", status=200
    )
    anyone.post("/accounts/login/", {"username": "x@example.com", "password": "no"}, status=200)


@journey
def checking_an_issued_document(visit):
    valid = issue_sample(owner=UserFactory())
    revoked = issue_sample(owner=UserFactory())
    revoke_document(document=revoked, by=None, reason="Replaced by a corrected letter.")
    anyone = visit()
    anyone.get("/verify/", name="verify form")
    anyone.get("/verify/?code=K7QF", name="verify form refused", status=400)
    anyone.get(f"/verify/{valid.grouped_code}/", name="verify: valid")
    anyone.get(f"/verify/{revoked.grouped_code}/", name="verify: revoked")
    anyone.get("/verify/K7QF-9M2X-4HTB-WZ3N-8CPE/", name="verify: unknown", status=404)


@journey
def links_from_emails(visit):
    user = UserFactory(email_verified_at=None)
    token = make_verification_token(user_id=user.pk, email=user.email)
    visit().get(f"/accounts/verify/{token}/", name="verify email link")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset = default_token_generator.make_token(user)
    visit().get(f"/accounts/password-reset/{uid}/{reset}/", name="password reset link", follow=True)


@journey
def a_draft(visit):
    applicant = visit(UserFactory())
    applicant.get("/dashboard/", name="dashboard before applying")
    applicant.client.post("/apply/")  # "Start my application"
    for step in ("personal", "background", "interests"):
        applicant.get(f"/apply/{step}/")
    applicant.get("/apply/documents/")
    applicant.get("/apply/review/", name="review with parts missing")
    applicant.post("/apply/personal/", {"first_name": "", "continue": "1"}, name="step refused")
    applicant.get("/accounts/profile/")
    applicant.get("/accounts/password-change/")
    applicant.get("/accounts/password-change/done/")

    complete = CompleteApplicantFactory()
    document = complete.applications.get().documents.first()
    whole = visit(complete)
    whole.get("/apply/review/", name="review, complete")
    whole.get("/apply/documents/", name="documents, complete")
    whole.get("/dashboard/", name="dashboard of a draft")
    whole.get("/dashboard/withdraw/", name="withdraw a draft")
    for action in ("replace", "delete"):
        response = whole.client.get(f"/documents/{document.pk}/{action}/")
        if response.status_code == 200:  # pages of their own; else the documents step acts
            whole._keep(f"document {action}", response, 200)


@journey
def after_submitting(visit):
    for stage in (
        "submitted",
        "interview booked",
        "slots offered",
        "offer",
        "confirmed",
        "enrolled",
    ):
        status = {
            "interview booked": "interview",
            "slots offered": "interview",
            "offer": "accepted",
        }.get(stage, stage)
        application = ApplicationFactory(applicant=UserFactory(), status=status)
        applicant = visit(application.applicant)
        if stage == "interview booked":
            InterviewFactory(application=application)
        elif stage == "slots offered":
            slot = InterviewSlotFactory(application=application)
        elif stage == "offer":
            type(application).objects.filter(pk=application.pk).update(
                offer_expires_at=timezone.now() + datetime.timedelta(days=5)
            )
        elif stage in ("confirmed", "enrolled"):
            request = RotationRequestFactory(
                application=application,
                status="confirmed" if stage == "enrolled" else "requested",
            )
            RotationFactory()  # one more to choose
        applicant.get("/dashboard/", name=f"dashboard, {stage}")
        if stage != "enrolled":  # an enrolled observer no longer withdraws here
            applicant.get("/dashboard/withdraw/", name=f"withdraw, {stage}")
        if stage == "slots offered":
            applicant.get(
                f"/dashboard/interview/pick/?slot={slot.pk}", name="confirm an interview time"
            )
            applicant.get("/dashboard/interview/another-time/", name="request another time")
        if stage == "offer":
            applicant.get("/dashboard/offer/decline/", name="decline the offer")
        if stage in ("confirmed", "enrolled"):
            applicant.get("/dashboard/rotations/", name=f"rotation choice, {stage}")
            if stage == "confirmed":
                added = applicant.client.post(
                    "/dashboard/rotations/?all=1",
                    {
                        "action": "add",
                        "rotation": RotationFactory(
                            start_date=timezone.localdate() + datetime.timedelta(weeks=12)
                        ).pk,
                    },
                )
                assert added.status_code == 302, added.status_code
                applicant.get("/dashboard/rotations/?all=1", name="a plan on its timeline")
                applicant.get(
                    f"/dashboard/rotations/{request.pk}/cancel/", name="cancel a rotation"
                )


@journey
def a_preceptor(visit):
    preceptor = PreceptorFactory()
    waiting = RotationRequestFactory(rotation=RotationFactory(preceptor=preceptor))
    RotationRequestFactory(
        rotation=RotationFactory(preceptor=preceptor, start_date=next_monday(8)), status="confirmed"
    )
    own = visit(preceptor.user)
    own.get("/preceptor/", name="portal")
    for weeks in range(12, 12 + settings.PRECEPTOR_PORTAL_PER_PAGE):
        RotationRequestFactory(
            rotation=RotationFactory(preceptor=preceptor, start_date=next_monday(weeks))
        )
    own.get("/preceptor/?pending=2", name="portal, a section's second page")
    own.get(f"/preceptor/requests/{waiting.pk}/", name="request")
    own.get("/preceptor/profile/", name="profile")
    own.post("/preceptor/profile/", {"title": ""}, name="profile refused")
    own.post(f"/preceptor/requests/{waiting.pk}/decline/", {"reason": ""}, name="decline refused")
    token = make_request_token(rotation_request=waiting)
    visit().get(f"/preceptor/respond/{token}/", name="one-click answer")


@journey
def letters_of_recommendation(visit):
    block = finished_block()
    waiting = ask(block)
    done = written(
        finished_block(application=block.application),
        specialty="Pediatrics",
        eras_letter_id="P3D1ATR1C5",
    )
    applicant = visit(block.application.applicant)
    applicant.get("/dashboard/letters/", name="the applicant's letters")
    applicant.post(
        "/dashboard/letters/",
        {"block": block.pk, "eras_letter_id": "12"},
        name="a request refused",
    )
    own = visit(waiting.preceptor.user)
    own.get("/preceptor/letters/", name="letters to write")
    own.get(f"/preceptor/letters/{waiting.pk}/", name="a letter request")
    own.post(
        f"/preceptor/letters/{waiting.pk}/decline/",
        {"message": "x" * 1001},
        name="decline refused",
    )
    writer = visit(done.preceptor.user)
    writer.get(f"/preceptor/letters/{done.pk}/", name="a written letter with the ERAS steps")
    writer.get(f"/preceptor/letters/{done.pk}/write/", name="the letter form")
    writer.post(
        f"/preceptor/letters/{done.pk}/write/",
        {"body": "Dear Program Director,\n\nEdited.", "preview": "1"},
        name="the letter's preview",
        status=200,
    )
    token = make_letter_token(letter_request=waiting)
    visit().get(f"/preceptor/letters/respond/{token}/", name="the one-time link")
    visit().post(
        f"/preceptor/letters/respond/{token}/", {"accept": "1"}, name="accepted", status=200
    )
    visit().get(f"/preceptor/letters/respond/{token}/", name="a used link", status=410)


@journey
def events_register_and_cancel(visit):
    from events.services.events import register_for_event
    from tests.events.factories import EventFactory

    online = EventFactory(capacity=1)
    online.speakers.create(name="Dr. Ana Ruiz", title="Program director", affiliation="UTHealth")
    EventFactory(
        title="Program directors evening",
        kind="networking_directors",
        format="in_person",
        venue="Medical Center auditorium",
        address="6400 Fannin St, Houston, TX",
        join_url="",
    )
    EventFactory(
        title="Past seminar",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-1),
    )
    visit().get("/events/", name="events, anonymous")
    visit().get(f"/events/{online.pk}/", name="an event, anonymous")
    application = ApplicationFactory(status="submitted")
    own = visit(application.applicant)
    own.get("/events/?kind=match_info&format=online", name="events filtered")
    own.get(f"/events/{online.pk}/", name="an event, register")
    register_for_event(event=online, user=application.applicant)
    own.get(f"/events/{online.pk}/", name="an event, registered")
    own.get("/dashboard/", name="dashboard with an event")
    waiting = UserFactory()
    register_for_event(event=online, user=waiting)
    visit(waiting).get(f"/events/{online.pk}/", name="an event, on the waiting list")


@journey
def after_the_rotation(visit):
    from applications.services import transition_application
    from rotations.aftercare.feedback_services import give_feedback
    from tests.rotations.aftercare_support import answers, completed_blocks, responses_for

    application, (first, second) = completed_blocks()
    own = visit(application.applicant)
    own.get("/dashboard/", name="dashboard, blocks awaiting feedback")
    own.get(f"/dashboard/feedback/{first.pk}/", name="feedback form")
    own.post(f"/dashboard/feedback/{first.pk}/", {"teaching": "9"}, name="feedback refused")
    give_feedback(rotation_request=second, answers=answers(), by=application.applicant)
    own.get(f"/dashboard/feedback/{second.pk}/", name="feedback given")
    transition_application(application=application, to="completed", by=CoordinatorFactory())
    own.get("/dashboard/", name="dashboard, the certificate")
    few, many = PreceptorFactory(), PreceptorFactory()
    responses_for(few, 2)
    responses_for(many, 3, comments="Clear & kind <teaching>.")
    visit(few.user).get("/preceptor/", name="portal, feedback hidden below three")
    visit(many.user).get("/preceptor/", name="portal, feedback averages")


@journey
def a_preceptors_observers_after_their_first_day(visit):
    preceptor = PreceptorFactory()
    ended = aftercare_block(weeks_ago=6, preceptor=preceptor)
    done = aftercare_block(weeks_ago=7, preceptor=preceptor)
    attend(done, missed_days=[done.rotation.start_date])
    evaluate(done)
    upcoming = aftercare_block(weeks_ago=-1, preceptor=preceptor)
    own = visit(preceptor.user)
    own.get("/preceptor/", name="portal with observers to evaluate")
    own.get("/preceptor/evaluations/", name="attendance and evaluations")
    own.get(f"/preceptor/evaluations/{ended.pk}/attendance/", name="attendance")
    own.post(
        f"/preceptor/evaluations/{ended.pk}/attendance/",
        {"missed_days": ["2001-01-01"]},
        name="attendance refused",
    )
    own.get(f"/preceptor/evaluations/{upcoming.pk}/attendance/", name="attendance not started")
    own.get(f"/preceptor/evaluations/{ended.pk}/final/", name="final evaluation")
    own.post(
        f"/preceptor/evaluations/{ended.pk}/final/", {"strengths": ""}, name="evaluation refused"
    )
    own.get(f"/preceptor/evaluations/{done.pk}/final/", name="evaluation submitted")
    own.get(f"/preceptor/evaluations/{upcoming.pk}/final/", name="evaluation not open")
    token = make_attendance_token(rotation_request=ended)
    visit().get(f"/preceptor/attendance/{token}/", name="one-click attendance")
    visit().get("/preceptor/attendance/nonsense/", name="attendance link refused", status=404)
    visit(done.application.applicant).get("/dashboard/", name="dashboard with attendance")


@journey
def the_second_factor(visit):
    new = StaffFactory()
    setup = visit(new, second_factor=False)
    setup.get("/accounts/two-factor/setup/", name="set up")
    device = totp_device(new, confirmed=False)
    setup.post(
        "/accounts/two-factor/setup/",
        {"code": code_for(device)},
        name="recovery codes shown once",
        status=200,
    )
    enrolled = StaffFactory()
    totp_device(enrolled)
    asked = visit(enrolled, second_factor=False)
    asked.get("/accounts/two-factor/verify/", name="code")
    asked.get("/accounts/two-factor/recovery/", name="recovery code")
    asked.post("/accounts/two-factor/verify/", {"code": "12"}, name="code refused", status=200)


@journey
def the_fees(visit):
    anyone = visit()
    anyone.get("/pricing/", name="pricing, nothing published")
    rotation = RotationFactory()
    schedule = FeeScheduleFactory(
        valid_from=datetime.date(2026, 1, 1), application_fee=10000, deposit=50000
    )
    FeeBlockPriceFactory(schedule=schedule, specialty=rotation.specialty, site=None)
    FeeDiscountFactory(schedule=schedule, from_block=2, value=10)
    FeeScheduleFactory(valid_from=datetime.date.today() + datetime.timedelta(days=60))
    anyone.get("/pricing/", name="pricing, in force and next")
    application = ApplicationFactory(status="confirmed")
    applicant = visit(application.applicant)
    applicant.client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    applicant.get("/dashboard/rotations/", name="rotation plan with its quote")


@journey
def your_data(visit):
    user = ApplicationFactory(status="completed").applicant
    owner = visit(user)
    owner.get("/dashboard/privacy/", name="your data, nothing asked yet")
    export = privacy_services.request_export(user=user)
    owner.get("/dashboard/privacy/", name="your data, a copy being prepared")
    privacy_services.build_export(export_id=export.pk)
    owner.get("/dashboard/privacy/", name="your data, a copy ready")
    DataExport.objects.filter(pk=export.pk).update(status="expired")
    owner.get(
        f"/dashboard/privacy/exports/{export.pk}/download/",
        name="your data, the copy expired",
        status=410,
    )


@journey
def payments(visit):
    before = visit(ApplicationFactory(status="accepted").applicant)
    before.get("/dashboard/payments/", name="payments before any invoice")
    invoice = an_invoice(total=60000)
    owner = visit(invoice.application.applicant)
    owner.get("/dashboard/payments/", name="payments, an open invoice")
    owner.get("/dashboard/", name="dashboard with the payments panel")
    billing_services.declare_wire(invoice=invoice, by=invoice.application.applicant)
    billing_services.record_payment(
        invoice=invoice,
        provider="manual",
        amount=10000,
        currency="USD",
        reference="WIRE-HTML",
        received_on=datetime.date.today(),
    )
    owner.get("/dashboard/payments/", name="payments, a wire declared and a receipt")
    owner.get("/dashboard/withdraw/", name="withdraw, with what comes back")
    owner.get("/dashboard/payments/refunds/", name="refunds, none yet, the visa letter form")
    owner.post(
        "/dashboard/payments/refunds/visa-refusal/",
        {"choice": "refund"},
        name="visa letter refused",
        status=400,
    )
    (refund,) = billing_services.propose_refunds(
        application=invoice.application, reason="visa_denied", by=None
    )
    billing_services.approve_refund(refund=refund, by=CoordinatorFactory())
    owner.get("/dashboard/payments/refunds/", name="refunds, one approved with its credit note")


@journey
def pay_by_card(visit):
    invoice = an_invoice(total=60000, schedule=FeeScheduleFactory(deposit=60000))
    owner = visit(invoice.application.applicant)
    with override_settings(STRIPE_SECRET_KEY="sk_test_html", STRIPE_WEBHOOK_SECRET="whsec_html"):
        owner.get("/dashboard/payments/", name="payments, with the card option")


@journey
def before_arrival(visit):
    from rotations.arrival.visa_services import approve_visa_letter_request, request_visa_letter
    from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory
    from tests.rotations.factories import HousingDistanceFactory, SupportRequestFactory
    from tests.rotations.visa_support import details, eligible_application, form_data

    waiting = RotationRequestFactory()  # the offer taken, the preceptor not answered yet
    visit(waiting.application.applicant).get(
        "/dashboard/support/", name="support, placement not confirmed"
    )
    application = eligible_application()
    first = application.rotation_requests.order_by("rotation__start_date").first().rotation
    tb_test = RequirementFactory(
        site=first.site,
        kind="tb_test",
        name="TB test",
        needs_test_date=True,
        valid_days_before_start=90,
    )
    EvidenceFactory(application=application, requirement=RequirementFactory(site=first.site))
    SupportRequestFactory(
        application=application,
        status="done",
        staff_reply="Take the 402 bus.",
        replied_at=timezone.now(),
    )
    HousingDistanceFactory(site=first.site)
    applicant = visit(application.applicant)
    applicant.get("/dashboard/", name="dashboard, enrolled, not yet cleared")
    applicant.get("/dashboard/support/", name="support, the visa letter form")
    applicant.get("/dashboard/support/?kind=housing", name="support, the housing form")
    applicant.post(
        "/dashboard/support/travel/",
        {"kind": "airport_pickup", "flight_number": ""},
        name="travel help refused",
    )
    applicant.post(
        "/dashboard/support/visa-letter/",
        form_data(passport_number="12"),
        name="visa letter refused",
    )
    applicant.get("/dashboard/compliance/", name="pre-arrival checklist")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    applicant.post(
        f"/dashboard/compliance/{tb_test.pk}/", {"test_date": future}, name="evidence refused"
    )
    visa_request = request_visa_letter(
        application=application, details=details(), by=application.applicant
    )
    approve_visa_letter_request(visa_request=visa_request, by=CoordinatorFactory())
    applicant.get("/dashboard/support/", name="support, the letter issued")
    visit(first.preceptor.user).get("/preceptor/", name="portal, an observer not yet cleared")


@journey
def mentoring(visit):
    slot = MentoringSlotFactory()
    taken = MentoringSlotFactory(
        mentor=slot.mentor, starts_at=slot.starts_at + datetime.timedelta(days=1)
    )
    session = mentoring_booking(slot=taken)
    noted = mentoring_booking(
        slot=MentoringSlotFactory(
            mentor=slot.mentor, starts_at=timezone.now() - datetime.timedelta(days=2)
        ),
        user=session.applicant,
        follow_up="Shorten the personal statement.",
    )
    applicant = visit(session.applicant)
    applicant.get("/events/mentoring/", name="mentors, times and sessions")
    applicant.post(
        f"/events/mentoring/slots/{slot.pk}/book/",
        {f"s{slot.pk}-agenda": "x" * 501},
        name="a booking refused",
    )
    visit(mentoring_applicant("interview")).get("/events/mentoring/", name="not open yet")
    mentor = visit(slot.mentor.user)
    mentor.get("/events/mentoring/times/", name="the mentor's times")
    mentor.post(
        "/events/mentoring/times/once/",
        {"once-day": "2001-01-01", "once-at": "09:00", "once-duration_minutes": "30"},
        name="a time refused",
    )
    mentor.post(
        f"/events/mentoring/sessions/{noted.pk}/note/",
        {f"n{noted.pk}-private_note": "", f"n{noted.pk}-follow_up": ""},
        name="an empty note refused",
    )


@journey
def deleting_an_account(visit):
    from hmc_portal.privacy.services.erasure import request_erasure
    from tests.privacy.support import blocker, blocks

    applicant = UserFactory()
    person = visit(applicant)
    person.get("/dashboard/privacy/", name="privacy, delete my account")
    person.post(
        "/dashboard/privacy/delete/",
        {"password": "not-it", "confirm": "on"},
        name="deletion refused: wrong password",
    )
    request_erasure(user=applicant, password=PASSWORD)
    person.get("/dashboard/privacy/", name="privacy, deletion scheduled")
    enrolled = UserFactory()
    with blocker(blocks(enrolled)):
        visit(enrolled).get("/dashboard/privacy/", name="privacy, deletion blocked")


@journey
def error_pages(visit):
    anyone = visit()
    anyone.get("/no-such-page/", name="404", status=404)
    anyone.get("/test-only/bad-request/", name="400", status=400)
    anyone.get("/test-only/forbidden/", name="403", status=403)
    guarded = Client(enforce_csrf_checks=True)
    response = guarded.post("/accounts/login/", {"username": "x", "password": "y"})
    Visit(guarded, anyone.pages, "error pages")._keep("403 (expired form)", response, 403)


# --- The checker --------------------------------------------------------------------------------


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`; a missing Java or jar fails the test and says what to run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is missing: the HTML check runs the Nu HTML Checker with it. Run `make test` "
            "(scripts/ensure-vnu.sh installs Debian's default-jre-headless) or install a Java."
        )
    if not JAR.exists():
        pytest.fail(
            f"The Nu HTML Checker is missing ({JAR.relative_to(settings.BASE_DIR)}). Run "
            "`make test` or `make vnu` (npm ci installs vnu-jar from package.json)."
        )
    return [java, "-Xss8m", "-jar", str(JAR)]


def check(pages: list[Page], folder: Path) -> list[str]:
    """The checker's errors over every page, each as "page, line N: message"."""
    files = {}
    for index, page in enumerate(pages):
        slug = re.sub(r"[^a-z0-9]+", "-", page.name.lower()).strip("-")[:60]
        file = folder / f"{index:03d}-{slug}.html"
        file.write_text(page.html, encoding="utf-8")
        files[file.resolve().as_uri().removeprefix("file://")] = page.name
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", *map(str, sorted(folder.iterdir()))],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu HTML Checker did not answer in JSON:\n{result.stderr[-2000:]}")
    errors = []
    for message in report["messages"]:
        where = files.get(message.get("url", "").removeprefix("file:"), message.get("url", "?"))
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{where}, line {line}: {message['message']}  [{extract}]")
    return errors


@pytest.mark.urls(__name__)
def test_every_page_of_the_journeys_is_valid_html(tmp_path):
    pages: list[Page] = []

    def visit(journey_name: str, user=None, **login) -> Visit:
        client = OTPClient()
        if user is not None:
            client.force_login(user, **login)
        return Visit(client, pages, journey_name)

    for run in JOURNEYS:
        run(partial(visit, run.__name__.replace("_", " ")))

    errors = check(pages, tmp_path)

    assert len(pages) >= 60, [page.name for page in pages]
    assert errors == [], f"{len(errors)} errors on {len(pages)} pages:\n" + "\n".join(errors)


def test_the_check_finds_an_error_and_names_its_page(tmp_path):
    """The control: an invalid page is caught, with its name and line."""
    page = Page(
        "control: a broken page",
        '<!doctype html><html lang="en"><head><title>x</title></head>\n<body><main>\n'
        '<time datetime="2026-12-07T14:30:00.123456+00:00">now</time>\n'
        '<button name="">Go</button></main></body></html>',
    )

    errors = check([page], tmp_path)

    assert len(errors) == 2, errors
    assert all(error.startswith("control: a broken page, line ") for error in errors)
    assert "line 3" in errors[0]
    assert "fraction of a second" in errors[0]
