from django.urls import path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from .mentoring import views as mentoring

app_name = "events"

urlpatterns: list = [
    path("mentoring/", mentoring.MentoringView.as_view(), name="mentoring"),
    path("mentoring/slots/<id:pk>/book/", mentoring.BookView.as_view(), name="mentoring_book"),
    path(
        "mentoring/sessions/<id:pk>/cancel/",
        mentoring.CancelBookingView.as_view(),
        name="mentoring_cancel",
    ),
    path("mentoring/sessions/<id:pk>/note/", mentoring.NoteView.as_view(), name="mentoring_note"),
    path("mentoring/times/", mentoring.MentorTimesView.as_view(), name="mentoring_times"),
    path(
        "mentoring/times/once/",
        mentoring.PublishOnceView.as_view(),
        name="mentoring_publish_once",
    ),
    path(
        "mentoring/times/weekly/",
        mentoring.PublishWeeklyView.as_view(),
        name="mentoring_publish_weekly",
    ),
    path(
        "mentoring/times/<id:pk>/withdraw/",
        mentoring.WithdrawSlotView.as_view(),
        name="mentoring_withdraw",
    ),
]
