"""The small demo market the demo's tests seed (``manage.py seed`` at a test's scale)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

SMALL = ["--stations", "6", "--enterprises", "30", "--workers", "80", "--jobs", "60", "--quiet"]


def seed(*extra: str) -> str:
    """Run the seed at the small scale (with ``extra`` options) and return its summary."""
    out = StringIO()
    call_command("seed", *SMALL, *extra, stdout=out)
    return out.getvalue()
