"""With no DATABASE_URL / REDIS_URL the project starts a real PostgreSQL and Redis of its own,
and the process that started them stops them when it exits."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os, psycopg2, redis
from hmc_portal.embedded import ensure_services
ensure_services()
import environ
db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["OPTIONS"]["host"])
cur = conn.cursor(); cur.execute("select version()"); version = cur.fetchone()[0]; conn.close()
client = redis.Redis.from_url(os.environ["REDIS_URL"])
print(json.dumps({"postgres": version, "redis": client.ping(),
                  "redis_url": os.environ["REDIS_URL"], "socket": db["OPTIONS"]["host"]}))
"""


def test_embedded_postgres_and_redis_start_answer_and_stop(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["HMC_LOCAL_DIR"] = str(tmp_path / "local")

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["postgres"].startswith("PostgreSQL 16")
    assert report["redis"] is True
    # Stopped cleanly when the process ended: no socket left, nothing on the port.
    assert not (Path(report["socket"]) / ".s.PGSQL.5432").exists()
    import redis

    port = int(report["redis_url"].rsplit(":", 1)[1].split("/")[0])
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    try:
        client.ping()
        answered = True
    except redis.ConnectionError:
        answered = False
    assert answered is False


def test_set_urls_start_nothing(tmp_path):
    env = {
        **os.environ,
        "HMC_LOCAL_DIR": str(tmp_path / "local"),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    code = "from hmc_portal.embedded import ensure_services; ensure_services(); print('ok')"

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "ok"
    assert not (tmp_path / "local").exists()
