"""Every notification the code creates links to the page where its recipient acts next.

``notifications.services.notify`` takes the link as a required argument and refuses anything but a path
of this site; this test reads the code and fails on any call that passes no link or an empty one, so a
new kind of notification cannot be added without its next step (the walk in
``workflow/tests/test_notification_links.py`` then opens every link as its recipient).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # src/lingong
SKIPPED = {"tests", "migrations", "bench"}


def notify_calls() -> Iterator[tuple[str, ast.Call]]:
    """Every call of a function named ``notify`` in the platform's code, with where it is."""
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIPPED & set(rel.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "notify":
                yield f"{rel}:{node.lineno}", node


def _link_of(call: ast.Call) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == "url"), None)


def test_every_notification_is_created_with_a_link() -> None:
    calls = list(notify_calls())
    assert len(calls) >= 20, "the scan no longer finds the notify calls"
    without = [
        where
        for where, call in calls
        if (link := _link_of(call)) is None or (isinstance(link, ast.Constant) and not link.value)
    ]
    assert without == [], f"notifications without a next step: {without}"
