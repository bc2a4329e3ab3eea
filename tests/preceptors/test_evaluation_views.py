"""/preceptor/evaluations/: the preceptor's observers after their first day, the attendance
and evaluation pages, the weekly email's one-click link; the portal's and the dashboard's
panels."""

import datetime

import pytest
from django.urls import reverse

from rotations.aftercare.links import make_attendance_token
from rotations.models import Attendance, Evaluation
from tests.factories import PreceptorFactory
from tests.rotations.attendance_support import SCORES, attend, block, evaluate

pytestmark = pytest.mark.django_db


def evaluation_post(**changes):
    return {**SCORES, "strengths": "Kind and careful.", "areas_to_grow": "Speed.", **changes}


def test_the_list_shows_each_started_block_with_what_waits(client):
    preceptor = PreceptorFactory()
    ended = block(weeks_ago=6, preceptor=preceptor)
    done = block(weeks_ago=7, preceptor=preceptor)
    attend(done)
    evaluate(done)
    block(weeks_ago=-2, preceptor=preceptor)  # not started: not listed
    client.force_login(preceptor.user)

    response = client.get("/preceptor/evaluations/")

    rows = [(b.rotation_request, b.late, b.complete) for b in response.context["blocks"]]
    assert rows == [(ended, True, False), (done, False, True)]
    page = response.content.decode()
    assert reverse("preceptors:attendance", args=[ended.pk]) in page
    assert reverse("preceptors:evaluation_final", args=[ended.pk]) in page


def test_the_list_needs_a_login_and_a_preceptor(client):
    assert client.get("/preceptor/evaluations/").status_code == 302
    observer = block(weeks_ago=6)
    client.force_login(observer.application.applicant)
    assert client.get("/preceptor/evaluations/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_lists_query_count_does_not_grow_with_observers(
    client, count, django_assert_num_queries
):
    preceptor = PreceptorFactory()
    for weeks in range(count):
        observer = block(weeks_ago=5 + 5 * weeks, preceptor=preceptor)
        attend(observer)
    client.force_login(preceptor.user)

    # session, user with their preceptor profile, the blocks (attendance joined), their
    # evaluations
    with django_assert_num_queries(4):
        response = client.get("/preceptor/evaluations/")

    assert len(response.context["blocks"]) == count


def test_the_preceptor_confirms_attendance_with_a_day_missed(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)
    first = ended.rotation.start_date
    page = client.get(f"/preceptor/evaluations/{ended.pk}/attendance/").content.decode()
    assert f"Attendance of {ended.application.applicant.display_name}" in page
    assert "can be confirmed from its first day" not in page
    assert page.count('name="missed_days"') == 20  # every weekday of the block

    response = client.post(
        f"/preceptor/evaluations/{ended.pk}/attendance/", {"missed_days": [first.isoformat()]}
    )

    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.missed_days, attendance.confirmed_through) == (
        [first],
        ended.rotation.end_date,
    )


def test_attendance_before_the_first_day_is_refused_with_a_message(client):
    upcoming = block(weeks_ago=-1)
    client.force_login(upcoming.rotation.preceptor.user)
    url = f"/preceptor/evaluations/{upcoming.pk}/attendance/"

    page = client.get(url).content.decode()
    response = client.post(url, {})

    assert "attendance can be confirmed from its first day" in page
    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_a_day_that_is_not_offered_is_a_form_error(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)

    response = client.post(
        f"/preceptor/evaluations/{ended.pk}/attendance/", {"missed_days": ["2001-01-01"]}
    )

    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_another_preceptors_block_is_a_404(client):
    ended = block(weeks_ago=6)
    client.force_login(PreceptorFactory().user)

    for path in ("attendance", "final"):
        url = f"/preceptor/evaluations/{ended.pk}/{path}/"
        assert client.get(url).status_code == 404
        assert client.post(url, evaluation_post()).status_code == 404
    assert (Attendance.objects.count(), Evaluation.objects.count()) == (0, 0)


def test_the_preceptor_submits_the_final_evaluation_once(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)
    url = f"/preceptor/evaluations/{ended.pk}/final/"

    form_page = client.get(url).content.decode()
    first = client.post(url, evaluation_post())
    second = client.post(url, evaluation_post(curiosity=1))

    assert "Often late or unprepared" in form_page  # the scale's described anchors
    assert f"Final evaluation of {ended.application.applicant.display_name}" in form_page
    assert "This evaluation opens on" not in form_page
    assert first.status_code == 302
    assert second.status_code == 400
    evaluation = Evaluation.objects.get()
    assert evaluation.scores == SCORES
    assert "cannot be changed once submitted" in client.get(url).content.decode()


def test_an_incomplete_final_evaluation_is_shown_again_and_nothing_stored(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)

    response = client.post(
        f"/preceptor/evaluations/{ended.pk}/final/",
        evaluation_post(strengths="", professionalism="9"),
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"strengths", "professionalism"}
    assert Evaluation.objects.count() == 0


def test_a_four_week_block_has_no_midpoint_page(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)

    assert client.get(f"/preceptor/evaluations/{ended.pk}/midpoint/").status_code == 404


def test_the_final_evaluation_is_not_open_before_the_last_week(client):
    running = block(weeks_ago=0)
    client.force_login(running.rotation.preceptor.user)
    url = f"/preceptor/evaluations/{running.pk}/final/"

    assert "This evaluation opens on" in client.get(url).content.decode()
    assert client.post(url, evaluation_post()).status_code == 400
    assert Evaluation.objects.count() == 0


# --- the one-click link ---------------------------------------------------------------------


def test_the_link_shows_a_button_then_confirms_once(client):
    ended = block(weeks_ago=6)
    url = f"/preceptor/attendance/{make_attendance_token(rotation_request=ended)}/"

    page = client.get(url)
    assert page.status_code == 200
    assert Attendance.objects.count() == 0  # opening the link changes nothing

    done = client.post(url)
    again = client.post(url)

    assert done.status_code == 200
    assert "attendance is recorded" in done.content.decode()
    assert Attendance.objects.get().confirmed_through == ended.rotation.end_date
    assert again.status_code == 410
    assert "This link was used already" in again.content.decode()


def test_an_expired_link_is_refused_and_changes_nothing(client, settings):
    ended = block(weeks_ago=6)
    url = f"/preceptor/attendance/{make_attendance_token(rotation_request=ended)}/"
    settings.ATTENDANCE_LINK_MAX_AGE = -1

    response = client.post(url)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_a_link_opened_by_another_preceptor_is_refused(client):
    ended = block(weeks_ago=6)
    client.force_login(PreceptorFactory().user)

    response = client.post(
        f"/preceptor/attendance/{make_attendance_token(rotation_request=ended)}/"
    )

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


# --- the panels -----------------------------------------------------------------------------


def test_the_portal_shows_the_observers_to_evaluate(client):
    ended = block(weeks_ago=6)
    client.force_login(ended.rotation.preceptor.user)

    page = client.get("/preceptor/").content.decode()

    assert "Observers to evaluate" in page
    assert "1 observer waits for you to confirm attendance or evaluate them." in page
    assert "1 is late." in page


def test_the_observer_sees_their_attendance_on_the_dashboard(client):
    ended = block(weeks_ago=6)
    attend(ended, missed_days=[ended.rotation.start_date + datetime.timedelta(days=1)])
    client.force_login(ended.application.applicant)

    page = client.get("/dashboard/").content.decode()

    assert "Your attendance" in page
    assert "19 of 20 days attended" in page
