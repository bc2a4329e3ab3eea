"""There is no Docker engine in CI, so the deployment files are checked for what can be
checked without one: every service's command names things that exist in the project."""

import re
import runpy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = {"web", "worker", "mailer", "beat"}


def load_compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def test_compose_has_every_service_of_the_stack():
    services = load_compose()["services"]

    assert {"postgres", "redis", "web", "worker", "mailer", "beat"} <= set(services)
    assert any("mail" in name for name in services)


def test_app_services_share_one_image_built_from_the_dockerfile():
    services = load_compose()["services"]

    builds = {repr(services[name].get("build")) for name in APP_SERVICES}
    images = {services[name].get("image") for name in APP_SERVICES}
    assert len(builds) == 1 and builds != {"None"}
    assert len(images) == 1
    assert (ROOT / "Dockerfile").is_file()


def test_app_service_commands_point_at_things_that_exist():
    services = load_compose()["services"]

    for name in APP_SERVICES:
        text = command_text(services[name])
        assert text, f"{name} has no command"
        for module in re.findall(r"-A\s+([\w.]+)", text):
            assert (ROOT / module.replace(".", "/") / "__init__.py").exists(), module
        for target in re.findall(r"([\w.]+):application", text):
            assert (ROOT / (target.replace(".", "/") + ".py")).exists(), target
        if "manage.py" in text:
            assert (ROOT / "manage.py").exists()
    assert "celery" in command_text(services["worker"]) and "worker" in command_text(
        services["worker"]
    )
    assert "beat" in command_text(services["beat"])
    assert "gunicorn" in command_text(services["web"])


def test_redis_never_evicts_queued_tasks():
    redis = load_compose()["services"]["redis"]

    assert "noeviction" in command_text(redis)


def test_app_services_read_their_environment_from_a_file_documented_in_env_example():
    services = load_compose()["services"]
    example = (ROOT / ".env.example").read_text()

    for name in APP_SERVICES:
        assert services[name].get("env_file"), name
    for variable in (
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "AWS_STORAGE_BUCKET_NAME",
    ):
        assert re.search(rf"^#?\s*{variable}=", example, re.MULTILINE), variable


def test_web_server_settings_come_from_one_file_read_by_the_image_and_compose():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    variables = set(re.findall(r'_number\("(\w+)"', (ROOT / "gunicorn.conf.py").read_text()))
    dockerfile_command = re.search(r"^CMD (.*)$", (ROOT / "Dockerfile").read_text(), re.M)[1]

    assert (config["workers"], config["threads"], config["timeout"]) == (3, 4, 60)
    assert (config["graceful_timeout"], config["keepalive"]) == (30, 5)
    assert variables == {
        "WEB_CONCURRENCY",
        "WEB_THREADS",
        "WEB_TIMEOUT",
        "WEB_GRACEFUL_TIMEOUT",
        "WEB_KEEPALIVE",
    }
    assert [name for name in sorted(variables) if f"`{name}`" not in readme] == []
    assert [name for name in sorted(variables) if f"# {name}=" not in example] == []
    assert "--config gunicorn.conf.py" in command_text(load_compose()["services"]["web"])
    assert '"--config", "gunicorn.conf.py"' in dockerfile_command


def test_web_server_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_THREADS", "8")
    monkeypatch.setenv("WEB_TIMEOUT", "")  # an empty value in .env: the default

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert (config["threads"], config["timeout"]) == (8, 60)


def test_the_email_queue_the_app_sends_to_has_a_worker_of_its_own():
    services = load_compose()["services"]
    queues = {
        name: services[name]["environment"].get("NOTIFICATION_QUEUE") for name in APP_SERVICES
    }
    mailer = services["mailer"]["command"]

    assert set(queues.values()) == {"email"}  # web, worker and beat all route emails there
    assert mailer[mailer.index("--queues") + 1] == "email"
    assert mailer[mailer.index("--pool") + 1] == "prefork"  # time limits hold only in prefork
    assert "--queues" not in command_text(services["worker"])  # the default queue, the rest
