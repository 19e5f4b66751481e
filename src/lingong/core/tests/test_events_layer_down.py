"""Redis down: realtime events are dropped with one clear log line, and the request that caused them goes on.

The channel layer is the platform's own (``core.channel_layer.RedisChannelLayer``) pointed at a real Redis
address where nothing listens (``redis://127.0.0.1:1/0``), not a mock: publishing fails as in production.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from django.test import override_settings

from lingong.core import events
from lingong.notifications.services import notify

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_LAYER = {
    "default": {"BACKEND": "lingong.core.channel_layer.RedisChannelLayer", "CONFIG": {"hosts": [DEAD_REDIS]}}
}


@pytest.fixture
def fresh_outage(monkeypatch: pytest.MonkeyPatch) -> events._Outage:
    outage = events._Outage()
    monkeypatch.setattr(events, "_outage", outage)
    return outage


def _event_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "lingong.events"]


@override_settings(CHANNEL_LAYERS=DEAD_LAYER)
def test_events_to_a_dead_layer_log_one_warning_without_traceback(
    fresh_outage: events._Outage, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="lingong.events")
    started = time.monotonic()
    for seq in range(20):
        events._deliver(["market.1", "station.2", "user.3"], {"type": "bench.tick", "seq": seq})
    elapsed = time.monotonic() - started

    records = _event_records(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "cannot be reached" in records[0].getMessage()
    assert fresh_outage.dropped == 20
    # Only the first event tried to connect; the others were dropped at once.
    assert elapsed < 5.0

    # After RETRY_SECONDS it tries again (and fails again, silently: still the same outage).
    monkeypatch.setattr(fresh_outage, "retry_at", 0.0)
    events._deliver(["market.1"], {"type": "bench.tick", "seq": 20})
    assert len(_event_records(caplog)) == 1
    assert fresh_outage.dropped == 21


def test_the_layer_coming_back_is_logged_once_with_the_count(
    fresh_outage: events._Outage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="lingong.events")
    with override_settings(CHANNEL_LAYERS=DEAD_LAYER):
        events._deliver(["market.1"], {"type": "bench.tick"})
        events._deliver(["market.1"], {"type": "bench.tick"})
    fresh_outage.retry_at = 0.0
    # The in-memory layer of the test settings answers: the outage is over.
    events._deliver(["market.1"], {"type": "bench.tick"})
    events._deliver(["market.1"], {"type": "bench.tick"})
    messages = [r.getMessage() for r in _event_records(caplog)]
    assert len(messages) == 2, messages
    assert "reachable again: 2 realtime events were dropped" in messages[1]
    assert fresh_outage.since is None


@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS=DEAD_LAYER)
def test_a_write_that_publishes_after_commit_goes_on_when_redis_is_down(
    cast: Any, fresh_outage: events._Outage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="lingong.events")
    for title in ("您已入围", "您收到了录用通知"):
        notify(user=cast.worker.user, kind="shortlisted", title=title, url="/me/applications/", sms=False)
    assert cast.worker.user.notifications.count() >= 2
    records = _event_records(caplog)
    assert len(records) == 1 and records[0].exc_info is None
    assert fresh_outage.dropped == 2
