from django.urls import include, path

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

from .views import dashboard, faq, interviews, wizard

app_name = "applications"

urlpatterns = [
    path("apply/", wizard.ApplyView.as_view(), name="apply"),
    # The documents step and the files come first: /apply/documents/ is theirs.
    path("", include("applications.document_urls")),
    path("apply/<slug:step>/", wizard.StepView.as_view(), name="apply_step"),
    path("faq/", faq.FaqView.as_view(), name="faq"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/withdraw/", dashboard.WithdrawView.as_view(), name="withdraw"),
    # Interviews and offers (applications.views.interviews)
    path(
        "dashboard/interviews/<id:pk>/calendar.ics",
        interviews.InterviewCalendarView.as_view(),
        name="interview_calendar",
    ),
    path(
        "dashboard/interview/pick/", interviews.PickSlotView.as_view(), name="interview_pick_slot"
    ),
    path(
        "dashboard/interview/another-time/",
        interviews.RequestInterviewTimeView.as_view(),
        name="interview_request_time",
    ),
    path("dashboard/offer/accept/", interviews.AcceptOfferView.as_view(), name="offer_accept"),
    path("dashboard/offer/decline/", interviews.DeclineOfferView.as_view(), name="offer_decline"),
]
