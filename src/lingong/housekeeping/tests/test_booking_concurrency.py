"""Households choosing the same worker's last free slot at once: exactly one gets her.

The worker's profile row lock (PostgreSQL) or the IMMEDIATE write transaction (SQLite) serialises the
check of her time (``matching.worker_busy``) and the booking that takes it.
"""

from __future__ import annotations

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

HOUSEHOLDS = 6


# transaction=True: each thread has its own connection and must see committed rows.
@pytest.mark.django_db(transaction=True)
def test_households_racing_for_one_workers_slot(cast: Any) -> None:
    service = catalogue(cast.market)["hourly_cleaning"]
    worker = make_hk_worker(cast.market, name="张秀兰", km_east=1)
    households = [make_household(cast.market, admin=cast.admin, name=f"王{i}家") for i in range(HOUSEHOLDS)]
    barrier = threading.Barrier(HOUSEHOLDS, timeout=30)
    booked: list[str] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

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
