"""Build the matching index of every market from the database and print its size."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lingong.jobs import matching_index
from lingong.org.models import Market


class Command(BaseCommand):
    help = "重建每个零工市场的匹配索引并打印规模（求职者数、岗位数、内存、耗时）。"

    def handle(self, *args: Any, **options: Any) -> None:
        markets = list(Market.objects.order_by("pk").values_list("pk", "code"))
        if not markets:
            self.stdout.write("没有零工市场，无需建立索引。")
            return
        for market_id, code in markets:
            entry = matching_index.rebuild(market_id)
            self.stdout.write(
                f"{code}: workers={len(entry.workers)} jobs={len(entry.jobs)} "
                f"mb={entry.nbytes() / 1e6:.2f} seconds={entry.build_seconds:.3f}"
            )
