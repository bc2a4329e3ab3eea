"""Fuzz every form and query-string parameter of the site with hostile values: no answer is
a 500, and a refused request writes nothing.

Each case arranges the objects its page needs and logs in as the right person once, then
Hypothesis posts (or gets) many generated inputs through the Django test client against the
real database. An unhandled exception propagates out of the client and fails the example; a
500 rendered by a handler fails the status assertion."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from applications.forms.apply import BackgroundForm
from applications.models import (
    ApplicantProfile,
    Application,
    Document,
    Interview,
    InterviewSlot,
)
from billing import services as billing_services
from billing.admin import FeeScheduleAdminForm
from billing.models import (
    FeeBlockPrice,
    FeeDiscount,
    FeeSchedule,
    Invoice,
    Payment,
    Refund,
    VisaRefusal,
    WebhookEvent,
    WireDeclaration,
)
from events.models import MentoringBooking, MentoringSlot
from hmc_portal.audit.models import ActivityLog
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from preceptors.admin import PreceptorAdminForm
from preceptors.models import Preceptor
from rotations.admin.placement import RotationAdminForm
from rotations.aftercare.links import make_attendance_token
from rotations.arrival import visa_services
from rotations.arrival.forms import KIND_FIELDS
from rotations.links import make_request_token
from rotations.models import (
    SCORE_FIELDS,
    Attendance,
    Evaluation,
    HousingDistance,
    HousingOption,
    Rotation,
    RotationRequest,
    Site,
    Specialty,
    SupportRequest,
    VisaLetterRequest,
)
from tests.applications.interview_support import under_review, with_offer
from tests.billing.factories import FeeScheduleFactory
from tests.billing.support import an_invoice
from tests.events.mentoring_support import MentorFactory
from tests.events.mentoring_support import SlotFactory as MentoringSlotFactory
from tests.events.mentoring_support import booking as mentoring_booking
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    CompleteApplicantFactory,
    DocumentFactory,
    InterviewFactory,
    InterviewSlotFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    UserFactory,
)
from tests.rotations.attendance_support import block as aftercare_block
from tests.rotations.factories import (
    HousingDistanceFactory,
    SupportRequestFactory,
    placed_application,
)
from tests.rotations.visa_support import details as visa_details
from tests.rotations.visa_support import eligible_application
from tests.support.files import ELF, isolated_private_storage, pdf_bytes, png_bytes, stored_files
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db

# --- what a hostile visitor sends ---------------------------------------------------------------

SPECIALS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e",  # right-to-left override
    "\u202egnp.exe",
    "\u00b9",  # superscript one: isdigit() but not int()
    "\u00b2\u00b3",
    "\u0661\u0662",  # Arabic-Indic digits
    "\uff11",  # fullwidth one
    "9" * 5000,
    "9" * 20,
    "-1",
    "0",
    "1e309",
    "NaN",
    "0000-00-00",
    "99999-01-01",
    "2027-02-30",
    "2027-13-01",
    "00:00:60",
    "null",
    "[]",
    "{}",
    "true",
    "on",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\r\n",
    "\ufeff",
    "\U0001f3e5",
    "x" * 10_000,
    "Europe/Nowhere",
    "../../etc/passwd",
]

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
scalar = st.one_of(
    st.sampled_from(SPECIALS),
    text,
    st.integers().map(str),
    st.integers(min_value=2**62, max_value=2**70).map(str),
)
# A list gives a field several values (a choice field sent twice, a select-multiple).
value = st.one_of(scalar, st.lists(scalar, min_size=0, max_size=3))


def form_data(names, extra: dict | None = None, fixed: dict | None = None):
    """A dict of hostile values for `names` (each may be left out), plus fixed values."""
    fields = {name: st.one_of(st.none(), value) for name in names}
    for name, strategy in (extra or {}).items():
        fields[name] = strategy
    return st.fixed_dictionaries(fields).map(
        lambda d: {**{k: v for k, v in d.items() if v is not None}, **(fixed or {})}
    )


uploaded = st.builds(
    lambda name, content: SimpleUploadedFile(name, content, content_type="application/pdf"),
    # Any text before the extension: a name the test client itself can build (never "" or "..").
    st.one_of(
        st.sampled_from(["cv.pdf", "x" * 300 + ".pdf", "\u202efdp.exe", "a.png"]),
        text.map(lambda name: f"{name}.pdf"),
    ),
    st.sampled_from([b"", pdf_bytes(), png_bytes(), ELF, b"%PDF-1.7\n%%EOF", bytes(range(256))]),
)

# --- the cases ------------------------------------------------------------------------------------


@dataclass
class Case:
    url: str
    data: st.SearchStrategy
    method: str = "post"
    # What must be the same after a refused request (cheap: counts or one row's values).
    watch: Callable[[], object] = field(default=lambda: None)


def _rows(model, **filters) -> Callable[[], list]:
    return lambda: list(model.objects.filter(**filters).order_by("pk").values())


def _count(*models) -> Callable[[], list]:
    return lambda: [m.objects.count() for m in models]


def _applicant(client, **kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    ApplicantProfileFactory(user=application.applicant)
    client.force_login(application.applicant)
    return application


def _staff(client) -> User:
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _preceptor_request(client) -> RotationRequest:
    preceptor = PreceptorFactory()
    rotation_request = RotationRequestFactory(rotation=RotationFactory(preceptor=preceptor))
    ApplicantProfileFactory(user=rotation_request.application.applicant)
    client.force_login(preceptor.user)
    return rotation_request


def public_cases(client, tmp_path, settings):  # noqa: ARG001 - one signature for every group
    yield (
        "signup",
        Case(
            "/accounts/signup/",
            form_data(
                [
                    "first_name",
                    "last_name",
                    "email",
                    "password1",
                    "password2",
                    "timezone",
                    "language",
                ]
            ),
            watch=_count(User),
        ),
    )
    UserFactory(email="known@example.com")
    yield (
        "login",
        Case(
            "/accounts/login/",
            form_data(["username", "password", "next"]),
            watch=_count(User, ActivityLog),
        ),
    )
    yield (
        "password reset",
        Case("/accounts/password-reset/", form_data(["email"]), watch=_count(Notification)),
    )
    yield (
        "resend verification",
        Case("/accounts/verify/resend/", form_data(["email"]), watch=_count(Notification)),
    )
    yield "login next", Case("/accounts/login/", form_data(["next"]), method="get")
    yield (
        "catalogue filters",
        Case(
            "/rotations/",
            form_data(["specialty", "month", "site", "free", "page"]),
            method="get",
        ),
    )
    yield "availability", Case("/rotations/availability.json", form_data(["ids"]), method="get")
    yield (
        "directory filters",
        Case("/preceptors/", form_data(["specialty", "page", "q"]), method="get"),
    )
    yield "verify lookup", Case("/verify/", form_data(["code"]), method="get")
    # Stripe's webhook: any body with any signature header is refused without a signature
    # made with the webhook secret (tests/billing/test_stripe_webhook.py signs hostile ones).
    settings.STRIPE_WEBHOOK_SECRET = "whsec_fuzz_only"
    yield (
        "stripe webhook",
        Case(
            "/billing/stripe/webhook/",
            st.fixed_dictionaries(
                {
                    "body": st.one_of(
                        scalar,
                        st.dictionaries(text, value).map(json.dumps),
                        st.binary(max_size=200),
                    ),
                    "signature": st.one_of(
                        scalar, st.integers().map(lambda t: f"t={t},v1={'0' * 64}")
                    ),
                }
            ),
            method="raw",
            watch=_count(WebhookEvent, Payment),
        ),
    )


def applicant_cases(client, tmp_path, settings):
    draft = _applicant(client)
    profile = ApplicantProfile.objects.get(user=draft.applicant)
    watched_profile = _rows(ApplicantProfile, pk=profile.pk)
    yield (
        "profile",
        Case(
            "/accounts/profile/",
            form_data(["first_name", "last_name", "country", "phone", "timezone", "language"]),
            watch=_rows(User, pk=draft.applicant_id),
        ),
    )
    yield (
        "password change",
        Case(
            "/accounts/password-change/",
            form_data(["old_password", "new_password1", "new_password2"]),
            watch=_rows(User, pk=draft.applicant_id),
        ),
    )
    yield (
        "apply: personal",
        Case(
            "/apply/personal/",
            form_data(
                [
                    "first_name",
                    "last_name",
                    "country",
                    "city",
                    "phone",
                    "date_of_birth",
                    "timezone",
                    "date_of_birth_year",
                    "date_of_birth_month",
                    "date_of_birth_day",
                ]
            ),
            watch=watched_profile,
        ),
    )
    yield (
        "apply: background",
        Case(
            "/apply/background/",
            form_data(BackgroundForm.Meta.fields),
            watch=watched_profile,
        ),
    )
    yield (
        "apply: interests",
        Case(
            "/apply/interests/",
            form_data(
                [
                    "preferred_start",
                    "program_weeks",
                    "target_specialty",
                    "career_goals",
                    "personal_statement",
                    "specialties",
                ]
            ),
            watch=_rows(Application, pk=draft.pk),
        ),
    )
    yield (
        "apply: review",
        Case("/apply/review/", form_data(["declaration"]), watch=_rows(Application, pk=draft.pk)),
    )
    root = isolated_private_storage(tmp_path / "private", settings)
    document = DocumentFactory(application=draft, kind="cv")
    yield (
        "document upload",
        Case(
            "/apply/documents/",
            form_data(["kind"], extra={"file": st.one_of(st.none(), uploaded, value)}),
            watch=lambda: (_rows(Document)(), stored_files(root)),
        ),
    )
    yield (
        "document replace",
        Case(
            f"/documents/{document.pk}/replace/",
            form_data([], extra={"file": st.one_of(st.none(), uploaded, value)}),
            watch=lambda: (_rows(Document)(), stored_files(root)),
        ),
    )
    yield (
        "withdraw",
        Case("/dashboard/withdraw/", form_data(["reason"]), watch=_rows(Application, pk=draft.pk)),
    )


def offer_cases(client, tmp_path, settings):  # noqa: ARG001
    application = with_offer(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7))
    client.force_login(application.applicant)
    yield (
        "offer decline",
        Case(
            "/dashboard/offer/decline/",
            form_data(["reason"]),
            watch=_rows(Application, pk=application.pk),
        ),
    )
    yield (
        "offer accept",
        Case("/dashboard/offer/accept/", form_data(["reason", "accept"]), watch=lambda: None),
    )


def slot_cases(client, tmp_path, settings):  # noqa: ARG001
    application = under_review()
    slot = InterviewSlotFactory(application=application)
    client.force_login(application.applicant)
    yield (
        "slot pick",
        Case(
            "/dashboard/interview/pick/",
            form_data([], extra={"slot": st.one_of(value, st.just(str(slot.pk)))}),
            watch=_count(Interview),
        ),
    )


def visa_letter_cases(client, tmp_path, settings):  # noqa: ARG001
    """The applicant's request (an eligible applicant: hostile details must be refused with
    nothing stored) and the coordinator's "send back" asking for a reason."""
    application = eligible_application()
    client.force_login(application.applicant)
    requests = lambda: _rows(VisaLetterRequest)()  # noqa: E731
    yield (
        "visa letter request",
        Case(
            "/dashboard/support/visa-letter/",
            form_data(
                [
                    "passport_name",
                    "date_of_birth",
                    "nationality",
                    "passport_number",
                    "passport_expiry",
                    "consulate",
                    "interview_date",
                ]
            ),
            watch=requests,
        ),
    )
    waiting = visa_services.request_visa_letter(
        application=application, details=visa_details(), by=application.applicant
    )
    _staff(client)
    yield (
        "admin visa letter send back",
        Case(
            "/admin/rotations/visaletterrequest/",
            form_data(
                ["reason"],
                fixed={"action": "send_back", "_selected_action": str(waiting.pk), "apply": "1"},
            ),
            watch=requests,
        ),
    )


