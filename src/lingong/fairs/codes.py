"""Codes that people type: a fair's code (its URL) and a worker's entry code (the personal QR code)."""

from __future__ import annotations

import secrets

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 8


def new_code(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed: str) -> str:
    """What staff type or a scanner reads: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())[:16]
