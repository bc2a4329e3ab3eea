from django.urls import path

from . import views

urlpatterns = [
    path("preceptors/", views.DirectoryView.as_view(), name="preceptor_directory"),
    path("preceptor/", views.PortalView.as_view(), name="preceptor_portal"),
    path("preceptor/profile/", views.ProfileView.as_view(), name="preceptor_profile"),
    path(
        "preceptor/requests/<int:pk>/", views.PortalRequestView.as_view(), name="preceptor_request"
    ),
    path(
        "preceptor/requests/<int:pk>/confirm/",
        views.PortalConfirmView.as_view(),
        name="preceptor_request_confirm",
    ),
    path(
        "preceptor/requests/<int:pk>/decline/",
        views.PortalDeclineView.as_view(),
        name="preceptor_request_decline",
    ),
    path(
        "preceptor/requests/<int:pk>/documents/<int:document_pk>/",
        views.PortalDocumentView.as_view(),
        name="preceptor_request_document",
    ),
    path("preceptor/respond/<str:token>/", views.RespondView.as_view(), name="preceptor_respond"),
]