def placement_cases(client, tmp_path, settings):  # noqa: ARG001
    application = _applicant(client, status="confirmed")
    RotationFactory()
    chosen = RotationRequestFactory(application=application)
    yield (
        "rotation plan",
        Case(
            "/dashboard/rotations/",
            form_data(["action", "rotation", "all"]),
            watch=_count(RotationRequest),
        ),
    )
    for action in ("add", "up", "remove", "send"):
        yield (
            f"rotation plan {action}",
            Case(
                "/dashboard/rotations/",
                form_data(["rotation", "all"], fixed={"action": action}),
                watch=_count(RotationRequest),
            ),
        )
    yield "rotation show all", Case("/dashboard/rotations/", form_data(["all"]), method="get")
    yield (
        "rotation cancel",
        Case(
            f"/dashboard/rotations/{chosen.pk}/cancel/",
            form_data(["reason"]),
            watch=_rows(RotationRequest),
        ),
    )


def preceptor_cases(client, tmp_path, settings):  # noqa: ARG001
    rotation_request = _preceptor_request(client)
    watched = _rows(RotationRequest, pk=rotation_request.pk)
    yield (
        "preceptor confirm",
        Case(
            f"/preceptor/requests/{rotation_request.pk}/confirm/",
            form_data(["note"]),
            watch=watched,
        ),
    )
    yield (
        "preceptor decline",
        Case(
            f"/preceptor/requests/{rotation_request.pk}/decline/",
            form_data(["reason"]),
            watch=watched,
        ),
    )
    yield (
        "preceptor profile",
        Case(
            "/preceptor/profile/",
            form_data(["title", "affiliation", "bio", "specialties"]),
            watch=_rows(Preceptor),
        ),
    )
    token = make_request_token(rotation_request=rotation_request)
    yield (
        "one-click answer",
        Case(
            f"/preceptor/respond/{token}/",
            form_data(["decision", "reason", "answer"]),
            watch=watched,
        ),
    )


