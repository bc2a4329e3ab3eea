from django.urls import path

from . import views

urlpatterns = [
    path("rotations/", views.RotationListView.as_view(), name="rotation_list"),
    path("rotations/availability.json", views.availability, name="rotation_availability"),
    path("rotations/<int:pk>/", views.RotationDetailView.as_view(), name="rotation_detail"),
    path("dashboard/rotations/", views.ChooseRotationsView.as_view(), name="choose_rotations"),
    path(
        "dashboard/rotations/finish/",
        views.FinishPlacementView.as_view(),
        name="finish_placement",
    ),
    path(
        "dashboard/rotations/<int:pk>/cancel/",
        views.CancelRequestView.as_view(),
        name="cancel_rotation_request",
    ),
]
