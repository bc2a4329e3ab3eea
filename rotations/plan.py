"""The applicant's plan: the rotations they mean to ask for, in order of preference, before
sending. It is kept in their session (a draft of one page, not a record: nothing is asked of
anyone until rotations.services.choose_rotations sends it), and laid out on a timeline of
4-week blocks with its overlaps and gaps in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hmc_portal.dates import written
from hmc_portal.id_links import id_link

from .models import Rotation
from .selectors import date_range

# A block ends on a Friday; the next one can begin on the Monday after.
NEXT_MONDAY = datetime.timedelta(days=3)
# The longest plan drawn week by week (beyond it, the words still say everything).
DRAWN_WEEKS = 52


class RotationPlan:
    """The ids of the planned rotations in one session, for one application, in order of
    preference. Changes only the session."""

    def __init__(self, session, *, application_id: int):
        self.session = session
        self.key = f"rotations:plan:{application_id}"

    @property
    def ids(self) -> list[int]:
        value = self.session.get(self.key, [])
        return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []

    def _save(self, ids: list[int]) -> None:
        if ids:
            self.session[self.key] = ids
        else:
            self.session.pop(self.key, None)

    def add(self, pk: int) -> bool:
        """Adds at the end (the lowest preference); False when it is there already."""
        ids = self.ids
        if pk in ids:
            return False
        self._save([*ids, pk])
        return True

    def remove(self, pk: int) -> None:
        self._save([other for other in self.ids if other != pk])

    def move(self, pk: int, *, up: bool) -> bool:
        """One place up (more preferred) or down; False at the end of the list."""
        ids = self.ids
        index = ids.index(pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ids):
            return False
        ids[index], ids[other] = ids[other], ids[index]
        self._save(ids)
        return True

    def keep_only(self, pks: set[int]) -> list[int]:
        """Drops the ids not in `pks` (rotations no longer offered); returns those dropped."""
        ids = self.ids
        dropped = [pk for pk in ids if pk not in pks]
        if dropped:
            self._save([pk for pk in ids if pk in pks])
        return dropped

    def clear(self) -> None:
        self._save([])


@dataclass
class TimelineBlock:
    """One planned rotation on the timeline, with the week it starts and ends in (counted
    from the plan's first Monday) and the other planned rotations it overlaps."""

    rotation: Rotation
    rank: int
    dates: str
    first_week: int
    last_week: int
    overlaps: list[str] = field(default_factory=list)
    weeks: list[bool] = field(default_factory=list)


@dataclass
class TimelineGap:
    """Free time between two blocks, in words."""

    text: str


def _rotation_name(rotation: Rotation, rank: int) -> str:
    return _("%(specialty)s (choice %(rank)s, %(dates)s)") % {
        "specialty": rotation.specialty.name,
        "rank": rank,
        "dates": date_range(rotation),
    }


def _gap_words(days: int, before: Rotation, after: Rotation) -> str:
    names = {"first": before.specialty.name, "second": after.specialty.name}
    if days % 7 == 0:
        weeks = days // 7
        return ngettext(
            "%(count)s week free between %(first)s and %(second)s",
            "%(count)s weeks free between %(first)s and %(second)s",
            weeks,
        ) % {"count": weeks, **names}
    return ngettext(
        "%(count)s day free between %(first)s and %(second)s",
        "%(count)s days free between %(first)s and %(second)s",
        days,
    ) % {"count": days, **names}


def timeline(rotations: list[Rotation]) -> list[TimelineBlock | TimelineGap]:
    """The planned rotations (in order of preference) laid out by their dates: a block per
    rotation naming any other it overlaps, and a gap between two blocks that do not follow
    one another (a Friday's block followed by the next Monday's has none)."""
    if not rotations:
        return []
    ranked = list(enumerate(rotations, start=1))
    origin = min(rotation.start_date for rotation in rotations)
    origin -= datetime.timedelta(days=origin.weekday())
    last = max(rotation.end_date for rotation in rotations)
    total_weeks = min((last - origin).days // 7 + 1, DRAWN_WEEKS)
    blocks = []
    for rank, rotation in sorted(ranked, key=lambda item: (item[1].start_date, item[0])):
        first_week = (rotation.start_date - origin).days // 7 + 1
        last_week = (rotation.end_date - origin).days // 7 + 1
        blocks.append(
            TimelineBlock(
                rotation=rotation,
                rank=rank,
                dates=date_range(rotation),
                first_week=first_week,
                last_week=last_week,
                overlaps=[
                    _rotation_name(other, other_rank)
                    for other_rank, other in ranked
                    if other is not rotation and rotation.overlaps(other)
                ],
                weeks=[first_week <= week <= last_week for week in range(1, total_weeks + 1)],
            )
        )
    entries: list[TimelineBlock | TimelineGap] = []
    covered_until: datetime.date | None = None
    previous: Rotation | None = None
    for block in blocks:
        if covered_until is not None and block.rotation.start_date > covered_until + NEXT_MONDAY:
            days = (block.rotation.start_date - (covered_until + NEXT_MONDAY)).days
            entries.append(TimelineGap(_gap_words(days, previous, block.rotation)))
        entries.append(block)
        if covered_until is None or block.rotation.end_date >= covered_until:
            covered_until, previous = block.rotation.end_date, block.rotation
    return entries


def has_overlaps(entries: list[TimelineBlock | TimelineGap]) -> bool:
    return any(isinstance(entry, TimelineBlock) and entry.overlaps for entry in entries)


@dataclass(frozen=True)
class RotationCard:
    """An open rotation as a card of the choice page, with what the card writes worked out
    once here (a page shows a dozen, and the template language's lookups, number formatting
    and plural forms cost more per card than the rest of the page). The free places are
    written as rotations/_places.html writes them, and refreshed by the same script."""

    rotation: Rotation
    pk: str
    url: str
    specialty: str
    preceptor: str
    site: str
    start: str  # machine-readable (datetime attributes)
    start_day: str
    end: str
    end_short: str
    capacity: str
    full: bool
    places: str  # "2 of 4 places free", or full
    places_label: str  # the same with "{free}" where the number goes, for the script
    planned: bool


def _places(free, capacity: int) -> str:
    return ngettext(
        "%(free)s of %(counter)s place free", "%(free)s of %(counter)s places free", capacity
    ) % {"free": free, "counter": capacity}


def rotation_cards(rotations: list[Rotation], *, planned_ids: set[int]) -> list[RotationCard]:
    """The cards of `rotations` (specialty, site and preceptor with its user joined)."""
    full_label = _("Full: waiting list")
    link = id_link("rotations:detail")
    places_labels: dict[int, str] = {}  # by capacity
    cards = []
    for rotation in rotations:
        full = rotation.is_full
        capacity = rotation.capacity
        if capacity not in places_labels:
            places_labels[capacity] = _places("{free}", capacity)
        cards.append(
            RotationCard(
                rotation=rotation,
                pk=str(rotation.pk),
                url=link(rotation.pk),
                specialty=rotation.specialty.name,
                preceptor=str(rotation.preceptor),
                site=rotation.site.name,
                start=rotation.start_date.isoformat(),
                start_day=written(rotation.start_date, "day"),
                end=rotation.end_date.isoformat(),
                end_short=written(rotation.end_date, "short"),
                capacity=str(capacity),
                full=full,
                places=full_label if full else _places(rotation.free_places, capacity),
                places_label=places_labels[capacity],
                planned=rotation.pk in planned_ids,
            )
        )
    return cards
