"""Is an observer cleared to start? The pure derivation: requirements, the evidence handed
in and the stay's dates in, one state per requirement and the overall answer out. Nothing
here reads the database or the clock (the caller passes `today`), so a table of dates
tests it whole (tests/rotations/test_compliance_rules.py).

Dates are inclusive: a document "expiring 31 May" is still good on 31 May.

The rule of each requirement (rotations.models.Requirement):
- `months`: applies only when the first day at the site falls in one of them;
- `valid_days_before_start`: the test date is at most that many days before the first day;
- `must_cover_stay` (+ `months_after_stay`): the expiry is on or after the stay's last day
  (plus those months); otherwise a document with an expiry must be valid on the first day;
- `minimum_amount`: the stated coverage reaches it;
- `lead_weeks`: nothing to judge on the evidence, but the date to start by is shown.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import ComplianceEvidence, EvidenceStatus, Requirement


class ItemState(models.TextChoices):
    DONE = "done", _("Done")
    PENDING = "pending", _("Waiting for review")
    EXPIRES = "expires", _("Expires before it is needed")
    MISSING = "missing", _("Missing")
    NOT_NEEDED = "not_needed", _("Not needed for these dates")


# States that still ask something of the observer (reminders name them).
ACTION_STATES = (ItemState.MISSING, ItemState.EXPIRES)


@dataclass(frozen=True)
class Stay:
    """The dates a site's requirements are judged against: the first day at that site and
    the last day of the whole stay (the last block of the itinerary)."""

    first_day: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class ItemStatus:
    """One requirement's state. `good_until` is the last day the evidence is good for (when
    it runs out before `needed_until`, the state is EXPIRES); `start_by` is when to start it
    (lead time); `evidence` is the upload the state was read from, `rejected` the newest
    rejected one since (its reason is shown)."""

    requirement: Requirement
    state: str
    needed_until: datetime.date | None = None
    good_until: datetime.date | None = None
    start_by: datetime.date | None = None
    evidence: ComplianceEvidence | None = None
    rejected: ComplianceEvidence | None = None

    @property
    def label(self) -> str:
        return ItemState(self.state).label

    @property
    def needs_action(self) -> bool:
        return self.state in ACTION_STATES


@dataclass(frozen=True)
class Clearance:
    items: list[ItemStatus]

    @property
    def cleared(self) -> bool:
        """Cleared to start: every requirement that applies is done (verified and good for
        the dates). Derived, never stored."""
        return all(item.state in (ItemState.DONE, ItemState.NOT_NEEDED) for item in self.items)

    @property
    def to_do(self) -> list[ItemStatus]:
        return [item for item in self.items if item.needs_action]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def applies(requirement: Requirement, stay: Stay) -> bool:
    months = requirement.month_numbers
    return not months or stay.first_day.month in months


def needed_until(requirement: Requirement, stay: Stay) -> datetime.date | None:
    """The last day the evidence must still be good on, or None when nothing runs out."""
    if requirement.must_cover_stay:
        return add_months(stay.last_day, requirement.months_after_stay)
    if requirement.needs_expiry or requirement.valid_days_before_start:
        return stay.first_day
    return None


def good_until(requirement: Requirement, evidence: ComplianceEvidence) -> datetime.date | None:
    """The last day this evidence is good for under the requirement's rule (None: no end).
    With both a validity from the test and an expiry, the earlier end counts."""
    ends = []
    if requirement.valid_days_before_start and evidence.test_date:
        ends.append(
            evidence.test_date + datetime.timedelta(days=requirement.valid_days_before_start)
        )
    if requirement.needs_expiry and evidence.expiry_date:
        ends.append(evidence.expiry_date)
    return min(ends) if ends else None


def start_by(requirement: Requirement, stay: Stay) -> datetime.date | None:
    if not requirement.lead_weeks:
        return None
    return stay.first_day - datetime.timedelta(weeks=requirement.lead_weeks)


def _fails_amount(requirement: Requirement, evidence: ComplianceEvidence) -> bool:
    return requirement.minimum_amount is not None and (evidence.amount or 0) < (
        requirement.minimum_amount
    )


def item_status(
    requirement: Requirement, evidence: Iterable[ComplianceEvidence], stay: Stay
) -> ItemStatus:
    """One requirement's state from its evidence (any order; the newest upload that was not
    rejected counts)."""
    if not applies(requirement, stay):
        return ItemStatus(requirement=requirement, state=ItemState.NOT_NEEDED)
    newest_first = sorted(evidence, key=lambda e: (e.uploaded_at, e.pk or 0), reverse=True)
    current = next((e for e in newest_first if e.status != EvidenceStatus.REJECTED), None)
    # A rejection newer than what counts is shown with its reason.
    rejected = newest_first[0] if newest_first and newest_first[0] is not current else None
    base = {
        "requirement": requirement,
        "needed_until": needed_until(requirement, stay),
        "start_by": start_by(requirement, stay),
        "rejected": rejected,
    }
    if current is None or _fails_amount(requirement, current):
        return ItemStatus(state=ItemState.MISSING, **base)
    ends = good_until(requirement, current)
    if base["needed_until"] is not None and ends is not None and ends < base["needed_until"]:
        # Flagged as soon as it is entered, whether or not staff have looked at it yet.
        return ItemStatus(state=ItemState.EXPIRES, good_until=ends, evidence=current, **base)
    state = ItemState.DONE if current.status == EvidenceStatus.VERIFIED else ItemState.PENDING
    return ItemStatus(state=state, good_until=ends, evidence=current, **base)


def clearance(
    requirements: Iterable[Requirement],
    evidence: Iterable[ComplianceEvidence],
    stay: Stay,
) -> Clearance:
    """Every active requirement's state (in the requirements' order) and, through
    Clearance.cleared, whether the observer is cleared to start."""
    by_requirement: dict[int, list[ComplianceEvidence]] = {}
    for item in evidence:
        by_requirement.setdefault(item.requirement_id, []).append(item)
    return Clearance(
        items=[
            item_status(requirement, by_requirement.get(requirement.pk, []), stay)
            for requirement in requirements
            if requirement.active
        ]
    )
