"""A tiny clamd for tests: a real socket server speaking clamd's INSTREAM protocol, which
answers FOUND for data holding the EICAR test string and OK otherwise (or an ERROR, when told
to). It lets the client in hmc_portal.clamav be tested everywhere, clamd installed or not."""

from __future__ import annotations

import socketserver
import struct
import threading
from pathlib import Path

from .files import EICAR


class FakeClamd:
    """Serve on a unix socket at `path`; `received` keeps every stream's bytes."""

    def __init__(self, path: Path, *, answer_error: bool = False):
        self.path, self.answer_error, self.received = path, answer_error, []
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                stream = self.request.makefile("rb")
                command = b""
                while not command.endswith(b"\0"):
                    byte = stream.read(1)
                    if not byte:
                        return
                    command += byte
                if command != b"zINSTREAM\0":
                    self.request.sendall(b"UNKNOWN COMMAND\0")
                    return
                data = b""
                while (length := struct.unpack("!L", stream.read(4))[0]) != 0:
                    data += stream.read(length)
                fake.received.append(data)
                if fake.answer_error:
                    reply = b"INSTREAM size limit exceeded. ERROR\0"
                elif EICAR in data:
                    reply = b"stream: Eicar-Test-Signature FOUND\0"
                else:
                    reply = b"stream: OK\0"
                self.request.sendall(reply)

        self.server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def __enter__(self) -> FakeClamd:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
