"""Sections that apps above ``disputes`` add to the monthly complaint report (page and .xlsx).

The report lives here, but some of its figures belong to apps that build on complaints (the referrals to
arbitration commissions and courts and their results are the arbitration app's). Those apps register a
provider in their ``AppConfig.ready``, as pretix plugins answer a signal; disputes never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    title: str
    header: list[str]
    rows: list[list[Any]]
    widths: list[int]


# (market id, month "YYYY-MM") -> a section of the report
Provider = Callable[[int, str], ReportSection]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections_for(market_id: int, month: str) -> list[ReportSection]:
    return [provider(market_id, month) for provider in _providers]
