"""gunicorn's settings, read by the image's command and docker-compose.yml's web service
(`gunicorn --config gunicorn.conf.py`, beside the address and the log on their command
lines), each from an environment variable (README, Container).

Threads: each worker process serves WEB_THREADS requests at once (gunicorn's gthread
worker), so a slow client, an upload or a long CSV export streaming out does not hold a
whole process, and the timeout watches the process, not one request: a streamed export of
100,000 rows is not cut off. A request that hangs longer than WEB_TIMEOUT seconds without
the process answering gets the worker restarted."""

import os


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


workers = _number("WEB_CONCURRENCY", 3)
threads = _number("WEB_THREADS", 4)
timeout = _number("WEB_TIMEOUT", 60)
graceful_timeout = _number("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _number("WEB_KEEPALIVE", 5)
