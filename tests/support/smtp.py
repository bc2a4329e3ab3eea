"""A real SMTP server on loopback (aiosmtpd) that records what it receives and can be told
to refuse the first few messages, the way a busy relay answers 451, or to hold its answer to
the first few DATA commands until the test releases them (a slow relay; the moment a worker
may die between handing over a message and hearing that it was accepted)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class RecordingHandler:
    refuse_first: int = 0
    refused: int = 0
    hold_first: int = 0
    held: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    # The client's address and port of each message received: one per connection it came on.
    peers: list[tuple] = field(default_factory=list)
    quits: int = 0  # connections the client closed politely (QUIT)
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.messages.append(
                email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            )
            self.peers.append(tuple(session.peer))
            hold = self.held < self.hold_first
            if hold:
                self.held += 1
        # The message is received; the sender hears "250" only once the test releases it.
        while hold and not self.released.is_set():
            await asyncio.sleep(0.05)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.quits += 1
        return "221 Bye"

    def release(self) -> None:
        """Answer the held DATA commands, and hold no more."""
        with self.lock:
            self.hold_first = self.held
        self.released.set()

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command


class SmtpServer:
    def __init__(self, refuse_first: int = 0, hold_first: int = 0):
        self.handler = RecordingHandler(refuse_first=refuse_first, hold_first=hold_first)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def restart(self) -> None:
        """Stop the server, dropping every open connection, and start it again on the same
        port, as a relay restarts or drops idle connections."""
        self.controller.stop()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def connections(self) -> int:
        """How many connections the messages received so far came on."""
        with self.handler.lock:
            return len(set(self.handler.peers))

    def __exit__(self, *exc) -> None:
        self.handler.release()
        self.controller.stop()


def parts(message: EmailMessage) -> dict[str, str]:
    """The text and HTML bodies of a received message, by content type."""
    return {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in message.walk()
        if part.get_content_type() in {"text/plain", "text/html"}
    }
