"""Households choosing the same worker's last free slot at once: exactly one gets her.

The worker's profile row lock (PostgreSQL) or the IMMEDIATE write transaction (SQLite) serialises the
check of her time (``matching.worker_busy``) and the booking that takes it. To make the race certain rather
than a matter of thread timing, the first household to have checked her time waits there (inside its
transaction) for a second one to check too: without the lock a second household gets through, both see her
free and both book, and the test fails; with it the second is held at the lock, the first gives up waiting
after a moment, books and commits, and every other household then finds her busy.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection

from lingong.accounts.models import User
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError
from lingong.housekeeping import services
from lingong.housekeeping.models import Booking, DispatchMode
from lingong.housekeeping.tests.booking_fixtures import (
    HOME_ADDRESS,
    catalogue,
    make_hk_worker,
    make_household,
    tomorrow_at,
)

HOUSEHOLDS = 16


# transaction=True: each thread has its own connection and must see committed rows.
@pytest.mark.django_db(transaction=True)
def test_households_racing_for_one_workers_slot(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    service = catalogue(cast.market)["hourly_cleaning"]
    worker = make_hk_worker(cast.market, name="张秀兰", km_east=1)
    households = [make_household(cast.market, admin=cast.admin, name=f"王{i}家") for i in range(HOUSEHOLDS)]
    barrier = threading.Barrier(HOUSEHOLDS, timeout=30)
    booked: list[str] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()
    both_checked = threading.Barrier(2, timeout=3)
    real_busy = services.worker_busy

    def busy_then_wait_for_a_rival(*args: Any, **kwargs: Any) -> bool:
        answer = real_busy(*args, **kwargs)
        # A rival not held by the lock arrives here too; otherwise the wait times out (or is already broken).
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return answer

    monkeypatch.setattr(services, "worker_busy", busy_then_wait_for_a_rival)

    def choose(user: User, hour: int) -> None:
        try:
            barrier.wait()
            b = services.create_booking(
                actor=user,
                service=service,
                address=HOME_ADDRESS,
                starts_at=tomorrow_at(hour),  # overlapping slots: 9-12, 10-13
                quantity=3,
                dispatch_mode=DispatchMode.CHOSEN,
                requested_worker_id=worker.pk,
            )
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced below: a thread must never swallow a failure
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                booked.append(b.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=choose, args=(u, 9 + i % 2)) for i, u in enumerate(households)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert unexpected == []
    assert len(booked) == 1
    assert refused == ["worker_unavailable"] * (HOUSEHOLDS - 1)
    assert list(Booking.objects.filter(requested_worker=worker).values_list("code", flat=True)) == booked
    assert verify_chain() is None
