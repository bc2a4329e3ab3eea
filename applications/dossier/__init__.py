"""The staff dossier: one PDF with a cover summary of an application followed by every file
uploaded for it, each with its bookmark; built in the request for a small application and by
a Celery task for a large one or for a ZIP of several (services.dossiers)."""
