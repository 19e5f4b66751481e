"""Recount the live screens' counters of one market (or all) from the source rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lingong.org.models import Market
from lingong.stats import counters


class Command(BaseCommand):
    help = "从业务数据重算数据大屏的计数（导入数据后或核对时使用）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--market", help="市场代码；不填则重算全部市场")

    def handle(self, *args: Any, **options: Any) -> None:
        markets = Market.objects.all()
        if options.get("market"):
            markets = markets.filter(code=options["market"])
        for market in markets.order_by("pk"):
            rows = counters.rebuild(market.pk)
            self.stdout.write(f"{market.code}: {rows}")
