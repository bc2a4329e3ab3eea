"""A Celery app for `celery beat` in the scale-out test: the project's app and settings, with
a schedule of only the tasks named in FAST_BEAT_TASKS, each due every FAST_BEAT_EVERY
seconds, kept in a schedule file of its own (no shared scheduler tables), so that two beats
started side by side both send every one of them, the way two beats started by mistake do."""

import os

from hmc_portal.celery import app

app.conf.beat_scheduler = "celery.beat:PersistentScheduler"
app.conf.beat_schedule = {
    name: {"task": name, "schedule": float(os.environ.get("FAST_BEAT_EVERY", "0.5"))}
    for name in os.environ.get("FAST_BEAT_TASKS", "").split(",")
    if name
}
app.conf.beat_max_loop_interval = 0.2