def aftercare_cases(client, tmp_path, settings):  # noqa: ARG001
    settings.ATTENDANCE_RECORDS_HOURS = True  # the hours field too
    ended = aftercare_block(weeks_ago=6)
    ApplicantProfileFactory(user=ended.application.applicant)
    client.force_login(ended.rotation.preceptor.user)
    watched = _count(Attendance, Evaluation)
    yield (
        "attendance",
        Case(
            f"/preceptor/evaluations/{ended.pk}/attendance/",
            form_data(["missed_days", "hours"]),
            watch=watched,
        ),
    )
    yield (
        "final evaluation",
        Case(
            f"/preceptor/evaluations/{ended.pk}/final/",
            form_data([*SCORE_FIELDS, "strengths", "areas_to_grow"]),
            watch=watched,
        ),
    )
    token = make_attendance_token(rotation_request=ended)
    yield (
        "one-click attendance",
        Case(f"/preceptor/attendance/{token}/", form_data(["confirm"]), watch=watched),
    )


def admin_form_cases(client, tmp_path, settings):  # noqa: ARG001
    _staff(client)
    rotation = RotationFactory()
    application = CompleteApplicantFactory().applications.first() or ApplicationFactory()
    submitted = under_review()
    document = DocumentFactory()
    interview = InterviewFactory()
    rotation_fields = RotationAdminForm.Meta.fields
    yield (
        "admin rotation add",
        Case("/admin/rotations/rotation/add/", form_data(rotation_fields), watch=_count(Rotation)),
    )
    yield (
        "admin rotation change",
        Case(
            f"/admin/rotations/rotation/{rotation.pk}/change/",
            form_data(rotation_fields, fixed={"_save": "Save"}),
            watch=_rows(Rotation, pk=rotation.pk),
        ),
    )
    yield (
        "admin rotation series",
        Case(
            "/admin/rotations/rotation/series/",
            form_data(
                [
                    "preceptor",
                    "specialty",
                    "site",
                    "first_day",
                    "last_day",
                    "capacity",
                    "reporting_time",
                    "published",
                ]
            ),
            watch=_count(Rotation),
        ),
    )
    yield (
        "admin series preselect",
        Case("/admin/rotations/rotation/series/", form_data(["preceptor"]), method="get"),
    )
    yield (
        "admin specialty and site",
        Case(
            "/admin/rotations/specialty/add/",
            form_data(["name", "slug", "active", "description"]),
            watch=_count(Specialty, Site),
        ),
    )
    yield (
        "admin offer slots",
        Case(
            "/admin/applications/interview/offer-slots/",
            form_data(
                [
                    "application",
                    "interviewer",
                    "duration_minutes",
                    "meeting_url",
                    "slots-TOTAL_FORMS",
                    "slots-INITIAL_FORMS",
                    "slots-0-starts_at_0",
                    "slots-0-starts_at_1",
                ]
            ),
            watch=_count(InterviewSlot),
        ),
    )
    yield (
        "admin offer slots preselect",
        Case(
            "/admin/applications/interview/offer-slots/", form_data(["application"]), method="get"
        ),
    )
    yield (
        "admin interview add",
        Case(
            "/admin/applications/interview/add/",
            form_data(
                [
                    "application",
                    "starts_at_0",
                    "starts_at_1",
                    "duration_minutes",
                    "meeting_url",
                    "interviewer",
                    "status",
                ]
            ),
            watch=_count(Interview),
        ),
    )
    yield (
        "admin interview outcome",
        Case(
            f"/admin/applications/interview/{interview.pk}/outcome/",
            form_data(["status", "recommendation", "outcome_notes", "notes"]),
            watch=_rows(Interview, pk=interview.pk),
        ),
    )
    yield (
        "admin interview cancel",
        Case(
            f"/admin/applications/interview/{interview.pk}/cancel/",
            form_data(["reason", "message"]),
            watch=_rows(Interview, pk=interview.pk),
        ),
    )
    yield (
        "admin application move",
        Case(
            f"/admin/applications/application/{submitted.pk}/move/rejected/",
            form_data(["message", "note", "next"]),
            watch=_rows(Application, pk=submitted.pk),
        ),
    )
    yield (
        "admin application note",
        Case(
            f"/admin/applications/application/{application.pk}/notes/",
            form_data(["text", "body", "next"]),
            watch=_count(ActivityLog),
        ),
    )
    yield (
        "admin document reject",
        Case(
            f"/admin/applications/document/{document.pk}/reject/",
            form_data(["reason", "next"]),
            watch=_rows(Document, pk=document.pk),
        ),
    )
    yield (
        "admin preceptor change",
        Case(
            f"/admin/preceptors/preceptor/{rotation.preceptor_id}/change/",
            form_data(PreceptorAdminForm.Meta.fields),
            watch=_rows(Preceptor, pk=rotation.preceptor_id),
        ),
    )
    yield (
        "admin user change",
        Case(
            f"/admin/users/user/{application.applicant_id}/change/",
            form_data(
                [
                    "email",
                    "first_name",
                    "last_name",
                    "timezone",
                    "language",
                    "is_active",
                    "is_staff",
                    "groups",
                    "password",
                ]
            ),
            watch=_rows(User, pk=application.applicant_id),
        ),
    )
    isolated_private_storage(tmp_path / "private", settings)
    issued = issue_sample(owner=application.applicant)
    yield (
        "admin issued document revoke",
        Case(
            "/admin/issuance/issueddocument/",
            form_data(
                ["reason", "post"],
                fixed={"action": "revoke_selected", "_selected_action": [str(issued.pk)]},
            ),
            watch=_rows(IssuedDocument, pk=issued.pk),
        ),
    )
    in_force = FeeScheduleFactory(valid_from=datetime.date(2026, 1, 1))
    schedule_fields = [
        *FeeScheduleAdminForm.Meta.fields,
        *(f"{prefix}-{name}" for prefix in ("block_prices", "discounts") for name in FORMSET),
        "block_prices-0-specialty",
        "block_prices-0-site",
        "block_prices-0-price",
        "discounts-0-basis",
        "discounts-0-from_block",
        "discounts-0-min_specialties",
        "discounts-0-kind",
        "discounts-0-value",
    ]
    yield (
        "admin fee schedule add",
        Case(
            "/admin/billing/feeschedule/add/",
            form_data(schedule_fields),
            watch=_count(FeeSchedule, FeeBlockPrice, FeeDiscount),
        ),
    )
    yield (
        "admin fee schedule in force",
        Case(
            f"/admin/billing/feeschedule/{in_force.pk}/change/",
            form_data(schedule_fields),
            watch=_rows(FeeSchedule, pk=in_force.pk),
        ),
    )
    yield (
        "admin fee schedule copy",
        Case(
            f"/admin/billing/feeschedule/{in_force.pk}/copy/",
            form_data(["valid_from", "name"]),
            watch=_count(FeeSchedule, FeeBlockPrice, FeeDiscount),
        ),
    )


