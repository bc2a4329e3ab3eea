"""Questions an IMG asks before applying, answered from the program's real settings."""

from django.conf import settings
from django.views.generic import TemplateView

from ..enums import REQUIRED_DOCUMENTS, DocumentKind


class FaqView(TemplateView):
    template_name = "applications/faq.html"

    def get_context_data(self, **kwargs):
        optional = [
            kind
            for kind in DocumentKind
            if kind not in REQUIRED_DOCUMENTS and kind != DocumentKind.OTHER
        ]
        return super().get_context_data(
            **kwargs,
            required_documents=[kind.label for kind in REQUIRED_DOCUMENTS],
            optional_documents=[kind.label for kind in optional],
            max_megabytes=settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
            offer_days=settings.OFFER_RESPONSE_DAYS,
            max_choices=settings.MAX_ROTATION_CHOICES,
        )
