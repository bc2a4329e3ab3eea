from django.urls import path

from . import views

app_name = "preceptors"

urlpatterns = [
    path("preceptors/", views.DirectoryView.as_view(), name="directory"),
    path("preceptor/", views.PortalView.as_view(), name="portal"),
    path("preceptor/profile/", views.ProfileView.as_view(), name="profile"),
    path("preceptor/requests/<int:pk>/", views.PortalRequestView.as_view(), name="request"),
    path(
        "preceptor/requests/<int:pk>/confirm/",
        views.PortalConfirmView.as_view(),
        name="request_confirm",
    ),
    path(
        "preceptor/requests/<int:pk>/decline/",
        views.PortalDeclineView.as_view(),
        name="request_decline",
    ),
    path(
        "preceptor/requests/<int:pk>/documents/<int:document_pk>/",
        views.PortalDocumentView.as_view(),
        name="request_document",
    ),
    path("preceptor/respond/<str:token>/", views.RespondView.as_view(), name="respond"),
]
