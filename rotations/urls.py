from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from . import views
from .aftercare import certificate_views, feedback_views
from .arrival import compliance_views, visa_views
from .arrival import views as arrival_views

app_name = "rotations"

urlpatterns = [
    path("rotations/", views.RotationListView.as_view(), name="list"),
    path("rotations/availability.json", views.availability, name="availability"),
    path("rotations/<id:pk>/", views.RotationDetailView.as_view(), name="detail"),
    path("dashboard/rotations/", views.ChooseRotationsView.as_view(), name="choose"),
    path(
        "dashboard/rotations/finish/",
        views.FinishPlacementView.as_view(),
        name="finish",
    ),
    path("dashboard/support/", arrival_views.SupportView.as_view(), name="support"),
    path("dashboard/compliance/", compliance_views.ComplianceView.as_view(), name="compliance"),
    path(
        "dashboard/compliance/<id:pk>/",
        compliance_views.EvidenceUploadView.as_view(),
        name="compliance_upload",
    ),
    path(
        "dashboard/compliance/evidence/<id:pk>/",
        compliance_views.EvidenceFileView.as_view(),
        name="compliance_file",
    ),
    path(
        "dashboard/support/travel/",
        arrival_views.SupportRequestView.as_view(),
        name="support_request",
    ),
    path(
        "dashboard/support/visa-letter/",
        visa_views.VisaLetterRequestView.as_view(),
        name="visa_letter_request",
    ),
    path(
        "dashboard/support/visa-letter/letter.pdf",
        visa_views.VisaLetterDownloadView.as_view(),
        name="visa_letter_download",
    ),
    path(
        "dashboard/rotations/<id:pk>/cancel/",
        views.CancelRequestView.as_view(),
        name="cancel_request",
    ),
    path(
        "dashboard/feedback/<id:pk>/",
        feedback_views.FeedbackView.as_view(),
        name="feedback",
    ),
    path(
        "dashboard/certificate.pdf",
        certificate_views.CertificateDownloadView.as_view(),
        name="certificate_download",
    ),
]
