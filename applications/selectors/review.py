"""Reads for staff review (the application admin): the list with what each row shows, and
the state of the required documents in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User

from ..enums import (
    REQUIRED_DOCUMENTS,
    ApplicationStatus,
    DocumentKind,
    DocumentStatus,
    InterviewStatus,
    UsmleResult,
)
from ..files import JPEG, PDF, PNG
from ..models import ApplicantProfile, Application, ApplicationSpecialty, Document, Interview
from .documents import document_checklist


def applications_for_review() -> QuerySet[Application]:
    """Every application with what the staff list shows, in a constant number of queries:
    the applicant and profile joined, the ranked specialties and the documents prefetched,
    and `next_interview_at` (the earliest scheduled interview) annotated."""
    next_interview = (
        Interview.objects.filter(application=OuterRef("pk"), status=InterviewStatus.SCHEDULED)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        Application.objects.select_related("applicant__applicant_profile")
        .prefetch_related(*_prefetches(reviewers=False))
        .annotate(next_interview_at=Subquery(next_interview))
    )


def _prefetches(*, reviewers: bool) -> list[Prefetch]:
    documents = Document.objects.order_by("uploaded_at", "pk")
    if reviewers:
        documents = documents.select_related("reviewed_by")
    return [
        Prefetch(
            "ranked_specialties",
            queryset=ApplicationSpecialty.objects.select_related("specialty").order_by("rank"),
        ),
        Prefetch("documents", queryset=documents),
    ]


def for_review_page() -> QuerySet[Application]:
    """Applications as their staff page reads one: what applications_for_review() loads,
    with the documents' reviewers joined, whom the review screen names, and neither the
    list's order nor its next-interview column, which the page does not show."""
    return Application.objects.select_related("applicant__applicant_profile").prefetch_related(
        *_prefetches(reviewers=True)
    )


