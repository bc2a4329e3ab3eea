"""Who may have a B-1 visa invitation letter, each unmet condition with what to do.

HMC's rules: a confirmed placement (every rotation of the plan confirmed: the application is
ENROLLED), a medical degree held (graduates only), observerships only (a hands-on clerkship
gets no B-1 letter), a verified passport valid at least six months past the last block, and
whatever the apps above add (rotations.arrival.gates: billing's deposit)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus, DocumentKind, DocumentStatus
from applications.models import Document

from ..enums import RequestStatus, RotationKind
from ..models import RotationRequest
from .gates import Unmet, unmet_extra_gates

PASSPORT_MONTHS = 6


def confirmed_blocks(application) -> list[RotationRequest]:
    """The application's confirmed rotation requests, earliest block first, with rotation,
    specialty, site and preceptor joined: the itinerary a letter describes."""
    return list(
        RotationRequest.objects.filter(application=application, status=RequestStatus.CONFIRMED)
        .select_related("rotation__specialty", "rotation__site", "rotation__preceptor__user")
        .order_by("rotation__start_date", "pk")
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def passport_needed_until(blocks: list[RotationRequest]) -> datetime.date | None:
    """The earliest expiry a passport may have: six months past the last block's last day."""
    if not blocks:
        return None
    return add_months(max(b.rotation.end_date for b in blocks), PASSPORT_MONTHS)


def passport_document(application) -> Document | None:
    return Document.objects.filter(application=application, kind=DocumentKind.PASSPORT).first()


def unmet_conditions(application, *, passport_expiry: datetime.date | None = None) -> list[Unmet]:
    """Every condition of the letter `application` does not meet, in a fixed order (empty:
    eligible). `passport_expiry` is the one the applicant entered; without it the passport's
    validity is checked when they ask. Reads only; changes nothing."""
    unmet: list[Unmet] = []
    blocks = confirmed_blocks(application)
    if application.status != ApplicationStatus.ENROLLED or not blocks:
        unmet.append(
            Unmet(
                name="placement_confirmed",
                reason=_(
                    "Your placement is not confirmed yet: every rotation of your plan "
                    "must be confirmed by its preceptor."
                ),
                todo=_(
                    "Choose your rotations and wait for each preceptor to confirm; we "
                    "email you when they do."
                ),
            )
        )
    profile = getattr(application.applicant, "applicant_profile", None)
    if profile is None or not profile.graduated:
        unmet.append(
            Unmet(
                name="graduate",
                reason=_(
                    "The letter is for graduates: your profile says you have not graduated yet."
                ),
                todo=_(
                    "Once you hold your medical degree, update your profile and upload "
                    "your diploma."
                ),
            )
        )
    if any(b.rotation.kind != RotationKind.OBSERVERSHIP for b in blocks):
        unmet.append(
            Unmet(
                name="observership",
                reason=_(
                    "A hands-on clerkship in your plan does not qualify for a B-1 "
                    "invitation letter."
                ),
                todo=_("Write to the program office about the visa a clerkship needs."),
            )
        )
    passport = passport_document(application)
    if passport is None or passport.status != DocumentStatus.VERIFIED:
        unmet.append(
            Unmet(
                name="passport_verified",
                reason=_("Your passport has not been verified by the program office."),
                todo=_(
                    "Upload your passport's bio page with your documents and wait for "
                    "it to be verified."
                ),
            )
        )
    needed = passport_needed_until(blocks)
    if passport_expiry is not None and needed is not None and passport_expiry < needed:
        unmet.append(
            Unmet(
                name="passport_valid",
                reason=_(
                    "Your passport must be valid at least six months after your last rotation."
                ),
                todo=_("Renew your passport before asking for the letter."),
            )
        )
    unmet.extend(unmet_extra_gates(application))
    return unmet
