"""Routes of the documents step and the document files (applications.views.documents)."""

from django.urls import path

from .views import documents

urlpatterns = [
    path("apply/documents/", documents.DocumentsStepView.as_view(), name="apply_documents"),
    path(
        "documents/<int:pk>/replace/",
        documents.DocumentReplaceView.as_view(),
        name="document_replace",
    ),
    path(
        "documents/<int:pk>/delete/",
        documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path(
        "documents/<int:pk>/download/",
        documents.DocumentDownloadView.as_view(),
        name="document_download",
    ),
]
