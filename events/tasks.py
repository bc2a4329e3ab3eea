"""The Celery tasks of events and mentoring, one module each, imported here for Celery's
autodiscovery."""

from .event_tasks import task_send_event_reminders  # noqa: F401
from .mentoring.tasks import task_send_mentoring_reminders  # noqa: F401
