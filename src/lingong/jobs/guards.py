"""Checks that apps above jobs add to "may this enterprise post a job?" (the arrears guard, for one).

Jobs sits below settlement, so it cannot ask settlement directly; settlement registers its check here when
the app registry is ready (``SettlementConfig.ready``). Each guard raises a ``DomainError`` to refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PostingGuard = Callable[[Any], None]


class GuardRegistry:
    def __init__(self) -> None:
        self._guards: dict[str, PostingGuard] = {}

    def register(self, guard: PostingGuard, *, name: str) -> None:
        self._guards[name] = guard  # by name, so a second ready() never adds it twice

    def check(self, enterprise: Any) -> None:
        for guard in self._guards.values():
            guard(enterprise)


posting_guards = GuardRegistry()