def for_review_list(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The rows of the staff list, from applications_for_review(): instead of every document
    and ranked specialty as objects (some 600 documents for a page of 100 rows, only counted),
    each row carries, from subqueries of its own row, `specialty_names` (ranked) and the
    kinds of its documents, `uploaded_kinds` (not rejected) and `verified_kinds`, which
    document_counts and the specialties column read. The application's page keeps the
    prefetches: it shows the documents themselves."""
    documents = Document.objects.filter(application=OuterRef("pk")).order_by()
    return queryset.prefetch_related(None).annotate(
        specialty_names=ArraySubquery(
            ApplicationSpecialty.objects.filter(application=OuterRef("pk"))
            .order_by("rank")
            .values("specialty__name")
        ),
        uploaded_kinds=ArraySubquery(
            documents.exclude(status=DocumentStatus.REJECTED).values("kind")
        ),
        verified_kinds=ArraySubquery(
            documents.filter(status=DocumentStatus.VERIFIED).values("kind")
        ),
    )


def specialty_names(application: Application) -> list[str]:
    """The names of the specialties of interest, ranked: annotated by for_review_list, or
    from the prefetched ranked specialties."""
    names = getattr(application, "specialty_names", None)
    if names is None:
        names = [item.specialty.name for item in application.ranked_specialties.all()]
    return names


def search_terms(search: str) -> list[str]:
    """The words of a staff search, as the admin splits them ("quoted phrases" kept whole)."""
    terms = []
    for bit in smart_split(search):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


def applicants_matching(term: str) -> QuerySet:
    """Ids of the people with `term` in a name, the email or their medical school: each
    table asked on its own, where its trigram indexes on UPPER(column) answer the admin's
    `icontains`, and the two sets of ids joined by a UNION (an OR of two `IN`s would have
    PostgreSQL read both tables whole)."""
    people = (
        User.objects.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
        )
        .order_by()  # a set of ids: User's default order would only add a sort
        .values("pk")
    )
    schools = (
        ApplicantProfile.objects.filter(medical_school__icontains=term).order_by().values("user_id")
    )
    return people.union(schools)


def required_documents_q(*, verified: bool) -> Q:
    """Applications with every required document uploaded (not rejected), or with every one
    verified; a personal statement written in the form counts as both, as in
    selectors.document_checklist."""
    condition = Q()
    for kind in REQUIRED_DOCUMENTS:
        documents = Document.objects.filter(application=OuterRef("pk"), kind=kind)
        if verified:
            documents = documents.filter(status=DocumentStatus.VERIFIED)
        else:
            documents = documents.exclude(status=DocumentStatus.REJECTED)
        kind_condition = Q(Exists(documents))
        if kind == DocumentKind.PERSONAL_STATEMENT:
            kind_condition |= Q(personal_statement__regex=r"\S")
        condition &= kind_condition
    return condition


@dataclass(frozen=True)
class DocumentCounts:
    uploaded: int  # required kinds present and not rejected
    required: int
    verified: int  # required kinds verified

    def __str__(self) -> str:
        # "5 of 5 uploaded, 3 verified": the plural follows the number of required documents.
        return ngettext(
            "%(uploaded)d of %(required)d uploaded, %(verified)d verified",
            "%(uploaded)d of %(required)d uploaded, %(verified)d verified",
            self.required,
        ) % {"uploaded": self.uploaded, "required": self.required, "verified": self.verified}


def document_counts(*, application: Application) -> DocumentCounts:
    """Counts of the required documents: from the kinds annotated by for_review_list, else
    from the prefetched documents when there are (a query when there are not)."""
    uploaded = getattr(application, "uploaded_kinds", None)
    verified = getattr(application, "verified_kinds", None)
    if uploaded is None or verified is None:
        return document_counts_of(
            application=application, documents=list(application.documents.all())
        )
    # As document_checklist counts them: a kind is there with one file not rejected (or
    # verified), and a personal statement written in the form counts as both.
    written = bool(application.personal_statement.strip())
    uploaded, verified = set(uploaded), set(verified)
    return DocumentCounts(
        uploaded=sum(
            kind in uploaded or (written and kind == DocumentKind.PERSONAL_STATEMENT)
            for kind in REQUIRED_DOCUMENTS
        ),
        required=len(REQUIRED_DOCUMENTS),
        verified=sum(
            kind in verified or (written and kind == DocumentKind.PERSONAL_STATEMENT)
            for kind in REQUIRED_DOCUMENTS
        ),
    )


def unverified_documents(
    *, application: Application, documents: list[Document] | None = None
) -> list[str]:
    """Labels of the required documents not verified yet (a personal statement written in
    the form counts as verified): what stands between the application and an offer. Pass
    `documents` when they are already loaded."""
    return [
        item.kind.label
        for item in document_checklist(application=application, documents=documents)
        if item.required and not item.verified
    ]


def emails_to_applicant(*, application: Application, limit: int = 100) -> QuerySet[Notification]:
    """The newest emails queued for the application's applicant (the outbox rows)."""
    return Notification.objects.filter(recipient_id=application.applicant_id).order_by(
        "-created_at", "-pk"
    )[:limit]


# --- The review screen (the top of the application's admin page) ---------------------------

S = ApplicationStatus

# What the program office does next, by status. One small table so that a shared next-step
# function can take its place later.
_STAFF_NEXT_STEPS = {
    S.DRAFT: _("The applicant is still filling in the application; nothing to review yet."),
    S.SUBMITTED: _("Start the review."),
    S.UNDER_REVIEW: _("Verify the documents, then invite to an interview or decide."),
    S.INTERVIEW: _("Hold the interview and record its outcome, then decide."),
    S.WAITLISTED: _("Accept or reject when a place is settled."),
    S.ACCEPTED: _("Wait for the applicant to answer the offer."),
    S.CONFIRMED: _("The applicant chooses rotations; enrol once they are confirmed."),
    S.ENROLLED: _("Mark the observership completed when it ends."),
}
_CLOSED = _("Nothing more to do: the application is closed.")


def staff_next_step(*, application: Application) -> str:
    """One short sentence: what the program office does next with the application."""
    return str(_STAFF_NEXT_STEPS.get(application.status, _CLOSED))


PREVIEWS = {PDF: "pdf", JPEG: "image", PNG: "image"}


def preview_kind(document: Document) -> str:
    """How the review screen shows a document inline: "pdf", "image" or "" (a link only)."""
    return PREVIEWS.get(document.content_type, "")


@dataclass(frozen=True)
class ReviewSummary:
    """The header of the review screen: who applies, with what, and where it stands."""

    name: str
    email: str
    country: str
    medical_school: str
    graduation_year: str
    ecfmg: str
    usmle: str
    english: str
    specialties: str
    status: str
    next_step: str
    documents: DocumentCounts


def _usmle(profile) -> str:
    parts = []
    for step, result, score in (
        (_("Step 1"), profile.step1_result, profile.step1_score),
        (_("Step 2 CK"), profile.step2_result, profile.step2_score),
    ):
        if result == UsmleResult.SCORE and score:
            shown = str(score)
        else:
            shown = str(UsmleResult(result).label) if result in UsmleResult.values else result
        parts.append(f"{step}: {shown}")
    return "; ".join(parts)


def _english(profile) -> str:
    if not profile.english_test:
        return ""
    label = str(profile.get_english_test_display())
    return f"{label} {profile.english_score}".strip()


def review_summary(*, application: Application, documents: list[Document]) -> ReviewSummary:
    """The review screen's header, from the application with its applicant, profile and
    ranked specialties loaded (applications_for_review) and its `documents`."""
    applicant = application.applicant
    profile = getattr(applicant, "applicant_profile", None)
    counts = document_counts_of(application=application, documents=documents)
    return ReviewSummary(
        name=applicant.get_full_name() or applicant.email,
        email=applicant.email,
        country=str(profile.country.name) if profile and profile.country else "",
        medical_school=profile.medical_school if profile else "",
        graduation_year=str(profile.graduation_year or "") if profile else "",
        ecfmg=str(profile.get_ecfmg_status_display()) if profile else "",
        usmle=_usmle(profile) if profile else "",
        english=_english(profile) if profile else "",
        specialties=", ".join(item.specialty.name for item in application.ranked_specialties.all()),
        status=str(application.get_status_display()),
        next_step=staff_next_step(application=application),
        documents=counts,
    )


def document_counts_of(*, application: Application, documents: list[Document]) -> DocumentCounts:
    """document_counts over documents already loaded."""
    checklist = document_checklist(application=application, documents=documents)
    required = [item for item in checklist if item.required]
    return DocumentCounts(
        uploaded=sum(item.satisfied for item in required),
        required=len(required),
        verified=sum(item.verified for item in required),
    )
