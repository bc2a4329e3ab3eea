"""The cleared-to-start derivation over tables of dates (rotations.arrival.compliance).
Unsaved model instances: the derivation reads no database."""

import datetime

import pytest

from rotations.arrival.compliance import Stay, add_months, clearance, item_status
from rotations.models import ComplianceEvidence, Requirement

D = datetime.date
# A stay of one block: Monday 1 March to Friday 26 March 2027.
STAY = Stay(first_day=D(2027, 3, 1), last_day=D(2027, 3, 26))
UPLOADED = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)


def requirement(pk=1, **rule) -> Requirement:
    return Requirement(pk=pk, name=f"requirement {pk}", kind="other", active=True, **rule)


def evidence(req, status="verified", uploaded=UPLOADED, pk=None, **dates) -> ComplianceEvidence:
    return ComplianceEvidence(
        pk=pk, requirement_id=req.pk, status=status, uploaded_at=uploaded, **dates
    )


PASSPORT = {"needs_expiry": True, "must_cover_stay": True, "months_after_stay": 6}
INSURANCE = {"needs_expiry": True, "must_cover_stay": True, "minimum_amount": 100_000_00}
TB_90 = {"needs_test_date": True, "valid_days_before_start": 90}
VALID_ON_ARRIVAL = {"needs_expiry": True}


@pytest.mark.parametrize(
    ("rule", "dates", "state", "good_until"),
    [
        # An expiry that must cover the whole stay.
        (
            INSURANCE,
            {"expiry_date": D(2027, 2, 28), "amount": 100_000_00},
            "expires",
            D(2027, 2, 28),
        ),
        (INSURANCE, {"expiry_date": D(2027, 3, 1), "amount": 100_000_00}, "expires", D(2027, 3, 1)),
        (
            INSURANCE,
            {"expiry_date": D(2027, 3, 25), "amount": 100_000_00},
            "expires",
            D(2027, 3, 25),
        ),
        (INSURANCE, {"expiry_date": D(2027, 3, 26), "amount": 100_000_00}, "done", D(2027, 3, 26)),
        (INSURANCE, {"expiry_date": D(2027, 3, 27), "amount": 100_000_00}, "done", D(2027, 3, 27)),
        # ... with a minimum coverage: less is as good as nothing.
        (INSURANCE, {"expiry_date": D(2027, 12, 31), "amount": 99_999_99}, "missing", None),
        # Passport: six months past the last day (26 September 2027).
        (PASSPORT, {"expiry_date": D(2027, 9, 25)}, "expires", D(2027, 9, 25)),
        (PASSPORT, {"expiry_date": D(2027, 9, 26)}, "done", D(2027, 9, 26)),
        # Valid on the first day only.
        (VALID_ON_ARRIVAL, {"expiry_date": D(2027, 2, 28)}, "expires", D(2027, 2, 28)),
        (VALID_ON_ARRIVAL, {"expiry_date": D(2027, 3, 1)}, "done", D(2027, 3, 1)),
        (VALID_ON_ARRIVAL, {"expiry_date": D(2027, 4, 30)}, "done", D(2027, 4, 30)),
        # TB test within 90 days before the first day (1 December 2026 is 90 days before).
        (TB_90, {"test_date": D(2026, 11, 30)}, "expires", D(2027, 2, 28)),
        (TB_90, {"test_date": D(2026, 12, 1)}, "done", D(2027, 3, 1)),
        (TB_90, {"test_date": D(2027, 2, 15)}, "done", D(2027, 5, 16)),
        # A site that accepts 12 months.
        (
            {"needs_test_date": True, "valid_days_before_start": 365},
            {"test_date": D(2026, 3, 1)},
            "done",
            D(2027, 3, 1),
        ),
        (
            {"needs_test_date": True, "valid_days_before_start": 365},
            {"test_date": D(2026, 2, 28)},
            "expires",
            D(2027, 2, 28),
        ),
        # No validity rule: a dated training certificate is done for good.
        ({"needs_test_date": True}, {"test_date": D(2020, 1, 1)}, "done", None),
    ],
)
def test_verified_evidence_against_the_dates(rule, dates, state, good_until):
    req = requirement(**rule)

    status = item_status(req, [evidence(req, **dates)], STAY)

    assert (status.state, status.good_until) == (state, good_until)


@pytest.mark.parametrize(
    ("evidence_status", "expiry", "state"),
    [
        ("pending", D(2027, 12, 31), "pending"),
        # Flagged the day it is entered, before anyone reviews it.
        ("pending", D(2027, 3, 10), "expires"),
        ("verified", D(2027, 12, 31), "done"),
        ("rejected", D(2027, 12, 31), "missing"),
    ],
)
def test_the_review_status_and_the_dates_together(evidence_status, expiry, state):
    req = requirement(needs_expiry=True, must_cover_stay=True)
    upload = evidence(req, status=evidence_status, expiry_date=expiry)
    if evidence_status == "rejected":
        upload.reject_reason = "Unreadable"

    assert item_status(req, [upload], STAY).state == state


def test_nothing_handed_in_is_missing_with_the_date_to_start_by():
    req = requirement(lead_weeks=4)

    status = item_status(req, [], STAY)

    assert (status.state, status.start_by) == ("missing", D(2027, 2, 1))


def test_the_newest_upload_counts_and_a_newer_rejection_is_shown():
    req = requirement(needs_expiry=True)
    old = evidence(req, pk=1, status="verified", expiry_date=D(2027, 12, 31))
    newer = evidence(
        req,
        pk=2,
        status="rejected",
        expiry_date=D(2027, 12, 31),
        uploaded=UPLOADED + datetime.timedelta(days=1),
        reject_reason="Blurred",
    )

    status = item_status(req, [newer, old], STAY)

    assert (status.state, status.evidence, status.rejected) == ("done", old, newer)


@pytest.mark.parametrize(
    ("first_day", "state"),
    [
        (D(2026, 11, 2), "missing"),
        (D(2027, 4, 5), "missing"),
        (D(2027, 5, 3), "not_needed"),
        (D(2027, 10, 4), "not_needed"),
    ],
)
def test_influenza_only_for_rotations_starting_november_to_april(first_day, state):
    req = requirement(months="11-4", needs_test_date=True)
    stay = Stay(first_day=first_day, last_day=first_day + datetime.timedelta(days=25))

    assert item_status(req, [], stay).state == state


def test_cleared_only_when_every_requirement_that_applies_is_done():
    tb, flu, passport = (
        requirement(1, **TB_90),
        requirement(2, months="11-2", needs_test_date=True),
        requirement(3, **PASSPORT),
    )
    done = [
        evidence(tb, pk=1, test_date=D(2027, 2, 1)),
        evidence(passport, pk=2, expiry_date=D(2030, 1, 1)),
    ]

    assert clearance([tb, flu, passport], done, STAY).cleared is True
    waiting = [*done[:1], evidence(passport, pk=3, status="pending", expiry_date=D(2030, 1, 1))]
    result = clearance([tb, flu, passport], waiting, STAY)
    assert result.cleared is False
    assert [item.state for item in result.items] == ["done", "not_needed", "pending"]


def test_an_inactive_requirement_is_left_out():
    req = requirement(1)
    req.active = False

    result = clearance([req], [], STAY)

    assert (result.items, result.cleared) == ([], True)


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (D(2027, 3, 26), 6, D(2027, 9, 26)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2027, 12, 15), 1, D(2028, 1, 15)),
        (D(2027, 3, 26), 0, D(2027, 3, 26)),
    ],
)
def test_add_months(day, months, result):
    assert add_months(day, months) == result
