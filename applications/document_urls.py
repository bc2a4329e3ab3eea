"""Routes of the documents step and the document files (applications.views.documents)."""

from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from .views import documents

urlpatterns = [
    path("apply/documents/", documents.DocumentsStepView.as_view(), name="apply_documents"),
    path(
        "documents/<id:pk>/replace/",
        documents.DocumentReplaceView.as_view(),
        name="document_replace",
    ),
    path(
        "documents/<id:pk>/delete/",
        documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path(
        "documents/<id:pk>/download/",
        documents.DocumentDownloadView.as_view(),
        name="document_download",
    ),
]
