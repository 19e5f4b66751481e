"""The demo accounts as a plain-text table (printed by ``seed`` and ``demo_logins``)."""

from __future__ import annotations

import unicodedata

from django.urls import reverse

from lingong.accounts.models import User
from lingong.core.siteurl import absolute_url
from lingong.demo.cast import DEMO_LOGINS, DEMO_PASSWORD, DEMO_PHONES


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def demo_logins_table() -> str:
    """The demo accounts as a plain-text table, with the station actually assigned in this database."""
    users = {u.phone: u for u in User.objects.filter(phone__in=DEMO_PHONES).select_related("station")}
    rows = [("角色", "手机号", "密码", "可以试试")]
    for login in DEMO_LOGINS:
        user = users.get(login.phone)
        who = user.station.name if user is not None and user.station is not None else login.who
        rows.append((f"{login.role}：{who}", login.phone, DEMO_PASSWORD, login.try_this))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    login_url = absolute_url(reverse("accounts:login"))
    if login_url.startswith("/"):  # no SITE_URL and no request: say where the address comes from
        login_url = f"服务器地址 + {login_url}（设置 SITE_URL 可显示完整地址）"
    lines = [f"演示账号（登录地址：{login_url}）"]
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if len(users) < len(DEMO_PHONES):
        lines.append("提示：演示账号尚未全部生成，请先运行 python manage.py seed")
    return "\n".join(lines)
