from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from . import event_views

app_name = "events"

urlpatterns: list = [
    path("events/", event_views.EventListView.as_view(), name="list"),
    path("events/availability.json", event_views.availability, name="availability"),
    path("events/<id:pk>/", event_views.EventDetailView.as_view(), name="detail"),
    path("events/<id:pk>/event.ics", event_views.EventCalendarView.as_view(), name="calendar"),
    path("events/<id:pk>/register/", event_views.RegisterView.as_view(), name="register"),
    path("events/<id:pk>/cancel/", event_views.CancelRegistrationView.as_view(), name="cancel"),
]