# The management form of an admin inline.
FORMSET = ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]


CHANGELISTS = {
    "applications/application": ["status", "intake", "o", "q", "p", "e", "submitted_at__gte"],
    "applications/document": ["status", "kind", "content_type", "q", "o"],
    "applications/interview": ["status", "recommendation", "starts_at__gte", "q", "o"],
    "rotations/rotation": ["published__exact", "specialty__id__exact", "preceptor__id__exact"],
    "rotations/rotationrequest": ["status__exact", "rotation__specialty__id__exact", "q"],
    "rotations/visaletterrequest": ["state", "status__exact", "q", "o"],
    "rotations/replacementallowance": ["status__exact", "cause__exact", "q", "o"],
    "preceptors/preceptor": ["active__exact", "specialties__id__exact", "q", "o"],
    "notifications/notification": ["status__exact", "template__exact", "q", "o"],
    "audit/activitylog": ["verb", "created_at__gte", "q", "o"],
    "users/user": ["is_staff__exact", "group", "q", "o", "p"],
    "issuance/issueddocument": ["kind", "revoked", "issued_at__gte", "q", "o"],
    "billing/invoice": ["status__exact", "overdue", "intake", "kind__exact", "q", "o"],
    "billing/payment": ["provider__exact", "method__exact", "q", "o"],
    "billing/wiredeclaration": ["status__exact", "q", "o"],
    "billing/invoicecredit": ["invoice__application__intake", "rule__exact", "q", "o"],
    "rotations/supportrequest": ["status__exact", "kind__exact", "arrival_at__gte", "q", "o"],
    "rotations/housingoption": ["active__exact", "distances__site__id__exact", "q", "o"],
    "rotations/rotationfeedback": [
        "would_recommend__exact",
        "rotation_request__rotation__site__id__exact",
        "q",
        "o",
    ],
}


