from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from . import evaluation_views, views
from .letters import views as letters

app_name = "preceptors"

urlpatterns = [
    path("preceptors/", views.DirectoryView.as_view(), name="directory"),
    path("preceptor/", views.PortalView.as_view(), name="portal"),
    path("preceptor/profile/", views.ProfileView.as_view(), name="profile"),
    path("preceptor/requests/<id:pk>/", views.PortalRequestView.as_view(), name="request"),
    path(
        "preceptor/requests/<id:pk>/confirm/",
        views.PortalConfirmView.as_view(),
        name="request_confirm",
    ),
    path(
        "preceptor/requests/<id:pk>/decline/",
        views.PortalDeclineView.as_view(),
        name="request_decline",
    ),
    path(
        "preceptor/requests/<id:pk>/documents/<id:document_pk>/",
        views.PortalDocumentView.as_view(),
        name="request_document",
    ),
    path("preceptor/respond/<str:token>/", views.RespondView.as_view(), name="respond"),
    # Letters of recommendation: the applicant's page and the preceptor's.
    path("dashboard/letters/", letters.LettersView.as_view(), name="letters"),
    path(
        "dashboard/letters/<id:pk>/letter.pdf",
        letters.ApplicantLetterFileView.as_view(),
        name="letter_download",
    ),
    path("preceptor/letters/", letters.PreceptorLettersView.as_view(), name="portal_letters"),
    path("preceptor/letters/<id:pk>/", letters.PreceptorLetterView.as_view(), name="letter"),
    path(
        "preceptor/letters/<id:pk>/accept/",
        letters.LetterAcceptView.as_view(),
        name="letter_accept",
    ),
    path(
        "preceptor/letters/<id:pk>/decline/",
        letters.LetterDeclineView.as_view(),
        name="letter_decline",
    ),
    path(
        "preceptor/letters/<id:pk>/write/", letters.LetterWriteView.as_view(), name="letter_write"
    ),
    path(
        "preceptor/letters/<id:pk>/upload/",
        letters.LetterUploadView.as_view(),
        name="letter_upload",
    ),
    path("preceptor/letters/<id:pk>/eras/", letters.LetterErasView.as_view(), name="letter_eras"),
    path(
        "preceptor/letters/<id:pk>/letter.pdf",
        letters.PreceptorLetterFileView.as_view(),
        name="letter_pdf",
    ),
    path(
        "preceptor/letters/respond/<str:token>/",
        letters.LetterRespondView.as_view(),
        name="letter_respond",
    ),
    # After the first day: attendance and the evaluations of the observer.
    path("preceptor/evaluations/", evaluation_views.EvaluationsView.as_view(), name="evaluations"),
    path(
        "preceptor/evaluations/<id:pk>/attendance/",
        evaluation_views.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "preceptor/evaluations/<id:pk>/final/",
        evaluation_views.EvaluationView.as_view(kind="final"),
        name="evaluation_final",
    ),
    path(
        "preceptor/evaluations/<id:pk>/midpoint/",
        evaluation_views.EvaluationView.as_view(kind="midpoint"),
        name="evaluation_midpoint",
    ),
    path(
        "preceptor/attendance/<str:token>/",
        evaluation_views.AttendanceLinkView.as_view(),
        name="attendance_link",
    ),
]
