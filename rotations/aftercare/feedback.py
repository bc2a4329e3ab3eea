"""The observer's feedback on a block: the criteria, each with the words of its 1-5 scale
(so two observers mean the same thing by a 4), and when a block opens for feedback.

Who sees what: staff see every response (admin); a preceptor sees their own averages only
once MIN_RESPONSES responses exist, and the comments then only as a list in alphabetical
order without dates or blocks, so that no single observer can be told apart. Below that
the portal says only that results show after MIN_RESPONSES responses (no count)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MIN_RESPONSES = 3


@dataclass(frozen=True)
class Criterion:
    name: str  # the RotationFeedback field
    label: str | Promise
    question: str | Promise
    anchors: tuple[str | Promise, ...]  # what 1, 2, 3, 4 and 5 mean


CRITERIA_SCALES = (
    Criterion(
        "teaching",
        _("Teaching"),
        _("How much did the preceptor and the team teach you?"),
        (
            _("1 – No teaching"),
            _("2 – Rarely explained anything"),
            _("3 – Some teaching when asked"),
            _("4 – Regular teaching"),
            _("5 – Teaching at every opportunity"),
        ),
    ),
    Criterion(
        "welcome",
        _("Welcome"),
        _("How welcome did the team make you feel?"),
        (
            _("1 – Not welcome at all"),
            _("2 – Mostly ignored"),
            _("3 – Accepted"),
            _("4 – Welcomed"),
            _("5 – Part of the team"),
        ),
    ),
    Criterion(
        "exposure",
        _("Clinical exposure"),
        _("How much of the specialty's work did you see?"),
        (
            _("1 – Almost nothing"),
            _("2 – Very little"),
            _("3 – A fair amount"),
            _("4 – A wide range"),
            _("5 – Everything the service does"),
        ),
    ),
    Criterion(
        "organisation",
        _("Organisation"),
        _("How well organised was the block (schedule, reporting, who to ask)?"),
        (
            _("1 – Disorganised"),
            _("2 – Often unclear"),
            _("3 – Adequate"),
            _("4 – Well organised"),
            _("5 – Excellent from the first day"),
        ),
    ),
)


def feedback_opens_on(rotation) -> datetime.date:
    """The first day the observer may give feedback: the block's last day."""
    return rotation.end_date


def feedback_is_open(rotation, *, today: datetime.date) -> bool:
    return today >= feedback_opens_on(rotation)
