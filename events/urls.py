from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from . import event_views
from .mentoring import views as mentoring

app_name = "events"

urlpatterns: list = [
    path("events/", event_views.EventListView.as_view(), name="list"),
    path("events/availability.json", event_views.availability, name="availability"),
    path("events/<id:pk>/", event_views.EventDetailView.as_view(), name="detail"),
    path("events/<id:pk>/event.ics", event_views.EventCalendarView.as_view(), name="calendar"),
    path("events/<id:pk>/register/", event_views.RegisterView.as_view(), name="register"),
    path("events/<id:pk>/cancel/", event_views.CancelRegistrationView.as_view(), name="cancel"),
    path("events/mentoring/", mentoring.MentoringView.as_view(), name="mentoring"),
    path(
        "events/mentoring/slots/<id:pk>/book/", mentoring.BookView.as_view(), name="mentoring_book"
    ),
    path(
        "events/mentoring/sessions/<id:pk>/cancel/",
        mentoring.CancelBookingView.as_view(),
        name="mentoring_cancel",
    ),
    path(
        "events/mentoring/sessions/<id:pk>/note/",
        mentoring.NoteView.as_view(),
        name="mentoring_note",
    ),
    path("events/mentoring/times/", mentoring.MentorTimesView.as_view(), name="mentoring_times"),
    path(
        "events/mentoring/times/once/",
        mentoring.PublishOnceView.as_view(),
        name="mentoring_publish_once",
    ),
    path(
        "events/mentoring/times/weekly/",
        mentoring.PublishWeeklyView.as_view(),
        name="mentoring_publish_weekly",
    ),
    path(
        "events/mentoring/times/<id:pk>/withdraw/",
        mentoring.WithdrawSlotView.as_view(),
        name="mentoring_withdraw",
    ),
]