def admin_list_cases(client, tmp_path, settings):  # noqa: ARG001
    _staff(client)
    rotation_request = RotationRequestFactory()
    DocumentFactory()
    ids = st.sampled_from([str(rotation_request.pk), str(rotation_request.rotation_id)])
    everything = _count(
        Rotation, RotationRequest, Document, Notification, User, ActivityLog, IssuedDocument
    )
    published = lambda: list(Rotation.objects.values_list("pk", "published").order_by("pk"))  # noqa: E731
    for path, params in CHANGELISTS.items():
        yield f"changelist {path}", Case(f"/admin/{path}/", form_data(params), method="get")
        yield (
            f"action {path}",
            Case(
                f"/admin/{path}/",
                form_data(
                    ["index", "select_across", "post"],
                    extra={
                        "action": st.one_of(
                            value,
                            st.sampled_from(
                                [
                                    "delete_selected",
                                    "publish",
                                    "unpublish",
                                    "cancel_requests",
                                    "verify_selected",
                                    "send_again",
                                    "revoke_selected",
                                    "export_csv",
                                ]
                            ),
                        ),
                        "_selected_action": st.lists(
                            st.one_of(ids, scalar), min_size=1, max_size=3
                        ),
                    },
                ),
                watch=lambda: (everything(), published()),
            ),
        )
    yield (
        "admin autocomplete",
        Case(
            "/admin/autocomplete/",
            form_data(["term", "page"], fixed={}).map(
                lambda d: {
                    **d,
                    "app_label": "rotations",
                    "model_name": "rotation",
                    "field_name": "preceptor",
                }
            ),
            method="get",
        ),
    )


