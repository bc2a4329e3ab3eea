from django.urls import path  # noqa: F401

import hmc_portal.ids  # noqa: F401  (registers the <id:...> path converter)

app_name = "events"

urlpatterns: list = []
