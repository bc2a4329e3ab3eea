"""The observer's feedback on a block: giving it (once, on their own ended block), the
invitation when the block ends, the preceptor's aggregate (nothing below three responses)
and the staff's results."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations.aftercare.feedback import CRITERIA_SCALES
from rotations.aftercare.feedback_selectors import preceptor_summary, results_by
from rotations.aftercare.feedback_services import (
    FeedbackError,
    give_feedback,
    send_feedback_invitations,
)
from rotations.models import RotationFeedback
from rotations.models.feedback import CRITERIA
from tests.factories import PreceptorFactory, ReviewerFactory, RotationFactory
from tests.rotations.aftercare_support import (
    answers,
    block,
    completed_blocks,
    form_data,
    observer,
    responses_for,
)

pytestmark = pytest.mark.django_db


# --- giving feedback ---------------------------------------------------------------------


def test_each_criterion_of_the_model_has_its_five_described_anchors():
    assert tuple(criterion.name for criterion in CRITERIA_SCALES) == CRITERIA
    assert all(len(criterion.anchors) == 5 for criterion in CRITERIA_SCALES)
    assert all(
        str(anchor).startswith(f"{n} – ")
        for criterion in CRITERIA_SCALES
        for n, anchor in enumerate(criterion.anchors, start=1)
    )


def test_an_observer_gives_feedback_on_their_ended_block_and_it_is_logged():
    application, (first, _second) = completed_blocks()

    feedback = give_feedback(
        rotation_request=first,
        answers=answers(comments="  Great teaching.  "),
        by=application.applicant,
    )

    stored = RotationFeedback.objects.get()
    assert stored == feedback
    assert (stored.teaching, stored.welcome, stored.exposure, stored.organisation) == (4, 5, 3, 4)
    assert stored.would_recommend is True
    assert stored.comments == "Great teaching."
    entry = ActivityLog.objects.get(verb="rotations.feedback.given")
    assert entry.data["teaching"] == 4
    assert "comments" not in entry.data


def test_feedback_opens_on_the_last_day_of_the_block():
    today = timezone.localdate()
    rotation = RotationFactory(
        start_date=today - datetime.timedelta(days=25), end_date=today, confirmed_count=1
    )
    application, (rotation_request,) = observer(rotations=[rotation])

    give_feedback(rotation_request=rotation_request, answers=answers(), by=application.applicant)

    assert RotationFeedback.objects.count() == 1


def test_a_block_not_ended_is_refused_and_nothing_stored():
    rotation = block(weeks_ahead=2)
    application, (rotation_request,) = observer(rotations=[rotation])

    with pytest.raises(FeedbackError, match="last day"):
        give_feedback(
            rotation_request=rotation_request, answers=answers(), by=application.applicant
        )

    assert RotationFeedback.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="rotations.feedback.given").exists()


def test_someone_elses_block_is_refused_and_nothing_stored():
    _application, (first, _second) = completed_blocks()
    other, _ = completed_blocks(first_name="Other", last_name="Person")

    with pytest.raises(FeedbackError):
        give_feedback(rotation_request=first, answers=answers(), by=other.applicant)

    assert RotationFeedback.objects.count() == 0


def test_a_second_submission_is_refused_and_the_first_is_kept():
    application, (first, _second) = completed_blocks()
    give_feedback(rotation_request=first, answers=answers(), by=application.applicant)

    with pytest.raises(FeedbackError, match="already"):
        give_feedback(rotation_request=first, answers=answers(teaching=1), by=application.applicant)

    assert list(RotationFeedback.objects.values_list("teaching", flat=True)) == [4]


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_one_to_five_is_refused(score):
    application, (first, _second) = completed_blocks()

    with pytest.raises(FeedbackError, match="1 to 5"):
        give_feedback(
            rotation_request=first, answers=answers(welcome=score), by=application.applicant
        )

    assert RotationFeedback.objects.count() == 0


# --- the page ----------------------------------------------------------------------------


def test_the_page_takes_the_feedback_then_thanks(client):
    application, (first, _second) = completed_blocks()
    url = reverse("rotations:feedback", args=[first.pk])
    client.force_login(application.applicant)

    form = client.get(url).content.decode()
    response = client.post(url, form_data())
    thanks = client.get(url).content.decode()

    assert "How much did the preceptor and the team teach you?" in form
    assert "5 – Teaching at every opportunity" in form
    assert response.status_code == 302
    assert RotationFeedback.objects.get().comments == "Great teaching on rounds."
    assert "Thank you for your feedback" in thanks
    assert 'name="teaching"' not in thanks


def test_a_second_post_on_the_page_stores_nothing_more(client):
    application, (first, _second) = completed_blocks()
    url = reverse("rotations:feedback", args=[first.pk])
    client.force_login(application.applicant)
    client.post(url, form_data())

    again = client.post(url, form_data(teaching="1"))

    assert again.status_code == 400
    assert "already" in again.content.decode()
    assert list(RotationFeedback.objects.values_list("teaching", flat=True)) == [4]


@pytest.mark.parametrize(
    "overrides",
    [{"teaching": "7"}, {"welcome": ""}, {"would_recommend": "maybe"}, {"comments": "x" * 2001}],
)
def test_bad_input_on_the_page_is_a_form_error_and_stores_nothing(client, overrides):
    application, (first, _second) = completed_blocks()
    client.force_login(application.applicant)

    response = client.post(reverse("rotations:feedback", args=[first.pk]), form_data(**overrides))

    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert RotationFeedback.objects.count() == 0


def test_a_block_not_ended_shows_when_feedback_opens_and_a_post_stores_nothing(client):
    rotation = block(weeks_ahead=2)
    application, (rotation_request,) = observer(rotations=[rotation])
    url = reverse("rotations:feedback", args=[rotation_request.pk])
    client.force_login(application.applicant)

    page = client.get(url).content.decode()
    posted = client.post(url, form_data())

    assert "You can give your feedback from the last day of the rotation" in page
    assert 'name="teaching"' not in page
    assert posted.status_code == 400
    assert RotationFeedback.objects.count() == 0


def test_another_applicants_block_is_a_404_and_stores_nothing(client):
    _application, (first, _second) = completed_blocks()
    other, _ = completed_blocks(first_name="Other", last_name="Person")
    client.force_login(other.applicant)
    url = reverse("rotations:feedback", args=[first.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404
    assert RotationFeedback.objects.count() == 0


def test_a_block_not_confirmed_is_a_404(client):
    application, (first, _second) = completed_blocks()
    type(first).objects.filter(pk=first.pk).update(status="cancelled")
    client.force_login(application.applicant)

    assert client.get(reverse("rotations:feedback", args=[first.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    _application, (first, _second) = completed_blocks()

    response = client.get(reverse("rotations:feedback", args=[first.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_dashboard_lists_the_blocks_awaiting_feedback_until_given(client):
    application, (first, second) = completed_blocks()
    client.force_login(application.applicant)

    before = client.get(reverse("applications:dashboard")).content.decode()
    give_feedback(rotation_request=first, answers=answers(), by=application.applicant)
    after = client.get(reverse("applications:dashboard")).content.decode()

    assert "Tell us about your rotation" in before
    assert reverse("rotations:feedback", args=[first.pk]) in before
    assert reverse("rotations:feedback", args=[second.pk]) in before
    assert reverse("rotations:feedback", args=[first.pk]) not in after
    assert reverse("rotations:feedback", args=[second.pk]) in after


# --- the invitation ----------------------------------------------------------------------


def test_an_ended_block_gets_one_invitation_however_often_the_scan_runs(
    django_capture_on_commit_callbacks,
):
    application, (first, second) = completed_blocks()
    block_ahead = block(weeks_ahead=3, specialty="Neurology")
    observer(rotations=[block_ahead], first_name="Later", last_name="Observer")

    with django_capture_on_commit_callbacks():
        first_run = send_feedback_invitations()
        second_run = send_feedback_invitations()

    invitations = Notification.objects.filter(template="rotation_feedback_invitation")
    assert (first_run, second_run) == (2, 0)
    assert sorted(invitations.values_list("dedupe_key", flat=True)) == sorted(
        [f"rotation_request:{first.pk}:feedback", f"rotation_request:{second.pk}:feedback"]
    )
    assert {n.recipient for n in invitations} == {application.applicant}
    assert (
        invitations.first()
        .context["feedback_url"]
        .endswith(
            reverse("rotations:feedback", args=[invitations.first().dedupe_key.split(":")[1]])
        )
    )


def test_a_block_with_feedback_given_gets_no_invitation():
    application, (first, second) = completed_blocks()
    give_feedback(rotation_request=first, answers=answers(), by=application.applicant)

    count = send_feedback_invitations()

    assert count == 1
    assert Notification.objects.get().dedupe_key == f"rotation_request:{second.pk}:feedback"


# --- what the preceptor sees -------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_three_responses_show_the_preceptor_nothing(client, count):
    preceptor = PreceptorFactory()
    responses_for(preceptor, count, comments="Loved the clinic.")
    client.force_login(preceptor.user)

    html = client.get(reverse("preceptors:portal")).content.decode()
    panel = html.split('class="card mt-4 preceptor-feedback"', 1)[1].split("</section>", 1)[0]

    assert preceptor_summary(preceptor_id=preceptor.pk) is None
    assert "Shown after 3 responses." in panel
    assert "Loved the clinic." not in panel
    assert "data-criterion" not in panel
    # No digit but the threshold's: no count, no average.
    assert re.findall(r"\d", re.sub(r"<[^>]+>", "", panel)) == ["3"]


def test_three_responses_show_the_preceptor_averages_and_comments_without_dates(client):
    preceptor = PreceptorFactory()
    responses_for(preceptor, 2, comments="Zealous teacher.")
    responses_for(preceptor, 1, teaching=1, would_recommend=False, comments="Also fine.")
    client.force_login(preceptor.user)

    html = client.get(reverse("preceptors:portal")).content.decode()
    summary = preceptor_summary(preceptor_id=preceptor.pk)

    assert summary.count == 3
    assert {a.name: a.average for a in summary.averages} == {
        "teaching": 3.0,
        "welcome": 5.0,
        "exposure": 3.0,
        "organisation": 4.0,
    }
    assert summary.recommend_percent == 67
    assert summary.comments == ["Also fine.", "Zealous teacher.", "Zealous teacher."]
    assert 'data-criterion="teaching">3.0 / 5' in html
    assert 'data-criterion="would_recommend">67%' in html
    assert html.index("Also fine.") < html.index("Zealous teacher.")
    assert "Shown after 3 responses." not in html


def test_a_preceptor_sees_only_their_own_results():
    mine, theirs = PreceptorFactory(), PreceptorFactory()
    responses_for(theirs, 3)
    responses_for(mine, 2)

    assert preceptor_summary(preceptor_id=mine.pk) is None
    assert preceptor_summary(preceptor_id=theirs.pk).count == 3


# --- what staff see ----------------------------------------------------------------------


def test_staff_see_every_result_per_preceptor_and_per_site(client):
    first, second = PreceptorFactory(), PreceptorFactory()
    responses_for(first, 1, teaching=2, comments="Short on time.")
    responses_for(second, 2, teaching=5)
    client.force_login(ReviewerFactory())

    html = client.get(reverse("admin:rotations_rotationfeedback_results")).content.decode()
    by_preceptor = {row.pk: row.summary for row in results_by(group="preceptor")}
    by_site = results_by(group="site")

    assert by_preceptor[first.pk].count == 1
    assert by_preceptor[first.pk].averages[0].average == 2.0
    assert by_preceptor[first.pk].comments == ["Short on time."]
    assert by_preceptor[second.pk].count == 2
    assert [(row.name, row.summary.count) for row in by_site] == [("Ben Taub Hospital", 3)]
    assert "Short on time." in html
    assert str(first) in html


@pytest.mark.parametrize("preceptors", [1, 3])
def test_the_results_page_costs_the_same_queries_whatever_the_number_of_preceptors(
    client, django_assert_max_num_queries, preceptors
):
    for _ in range(preceptors):
        responses_for(PreceptorFactory(), 1, comments="Fine.")
    client.force_login(ReviewerFactory())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:rotations_rotationfeedback_results"))

    assert response.content.decode().count("Fine.") == preceptors * 2


def test_an_applicant_cannot_open_the_staff_results(client):
    application, _ = completed_blocks()
    client.force_login(application.applicant)

    response = client.get(reverse("admin:rotations_rotationfeedback_results"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
