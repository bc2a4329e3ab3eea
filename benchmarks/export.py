"""The admin's CSV export of every application, downloaded through gunicorn: when its first
bytes arrive, how long the whole takes, and how much the web workers' memory grows while
they send it (their resident memory sampled every 50 ms)."""

from __future__ import annotations

import http.client
import threading
import time

from benchmarks.stack import children_rss_kb

EXPORT_PATH = "/admin/applications/application/export/"


def timed_export(base: str, *, cookie: str, master_pid: int) -> dict:
    host, port = base.removeprefix("http://").split(":")
    before = children_rss_kb(master_pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], children_rss_kb(master_pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    start = time.perf_counter()
    try:
        connection.request(
            "GET",
            EXPORT_PATH,
            headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"},
        )
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.perf_counter() - start
        size = len(first)
        lines = first.count(b"\n")
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            lines += chunk.count(b"\n")
        total = time.perf_counter() - start
        status = response.status
    finally:
        done.set()
        sampler.join()
        connection.close()
    return {
        "status": status,
        "first_byte_s": round(first_byte, 3),
        "total_s": round(total, 2),
        "bytes": size,
        "rows": max(lines - 1, 0),
        "memory_added_mb": round((peak[0] - before) / 1024, 1),
    }
