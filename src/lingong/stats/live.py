"""What the screens receive: a masked feed line per counted event, and the figures after a change.

Feed lines go out with the change (``send_event_on_commit``), to the market's group and the station's.
Figures are pushed at most once per ``LINGONG_STATS_PUSH_DELAY`` seconds per market and process: the first
change after a push starts a timer; changes meanwhile join it; when it fires, the deltas are folded and the
overview is computed once and sent to the market's group (a burst of 500 applications is one push). With
the delay 0 (the test settings) the push happens at once on commit. The timer runs in the process that made
the change, so the in-memory channel layer of a single server carries it too; a minute task
(``tasks.fold_counters_every_minute``) folds whatever a stopped process left.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit.models import AuditEntry
from lingong.core.events import market_group, send_event_on_commit, station_group
from lingong.core.masking import mask_name
from lingong.org.models import Market
from lingong.stats import counters, selectors
from lingong.stats.counters import Fact
from lingong.stats.models import Metric

logger = logging.getLogger("lingong.stats")

_lock = threading.Lock()
_pending: set[int] = set()
_queued_for = threading.local()  # per thread: market id -> the on-commit hook list its push is queued on


def masked_person(name: str) -> str:
    """The surname and two stars whatever the length of the name (张** for 张三 and 张小军 alike)."""
    surname = mask_name(name).rstrip("*")
    if not name.strip() or len(surname) >= len(name.strip()):
        surname = name.strip()[:1]
    return f"{surname or _('某')}**"


def feed_line(fact: Fact) -> str | None:
    """The screen's line for an event ("张** 刚刚报名 装载机司机 · 丰南区"); never a phone or full name."""
    who = masked_person(fact.worker_name)
    what = fact.occupation_name or _("零工")
    where = f" · {fact.district_name}" if fact.district_name else ""
    lines = {
        Metric.WORKER_REGISTERED: _("%(who)s 登记求职") % {"who": who},
        Metric.ENTERPRISE_REGISTERED: _("%(name)s 入驻市场") % {"name": fact.enterprise_name},
        Metric.JOB_PUBLISHED: _("%(name)s 发布 %(what)s %(n)s人")
        % {"name": fact.enterprise_name, "what": what, "n": fact.headcount},
        Metric.APPLICATION: _("%(who)s 刚刚报名 %(what)s") % {"who": who, "what": what},
        Metric.MATCH: _("%(who)s 被录用 %(what)s") % {"who": who, "what": what},
        Metric.CHECK_IN: _("%(who)s 到岗签到 %(what)s") % {"who": who, "what": what},
        Metric.PAYMENT: _("%(who)s 的报酬已发放") % {"who": who},
        Metric.INSURED: _("%(who)s 的意外险已生效") % {"who": who},
    }
    line = lines.get(fact.metric)  # type: ignore[call-overload]
    return f"{line}{where}" if line else None


def feed_item(fact: Fact) -> dict[str, Any] | None:
    line = feed_line(fact)
    if not line:
        return None
    return {
        "kind": str(fact.metric),
        "text": line,
        "at": timezone.localtime(fact.at).strftime("%H:%M:%S"),
        "district": fact.district,
        "centre_id": fact.centre_id,
        "station_id": fact.station_id,
    }


def recent_feed(market_id: int, centre_id: int | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest feed lines, newest first, for a screen that has just opened (read from the audit trail)."""
    entries = AuditEntry.objects.filter(chain=market_id, action__in=list(counters.COUNTED_ACTIONS)).order_by(
        "-seq"
    )
    items: list[dict[str, Any]] = []
    for entry in entries[: limit * 3]:
        fact = counters.fact_for(entry)
        if fact is None or (centre_id is not None and fact.centre_id != centre_id):
            continue
        item = feed_item(fact)
        if item is not None:
            items.append(item)
        if len(items) == limit:
            break
    return items


def on_fact(fact: Fact) -> None:
    """Called in the transaction of the change: queue the feed line and the figures push for after commit."""
    item = feed_item(fact)
    groups = [market_group(fact.market_id)]
    if fact.station_id:
        groups.append(station_group(fact.station_id))
    if item is not None:
        send_event_on_commit(groups, {"type": "feed", "op": "add", "item": item})
    market_id = fact.market_id
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One push per market per transaction: the list of on-commit hooks is a new object for each
        # transaction (and after a savepoint rollback), so finding ours on it means it is queued already.
        queued = _queued_for.__dict__.setdefault("hooks", {})
        if queued.get(market_id) is connection.run_on_commit:
            return
        queued[market_id] = connection.run_on_commit

    def push_on_commit() -> None:
        _queued_for.__dict__.setdefault("hooks", {}).pop(market_id, None)
        schedule_push(market_id)

    transaction.on_commit(push_on_commit)


def schedule_push(market_id: int) -> None:
    delay = float(getattr(settings, "LINGONG_STATS_PUSH_DELAY", 1.0))
    if delay < 0:
        return
    if delay == 0:
        push_figures(market_id)
        return
    with _lock:
        if market_id in _pending:
            return
        _pending.add(market_id)
    timer = threading.Timer(delay, _push_later, args=(market_id,))
    timer.daemon = True
    timer.start()


def _push_later(market_id: int) -> None:
    with _lock:
        _pending.discard(market_id)
    try:
        push_figures(market_id)
    except Exception:  # a failed push must not kill the timer thread silently
        logger.exception("Could not push the figures of market %s", market_id)
    finally:
        connections.close_all()  # this timer thread's own connections


def push_figures(market_id: int) -> dict[str, Any] | None:
    """Fold the deltas and send the market's figures to its screens; return what was sent."""
    counters.fold()
    market = Market.objects.filter(pk=market_id).first()
    if market is None:
        return None
    figures = selectors.overview(market)
    send_event_on_commit([market_group(market_id)], {"type": "figures", "op": "update", "figures": figures})
    return figures