def billing_cases(client, tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    invoice = an_invoice(total=50000)
    applicant = invoice.application.applicant
    payment_fields = ["amount", "method", "reference", "received_on", "notes"]
    money = lambda: (_count(Payment, WireDeclaration)(), _rows(Invoice, pk=invoice.pk)())  # noqa: E731
    client.force_login(applicant)
    yield (
        "payments declare wire",
        Case(
            f"/dashboard/payments/invoices/{invoice.pk}/wire/",
            form_data(["reference"]),
            watch=money,
        ),
    )
    other = an_invoice(total=50000)
    declaration = billing_services.declare_wire(invoice=other, by=other.application.applicant)
    _staff(client)
    yield (
        "admin record payment",
        Case(
            f"/admin/billing/invoice/{invoice.pk}/record-payment/",
            form_data(payment_fields),
            watch=money,
        ),
    )
    yield (
        "admin wire confirm",
        Case(
            f"/admin/billing/wiredeclaration/{declaration.pk}/confirm/",
            form_data(payment_fields),
            watch=money,
        ),
    )
    yield (
        "admin release places",
        Case(
            f"/admin/billing/invoice/{invoice.pk}/release-places/",
            form_data(["post"]),
            watch=money,
        ),
    )

    # Refunds: the applicant's visa refusal letter; a coordinator's refund and rotation
    # actions that ask for a reason or a reference first.
    paid = an_invoice(total=50000)
    billing_services.record_payment(
        invoice=paid,
        provider="manual",
        amount=50000,
        currency="USD",
        reference="FUZZ-REFUND",
        received_on=timezone.localdate(),
    )
    (refund,) = billing_services.propose_refunds(
        application=paid.application, reason="visa_denied", by=None
    )
    refunds = lambda: (_count(Refund, VisaRefusal)(), _rows(Refund, pk=refund.pk)())  # noqa: E731
    client.force_login(paid.application.applicant)
    yield (
        "visa refusal upload",
        Case(
            "/dashboard/payments/refunds/visa-refusal/",
            form_data(["choice"], extra={"file": st.one_of(st.none(), uploaded)}),
            watch=refunds,
        ),
    )
    _staff(client)
    for action, fields in (
        ("mark_paid", ["reference", "paid_on"]),
        ("reject_selected", ["reason"]),
    ):
        yield (
            f"admin refund {action}",
            Case(
                "/admin/billing/refund/",
                form_data(
                    fields,
                    fixed={"action": action, "_selected_action": str(refund.pk), "post": "yes"},
                ),
                watch=refunds,
            ),
        )
    rotation_request = RotationRequestFactory()
    yield (
        "admin rotation cancel",
        Case(
            "/admin/rotations/rotation/",
            form_data(
                ["reason"],
                fixed={
                    "action": "cancel_rotation",
                    "_selected_action": str(rotation_request.rotation_id),
                    "apply": "1",
                },
            ),
            watch=lambda: list(RotationRequest.objects.values_list("pk", "status")),
        ),
    )


SUPPORT_FIELDS = sorted({name for names in KIND_FIELDS.values() for name in names})
HOUSING_ADMIN_FIELDS = [
    "name",
    "area",
    "price_from",
    "price_to",
    "price_period",
    "link",
    "contact",
    "notes",
    "active",
    *(f"distances-{part}" for part in FORMSET),
    "distances-0-site",
    "distances-0-km",
    "distances-0-minutes_by_car",
]


def support_cases(client, tmp_path, settings):  # noqa: ARG001
    """Travel and housing help: the applicant's request (an applicant with a confirmed
    placement, so the form itself is reached) and staff's answer and housing list."""
    application = placed_application()
    ApplicantProfileFactory(user=application.applicant)
    client.force_login(application.applicant)
    asked = _count(SupportRequest)
    kinds = st.one_of(value, st.sampled_from(list(KIND_FIELDS)))
    yield (
        "travel help ask",
        Case(
            "/dashboard/support/travel/",
            form_data(SUPPORT_FIELDS, extra={"kind": kinds}),
            watch=asked,
        ),
    )
    for kind, names in KIND_FIELDS.items():
        yield (
            f"travel help ask {kind}",
            Case("/dashboard/support/travel/", form_data(names, fixed={"kind": kind}), watch=asked),
        )
    yield "travel help kind", Case("/dashboard/support/", form_data(["kind"]), method="get")
    _staff(client)
    support_request = SupportRequestFactory(application=application)
    HousingDistanceFactory()
    yield (
        "admin support request answer",
        Case(
            f"/admin/rotations/supportrequest/{support_request.pk}/change/",
            form_data(["status", "staff_reply"], fixed={"_save": "Save"}),
            watch=lambda: (_rows(SupportRequest)(), _count(Notification)()),
        ),
    )
    yield (
        "admin housing option add",
        Case(
            "/admin/rotations/housingoption/add/",
            form_data(HOUSING_ADMIN_FIELDS),
            watch=_count(HousingOption, HousingDistance),
        ),
    )


def compliance_cases(client, tmp_path, settings):
    """The pre-arrival checklist's upload (dates, amount, file) by a placed observer, and
    staff's "do not accept" with its reason. A refusal keeps no row and no stored file."""
    from rotations.models import ComplianceEvidence
    from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed

    root = isolated_private_storage(tmp_path / "compliance", settings)
    placement = placed(weeks_ahead=8)
    ApplicantProfileFactory(user=placement.application.applicant)
    requirement = RequirementFactory(
        site=placement.rotation.site,
        needs_test_date=True,
        needs_expiry=True,
        minimum_amount=100_000_00,
    )
    evidence = lambda: (_count(ComplianceEvidence)(), stored_files(root))  # noqa: E731
    client.force_login(placement.application.applicant)
    prefix = f"r{requirement.pk}-"
    yield (
        "compliance upload",
        Case(
            f"/dashboard/compliance/{requirement.pk}/",
            form_data(
                [f"{prefix}test_date", f"{prefix}expiry_date", f"{prefix}amount"],
                extra={f"{prefix}file": st.one_of(st.none(), uploaded)},
            ),
            watch=evidence,
        ),
    )
    pending = EvidenceFactory(
        application=placement.application, requirement=requirement, status="pending"
    )
    _staff(client)
    yield (
        "admin compliance reject",
        Case(
            "/admin/rotations/complianceevidence/",
            form_data(
                ["reason"],
                fixed={
                    "action": "reject_selected",
                    "_selected_action": str(pending.pk),
                    "post": "yes",
                },
            ),
            watch=_rows(ComplianceEvidence, pk=pending.pk),
        ),
    )


def letter_cases(client, tmp_path, settings):  # noqa: ARG001
    """Letters of recommendation: the applicant's request (a finished block: hostile input
    must be refused with nothing stored), and the preceptor's answers, letter form, upload
    and "uploaded to ERAS", and the one-time link. A refusal keeps no row and no file."""
    from preceptors.letters import services as letter_services
    from preceptors.letters.links import make_letter_token
    from preceptors.models import LetterRequest
    from tests.preceptors.letters_support import ask, finished_block

    root = isolated_private_storage(tmp_path / "letters", settings)
    block = finished_block()
    ApplicantProfileFactory(user=block.application.applicant)
    letters = lambda: (_rows(LetterRequest)(), stored_files(root))  # noqa: E731
    client.force_login(block.application.applicant)
    yield (
        "letter request",
        Case(
            "/dashboard/letters/",
            form_data(
                ["eras_letter_id", "specialty", "due_date", "waiver"],
                extra={"block": st.one_of(st.none(), value, st.just(str(block.pk)))},
            ),
            watch=letters,
        ),
    )
    waiting = ask(block)
    other = ask(block, eras_letter_id="Z9Y8X7W6V5", specialty="Pediatrics")
    letter_services.accept_letter_request(letter_request=other, by=other.preceptor.user)
    client.force_login(waiting.preceptor.user)
    yield (
        "letter decline",
        Case(
            f"/preceptor/letters/{waiting.pk}/decline/",
            form_data(["message"]),
            watch=letters,
        ),
    )
    yield (
        "letter write",
        Case(f"/preceptor/letters/{other.pk}/write/", form_data(["body", "contact", "save"])),
    )
    yield (
        "letter upload",
        Case(
            f"/preceptor/letters/{other.pk}/upload/",
            form_data([], extra={"file": st.one_of(st.none(), uploaded, value)}),
            watch=letters,
        ),
    )
    yield (
        "letter eras",
        Case(f"/preceptor/letters/{other.pk}/eras/", form_data(["done"]), watch=letters),
    )
    client.logout()
    token = make_letter_token(letter_request=waiting)
    yield (
        "letter one-time answer",
        Case(
            f"/preceptor/letters/respond/{token}/",
            form_data(["decline", "message", "accept"]),
            watch=letters,
        ),
    )


def feedback_cases(client, tmp_path, settings):  # noqa: ARG001
    """The observer's feedback on their ended block: a refusal stores nothing."""
    from rotations.models import RotationFeedback
    from tests.rotations.aftercare_support import completed_blocks

    application, (block, _second) = completed_blocks()
    client.force_login(application.applicant)
    yield (
        "feedback give",
        Case(
            f"/dashboard/feedback/{block.pk}/",
            form_data(
                ["teaching", "welcome", "exposure", "organisation", "comments"],
                extra={"would_recommend": st.one_of(value, st.sampled_from(["yes", "no"]))},
            ),
            watch=_count(RotationFeedback),
        ),
    )


def event_cases(client, tmp_path, settings):  # noqa: ARG001
    """The events pages and staff's event forms: a refusal writes nothing."""
    from events.models import Event, Registration
    from tests.events.factories import EventFactory

    open_event = EventFactory(capacity=1)
    enrolled_only = EventFactory(audience="enrolled")
    user = UserFactory()
    yield "event filters", Case("/events/", form_data(["kind", "format"]), method="get")
    yield (
        "event availability",
        Case("/events/availability.json", form_data(["ids"]), method="get"),
    )
    client.force_login(user)
    yield (
        "event register",
        Case(
            f"/events/{enrolled_only.pk}/register/",
            form_data(["csrfmiddlewaretoken", "event"]),
            watch=_count(Registration),
        ),
    )
    yield (
        "event cancel",
        Case(
            f"/events/{open_event.pk}/cancel/",
            form_data(["csrfmiddlewaretoken", "registration"]),
            watch=_rows(Registration, event=open_event),
        ),
    )
    _staff(client)
    event_fields = [
        "title",
        "kind",
        "description",
        "starts_at_0",
        "starts_at_1",
        "ends_at_0",
        "ends_at_1",
        "time_zone",
        "format",
        "join_url",
        "venue",
        "address",
        "capacity",
        "audience",
        "min_status",
        "registration_opens_at_0",
        "registration_opens_at_1",
        "published",
    ]
    inlines = {
        f"{prefix}-{name}": "0"
        for prefix in ("speakers", "registrations")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    yield (
        "admin event add",
        Case(
            "/admin/events/event/add/", form_data(event_fields, fixed=inlines), watch=_count(Event)
        ),
    )
    yield (
        "admin event change",
        Case(
            f"/admin/events/event/{open_event.pk}/change/",
            form_data(event_fields, fixed={**inlines, "_save": "Save"}),
            watch=_rows(Event, pk=open_event.pk),
        ),
    )
    yield (
        "admin event attendance import",
        Case(
            f"/admin/events/event/{open_event.pk}/attendance-import/",
            form_data(
                [],
                extra={
                    "file": st.one_of(
                        uploaded,
                        st.builds(
                            lambda content: SimpleUploadedFile("a.csv", content, "text/csv"),
                            st.one_of(st.binary(max_size=200), text.map(str.encode)),
                        ),
                    )
                },
            ),
            watch=_rows(Registration, event=open_event),
        ),
    )
    yield (
        "admin event message",
        Case(
            "/admin/events/event/",
            form_data(
                ["subject", "body"],
                fixed={
                    "action": "message_registrants",
                    "apply": "1",
                    "_selected_action": [str(open_event.pk)],
                },
            ),
            watch=_count(Notification),
        ),
    )


def mentoring_applicant_cases(client, tmp_path, settings):  # noqa: ARG001
    """An applicant whose offer is accepted books a mentoring time and cancels a session."""
    application = _applicant(client, status="confirmed")
    slot = MentoringSlotFactory()
    session = mentoring_booking(user=application.applicant)
    yield (
        "mentoring book",
        Case(
            f"/events/mentoring/slots/{slot.pk}/book/",
            form_data([f"s{slot.pk}-agenda"]),
            watch=_count(MentoringBooking, Notification),
        ),
    )
    yield (
        "mentoring cancel",
        Case(
            f"/events/mentoring/sessions/{session.pk}/cancel/",
            form_data([f"c{session.pk}-reason"]),
            watch=_rows(MentoringBooking, pk=session.pk),
        ),
    )


def mentoring_mentor_cases(client, tmp_path, settings):  # noqa: ARG001
    """A mentor publishes times (once, weekly), withdraws one, and writes a session's note."""
    mentor = MentorFactory()
    client.force_login(mentor.user)
    slot = MentoringSlotFactory(mentor=mentor)
    past = mentoring_booking(
        slot=MentoringSlotFactory(
            mentor=mentor, starts_at=timezone.now() - datetime.timedelta(hours=2)
        )
    )
    yield (
        "mentoring publish once",
        Case(
            "/events/mentoring/times/once/",
            form_data(
                ["once-day", "once-at", "once-duration_minutes", "once-online_url", "once-place"]
            ),
            watch=_count(MentoringSlot),
        ),
    )
    yield (
        "mentoring publish weekly",
        Case(
            "/events/mentoring/times/weekly/",
            form_data(
                [
                    "weekly-weekday",
                    "weekly-at",
                    "weekly-duration_minutes",
                    "weekly-first_day",
                    "weekly-last_day",
                    "weekly-online_url",
                    "weekly-place",
                ]
            ),
            watch=_count(MentoringSlot),
        ),
    )
    yield (
        "mentoring withdraw",
        Case(
            f"/events/mentoring/times/{slot.pk}/withdraw/",
            form_data([f"w{slot.pk}-reason"]),
            watch=_rows(MentoringSlot, pk=slot.pk),
        ),
    )
    yield (
        "mentoring note",
        Case(
            f"/events/mentoring/sessions/{past.pk}/note/",
            form_data([f"n{past.pk}-private_note", f"n{past.pk}-follow_up"]),
            watch=_rows(MentoringBooking, pk=past.pk),
        ),
    )


def privacy_cases(client, tmp_path, settings):  # noqa: ARG001
    """Deleting an account: the applicant's password form (a refusal schedules nothing) and
    staff's reason for erasing at once (a refusal erases nothing)."""
    from hmc_portal.privacy.models import ErasureRequest

    applicant = UserFactory()
    client.force_login(applicant)
    account = _rows(User, pk=applicant.pk)
    yield (
        "delete account",
        Case(
            "/dashboard/privacy/delete/",
            form_data(["password", "confirm"]),
            watch=lambda: (_count(ErasureRequest)(), account()),
        ),
    )
    yield "keep account", Case("/dashboard/privacy/delete/cancel/", form_data(["keep"]))
    _staff(client)
    yield (
        "admin erase account",
        Case(
            f"/admin/users/user/{applicant.pk}/erase/",
            form_data(["reason"]),
            watch=lambda: (_count(ErasureRequest)(), account()),
        ),
    )


GROUPS = {
    "privacy": privacy_cases,
    "events": event_cases,
    "visa letter": visa_letter_cases,
    "letters": letter_cases,
    "public": public_cases,
    "applicant": applicant_cases,
    "offer": offer_cases,
    "slot": slot_cases,
    "placement": placement_cases,
    "preceptor": preceptor_cases,
    "admin forms": admin_form_cases,
    "admin lists": admin_list_cases,
    "billing": billing_cases,
    "support": support_cases,
    "compliance": compliance_cases,
    "feedback": feedback_cases,
    "aftercare": aftercare_cases,
    "mentoring applicant": mentoring_applicant_cases,
    "mentoring mentor": mentoring_mentor_cases,
}


def _send(client, case: Case, data: dict):
    if case.method == "get":
        return client.get(case.url, data)
    if case.method == "raw":  # a raw JSON body and a header, as a webhook is sent
        return client.post(
            case.url,
            data=data["body"],
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=data["signature"],
        )
    return client.post(case.url, data)


def _refused(response) -> bool:
    """Did the page refuse the input: a 4xx, or a page showing a bound form with errors (the
    admin's and Django's auth views answer 200 so)? A refusal must have changed nothing."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200 or response.context is None:
        return False
    context = response.context
    forms = [context.get("form"), getattr(context.get("adminform"), "form", None)]
    forms.append(context.get("decline_form"))
    return any(form is not None and form.is_bound and form.errors for form in forms)


def _fuzz(client, name: str, case: Case) -> None:
    @given(data=case.data)
    def run(data):
        before = case.watch()
        response = _send(client, case, data)
        assert response.status_code < 500, (name, data)
        if case.method in ("post", "raw") and _refused(response):
            assert case.watch() == before, (name, data)

    run()


# Every case by name, for one test each (so the parallel runners share them out evenly).
CASE_NAMES = {
    "privacy": ["delete account", "keep account", "admin erase account"],
    "events": [
        "event filters",
        "event availability",
        "event register",
        "event cancel",
        "admin event add",
        "admin event change",
        "admin event attendance import",
        "admin event message",
    ],
    "visa letter": ["visa letter request", "admin visa letter send back"],
    "letters": [
        "letter request",
        "letter decline",
        "letter write",
        "letter upload",
        "letter eras",
        "letter one-time answer",
    ],
    "public": [
        "signup",
        "login",
        "password reset",
        "resend verification",
        "login next",
        "catalogue filters",
        "availability",
        "directory filters",
        "verify lookup",
        "stripe webhook",
    ],
    "applicant": [
        "profile",
        "password change",
        "apply: personal",
        "apply: background",
        "apply: interests",
        "apply: review",
        "document upload",
        "document replace",
        "withdraw",
    ],
    "offer": ["offer decline", "offer accept"],
    "slot": ["slot pick"],
    "placement": [
        "rotation plan",
        "rotation plan add",
        "rotation plan up",
        "rotation plan remove",
        "rotation plan send",
        "rotation show all",
        "rotation cancel",
    ],
    "preceptor": [
        "preceptor confirm",
        "preceptor decline",
        "preceptor profile",
        "one-click answer",
    ],
    "aftercare": ["attendance", "final evaluation", "one-click attendance"],
    "admin forms": [
        "admin rotation add",
        "admin rotation change",
        "admin rotation series",
        "admin series preselect",
        "admin specialty and site",
        "admin offer slots",
        "admin offer slots preselect",
        "admin interview add",
        "admin interview outcome",
        "admin interview cancel",
        "admin application move",
        "admin application note",
        "admin document reject",
        "admin preceptor change",
        "admin user change",
        "admin issued document revoke",
        "admin fee schedule add",
        "admin fee schedule in force",
        "admin fee schedule copy",
    ],
    "billing": [
        "payments declare wire",
        "admin record payment",
        "admin wire confirm",
        "admin release places",
        "visa refusal upload",
        "admin refund mark_paid",
        "admin refund reject_selected",
        "admin rotation cancel",
    ],
    "support": [
        "travel help ask",
        *(f"travel help ask {kind}" for kind in KIND_FIELDS),
        "travel help kind",
        "admin support request answer",
        "admin housing option add",
    ],
    "compliance": ["compliance upload", "admin compliance reject"],
    "feedback": ["feedback give"],
    "mentoring applicant": ["mentoring book", "mentoring cancel"],
    "mentoring mentor": [
        "mentoring publish once",
        "mentoring publish weekly",
        "mentoring withdraw",
        "mentoring note",
    ],
    "admin lists": [
        *(f"{kind} {path}" for path in CHANGELISTS for kind in ("changelist", "action")),
        "admin autocomplete",
    ],
}


@pytest.mark.parametrize(
    ("group", "name"), [(group, name) for group, names in CASE_NAMES.items() for name in names]
)
def test_no_form_or_query_answers_500_and_a_refusal_writes_nothing(
    client, tmp_path, settings, group, name
):
    cases = dict(GROUPS[group](client, tmp_path, settings))

    _fuzz(client, name, cases[name])


def test_every_case_is_fuzzed(client, tmp_path, settings):
    """CASE_NAMES lists every case the groups define, so none is left out by a typo."""
    for group, names in CASE_NAMES.items():
        assert [name for name, _ in GROUPS[group](client, tmp_path, settings)] == names


@given(token=scalar)
def test_hostile_tokens_in_paths_are_never_a_500(token):
    from django.test import Client

    client = Client()
    for template in (
        "/accounts/verify/{}/",
        "/preceptor/respond/{}/",
        "/preceptor/letters/respond/{}/",
        "/preceptor/attendance/{}/",
        "/accounts/password-reset/{}/set-password/",
        "/accounts/password-reset/MQ/{}/",
        "/rotations/{}/",
        "/events/{}/",
        "/apply/{}/",
        "/verify/{}/",
    ):
        response = client.get(template.format(quote(token, safe="")))
        assert response.status_code < 500, (template, token)


def test_the_fuzz_strategies_reach_the_cases_that_broke():
    """The values the fixed defects were found with stay among the generated ones."""
    assert {"\x00", "\u00b9", "9" * 5000, "0000-00-00", "99999-01-01", "\u202e"} <= set(SPECIALS)
