"""Reads of uploaded documents."""

from dataclasses import dataclass

from django.db.models import QuerySet

from hmc_portal.users.models import User

from ..enums import REQUIRED_DOCUMENTS, DocumentKind, DocumentStatus
from ..models import Application, Document


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the document checklist: a kind, whether it is required, and its files."""

    kind: DocumentKind
    required: bool
    documents: tuple[Document, ...]
    written_in_form: bool = False  # the personal statement typed into step 3

    @property
    def satisfied(self) -> bool:
        return self.written_in_form or any(
            d.status != DocumentStatus.REJECTED for d in self.documents
        )

    @property
    def verified(self) -> bool:
        return self.written_in_form or any(
            d.status == DocumentStatus.VERIFIED for d in self.documents
        )


def documents_for_user(*, user: User) -> QuerySet[Document]:
    """The documents a user may see: those of their own applications, or all for staff."""
    queryset = Document.objects.select_related("application")
    if user.is_staff:
        return queryset
    return queryset.filter(application__applicant=user)


def document_checklist(
    *, application: Application, documents: list[Document] | None = None
) -> list[ChecklistItem]:
    """Every document kind in display order: required kinds first, then optional ones that
    were uploaded or may be. Pass `documents` when they are already loaded (no query)."""
    if documents is None:
        documents = list(application.documents.order_by("uploaded_at", "pk"))
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    statement_written = bool(application.personal_statement.strip())
    required = [
        ChecklistItem(
            kind=kind,
            required=True,
            documents=tuple(by_kind.get(kind, ())),
            written_in_form=kind == DocumentKind.PERSONAL_STATEMENT and statement_written,
        )
        for kind in REQUIRED_DOCUMENTS
    ]
    optional = [
        ChecklistItem(kind=kind, required=False, documents=tuple(by_kind.get(kind, ())))
        for kind in DocumentKind
        if kind not in REQUIRED_DOCUMENTS
    ]
    return required + optional


def missing_documents(
    *, application: Application, documents: list[Document] | None = None
) -> list[str]:
    """Labels of the required documents still missing (a rejected file counts as missing)."""
    return [
        item.kind.label
        for item in document_checklist(application=application, documents=documents)
        if item.required and not item.satisfied
    ]
