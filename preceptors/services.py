"""Writes to preceptor profiles."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import ApplicantProfile, Application
from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User
from rotations.models import Specialty

from .errors import PreceptorError
from .models import Preceptor


@transaction.atomic
def ensure_preceptor(
    *, user: User, title: str, affiliation: str, bio: str, specialties: list[Specialty]
) -> Preceptor:
    """Make `user` a preceptor with this profile, or update the profile they have (set-up and
    demo data; staff use save_preceptor)."""
    preceptor, _created = Preceptor.objects.update_or_create(
        user=user, defaults={"title": title, "affiliation": affiliation, "bio": bio}
    )
    preceptor.specialties.set(specialties)
    return preceptor


@transaction.atomic
def update_preceptor_profile(
    *,
    preceptor: Preceptor,
    by: User,
    title: str,
    affiliation: str,
    bio: str,
    accepts_early_letter_requests: bool | None = None,
) -> Preceptor:
    """The preceptor edits what the directory shows of them (staff may too), and whether
    observers may ask them for a letter from the second half of a block (None: unchanged).
    Logs `preceptors.preceptor.updated` with the fields that changed."""
    if preceptor.user_id != by.pk and not by.is_staff:
        raise PreceptorError(_("Only the preceptor or staff can change this profile."))
    title, affiliation = title.strip(), affiliation.strip()
    if not title or not affiliation:
        raise PreceptorError(_("The title and the affiliation are needed."))
    preceptor = (
        Preceptor.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=preceptor.pk)
    )
    new = {"title": title, "affiliation": affiliation, "bio": bio.strip()}
    if accepts_early_letter_requests is not None:
        new["accepts_early_letter_requests"] = bool(accepts_early_letter_requests)
    changed = sorted(name for name, value in new.items() if getattr(preceptor, name) != value)
    for name, value in new.items():
        setattr(preceptor, name, value)
    preceptor.save(update_fields=list(new))
    if changed:
        log_action(
            preceptor,
            "preceptors.preceptor.updated",
            by=by,
            person=preceptor.user,
            data={"fields": changed},
        )
    return preceptor


def preceptor_user_problem(user: User) -> str:
    """Why `user` cannot be made a preceptor ("" when they can): staff run the program and
    applicants apply to it; neither hosts observers. The admin's form asks up front;
    save_preceptor asks again."""
    if user.is_staff:
        return _("A staff account cannot be a preceptor. Create a separate account for them.")
    if (
        ApplicantProfile.objects.filter(user=user).exists()
        or Application.objects.filter(applicant=user).exists()
    ):
        return _(
            "This account belongs to an applicant and cannot be a preceptor. Create a "
            "separate account for the preceptor."
        )
    return ""


@transaction.atomic
def save_preceptor(
    *,
    preceptor: Preceptor,
    by: User,
    changed_fields: Iterable[str],
    specialties: Iterable[Specialty] | None = None,
) -> Preceptor:
    """Save staff's new or edited preceptor profile (and its specialties, when given).

    Needs staff allowed to add (a new one) or change preceptors, and a user who is neither
    staff nor an applicant (preceptor_user_problem); else PreceptorError and nothing is
    saved. Logs `preceptors.preceptor.created`, or `preceptors.preceptor.updated` with
    `changed_fields` when there are any; and, separately, when the preceptor may now see
    applicants' documents or no longer may, `preceptors.preceptor.documents_access_granted`
    or `..._revoked`.
    """
    created = preceptor.pk is None
    needed = "preceptors.add_preceptor" if created else "preceptors.change_preceptor"
    if not (by.is_active and by.is_staff and by.has_perm(needed)):
        raise PreceptorError(_("Only the program office can make or change a preceptor."))
    problem = preceptor_user_problem(preceptor.user)
    if problem:
        raise PreceptorError(problem)
    had_access = False
    if not created:
        had_access = (
            Preceptor.objects.select_for_update()
            .values_list("may_view_documents", flat=True)
            .get(pk=preceptor.pk)
        )
    preceptor.save()
    if specialties is not None:
        preceptor.specialties.set(specialties)
    changed = sorted(changed_fields)
    person = preceptor.user
    if created:
        log_action(
            preceptor,
            "preceptors.preceptor.created",
            by=by,
            person=person,
            data={"fields": changed},
        )
    elif changed:
        log_action(
            preceptor,
            "preceptors.preceptor.updated",
            by=by,
            person=person,
            data={"fields": changed},
        )
    if preceptor.may_view_documents != had_access:
        verb = (
            "preceptors.preceptor.documents_access_granted"
            if preceptor.may_view_documents
            else "preceptors.preceptor.documents_access_revoked"
        )
        log_action(preceptor, verb, by=by, person=person)
    return preceptor
