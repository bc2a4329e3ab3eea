"""The follow-up after the first day: the preceptor confirms (and corrects) attendance and
submits evaluations; bad input is refused with a clear message and stores nothing; the last
block complete completes the application (rotations.aftercare.services)."""

import datetime

import pytest

from applications.models import StatusChange
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations.aftercare import services
from rotations.aftercare.errors import AftercareError
from rotations.aftercare.selectors import block_is_complete, completion_state
from rotations.models import Attendance, Evaluation
from tests.factories import PreceptorFactory
from tests.rotations.attendance_support import SCORES, attend, block, evaluate, this_monday

pytestmark = pytest.mark.django_db


def verbs():
    return list(
        ActivityLog.objects.filter(verb__startswith="rotations.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_attendance_of_a_running_block_is_every_weekday_up_to_today_but_the_missed():
    running = block(weeks_ago=1)
    monday = this_monday() - datetime.timedelta(weeks=1)
    today = monday + datetime.timedelta(days=8)  # Tuesday of the second week

    attendance = attend(running, missed_days=[monday], today=today)

    assert (attendance.missed_days, attendance.confirmed_through) == ([monday], today)
    assert attendance.confirmed_by == running.rotation.preceptor.user
    assert verbs() == ["rotations.attendance.confirmed"]
    assert not block_is_complete(running)


def test_a_correction_replaces_the_days_and_logs_what_was_before():
    ended = block(weeks_ago=6)
    first = ended.rotation.start_date
    attend(ended, missed_days=[first])

    attendance = attend(ended, missed_days=[])

    assert attendance.missed_days == []
    assert Attendance.objects.count() == 1
    log = ActivityLog.objects.filter(verb="rotations.attendance.corrected").get()
    assert log.data["before"]["missed"] == [first.isoformat()]
    assert verbs() == ["rotations.attendance.confirmed", "rotations.attendance.corrected"]


def test_attendance_before_the_block_starts_is_refused_and_nothing_is_stored():
    upcoming = block(weeks_ago=-2)

    with pytest.raises(AftercareError, match="attendance can be confirmed from its first day"):
        attend(upcoming)

    assert (Attendance.objects.count(), verbs()) == (0, [])


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(lambda r: r.rotation.start_date + datetime.timedelta(days=5), id="saturday"),
        pytest.param(lambda r: r.rotation.start_date - datetime.timedelta(days=3), id="before"),
        pytest.param(lambda r: r.rotation.end_date + datetime.timedelta(days=3), id="after"),
    ],
)
def test_a_missed_day_outside_the_blocks_weekdays_is_refused(day):
    ended = block(weeks_ago=6)

    with pytest.raises(AftercareError, match="is not a weekday of this block"):
        attend(ended, missed_days=[day(ended)])

    assert Attendance.objects.count() == 0


def test_a_day_still_ahead_cannot_be_marked_missed():
    running = block(weeks_ago=0)
    today = running.rotation.start_date + datetime.timedelta(days=1)

    with pytest.raises(AftercareError):
        attend(running, missed_days=[today + datetime.timedelta(days=1)], today=today)

    assert Attendance.objects.count() == 0


def test_another_preceptor_can_neither_confirm_nor_evaluate():
    ended = block(weeks_ago=6)
    stranger = PreceptorFactory().user

    with pytest.raises(AftercareError, match="Only the block's preceptor"):
        services.confirm_attendance(rotation_request=ended, by=stranger)
    with pytest.raises(AftercareError, match="Only the block's preceptor"):
        services.submit_evaluation(
            rotation_request=ended,
            kind="final",
            scores=SCORES,
            strengths="x",
            areas_to_grow="y",
            by=stranger,
        )

    assert (Attendance.objects.count(), Evaluation.objects.count(), verbs()) == (0, 0, [])


def test_hours_are_asked_only_when_the_program_records_them(settings):
    ended = block(weeks_ago=6)
    assert attend(ended, hours=120).hours is None  # the setting is off: not kept

    settings.ATTENDANCE_RECORDS_HOURS = True
    with pytest.raises(AftercareError, match="Enter the hours"):
        attend(ended)
    assert attend(ended, hours=150).hours == 150


def test_the_final_evaluation_opens_in_the_blocks_last_week():
    running = block(weeks_ago=1)

    with pytest.raises(AftercareError, match="This evaluation opens on"):
        evaluate(running)

    last_monday = running.rotation.end_date - datetime.timedelta(days=4)
    evaluation = evaluate(running, today=last_monday)
    assert evaluation.scores == SCORES
    assert evaluation.due_on == running.rotation.end_date
    assert verbs() == ["rotations.evaluation.submitted"]


