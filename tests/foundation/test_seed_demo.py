import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, StatusChange
from hmc_portal.demo_data import (
    AFTERCARE_APPLICANTS,
    AFTERCARE_PRECEPTOR,
    APPLICANTS,
    DEMO_AFTERCARE,
    DEMO_PASSWORD,
    PRECEPTORS,
    ROTATION_BLOCKS,
    SPECIALTIES,
    STAFF,
)
from hmc_portal.privacy.models import DataExport
from hmc_portal.users.models import User
from preceptors.models import Preceptor
from rotations import selectors
from rotations.aftercare.selectors import block_is_complete
from rotations.arrival.selectors import confirmed_sites, housing_near
from rotations.models import (
    HousingOption,
    Rotation,
    RotationRequest,
    Site,
    Specialty,
    SupportRequest,
)

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Specialty,
            Site,
            Preceptor,
            Application,
            StatusChange,
            Rotation,
            RotationRequest,
        )
    }


def test_seed_demo_is_idempotent_and_prints_every_login(capsys):
    call_command("seed_demo")
    first = counts()
    output = capsys.readouterr().out

    call_command("seed_demo")

    assert counts() == first
    assert first["Specialty"] == len(SPECIALTIES) == 8
    assert first["Preceptor"] == len(PRECEPTORS) + 1
    # ... and the mentoring advisor, a mentor who is not a preceptor (demo_mentoring).
    # ... and Pedro, whose account was erased (demo_privacy).
    assert first["User"] == (
        len(STAFF) + len(PRECEPTORS) + 1 + len(APPLICANTS) + len(AFTERCARE_APPLICANTS) + 1 + 1
    )
    for person, *_ in [*STAFF, *PRECEPTORS, AFTERCARE_PRECEPTOR, *APPLICANTS]:
        assert person.email in output
    assert "advisor@hmc.test" in output
    assert DEMO_PASSWORD in output


def test_seed_demo_puts_applicants_in_several_states_with_their_history():
    call_command("seed_demo")

    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.ENROLLED,  # Sofía, whose block was confirmed (then she cancelled it)
        ApplicationStatus.COMPLETED,  # Lucía (her certificate) and Aisha (attendance, evaluation)
    }
    accepted = Application.objects.get(status=ApplicationStatus.ACCEPTED)
    assert list(accepted.status_changes.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "under_review",
        "accepted",
    ]


def test_demo_logins_work(client):
    call_command("seed_demo")

    for person, *_ in [STAFF[0], PRECEPTORS[0], APPLICANTS[0]]:
        assert client.login(username=person.email, password=DEMO_PASSWORD), person.email
        client.logout()


def test_demo_staff_are_in_their_groups():
    call_command("seed_demo")

    assert list(
        User.objects.get(email="coordinator@hmc.test").groups.values_list("name", flat=True)
    ) == ["Coordinator"]
    assert list(
        User.objects.get(email="reviewer@hmc.test").groups.values_list("name", flat=True)
    ) == ["Reviewer"]
    assert User.objects.get(email="admin@hmc.test").is_superuser is True


