"""Build the Lunan demo market: ``python manage.py seed [--reset | --if-empty] [--seed N] [--quiet]``."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from tqdm import tqdm

from lingong.demo import build_demo_market, delete_demo_data, demo_logins_table, market_is_loaded
from lingong.demo.cast import MARKET_NAME
from lingong.demo.common import SeedOptions
from lingong.demo_second_market import build_second_market

# The fixed demo cast (4 story employers, 14 story jobs, 2 demo workers and 11 cooks) needs some room.
MINIMUMS = {"stations": 1, "enterprises": 10, "workers": 20, "jobs": 20}
MAXIMUM = 100_000


class Command(BaseCommand):
    help = "生成路南区零工市场的演示数据；同一 --seed 每次生成相同的人员、单位和岗位。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        defaults = SeedOptions()
        for name, label in (
            ("seed", "随机种子"),
            ("stations", "零工驿站数"),
            ("enterprises", "用工单位数"),
            ("workers", "求职者人数"),
            ("jobs", "岗位数"),
        ):
            default = getattr(defaults, name)
            parser.add_argument(f"--{name}", type=int, default=default, help=f"{label}（默认 {default}）")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset", action="store_true", help="先删除路南区零工市场的全部数据（含账号），再重新生成"
        )
        mode.add_argument("--if-empty", action="store_true", help="已有演示数据时不做任何操作")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--second-market", action="store_true", help="另建秦皇岛市海港区零工市场（已有则跳过）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed_options = self._seed_options(options)
        if market_is_loaded():
            if options["if_empty"]:
                self.stdout.write(f"{MARKET_NAME}已有演示数据，未做任何修改。")
                self.stdout.write(demo_logins_table())
                return
            if not options["reset"]:
                raise CommandError(
                    f"数据库中已有{MARKET_NAME}的演示数据。如需删除后重新生成，请加 --reset；"
                    "如只想在没有数据时生成，请加 --if-empty。"
                )
        started = time.monotonic()
        o = seed_options
        total = o.stations + o.enterprises + o.workers + o.jobs  # rows the bar counts as they are built
        # tqdm needs the raw stream: Django's OutputWrapper would add a newline to every refresh.
        stream = self.stderr._out
        with tqdm(total=total, disable=options["quiet"], file=stream, unit="条", leave=False) as bar:
            counts = self._build(seed_options, bar)
        elapsed = time.monotonic() - started
        self.stdout.write(self._summary(counts, elapsed))
        self.stdout.write("")
        self.stdout.write(demo_logins_table())
        if options["second_market"] and build_second_market():  # a second city: nothing is Tangshan-only
            self.stdout.write("已另建秦皇岛市海港区零工市场（管理员 13703350001，密码同上）。")
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: tens of thousands of rows were just written in one
            # transaction, and until autovacuum notices, PostgreSQL plans as if the tables were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @staticmethod
    def _seed_options(options: dict[str, Any]) -> SeedOptions:
        for name, minimum in MINIMUMS.items():
            if not minimum <= options[name] <= MAXIMUM:
                raise CommandError(f"--{name} 应在 {minimum} 至 {MAXIMUM} 之间。")
        return SeedOptions(
            seed=options["seed"],
            stations=options["stations"],
            enterprises=options["enterprises"],
            workers=options["workers"],
            jobs=options["jobs"],
        )

    @staticmethod
    def _build(seed_options: SeedOptions, bar: Any) -> dict[str, int]:
        """Reset and rebuild in one transaction, so a failure leaves the previous data in place."""
        try:
            with transaction.atomic():
                delete_demo_data()
                return build_demo_market(seed_options, bar)
        except (ProtectedError, RestrictedError) as exc:
            raise CommandError(f"无法删除现有演示数据：仍有其他数据引用它们（{exc.args[0]}）。") from exc

    @staticmethod
    def _summary(counts: dict[str, int], elapsed: float) -> str:
        return (
            f"{MARKET_NAME}演示数据已生成：驿站 {counts.get('stations', 0)} 个，"
            f"用工单位 {counts.get('enterprises', 0)} 家，求职者 {counts.get('workers', 0)} 人，"
            f"岗位 {counts.get('jobs', 0)} 个，报名 {counts.get('applications', 0)} 条，"
            f"用工单 {counts.get('engagements', 0)} 个，账号 {counts.get('users', 0)} 个，"
            f"即时快招补充厨师 {counts.get('quick_recruit_cooks', 0)} 人，"
            f"用时 {elapsed:.1f} 秒。"
        )
