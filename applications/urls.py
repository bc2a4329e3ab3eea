from django.urls import include, path

from .views import dashboard, wizard

urlpatterns = [
    path("apply/", wizard.ApplyView.as_view(), name="apply"),
    # The documents step and the files come first: /apply/documents/ is theirs.
    path("", include("applications.document_urls")),
    path("apply/<slug:step>/", wizard.StepView.as_view(), name="apply_step"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/withdraw/", dashboard.WithdrawView.as_view(), name="withdraw"),
]
