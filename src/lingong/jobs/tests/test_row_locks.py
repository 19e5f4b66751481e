"""A job transition locks the rows it changes, not the rows it only reads (PostgreSQL).

``select_for_update()`` with ``select_related()`` locks every joined row FOR UPDATE. The write benchmark found
the price (docs/benchmarks.md, issue 15 write mix). Applying locked the employer's enterprise row. Another
transaction, at COMMIT, checks its deferred foreign keys to that row with FOR KEY SHARE. Each then waited for
the other, through the audit chain's head row, and PostgreSQL broke the deadlock with errors (503s at 10
writes a second). Here another connection holds the lock a committing transaction takes (FOR KEY SHARE on
the enterprise; FOR NO KEY UPDATE on the worker's account, as a login's update does). Applying, offering and
withdrawing must not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from lingong import testing as t
from lingong.accounts.models import Role
from lingong.jobs import services
from lingong.jobs.models import ApplicationStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def other_connection() -> Iterator[psycopg.Connection[Any]]:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL=postgres://...)")
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    try:
        yield other
    finally:
        other.rollback()
        other.close()


def _hold(other: psycopg.Connection[Any], sql: str, pk: int) -> None:
    other.execute(sql, [pk])  # psycopg opens a transaction: the lock is held until the fixture rolls back


def _without_waiting(call: Any) -> Any:
    """Run ``call`` in a transaction that gives up after 2 s waiting for a lock (instead of hanging)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        return call()


def test_applying_and_offering_do_not_lock_the_employer(other_connection: psycopg.Connection[Any]) -> None:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    worker = t.make_worker(market)
    employer = t.make_employer(market, admin=admin)
    job = t.make_job(employer, admin=admin)
    key_share = "SELECT 1 FROM employers_enterprise WHERE id = %s FOR KEY SHARE"
    _hold(other_connection, key_share, job.enterprise_id)

    application = _without_waiting(lambda: services.apply(actor=worker.user, job_id=job.pk))
    offered = _without_waiting(lambda: services.offer(actor=employer, application_id=application.pk))

    assert offered.status == ApplicationStatus.OFFERED


def test_withdrawing_does_not_lock_the_workers_account(other_connection: psycopg.Connection[Any]) -> None:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    worker = t.make_worker(market)
    job = t.make_job(t.make_employer(market, admin=admin), admin=admin)
    application = services.apply(actor=worker.user, job_id=job.pk)
    _hold(other_connection, "SELECT 1 FROM accounts_user WHERE id = %s FOR NO KEY UPDATE", worker.user.pk)

    withdrawn = _without_waiting(lambda: services.withdraw(actor=worker.user, application_id=application.pk))

    assert withdrawn.status == ApplicationStatus.WITHDRAWN
