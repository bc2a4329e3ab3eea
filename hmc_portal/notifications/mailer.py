"""One SMTP connection per worker process, kept open between emails.

Opening a connection (TCP, the greeting, EHLO, STARTTLS, AUTH) costs more than sending a
message over it, so a worker keeps the one it opened: `connection()` hands it out, opening
it the first time. Before a batch is sent the connection is checked with a NOOP, so one the
server dropped while idle (relays close them after a few minutes) is opened again instead of
failing the first email; `discard()` closes it after a failed send, so the next email starts
on a fresh one; `close()` runs when the worker process stops (tasks.py connects it to
Celery's shutdown signals).

Only Django's SMTP backend is kept open. The other backends (the file backend writes one
file per connection, the in-memory one of the tests) get a new connection for each email,
as before. The connection is per thread and per process (a forked child never shares its
parent's socket), and is opened again when the mail settings change (the tests point them
at a server of their own).
"""

from __future__ import annotations

import os
import smtplib
import threading

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

_local = threading.local()


def _settings_key() -> tuple:
    """What the connection was opened with: when any of it changes, open another."""
    return (
        os.getpid(),
        settings.EMAIL_BACKEND,
        getattr(settings, "EMAIL_HOST", ""),
        getattr(settings, "EMAIL_PORT", None),
        getattr(settings, "EMAIL_HOST_USER", ""),
        getattr(settings, "EMAIL_USE_TLS", False),
        getattr(settings, "EMAIL_USE_SSL", False),
    )


def _kept() -> SmtpBackend | None:
    """This thread's open SMTP backend, if it is still the one the settings ask for."""
    backend, key = getattr(_local, "backend", None), getattr(_local, "key", None)
    if backend is None:
        return None
    if key != _settings_key():
        if key[0] == os.getpid():
            _close(backend)
        # A forked child leaves its parent's socket alone: the parent still owns it.
        _local.backend = _local.key = None
        return None
    return backend


def connection() -> BaseEmailBackend:
    """The connection to send the next email with: this process's open SMTP connection
    (opened now if there is none), or a new one of another backend for a single email."""
    backend = _kept()
    if backend is not None:
        return backend
    backend = get_connection(fail_silently=False)
    if not isinstance(backend, SmtpBackend):
        return backend
    backend.open()
    _local.backend, _local.key = backend, _settings_key()
    return backend


def check() -> None:
    """Make sure the kept connection still answers (a NOOP) before a batch is sent; one
    the server dropped is forgotten, and the next `connection()` opens a fresh one."""
    backend = _kept()
    if backend is None or backend.connection is None:
        return
    try:
        code, _ = backend.connection.noop()
    except (OSError, smtplib.SMTPException):
        code = 0
    if code != 250:
        discard()


def discard() -> None:
    """Drop the kept connection without a word (after a failed or interrupted send its
    state is unknown: a QUIT could wait on a server that is gone, or land inside a message
    half sent); the next `connection()` opens a fresh one."""
    backend = getattr(_local, "backend", None)
    _local.backend = _local.key = None
    if backend is not None and backend.connection is not None:
        try:
            backend.connection.close()  # smtplib: closes the socket, sends nothing
        finally:
            backend.connection = None


def close() -> None:
    """Say QUIT on the kept connection and close it: the worker process is stopping."""
    backend, key = getattr(_local, "backend", None), getattr(_local, "key", None)
    _local.backend = _local.key = None
    if backend is not None and key[0] == os.getpid():  # a forked child leaves it alone
        _close(backend)


def _close(backend: SmtpBackend) -> None:
    backend.fail_silently = True  # a connection already gone needs no goodbye
    try:
        backend.close()
    except (OSError, smtplib.SMTPException):
        backend.connection = None
