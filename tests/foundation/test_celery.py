from hmc_portal.celery import app
from hmc_portal.schedule import BEAT_SCHEDULE


def test_celery_is_configured_for_no_lost_tasks():
    conf = app.conf

    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_every_periodic_task_names_a_registered_task():
    app.loader.import_default_modules()

    assert BEAT_SCHEDULE, "no periodic task declared"
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert BEAT_SCHEDULE["notifications-resend-stale"]["schedule"] == 60.0
