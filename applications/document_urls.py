"""Routes of the documents step and the document files (applications.views.documents)."""

urlpatterns: list = []
