"""Pure rules of fair intentions (no database): when a fair takes scans at its booths and 投递 online,
the age band shown instead of a worker's birth date, and the normalised form of a typed personal code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

PUBLISHED = "published"
ONSITE_MODES = ("onsite", "both")
ONLINE_MODES = ("online", "both")


def local(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now)


def hours_text(fair: Any) -> str:
    if fair.opens_at is None or fair.closes_at is None:
        return ""
    return f"{fair.opens_at:%H:%M}–{fair.closes_at:%H:%M}"


def onsite_problem(fair: Any, now: dt.datetime) -> str:
    """Why booths of this fair do not take scans now ("" when they do): the fair must be published, on
    site, on one of its days and within its daily hours (Asia/Shanghai wall clock)."""
    if fair.status != PUBLISHED:
        return _("该招聘会未在进行中。")
    if fair.mode not in ONSITE_MODES:
        return _("这是线上招聘会，请在岗位上点“投递”。")
    at = local(now)
    if not fair.starts_on <= at.date() <= fair.ends_on:
        return _("招聘会不在举办日期内（%(start)s 至 %(end)s）。") % {
            "start": fair.starts_on.isoformat(),
            "end": fair.ends_on.isoformat(),
        }
    if fair.opens_at is not None and at.time() < fair.opens_at:
        return _("招聘会尚未开始，今日开放时间 %(hours)s。") % {"hours": hours_text(fair)}
    if fair.closes_at is not None and at.time() >= fair.closes_at:
        return _("招聘会今日已结束，开放时间 %(hours)s。") % {"hours": hours_text(fair)}
    return ""


def online_problem(fair: Any, now: dt.datetime) -> str:
    """Why the fair does not take 投递 online now ("" when it does): published, online (or both) and
    within its dates (any time of those days)."""
    if fair.status != PUBLISHED:
        return _("该招聘会未在进行中。")
    if fair.mode not in ONLINE_MODES:
        return _("该招聘会不接受线上投递，请到现场展位扫码。")
    day = local(now).date()
    if not fair.starts_on <= day <= fair.ends_on:
        return _("不在线上招聘会的开放日期内（%(start)s 至 %(end)s）。") % {
            "start": fair.starts_on.isoformat(),
            "end": fair.ends_on.isoformat(),
        }
    return ""


def age_band(birth: dt.date | None, today: dt.date) -> str:
    """ "30–39岁" rather than the exact age (the enterprise sees a masked profile)."""
    if birth is None:
        return ""
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < 20:
        return _("20岁以下")
    if age >= 60:
        return _("60岁及以上")
    low = age // 10 * 10
    return _("%(low)d–%(high)d岁") % {"low": low, "high": low + 9}


def normalize_code(value: str) -> str:
    """A personal fair code as typed or scanned: spaces gone, upper case; a scanned URL keeps its last
    path segment (the QR code may carry a link ending in the code)."""
    text = (value or "").strip()
    if "/" in text:
        text = [part for part in text.split("/") if part][-1] if text.strip("/") else ""
    return "".join(text.split()).upper()[:12]
