"""The events app's Celery tasks, one module each (autodiscovery reads this module)."""

from .mentoring.tasks import task_send_mentoring_reminders  # noqa: F401
