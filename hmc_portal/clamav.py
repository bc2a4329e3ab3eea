"""A small clamd client: send a file with the INSTREAM command and read the verdict.

clamd's protocol (see clamd(8)) over a unix socket or TCP: the command ``zINSTREAM\\0``, then
the data as chunks, each prefixed with its length as 4 bytes in network order, a chunk of
length 0 to finish; clamd answers ``stream: OK\\0``, ``stream: <signature> FOUND\\0`` or
``... ERROR\\0``. Written here (about forty lines) rather than taken from the `clamd` or
`pyclamd` packages, which have had no release in years.

Off unless settings.CLAMAV_URL is set: ``unix:///run/clamav/clamd.ctl`` (or just the socket's
path) or ``tcp://clamav:3310``.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from urllib.parse import urlsplit


class ScannerUnavailable(Exception):
    """clamd could not be reached, or did not give a verdict."""


def _connect(url: str, timeout: float) -> socket.socket:
    parts = urlsplit(url)
    if parts.scheme == "tcp":
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
    path = parts.path if parts.scheme == "unix" else url
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(timeout)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        raise
    return connection


def scan(url: str, chunks: Iterable[bytes], *, timeout: float = 30.0) -> str | None:
    """The signature clamd found in the data, or None when it found nothing.

    Raises ScannerUnavailable when clamd cannot be reached or answers with an error (for
    instance the data is longer than its StreamMaxLength)."""
    try:
        with _connect(url, timeout) as connection:
            connection.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                if chunk:
                    connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0") and (received := connection.recv(4096)):
                answer += received
    except OSError as error:
        raise ScannerUnavailable(f"clamd at {url}: {error}") from error
    reply = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    verdict = reply.partition(": ")[2] if reply.startswith("stream:") else ""
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND")
    raise ScannerUnavailable(f"clamd at {url} answered {reply!r}")
