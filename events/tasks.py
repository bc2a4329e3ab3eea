"""The Celery tasks of events and mentoring, one module each, imported here for Celery."""

from .event_tasks import task_send_event_reminders  # noqa: F401
