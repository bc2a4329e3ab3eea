"""Verification codes: 20 characters drawn by `secrets` from 31 that cannot be mistaken for
one another when read aloud or typed from paper (no 0/O, 1/I/L), about 99 bits of chance, so
codes cannot be guessed or enumerated. Stored bare and upper-case ("K7QF9M2X..."), shown in
groups of four ("K7QF-9M2X-..."); what a visitor types is read without regard to case,
spaces or dashes."""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 20
GROUP = 4
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\t")


def new_code() -> str:
    """A fresh random code, bare (no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str | None:
    """The bare code a visitor meant, or None when `text` cannot be one (wrong length,
    a character outside the alphabet). Case, spaces and dashes do not matter."""
    if not isinstance(text, str) or len(text) > 4 * LENGTH:
        return None
    bare = text.translate(_SEPARATORS).upper()
    if len(bare) != LENGTH or not set(bare) <= _ALLOWED:
        return None
    return bare


def grouped(code: str) -> str:
    """The code as printed and shown: groups of four joined by dashes."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
