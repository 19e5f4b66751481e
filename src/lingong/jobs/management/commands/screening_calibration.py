"""Print how precise recent screening holds and flags were, and the thresholds staff decisions suggest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lingong.jobs.screening.service import CALIBRATION_DAYS, calibration
from lingong.org.models import Market


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


class Command(BaseCommand):
    help = "Screening calibration per market: precision of holds and flags, suggested thresholds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--market", type=int, help="market id (default: every market)")
        parser.add_argument("--days", type=int, default=CALIBRATION_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        markets = Market.objects.all()
        if options["market"]:
            markets = markets.filter(pk=options["market"])
        for market in markets.order_by("pk"):
            report = calibration(market.pk, days=options["days"])
            self.stdout.write(
                f"market {market.pk} {market.name}: {report.decided} decided in {report.days} days, "
                f"{report.rejected} rejected; thresholds hold={report.hold_score} flag={report.flag_score}; "
                f"precision hold={_fmt(report.hold_precision)} flag={_fmt(report.flag_precision)}; "
                f"suggested hold={report.suggested_hold or '-'} flag={report.suggested_flag or '-'}"
            )
            for row in report.rows:
                if row.decided:
                    self.stdout.write(
                        f"  score>={row.threshold:3d} decided={row.decided:4d} rejected={row.rejected:4d} "
                        f"precision={_fmt(row.precision)} recall={_fmt(row.recall)}"
                    )