def test_seed_demo_publishes_rotations_and_places_a_demo_applicant():
    call_command("seed_demo")

    today = timezone.localdate()
    rotations = Rotation.objects.filter(start_date__gt=today)
    assert rotations.count() == len(PRECEPTORS) * ROTATION_BLOCKS
    assert all(r.published for r in rotations)
    # Besides the catalogue, only blocks that are over: the observers' after their rotation
    # (demo_certificate), dr.ruiz@hmc.test's (demo_attendance) and the letters of
    # recommendation's (demo_letters: Dr. Nguyen's and Dr. Williams's).
    past = Rotation.objects.filter(start_date__lte=today)
    assert all(r.end_date < today for r in past)
    ruiz = past.filter(preceptor__user__email=AFTERCARE_PRECEPTOR[0].email).count()
    letters = sorted(
        past.filter(
            preceptor__user__email__in=["dr.nguyen@hmc.test", "dr.williams@hmc.test"]
        ).values_list("preceptor__user__email", flat=True)
    )
    assert ruiz == len(AFTERCARE_APPLICANTS)
    assert letters == ["dr.nguyen@hmc.test", "dr.williams@hmc.test"]
    aftercare = sum(len(blocks) for blocks, *_ in DEMO_AFTERCARE.values())
    assert past.count() == ruiz + len(letters) + aftercare
    blocks = Rotation.objects.all()
    assert all(r.start_date.weekday() == 0 and r.end_date.weekday() == 4 for r in blocks)
    fatima = Application.objects.get(applicant__email="fatima@example.com")
    assert fatima.status == ApplicationStatus.CONFIRMED
    assert fatima.rotation_requests.count() == 0
    # Her cards are filtered for her: her specialties, her months, none too soon for her visa.
    cards = list(selectors.offered_rotations(application=fatima))
    everything = list(selectors.offered_rotations(application=fatima, show_all=True))
    wanted = set(fatima.specialties.values_list("name", flat=True))
    earliest = timezone.localdate() + datetime.timedelta(weeks=8)
    assert wanted == {"Internal Medicine", "Cardiology", "Neurology"}
    assert len(cards) >= 2
    assert len(everything) > len(cards)
    assert {rotation.specialty.name for rotation in cards} <= wanted
    assert all(rotation.start_date >= earliest for rotation in everything)
    kwame = Application.objects.get(applicant__email="kwame@example.com")
    assert sorted(kwame.rotation_requests.values_list("status", flat=True)) == [
        "confirmed",
        "requested",
    ]


def test_seed_demo_shows_travel_and_housing_help_once():
    call_command("seed_demo")
    call_command("seed_demo")

    ngozi = Application.objects.get(applicant__email="ngozi@example.com")
    requests = SupportRequest.objects.filter(application=ngozi).order_by("kind")
    assert [(r.kind, r.status) for r in requests] == [
        ("airport_pickup", "done"),
        ("housing", "in_progress"),
    ]
    assert all(r.staff_reply for r in requests)
    assert HousingOption.objects.count() == 5
    assert housing_near(sites=confirmed_sites(application=ngozi))


def test_seed_demo_shows_attendance_awaited_and_an_application_completed():
    call_command("seed_demo")
    call_command("seed_demo")

    mateo = Application.objects.get(applicant__email="mateo@example.com")
    aisha = Application.objects.get(applicant__email="aisha@example.com")
    assert (mateo.status, aisha.status) == ("enrolled", "completed")
    (pending,) = mateo.rotation_requests.all()
    (done,) = aisha.rotation_requests.all()
    assert not block_is_complete(pending)
    assert pending.rotation.end_date < timezone.localdate()
    assert block_is_complete(done)
    assert len(done.attendance.missed_days) == 1
    assert done.evaluations.get().kind == "final"
    # Her copy of her data is ready on /dashboard/privacy/ (once, however often seeded).
    (export,) = DataExport.objects.filter(user=aisha.applicant)
    assert (export.status, export.size > 0) == ("ready", True)


def test_seed_demo_shows_a_scheduled_and_an_erased_account():
    from billing.models import Invoice
    from hmc_portal.demo_privacy import ERASED_REASON
    from hmc_portal.privacy.models import ErasureRequest

    call_command("seed_demo")
    call_command("seed_demo")

    rahul = ErasureRequest.objects.get(user__email="rahul@example.com")
    assert rahul.status == "scheduled"
    assert (rahul.erase_after - timezone.now()).days == 8  # nine days less a moment
    pedro = ErasureRequest.objects.get(reason=ERASED_REASON)
    assert pedro.status == "done"
    assert pedro.user.email == f"erased-{pedro.user_id}@erased.invalid"
    assert pedro.user.is_active is False
    assert not User.objects.filter(email="pedro@example.com").exists()
    invoice = Invoice.objects.get(application__applicant=pedro.user)
    assert invoice.status == "paid"
