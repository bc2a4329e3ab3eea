"""Travel and housing help: the applicant's request (each kind, each refusal storing
nothing, who may ask) and staff's answer (status, reply, one email in the applicant's
language)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations.arrival.services import (
    SupportDetails,
    answer_support_request,
    request_support,
)
from rotations.enums import SupportKind, SupportStatus
from rotations.errors import SupportError
from rotations.models import SupportRequest
from tests.factories import (
    CoordinatorFactory,
    ReviewerFactory,
    RotationRequestFactory,
    SiteFactory,
    UserFactory,
)
from tests.rotations.factories import placed_application

pytestmark = pytest.mark.django_db

HOUSTON = zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)


def _in_days(days: int) -> datetime.date:
    return timezone.localdate(timezone=HOUSTON) + datetime.timedelta(days=days)


def _landing(days: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(_in_days(days), datetime.time(15, 40), tzinfo=HOUSTON)


def _housing(**changes) -> SupportDetails:
    values = {
        "housing_from": _in_days(10),
        "housing_to": _in_days(40),
        "budget_min": 80000,
        "budget_max": 120000,
        "room": "private",
    }
    return SupportDetails(**{**values, **changes})


VALID = {
    SupportKind.AIRPORT_PICKUP: SupportDetails(flight_number="ua 1234", arrival_at=_landing()),
    SupportKind.HOUSING: _housing(),
    SupportKind.TRANSPORT: SupportDetails(message="Is there a bus from Bellaire to the TMC?"),
    SupportKind.OTHER: SupportDetails(message="Where can I buy scrubs?"),
}


@pytest.mark.parametrize("kind", list(VALID))
def test_each_kind_is_stored_with_its_own_fields_and_logged(kind):
    application = placed_application()

    support_request = request_support(
        application=application, kind=kind, details=VALID[kind], by=application.applicant
    )

    stored = SupportRequest.objects.get()
    assert stored == support_request
    assert (stored.kind, stored.status) == (kind, SupportStatus.NEW)
    if kind == SupportKind.AIRPORT_PICKUP:
        assert (stored.flight_number, stored.arrival_at) == ("UA 1234", _landing())
    elif kind == SupportKind.HOUSING:
        assert (stored.housing_from, stored.housing_to) == (_in_days(10), _in_days(40))
        assert (stored.budget_min, stored.budget_max, stored.budget_currency) == (
            80000,
            120000,
            "USD",
        )
        assert stored.flight_number == ""
    else:
        assert stored.message == VALID[kind].message
        assert stored.arrival_at is None
    log = ActivityLog.objects.get(verb="rotations.supportrequest.requested")
    assert log.data == {"kind": kind}


def _site_elsewhere():
    return SiteFactory().pk


REFUSED = [
    (
        "arrival in the past",
        SupportKind.AIRPORT_PICKUP,
        SupportDetails(
            flight_number="UA 1234", arrival_at=timezone.now() - datetime.timedelta(hours=1)
        ),
        "The arrival time is in the past",
    ),
    (
        "no arrival time",
        SupportKind.AIRPORT_PICKUP,
        SupportDetails(flight_number="UA 1234"),
        "Enter the day and time your flight lands",
    ),
    (
        "not a flight number",
        SupportKind.AIRPORT_PICKUP,
        SupportDetails(flight_number="<script>", arrival_at=_landing()),
        "Enter your flight number",
    ),
    (
        "dates out of order",
        SupportKind.HOUSING,
        _housing(housing_from=_in_days(40), housing_to=_in_days(10)),
        "The last day must come after the first day.",
    ),
    (
        "first night in the past",
        SupportKind.HOUSING,
        _housing(housing_from=_in_days(-3)),
        "The first night is in the past",
    ),
    (
        "budget upside down",
        SupportKind.HOUSING,
        _housing(budget_min=120000, budget_max=80000),
        "The budget's upper end must not be below its lower end.",
    ),
    (
        "budget not money",
        SupportKind.HOUSING,
        _housing(budget_min=800.5),
        "Enter your budget as an amount of US dollars per month.",
    ),
    (
        "budget below zero",
        SupportKind.HOUSING,
        _housing(budget_min=-100),
        "Enter your budget as an amount of US dollars per month.",
    ),
    (
        "half a budget",
        SupportKind.HOUSING,
        _housing(budget_max=None),
        "Enter both ends of your budget, or neither.",
    ),
    ("no room choice", SupportKind.HOUSING, _housing(room=""), "Choose a private room"),
    (
        "transport without a message",
        SupportKind.TRANSPORT,
        SupportDetails(message="   "),
        "Tell the program office what you need.",
    ),
    ("unknown kind", "limousine", SupportDetails(message="Hi"), "Choose what you need help with."),
]


@pytest.mark.parametrize(
    ("case", "kind", "details", "reason"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_bad_input_is_refused_with_its_reason_and_nothing_is_stored(case, kind, details, reason):
    application = placed_application()

    with pytest.raises(SupportError) as refused:
        request_support(
            application=application, kind=kind, details=details, by=application.applicant
        )

    assert str(refused.value).startswith(reason)
    assert SupportRequest.objects.count() == 0
    assert ActivityLog.objects.filter(verb__startswith="rotations.supportrequest").count() == 0


def test_a_site_that_is_not_one_of_the_applicants_is_refused():
    application = placed_application()

    with pytest.raises(SupportError, match="Choose one of the sites of your confirmed rotations"):
        request_support(
            application=application,
            kind=SupportKind.HOUSING,
            details=_housing(near_site_id=_site_elsewhere()),
            by=application.applicant,
        )

    assert SupportRequest.objects.count() == 0


def test_a_site_of_a_confirmed_rotation_is_kept():
    site = SiteFactory(name="Ben Taub Hospital")
    application = placed_application(site=site)

    stored = request_support(
        application=application,
        kind=SupportKind.HOUSING,
        details=_housing(near_site_id=site.pk),
        by=application.applicant,
    )

    assert stored.near_site == site


@pytest.mark.parametrize("case", ["nothing confirmed", "one of two confirmed"])
def test_without_a_confirmed_placement_the_applicant_is_refused_with_the_reason(case):
    waiting = RotationRequestFactory()  # asked, not yet confirmed by the preceptor
    application = waiting.application
    if case == "one of two confirmed":
        RotationRequestFactory(application=application, status="confirmed", rank=2)

    with pytest.raises(SupportError, match="once your placement is confirmed: every rotation"):
        request_support(
            application=application,
            kind=SupportKind.OTHER,
            details=VALID[SupportKind.OTHER],
            by=application.applicant,
        )

    assert SupportRequest.objects.count() == 0


def test_an_applicant_who_left_the_program_is_refused():
    application = placed_application(status="withdrawn")

    with pytest.raises(SupportError, match="once your placement is confirmed"):
        request_support(
            application=application,
            kind=SupportKind.OTHER,
            details=VALID[SupportKind.OTHER],
            by=application.applicant,
        )

    assert SupportRequest.objects.count() == 0


def test_someone_else_cannot_ask_for_the_applicant():
    application = placed_application()

    with pytest.raises(SupportError, match="Only the applicant"):
        request_support(
            application=application,
            kind=SupportKind.OTHER,
            details=VALID[SupportKind.OTHER],
            by=UserFactory(),
        )

    assert SupportRequest.objects.count() == 0


def test_a_second_open_request_of_the_same_kind_is_refused_but_other_questions_are_not():
    application = placed_application()
    for kind in (SupportKind.AIRPORT_PICKUP, SupportKind.OTHER):
        request_support(
            application=application, kind=kind, details=VALID[kind], by=application.applicant
        )

    with pytest.raises(SupportError, match="You asked for this already"):
        request_support(
            application=application,
            kind=SupportKind.AIRPORT_PICKUP,
            details=VALID[SupportKind.AIRPORT_PICKUP],
            by=application.applicant,
        )
    request_support(
        application=application,
        kind=SupportKind.OTHER,
        details=VALID[SupportKind.OTHER],
        by=application.applicant,
    )

    assert SupportRequest.objects.filter(kind=SupportKind.AIRPORT_PICKUP).count() == 1
    assert SupportRequest.objects.filter(kind=SupportKind.OTHER).count() == 2


# --- staff's answer ---------------------------------------------------------------------------


def _pickup(**applicant):
    application = placed_application(**applicant)
    return request_support(
        application=application,
        kind=SupportKind.AIRPORT_PICKUP,
        details=VALID[SupportKind.AIRPORT_PICKUP],
        by=application.applicant,
    )


def test_staff_answer_moves_the_status_and_emails_the_applicant_once(
    django_capture_on_commit_callbacks,
):
    support_request = _pickup()
    coordinator = CoordinatorFactory()

    with django_capture_on_commit_callbacks():
        answer_support_request(
            support_request=support_request,
            status=SupportStatus.DONE,
            reply="Luis waits at Terminal D with a sign.",
            by=coordinator,
        )

    support_request.refresh_from_db()
    assert support_request.status == SupportStatus.DONE
    assert support_request.staff_reply == "Luis waits at Terminal D with a sign."
    assert support_request.handled_by == coordinator
    assert support_request.replied_at is not None
    notification = Notification.objects.get()
    assert notification.recipient == support_request.application.applicant
    assert notification.template == "support_request_answered"
    subject, text, html = render_notification(notification)
    assert subject == "Your request for help: Airport pickup (Done)"
    assert "Luis waits at Terminal D with a sign." in text
    assert "Luis waits at Terminal D with a sign." in html
    assert "(Houston time)" in text
    assert ActivityLog.objects.get(verb="rotations.supportrequest.answered").data == {
        "from": "new",
        "to": "done",
        "reply_changed": True,
    }

    # The same answer again (a double click) changes nothing and sends nothing more.
    with pytest.raises(SupportError, match="Nothing changed"):
        answer_support_request(
            support_request=support_request,
            status=SupportStatus.DONE,
            reply="Luis waits at Terminal D with a sign.",
            by=coordinator,
        )
    assert Notification.objects.count() == 1


def test_the_email_is_in_spanish_for_a_spanish_speaking_applicant():
    support_request = _pickup(applicant__language="es")

    answer_support_request(
        support_request=support_request,
        status=SupportStatus.IN_PROGRESS,
        reply="Estamos buscando un conductor.",
        by=CoordinatorFactory(),
    )

    notification = Notification.objects.get()
    assert notification.language == "es"
    subject, text, _html = render_notification(notification)
    assert subject == "Su solicitud de ayuda: Recogida en el aeropuerto (En trámite)"
    assert "La oficina del programa está trabajando en su solicitud de ayuda" in text
    assert "(hora de Houston)" in text


def test_done_needs_a_reply_and_a_reviewer_may_not_answer():
    support_request = _pickup()

    with pytest.raises(SupportError, match="before marking the request done"):
        answer_support_request(
            support_request=support_request,
            status=SupportStatus.DONE,
            reply=" ",
            by=CoordinatorFactory(),
        )
    with pytest.raises(SupportError, match="You may not answer"):
        answer_support_request(
            support_request=support_request,
            status=SupportStatus.IN_PROGRESS,
            reply="On it.",
            by=ReviewerFactory(),
        )

    support_request.refresh_from_db()
    assert (support_request.status, support_request.staff_reply) == (SupportStatus.NEW, "")
    assert Notification.objects.count() == 0
