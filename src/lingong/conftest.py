"""Shared fixtures: a market with two stations and one user of every role (plus an 'other' of each)."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import TestCase

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.core import events
from lingong.logscan import PiiCollector
from lingong.notifications.senders import LogSender
from lingong.org.models import Market, ServiceCentre, Station
from lingong.workers.models import WorkerProfile

# --- No personal data in logs (issue 9) -------------------------------------------------------------
# One handler for the whole session (each xdist worker has its own) on the root logger and the loggers
# that may not propagate to it; every record emitted is scanned, and a test whose code logged an ID
# number, a mobile number or a one-time code fails at teardown, naming the logger and the line.
_PII = PiiCollector()
_PII_LOGGERS = ("", "lingong", "huey", "django", "axes")


# Attached when this conftest is imported (before any test of the package runs, however pytest is called).
for _name in _PII_LOGGERS:
    logging.getLogger(_name).addHandler(_PII)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for name in _PII_LOGGERS:
        logging.getLogger(name).removeHandler(_PII)
    outside = _PII.take()  # emitted outside any test (set-up of the session, teardown of fixtures)
    if outside:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        lines = "\n".join(f"  {name}: {kinds}: {line}" for name, kinds, line in outside)
        print(f"\nPersonal data written to the log outside a test:\n{lines}", file=sys.stderr)


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs() -> Any:
    _PII.take()
    yield
    offending = _PII.take()
    assert offending == [], "personal data written to the log:\n" + "\n".join(
        f"  {name}: {kinds}: {line}" for name, kinds, line in offending
    )


@pytest.fixture(autouse=True)
def _clean_outboxes() -> Any:
    LogSender.outbox.clear()
    yield
    LogSender.outbox.clear()


@dataclass
class EventRecorder:
    """The realtime events ``core.events`` delivered: one (groups, event) per send, in order.

    Events go out on commit. In a test wrapped in a transaction, run the code inside
    ``with capture_events(expected=N) as sent:`` (Zulip's ``capture_send_event_calls``): the block's
    on-commit callbacks run when it ends, ``sent`` then holds only that block's events, and the count
    is asserted. In a ``transaction=True`` test events are recorded as each transaction commits.
    """

    sent: list[tuple[list[str], dict[str, Any]]] = field(default_factory=list)

    def record(self, groups: list[str], event: dict[str, Any]) -> None:
        self.sent.append((list(groups), event))

    def __len__(self) -> int:
        return len(self.sent)

    def _matching(self, type: str | None, op: str | None) -> list[tuple[list[str], dict[str, Any]]]:
        return [
            (g, e)
            for g, e in self.sent
            if (type is None or e.get("type") == type) and (op is None or e.get("op") == op)
        ]

    def events(self, type: str | None = None, op: str | None = None) -> list[dict[str, Any]]:
        """The events, optionally only those of one ``type`` (and ``op``)."""
        return [e for _, e in self._matching(type, op)]

    def groups(self, type: str | None = None, op: str | None = None) -> list[list[str]]:
        """The groups each (matching) event was sent to."""
        return [g for g, _ in self._matching(type, op)]

    def kinds(self) -> list[str]:
        """``type.op`` of each event in order, e.g. ``["job.created", "notification.add"]``."""
        return [f"{e.get('type')}.{e.get('op')}" for _, e in self.sent]

    def counts(self) -> Counter[str]:
        return Counter(self.kinds())

    def clear(self) -> None:
        self.sent.clear()

    @contextmanager
    def __call__(self, expected: int | None = None) -> Iterator[EventRecorder]:
        block = EventRecorder()
        start = len(self.sent)
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield block
        block.sent.extend(self.sent[start:])
        if expected is not None:
            assert len(block) == expected, block.kinds()


@pytest.fixture
def capture_events(monkeypatch: pytest.MonkeyPatch) -> Iterator[EventRecorder]:
    """Record every event published during the test (nothing is recorded in production)."""
    recorder = EventRecorder()
    monkeypatch.setattr(events, "recorder", recorder.record)
    yield recorder


@pytest.fixture(autouse=True)
def _fresh_matching_index() -> Any:
    # The per-process index would outlive each test's rolled-back rows (SQLite reuses their ids).
    # So would the reads kept per process under its versions (core.memo).
    from lingong.core import memo
    from lingong.jobs import matching_index

    matching_index.reset()
    memo.clear_all()
    yield
    matching_index.reset()
    memo.clear_all()


@pytest.fixture(autouse=True)
def _fresh_market_config() -> Any:
    # Policies and areas are cached per process by market id; rolled-back rows' ids are reused.
    from lingong.org import area, policy

    area.clear_cache()
    policy.clear_cache()
    yield
    area.clear_cache()
    policy.clear_cache()


@dataclass
class Cast:
    market: Market
    centre: ServiceCentre
    other_centre: ServiceCentre
    station: Station
    other_station: Station
    admin: User
    centre_staff: User
    station_staff: User
    other_station_staff: User
    worker: WorkerProfile
    other_worker: WorkerProfile
    employer: User
    other_employer: User


@pytest.fixture
def cast(db: Any) -> Cast:
    market = t.make_market()
    centre = t.make_centre(market)
    other_centre = t.make_centre(market, "南湖市民中心服务中心")
    station = t.make_station(centre, "友谊里社区零工驿站")
    other_station = t.make_station(other_centre, "四合里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    return Cast(
        market=market,
        centre=centre,
        other_centre=other_centre,
        station=station,
        other_station=other_station,
        admin=admin,
        centre_staff=t.make_staff(Role.CENTRE_STAFF, market, centre=centre, name="中心工作人员"),
        station_staff=t.make_staff(
            Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王"
        ),
        other_station_staff=t.make_staff(
            Role.STATION_STAFF, market, centre=other_centre, station=other_station, name="驿站小李"
        ),
        worker=t.make_worker(market, name="江小军", station=station),
        other_worker=t.make_worker(market, name="李建国", skills=[("carpenter", 20)], station=other_station),
        employer=t.make_employer(market, admin=admin),
        other_employer=t.make_employer(market, admin=admin, name="唐山南湖餐饮管理有限公司"),
    )
