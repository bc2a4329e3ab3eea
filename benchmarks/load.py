"""Load on gunicorn with wrk: each page for a while at a number of connections, the
requests per second and the latency percentiles from wrk's own summary
(benchmarks/wrk_report.lua)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPORT = Path(__file__).with_name("wrk_report.lua")


def wrk(url: str, *, seconds: int, connections: int, cookie: str = "") -> dict:
    command = [
        "wrk",
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=30s",
        f"--script={REPORT}",
        # As behind the TLS-terminating proxy: no redirect to HTTPS.
        "--header=X-Forwarded-Proto: https",
    ]
    if cookie:
        command.append(f"--header=Cookie: sessionid={cookie}")
    done = subprocess.run([*command, url], check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])
