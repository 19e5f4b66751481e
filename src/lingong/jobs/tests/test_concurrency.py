"""The headline guarantee: a posting never takes more workers than its headcount, however many accept at once.

Fifty workers hold an offer for three places and accept from fifty threads released together. The job row
lock (PostgreSQL) or the IMMEDIATE write transaction (SQLite) serialises the headcount check.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.audit.trail import verify_chain
from lingong.core import crypto
from lingong.core.errors import ConflictError
from lingong.core.validators import make_resident_id, parse_resident_id
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.notifications.models import Notification
from lingong.org.models import Division
from lingong.workers.models import WorkerProfile
from lingong.workflow import chain

WORKERS = 50
HEADCOUNT = 3


def offered_workers(job: JobPosting, n: int) -> list[tuple[User, int]]:
    """``n`` complete worker profiles, each holding an offer for ``job``.

    Built in bulk (registering through the services takes seconds for fifty); the rows are what the
    services would write: a worker account, a profile with a valid resident ID (encrypted, with its blind
    index) and home location, and an application in the 'offered' state.
    """
    home = Division.objects.get(code=t.LUNAN)
    users = User.objects.bulk_create(
        [
            User(phone=f"1350000{i:04d}", role=Role.WORKER, market=job.market, display_name=f"并发{i:02d}号")
            for i in range(n)
        ]
    )
    profiles = []
    for i, user in enumerate(users):
        rid = parse_resident_id(make_resident_id("130202", dt.date(1975, 3, 1) + dt.timedelta(days=i), 11))
        profiles.append(
            WorkerProfile(
                user=user,
                market=job.market,
                real_name=f"赵{'一二三四五六七八九十'[i % 10]}{i:02d}",
                id_number=rid.number,
                id_number_index=crypto.blind_index(rid.number),
                gender=rid.gender,
                birth_date=rid.birth_date,
                home_division=home,
                home_lat=home.lat,
                home_lon=home.lon,
            )
        )
    profiles = WorkerProfile.objects.bulk_create(profiles)
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [Application(job=job, worker=p, status=ApplicationStatus.OFFERED, offered_at=now) for p in profiles]
    )
    assert all(p.is_complete for p in WorkerProfile.objects.filter(user__in=users))
    return [(user, application.pk) for user, application in zip(users, applications, strict=True)]


# transaction=True: each thread has its own connection and must see committed rows. (No serialized_rollback:
# the closing flush then re-emits post_migrate, which reloads the reference data for later tests.)
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_accepts_fill_exactly_the_headcount(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, headcount=HEADCOUNT)
    offers = offered_workers(job, WORKERS)
    assert Application.objects.filter(job=job, status=ApplicationStatus.OFFERED).count() == WORKERS

    barrier = threading.Barrier(WORKERS, timeout=30)
    accepted: list[int] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def accept(user: User, application_id: int) -> None:
        try:
            barrier.wait()
            chain.accept_offer(actor=user, application_id=application_id)
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced below: a thread must never swallow a failure
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                accepted.append(application_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=offer) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert unexpected == []
    assert len(accepted) == HEADCOUNT
    assert refused == ["no_places_left"] * (WORKERS - HEADCOUNT)
    in_db = set(
        Application.objects.filter(job=job, status=ApplicationStatus.ACCEPTED).values_list("pk", flat=True)
    )
    assert in_db == set(accepted)
    assert (
        Application.objects.filter(job=job, status=ApplicationStatus.OFFERED).count() == WORKERS - HEADCOUNT
    )
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.FILLED
    assert Notification.objects.filter(user=cast.employer, kind="offer_accepted").count() == HEADCOUNT
    assert verify_chain() is None  # concurrent appends kept the audit chain intact
