"""Recompute every worker's and enterprise's star level and reliability from the records."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lingong.ratings.reputation import refresh_all


class Command(BaseCommand):
    help = "重新计算所有劳动者和用工单位的星级与守约率。"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        workers, employers = refresh_all()
        self.stdout.write(
            f"workers={workers} employers={employers} seconds={time.perf_counter() - started:.2f}"
        )
