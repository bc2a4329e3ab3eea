import pytest

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_naming_the_broker_when_it_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable", "status": "unavailable"}


def test_healthz_gives_details_of_the_failure_to_developers_only(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.DEBUG = True

    body = client.get("/healthz").json()

    assert set(body["errors"]) == {"broker"}
    assert "ConnectionError" in body["errors"]["broker"]


@pytest.mark.django_db(transaction=True)  # the test closes and reopens the connection
def test_healthz_is_503_naming_the_database_when_it_is_unreachable(client, settings):
    from django.db import connections

    settings.CELERY_BROKER_URL = settings.REDIS_URL
    alias = connections["default"]
    original = alias.settings_dict.copy()
    alias.close()
    alias.settings_dict.update(HOST="127.0.0.1", PORT="1", OPTIONS={"connect_timeout": 1})
    try:
        response = client.get("/healthz")
    finally:
        alias.close()
        alias.settings_dict.clear()
        alias.settings_dict.update(original)

    assert response.status_code == 503
    assert response.json() == {"database": "unreachable", "broker": "ok", "status": "unavailable"}


def test_healthz_asks_the_broker_over_one_pooled_connection(client, monkeypatch):
    from hmc_portal.pages import health

    monkeypatch.setattr(health, "_broker_clients", {})  # this process's first check

    statuses = [client.get("/healthz").status_code for _ in range(3)]
    pool = health.broker_client().connection_pool

    assert statuses == [200, 200, 200]
    assert pool._created_connections == 1
    assert len(pool._available_connections) == 1  # given back, ready for the next check


def test_healthz_recovers_once_the_broker_answers_again(client, settings, monkeypatch):
    from hmc_portal.pages import health

    monkeypatch.setattr(health, "_broker_clients", {})
    working = settings.CELERY_BROKER_URL
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    down = client.get("/healthz").status_code
    settings.CELERY_BROKER_URL = working

    assert (down, client.get("/healthz").status_code) == (503, 200)