def test_an_evaluation_is_submitted_once():
    ended = block(weeks_ago=6)
    evaluate(ended)

    with pytest.raises(AftercareError, match="submitted already"):
        evaluate(ended, scores={**SCORES, "curiosity": 1})

    assert list(Evaluation.objects.values_list("curiosity", flat=True)) == [5]


@pytest.mark.parametrize(
    "changes",
    [
        {"scores": {**SCORES, "curiosity": 6}},
        {"scores": {**SCORES, "curiosity": 0}},
        {"scores": {k: v for k, v in SCORES.items() if k != "us_system"}},
        {"scores": {**SCORES, "professionalism": "5"}},
        {"strengths": "  "},
        {"areas_to_grow": ""},
    ],
    ids=["above 5", "below 1", "missing", "text", "no strengths", "no areas"],
)
def test_a_final_evaluation_with_bad_input_is_refused_and_nothing_stored(changes):
    ended = block(weeks_ago=6)

    with pytest.raises(AftercareError):
        evaluate(ended, **changes)

    assert (Evaluation.objects.count(), verbs()) == (0, [])


def test_a_four_week_block_has_no_midpoint_but_a_longer_one_has():
    four_weeks = block(weeks_ago=6)
    with pytest.raises(AftercareError, match="no mid-point"):
        evaluate(four_weeks, kind="midpoint")

    six_weeks = block(weeks_ago=4, days=40)
    midpoint = six_weeks.rotation.start_date + datetime.timedelta(days=20)
    with pytest.raises(AftercareError, match="opens on"):
        evaluate(six_weeks, kind="midpoint", today=midpoint - datetime.timedelta(days=1))
    evaluation = evaluate(
        six_weeks, kind="midpoint", strengths="", areas_to_grow="", today=midpoint
    )
    assert (evaluation.kind, evaluation.strengths) == ("midpoint", "")


# --- Completion, over a table --------------------------------------------------------------


@pytest.mark.parametrize(
    ("attended", "evaluated", "completed"),
    [
        (False, False, False),
        (True, False, False),
        (False, True, False),
        (True, True, True),
    ],
    ids=["nothing", "attendance only", "evaluation only", "both"],
)
def test_one_block_completes_the_application_with_attendance_and_final_evaluation(
    attended, evaluated, completed, django_capture_on_commit_callbacks
):
    ended = block(weeks_ago=6)
    application = ended.application
    with django_capture_on_commit_callbacks(execute=False):
        if attended:
            attend(ended)
        if evaluated:
            evaluate(ended)

    application.refresh_from_db()
    assert application.status == ("completed" if completed else "enrolled")
    assert block_is_complete(ended) is completed
    assert completion_state(application).complete is completed
    emails = sorted(Notification.objects.values_list("template", flat=True))
    # Completing issues the certificate too (rotations.aftercare.certificate_receivers).
    assert emails == (["certificate_issued", "status_completed"] if completed else [])


def test_the_application_completes_with_its_last_block_only():
    first = block(weeks_ago=10)
    second = block(weeks_ago=6, application=first.application)
    attend(first)
    evaluate(first)
    attend(second)

    first.application.refresh_from_db()
    assert first.application.status == "enrolled"
    state = completion_state(first.application)
    assert (state.blocks_done, len(state.blocks), state.complete) == (1, 2, False)

    evaluate(second)

    first.application.refresh_from_db()
    assert first.application.status == "completed"
    change = StatusChange.objects.filter(application=first.application).latest()
    assert (change.from_status, change.to_status) == ("enrolled", "completed")
    assert change.by == second.rotation.preceptor.user  # whose act completed it


def test_attendance_confirmed_before_the_last_day_does_not_complete_the_block():
    ended = block(weeks_ago=6)
    attend(ended, today=ended.rotation.end_date - datetime.timedelta(days=2))
    evaluate(ended)

    ended.application.refresh_from_db()
    assert ended.application.status == "enrolled"

    attend(ended)

    ended.application.refresh_from_db()
    assert ended.application.status == "completed"


def test_nothing_changes_once_the_application_is_completed():
    ended = block(weeks_ago=6)
    attend(ended)
    evaluate(ended)

    with pytest.raises(AftercareError, match="completed"):
        attend(ended, missed_days=[ended.rotation.start_date])

    assert Attendance.objects.get().missed_days == []


def test_a_cancelled_block_does_not_count():
    ended = block(weeks_ago=6)
    cancelled = block(weeks_ago=10, application=ended.application)
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])

    with pytest.raises(AftercareError, match="not a confirmed placement"):
        attend(cancelled)
    attend(ended)
    evaluate(ended)

    ended.application.refresh_from_db()
    assert ended.application.status == "completed"
