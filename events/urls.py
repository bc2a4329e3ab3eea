from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from .mentoring import views as mentoring

app_name = "events"

urlpatterns: list = [
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
