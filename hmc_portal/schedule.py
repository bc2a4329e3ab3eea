"""Every periodic task, in one place. django-celery-beat's database scheduler reads this
mapping at start-up and keeps it in its tables, where staff can see and pause each entry."""

BEAT_SCHEDULE = {
    # Every minute: a notification still pending two minutes after it was queued or last
    # tried lost its Celery message (the broker was down at commit, a worker died); send it.
    "notifications-resend-stale": {
        "task": "notifications.resend_stale",
        "schedule": 60.0,
    },
}
