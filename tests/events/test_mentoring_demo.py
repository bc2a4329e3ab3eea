"""The demo shows mentoring: Dr. Okafor's weekly times and the advisor's one-off ones,
Ngozi's booked session, and Aisha's past session with its note and follow-up; seeding twice
adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Mentor, MentoringBooking, MentoringSlot
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_mentors_times_a_booking_and_a_noted_session_once(
    client, tmp_path, settings
):
    isolated_private_storage(tmp_path / "private", settings)
    call_command("seed_demo")
    counts = (MentoringSlot.objects.count(), MentoringBooking.objects.count())
    call_command("seed_demo")

    assert (MentoringSlot.objects.count(), MentoringBooking.objects.count()) == counts
    okafor = Mentor.objects.get(user__email="dr.okafor@hmc.test")
    advisor = Mentor.objects.get(user__email="advisor@hmc.test")
    assert not hasattr(advisor.user, "preceptor")
    assert okafor.slots.filter(starts_at__gt=timezone.now()).count() >= 5
    ahead = MentoringBooking.objects.get(applicant__email="ngozi@example.com")
    assert (ahead.status, ahead.slot.mentor) == ("booked", okafor)
    past = MentoringBooking.objects.get(applicant__email="aisha@example.com")
    assert past.starts_at < timezone.now()
    assert past.follow_up.startswith("1. Cut the statement")

    client.force_login(past.applicant)
    page = client.get("/events/mentoring/").content.decode()
    assert "Cut the statement to one page" in page
    assert "Anxious about Step 2" not in page
    client.force_login(advisor.user)
    assert client.get("/events/mentoring/").status_code == 302
    times = client.get("/events/mentoring/times/").content.decode()
    assert "Anxious about Step 2" in times
    client.force_login(okafor.user)
    assert "Ngozi" in client.get("/preceptor/").content.decode()
