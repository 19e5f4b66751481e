"""Retried and concurrent settle / pay requests never settle or pay the same work twice.

Threads are released together by a barrier; the engagement row lock (PostgreSQL) or the IMMEDIATE write
transaction (SQLite) serialises them, and the unique idempotency keys, the unique shift link and the
"one successful payment per statement" constraint back that up in the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError
from lingong.settlement import services
from lingong.settlement.models import Payment, PaymentStatus, Statement, StatementShift
from lingong.settlement.tests.helpers import key, worked_engagement
from lingong.workflow.tests.helpers import pay_now

THREADS = 8


def race(target: Callable[[int], Any]) -> tuple[list[Any], list[str], list[BaseException]]:
    """Run ``target(i)`` in THREADS threads at once; results, ConflictError codes, anything unexpected."""
    barrier = threading.Barrier(THREADS, timeout=30)
    results: list[Any] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            value = target(i)
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced below: a thread must never swallow a failure
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                results.append(value)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads)
    return results, refused, unexpected


# transaction=True: each thread has its own connection and must see committed rows.
@pytest.mark.django_db(transaction=True)
def test_concurrent_settles_with_one_key_make_one_statement(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=Decimal("300"))
    k = key()
    results, refused, unexpected = race(
        lambda i: services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=k).pk
    )
    assert unexpected == [] and refused == []
    assert len(results) == THREADS and len(set(results)) == 1
    assert Statement.objects.count() == 1
    assert StatementShift.objects.count() == 2
    assert AuditEntry.objects.filter(action="settlement.issued").count() == 1
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_settles_with_different_keys_settle_each_shift_once(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=Decimal("300"))
    results, refused, unexpected = race(
        lambda i: services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key()).pk
    )
    assert unexpected == []
    assert len(results) == 1
    assert refused == ["nothing_to_settle"] * (THREADS - 1)
    statement = Statement.objects.get()
    assert statement.gross == Decimal("600.00")
    assert StatementShift.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_pays_never_pay_twice(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=Decimal("300"))
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    results, refused, unexpected = race(
        lambda i: pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key()).pk
    )
    assert unexpected == []
    assert len(results) == 1
    # Refused because it is paid, or because another key's payment is in flight: never a second payment.
    assert set(refused) <= {"already_paid", "payment_in_progress"} and len(refused) == THREADS - 1
    assert Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count() == 1
    assert AuditEntry.objects.filter(action="payment.recorded").count() == 1
    engagement.refresh_from_db()
    assert engagement.status == "settled"
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_pay_retries_with_one_key_return_one_payment(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=Decimal("300"))
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    k = key()
    results, refused, unexpected = race(
        lambda i: pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=k).pk
    )
    assert unexpected == [] and refused == []
    assert len(results) == THREADS and len(set(results)) == 1
    assert Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_key_raced_across_two_engagements_makes_one_statement(cast: Any) -> None:
    from lingong.settlement.tests.helpers import next_month_day

    first = worked_engagement(cast, (8,), pay_amount=Decimal("300"))
    second = worked_engagement(
        cast, (8,), pay_amount=Decimal("300"), start_date=next_month_day(9), end_date=next_month_day(9)
    )
    k = key()
    targets = [first.pk, second.pk]
    results, refused, unexpected = race(
        lambda i: services.settle(actor=cast.employer, engagement_id=targets[i % 2], idempotency_key=k).pk
    )
    assert unexpected == []
    statement = Statement.objects.get()  # the key made exactly one statement
    assert set(results) == {statement.pk}
    assert refused == ["idempotency_key_reused"] * (THREADS // 2)
