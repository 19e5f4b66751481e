"""Search helpers shared by staff lists."""

from __future__ import annotations

from django.db.models import Q

MIN_CODE_FRAGMENT = 4


def name_or_code_q(term: str, name_field: str, code_field: str) -> Q:
    """Match a name by any part, and a unified social credit code by a fragment of at least 4 letters or
    digits (staff type the last digits of a licence as often as the first). Codes are stored upper-case."""
    term = term.strip()
    q = Q(**{f"{name_field}__icontains": term})
    if len(term) >= MIN_CODE_FRAGMENT and term.isascii() and term.isalnum():
        q |= Q(**{f"{code_field}__icontains": term.upper()})
    return q
