"""Print the demo accounts (role, phone, password, what to try)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lingong.demo import demo_logins_table


class Command(BaseCommand):
    help = "列出演示账号：角色、手机号、密码和可以体验的功能。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_logins_table())
