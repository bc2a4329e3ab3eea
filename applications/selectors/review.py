"""Reads for staff review (the application admin): the list with what each row shows, and
the state of the required documents in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from hmc_portal.notifications.models import Notification

from ..enums import REQUIRED_DOCUMENTS, DocumentKind, DocumentStatus, InterviewStatus
from ..models import Application, ApplicationSpecialty, Document, Interview
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
        .prefetch_related(
            Prefetch(
                "ranked_specialties",
                queryset=ApplicationSpecialty.objects.select_related("specialty").order_by("rank"),
            ),
            Prefetch("documents", queryset=Document.objects.order_by("uploaded_at", "pk")),
        )
        .annotate(next_interview_at=Subquery(next_interview))
    )


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
        return f"{self.uploaded} / {self.required} / {self.verified}"


def document_counts(*, application: Application) -> DocumentCounts:
    """Counts of the required documents, from the prefetched documents when there are."""
    checklist = document_checklist(
        application=application, documents=list(application.documents.all())
    )
    required = [item for item in checklist if item.required]
    return DocumentCounts(
        uploaded=sum(item.satisfied for item in required),
        required=len(required),
        verified=sum(item.verified for item in required),
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
