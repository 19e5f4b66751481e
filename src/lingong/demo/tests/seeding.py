"""The small demo market the demo's tests seed (``manage.py seed`` at a test's scale)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

# Enough workers for the quick-recruit drill's 16 certified cooks (one in eight; seeded/test_drill.py).
WORKERS = 160
SMALL = ["--stations", "6", "--enterprises", "30", "--workers", str(WORKERS), "--jobs", "60", "--quiet"]


def seed(*extra: str) -> str:
    """Run the seed at the small scale (with ``extra`` options) and return its summary."""
    out = StringIO()
    call_command("seed", *SMALL, *extra, stdout=out)
    return out.getvalue()
