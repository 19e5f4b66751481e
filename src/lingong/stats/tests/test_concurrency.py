"""Counting under load: applications from many threads at once, with folds running meanwhile, lose nothing
and count nothing twice (PostgreSQL: deltas locked with SKIP LOCKED; SQLite: one writer at a time)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.core import crypto
from lingong.core.validators import make_resident_id, parse_resident_id
from lingong.jobs import services as job_services
from lingong.jobs.models import Application
from lingong.org.models import Division
from lingong.stats import counters, selectors
from lingong.stats.models import CounterDelta, HourlyCounter, Metric
from lingong.workers.models import WorkerProfile

WORKERS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_and_folds_count_each_application_once(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, headcount=WORKERS)
    home = Division.objects.get(code=t.LUNAN)
    users = User.objects.bulk_create(
        [
            User(phone=f"1350001{i:04d}", role=Role.WORKER, market=cast.market, display_name=f"并发{i}")
            for i in range(WORKERS)
        ]
    )
    profiles = []
    for i, user in enumerate(users):
        rid = parse_resident_id(make_resident_id("130202", dt.date(1980, 3, 1) + dt.timedelta(days=i), 21))
        profiles.append(
            WorkerProfile(
                user=user,
                market=cast.market,
                real_name=f"钱{i:02d}",
                id_number=rid.number,
                id_number_index=crypto.blind_index(rid.number),
                birth_date=rid.birth_date,
                home_division=home,
                home_lat=home.lat,
                home_lon=home.lon,
                station=cast.station,
            )
        )
    WorkerProfile.objects.bulk_create(profiles)
    counters.fold()
    start = threading.Barrier(WORKERS + 2)
    done = threading.Event()
    errors: list[BaseException] = []

    def apply(user: User) -> None:
        try:
            start.wait()
            job_services.apply(actor=user, job_id=job.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def keep_folding() -> None:
        try:
            start.wait()
            while not done.is_set():
                counters.fold(limit=3)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    appliers = [threading.Thread(target=apply, args=(u,)) for u in users]
    folders = [threading.Thread(target=keep_folding) for _ in range(2)]
    for thread in appliers + folders:
        thread.start()
    for thread in appliers:
        thread.join(timeout=120)
    done.set()
    for thread in folders:
        thread.join(timeout=60)
    assert errors == []
    assert Application.objects.filter(job=job).count() == WORKERS
    assert selectors.overview(cast.market)["today"]["applications"] == WORKERS
    counters.fold()
    assert not CounterDelta.objects.exists()
    folded = HourlyCounter.objects.filter(market_id=cast.market.pk, metric=Metric.APPLICATION)
    assert folded.aggregate(n=Sum("count"))["n"] == WORKERS
