from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from . import views

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
]
