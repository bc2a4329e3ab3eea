"""Named reads of the catalogue and of rotation requests, already joined."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.dates import written

from .enums import ACTIVE_REQUEST_STATUSES, REPLACEMENT_CAUSES, AllowanceStatus, RequestStatus
from .errors import RequestLinkError
from .links import check_link_unused, read_request_token
from .models import ReplacementAllowance, Rotation, RotationRequest, Site, Specialty

# What every list of requests shows of the rotation.
REQUEST_JOINS = ("rotation__specialty", "rotation__site", "rotation__preceptor__user")


def _today() -> datetime.date:
    return timezone.localdate()


def public_rotations() -> QuerySet[Rotation]:
    """Published rotations of offered specialties and active preceptors, with everything a
    listing shows joined in (specialty, site, preceptor and their user)."""
    return Rotation.objects.filter(
        published=True,
        specialty__active=True,
        preceptor__active=True,
        preceptor__user__is_active=True,
    ).select_related("specialty", "site", "preceptor__user")


def upcoming_rotations(*, today: datetime.date | None = None) -> QuerySet[Rotation]:
    """Public rotations that have not started yet: the ones that can still be chosen."""
    return public_rotations().filter(start_date__gt=today or _today())


def upcoming_blocks(*, today: datetime.date | None = None) -> QuerySet[Rotation]:
    """Upcoming published blocks with specialty and site joined, for a list under each
    preceptor (the preceptor is the one listing them)."""
    return (
        Rotation.objects.filter(
            published=True, specialty__active=True, start_date__gt=today or _today()
        )
        .select_related("specialty", "site")
        .order_by("start_date", "pk")
    )


def catalogue_rotations(
    *,
    specialty: Specialty | None = None,
    month: datetime.date | None = None,
    site: Site | None = None,
    has_free_places: bool = False,
) -> QuerySet[Rotation]:
    """The catalogue: upcoming public rotations, filtered, by first day."""
    rotations = upcoming_rotations()
    if specialty is not None:
        rotations = rotations.filter(specialty=specialty)
    if month is not None:
        rotations = rotations.filter(start_date__year=month.year, start_date__month=month.month)
    if site is not None:
        rotations = rotations.filter(site=site)
    if has_free_places:
        rotations = rotations.filter(confirmed_count__lt=F("capacity"))
    return rotations.order_by("start_date", "specialty__name", "pk")


def catalogue_months() -> list[datetime.date]:
    """The first day of each month in which an upcoming rotation starts, for the filter."""
    return list(
        upcoming_rotations()
        .annotate(month=TruncMonth("start_date"))
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )


def catalogue_specialties() -> QuerySet[Specialty]:
    return Specialty.objects.filter(active=True).order_by("name")


def catalogue_sites() -> QuerySet[Site]:
    return Site.objects.order_by("name")


def free_places(*, rotation_ids: Iterable[int]) -> dict[int, int]:
    """Free places of public rotations by id, for the live availability on the pages."""
    rows = public_rotations().filter(pk__in=list(rotation_ids)[:200])
    return {
        pk: max(capacity - confirmed, 0)
        for pk, capacity, confirmed in rows.values_list("pk", "capacity", "confirmed_count")
    }


def requests_of(application) -> list[RotationRequest]:
    """Every request of the application, as a list: active first, by preference; then the
    finished ones, newest first. Each request's `application` is that instance, and their
    rotations (specialty, site, preceptor joined) come in a second query only when there is
    a request at all."""
    requests = list(
        RotationRequest.objects.filter(application_id=application.pk)
        .order_by()
        .prefetch_related(
            Prefetch(
                "rotation",
                queryset=Rotation.objects.select_related(
                    *(join.removeprefix("rotation__") for join in REQUEST_JOINS)
                ),
            )
        )
    )
    for rotation_request in requests:
        rotation_request.application = application
    # Sorted here rather than in the statement (cheaper to build): by the last key first.
    requests.sort(key=lambda r: r.updated_at, reverse=True)
    requests.sort(key=lambda r: (r.status not in ACTIVE_REQUEST_STATUSES, r.rank))
    return requests


def requests_for_user(*, user) -> QuerySet[RotationRequest]:
    """The requests a user may act on as an applicant: those of their own applications only
    (staff act on requests in admin, never through the applicant's pages)."""
    if not user.is_authenticated:
        return RotationRequest.objects.none()
    return RotationRequest.objects.select_related(*REQUEST_JOINS, "application").filter(
        application__applicant=user
    )


def choosable_rotations(*, application_id: int) -> QuerySet[Rotation]:
    """Upcoming public rotations this application could still add: none it has chosen, and
    none whose dates overlap one of its active choices."""
    clashing = RotationRequest.objects.filter(
        application_id=application_id,
        status__in=ACTIVE_REQUEST_STATUSES,
        rotation__start_date__lte=OuterRef("end_date"),
        rotation__end_date__gte=OuterRef("start_date"),
    )
    return (
        upcoming_rotations()
        .exclude(Exists(clashing))
        .order_by("start_date", "specialty__name", "pk")
    )


# Citizenships that need no visa to observe in the US.
NO_VISA_CITIZENSHIPS = frozenset({"US"})


def citizenship(application) -> str:
    """The applicant's country of citizenship by name (in the active language), or ""."""
    profile = getattr(application.applicant, "applicant_profile", None)
    return str(profile.country.name) if profile is not None and profile.country else ""


def needs_visa(application) -> bool:
    """Whether the applicant needs a visa to come: their recorded country of citizenship is
    not the US. A profile without a country (the form asks for it before submitting) says
    nothing, so it is not treated as needing one."""
    profile = getattr(application.applicant, "applicant_profile", None)
    country = str(profile.country.code or "") if profile is not None else ""
    return bool(country) and country not in NO_VISA_CITIZENSHIPS


def earliest_start(application, *, today: datetime.date | None = None) -> datetime.date | None:
    """The first day a rotation offered to this applicant may start on, when the visa lead
    time (MIN_WEEKS_BEFORE_START weeks) applies to them; None when it does not."""
    if not needs_visa(application):
        return None
    return (today or _today()) + datetime.timedelta(weeks=settings.MIN_WEEKS_BEFORE_START)


def preferred_months(application) -> tuple[datetime.date, datetime.date] | None:
    """The first and the last month (as their first days) of the applicant's stay: from the
    preferred start month for the program's length. None when no start month is given."""
    first = application.preferred_start
    if first is None:
        return None
    first = first.replace(day=1)
    last_day = first + datetime.timedelta(weeks=max(application.program_weeks, 4), days=-1)
    return first, last_day.replace(day=1)


@dataclass(frozen=True)
class OfferTerms:
    """What narrows the rotations offered to an application beyond choosable_rotations:
    the first day a visa allows (or None), its specialties (None: any) and the first days of
    the first month of its stay and of the month after it (or None)."""

    earliest: datetime.date | None
    specialty_ids: list[int] | None
    months: tuple[datetime.date, datetime.date] | None


def offer_terms(
    application, *, show_all: bool = False, specialty_ids: Iterable[int] | None = None
) -> OfferTerms:
    """The terms of offered_rotations (and of the choice page's own statement,
    rotations.offered): unless `show_all`, the application's specialties (`specialty_ids`
    when they are read already) and preferred months."""
    earliest = earliest_start(application)
    if show_all:
        return OfferTerms(earliest=earliest, specialty_ids=None, months=None)
    if specialty_ids is None:
        specialty_ids = application.specialties.values_list("pk", flat=True)
    months = preferred_months(application)
    if months is not None:
        first, last = months
        months = (first, (last + datetime.timedelta(days=32)).replace(day=1))
    return OfferTerms(earliest=earliest, specialty_ids=list(specialty_ids) or None, months=months)


def offered_rotations(
    *, application, show_all: bool = False, specialty_ids: Iterable[int] | None = None
) -> QuerySet[Rotation]:
    """The rotations offered to this applicant as cards: those it could still choose
    (choosable_rotations), without the ones starting too soon for a visa; unless `show_all`,
    only in the application's specialties and starting in its preferred months. Pass
    `specialty_ids` (the application's specialties) when they are read already."""
    terms = offer_terms(application, show_all=show_all, specialty_ids=specialty_ids)
    rotations = choosable_rotations(application_id=application.pk)
    if terms.earliest is not None:
        rotations = rotations.filter(start_date__gte=terms.earliest)
    if terms.specialty_ids is not None:
        rotations = rotations.filter(specialty_id__in=terms.specialty_ids)
    if terms.months is not None:
        first, after = terms.months
        rotations = rotations.filter(start_date__gte=first, start_date__lt=after)
    return rotations


def requests_for_preceptor(*, preceptor_id: int) -> QuerySet[RotationRequest]:
    """Every request for a preceptor's own rotations, and no one else's, with the applicant:
    the scope of the preceptor portal (anything outside it is a 404)."""
    return RotationRequest.objects.filter(rotation__preceptor_id=preceptor_id).select_related(
        *REQUEST_JOINS, "application__applicant"
    )


def application_requests(application) -> list[RotationRequest]:
    """requests_of, kept on the application instance: the
    dashboard's panels each ask about the same requests while one page renders, and read
    them once. Only for an instance that lives as long as one page."""
    cached = application.__dict__.get("_rotation_requests")
    if cached is None:
        cached = requests_of(application)
        application.__dict__["_rotation_requests"] = cached
    return cached


def has_confirmed_request(application) -> bool:
    """Whether any request of the application is confirmed (from application_requests):
    without one, the panels about placements (attendance, feedback, clearance, letters)
    have nothing to show and skip their own queries."""
    return any(r.status == RequestStatus.CONFIRMED for r in application_requests(application))


def has_replaceable_block(requests: Iterable[RotationRequest]) -> bool:
    """Whether any of these requests is a confirmed block cancelled in a way that may be
    replaced (by the program, or released after a visa refusal): only such a block has a
    replacement allowance or the choice between its refund and a replacement, so without one
    the next step skips their queries."""
    return any(
        r.status == RequestStatus.CANCELLED
        and r.cancel_cause in REPLACEMENT_CAUSES
        and r.confirmed_at is not None
        for r in requests
    )


def itinerary(requests: Iterable[RotationRequest]) -> list[str]:
    """One line per rotation, in date order: what, when, with whom, where."""
    lines = []
    for rotation_request in sorted(requests, key=lambda r: r.rotation.start_date):
        rotation = rotation_request.rotation
        lines.append(
            _("%(specialty)s: %(dates)s, with %(preceptor)s at %(hospital)s, %(address)s")
            % {
                "specialty": rotation.specialty.name,
                "dates": date_range(rotation),
                "preceptor": rotation.preceptor,
                "hospital": rotation.site.name,
                "address": rotation.site.address or rotation.site.city,
            }
        )
    return lines


def date_range(rotation: Rotation) -> str:
    """`Mon 1 Mar – Fri 26 Mar 2027` (`lun 1 mar – vie 26 mar 2027`), in the active language."""
    start, end = rotation.start_date, rotation.end_date
    first = written(start, "day")
    if start.year != end.year:
        first = _("%(day)s %(year)s") % {"day": first, "year": start.year}
    last = _("%(day)s %(year)s") % {"day": written(end, "day"), "year": end.year}
    return _("%(first)s – %(last)s") % {"first": first, "last": last}


def with_request_counts(queryset: QuerySet[Rotation]) -> QuerySet[Rotation]:
    """Adds `waitlist_count` and `pending_count` (for staff lists)."""
    return queryset.annotate(
        waitlist_count=Count("requests", filter=Q(requests__status=RequestStatus.WAITLISTED)),
        pending_count=Count("requests", filter=Q(requests__status=RequestStatus.REQUESTED)),
    )


def request_for_link(*, token: str, viewer) -> tuple[RotationRequest, str]:
    """The request a preceptor's one-click link opens, and the link's nonce.

    Raises RequestLinkError when the token is altered or expired, when it was made for
    another preceptor than the rotation's (or the viewer is logged in as another
    preceptor), or when the link was used already. Changes nothing.
    """
    claims = read_request_token(token)
    rotation_request = (
        RotationRequest.objects.select_related(*REQUEST_JOINS, "application__applicant")
        .filter(pk=claims.request_id)
        .first()
    )
    if rotation_request is None:
        raise RequestLinkError(_("This link is not valid."), reason="invalid")
    viewer_preceptor = getattr(viewer, "preceptor", None) if viewer.is_authenticated else None
    if claims.preceptor_id != rotation_request.rotation.preceptor_id or (
        viewer_preceptor is not None
        and viewer_preceptor.pk != rotation_request.rotation.preceptor_id
    ):
        raise RequestLinkError(
            _("This link was sent to another preceptor, so it cannot be used here."),
            reason="other_preceptor",
        )
    check_link_unused(rotation_request=rotation_request, nonce=claims.nonce)
    return rotation_request, claims.nonce


# A request chosen as a replacement holds its allowance while it waits for an answer.
_PENDING_STATUSES = (RequestStatus.REQUESTED, RequestStatus.WAITLISTED)


def free_allowances(*, application_id: int) -> list[ReplacementAllowance]:
    """The application's open replacement allowances that no request chosen for them is
    waiting on (oldest first): one replacement block may still be chosen for each."""
    pending = RotationRequest.objects.filter(
        replacement_for=OuterRef("pk"), status__in=_PENDING_STATUSES
    )
    return list(
        ReplacementAllowance.objects.filter(
            application_id=application_id, status=AllowanceStatus.OPEN
        )
        .exclude(Exists(pending))
        .order_by("granted_at", "pk")
    )


def replacement_slots(*, application_id: int) -> int:
    """How many replacement blocks the applicant may still choose: the open allowances less
    the replacement requests still waiting for a preceptor."""
    return len(free_allowances(application_id=application_id))
