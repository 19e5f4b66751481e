"""Inviting recommended workers: one invitation per worker and job, whatever the taps; a stable list.

The concurrency test follows ``test_concurrency.py``: threads released together, each on its own
connection, against committed rows (``transaction=True``).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, NotFoundError
from lingong.jobs import matching_index, recommendations
from lingong.jobs import services as job_services
from lingong.jobs.models import Invitation, JobPosting
from lingong.notifications.models import Notification, OutboundMessage
from lingong.workers.models import WorkerProfile

LUNAN = {"division": "130202", "lat": 39.6152, "lon": 118.2108}
NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈"


def equal_workers(cast: Any, n: int) -> list[WorkerProfile]:
    """``n`` loader drivers who look the same to the engine (same place, skill, pay, no ratings)."""
    return [
        t.make_worker(cast.market, name=f"{NAMES[i]}师傅", skills=[("loader_driver", 3)], seq=200 + i)
        for i in range(n)
    ]


def order(job: JobPosting) -> list[int]:
    return [c["worker_id"] for c in recommendations.candidates_for(job, limit=10, radius_km=30)]


def test_a_second_invitation_sends_nothing_and_returns_the_first(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    first = recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.worker.pk)
    again = recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.worker.pk)
    assert first.created and not again.created
    assert again.invitation.pk == first.invitation.pk
    assert first.invitation.notification is not None
    assert Notification.objects.filter(kind="job_invitation").count() == 1
    assert OutboundMessage.objects.filter(template="job_invitation").count() == 1
    assert AuditEntry.objects.filter(action="job.worker_invited").count() == 1
    assert recommendations.invited_at(job) == {cast.worker.pk: first.invitation.created_at}


def test_refused_invitations_write_nothing(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    with pytest.raises(NotFoundError):
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=999_999)
    job_services.apply(actor=cast.worker.user, job_id=job.pk)
    with pytest.raises(ConflictError) as applied:
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.worker.pk)
    assert applied.value.code == "already_applied"
    job_services.close_job(actor=cast.employer, job_id=job.pk)
    with pytest.raises(ConflictError) as closed:
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.other_worker.pk)
    assert closed.value.code == "job_not_open"
    assert not Invitation.objects.exists()
    assert not Notification.objects.filter(kind="job_invitation").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_of_one_worker_send_one(cast: Any) -> None:
    """Eight requests at once (double taps, two members of the employer, a retry): one invitation."""
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    threads_n = 8
    barrier = threading.Barrier(threads_n, timeout=30)
    created: list[bool] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def invite() -> None:
        try:
            barrier.wait()
            result = recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.worker.pk)
        except BaseException as exc:  # surfaced below: a thread must never swallow a failure
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                created.append(result.created)
        finally:
            connection.close()

    threads = [threading.Thread(target=invite) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert unexpected == []
    assert sorted(created) == [False] * (threads_n - 1) + [True]
    assert Invitation.objects.filter(job=job, worker=cast.worker).count() == 1
    assert Notification.objects.filter(user=cast.worker.user, kind="job_invitation").count() == 1
    assert AuditEntry.objects.filter(action="job.worker_invited", object_id=str(job.pk)).count() == 1


def test_the_candidate_list_keeps_its_order_on_reload(cast: Any) -> None:
    """Fourteen equal candidates: every load of the job's list gives the same ten, by worker id. Another
    job's list then starts with those not shown yet (showing still spreads the work around)."""
    matching_index.reset()
    workers = equal_workers(cast, 14)
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    ranked = recommendations.candidates_for(job, limit=10, radius_km=30)
    first = [c["worker_id"] for c in ranked]
    assert len(first) == 10
    assert ranked == sorted(ranked, key=lambda c: (-c["score"], c["worker_id"]))
    assert len({c["score"] for c in ranked if c["worker_id"] in {w.pk for w in workers}}) == 1
    for _ in range(3):
        assert order(job) == first
    # Another job's list starts with the equal workers this one has not shown.
    other = t.make_job(cast.employer, admin=cast.admin, title="路南物流园装卸", **LUNAN)
    equal = sorted(w.pk for w in workers)
    assert [i for i in order(other) if i in equal][:4] == [i for i in equal if i not in first][:4]


def test_an_invitation_keeps_the_worker_in_the_list_marked_invited(cast: Any) -> None:
    matching_index.reset()
    equal_workers(cast, 3)
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    before = recommendations.candidates_for(job, limit=10, radius_km=30)
    chosen = before[1]["worker_id"]
    recommendations.invite_worker(actor=cast.employer, job=job, worker_id=chosen)
    after = recommendations.candidates_for(job, limit=10, radius_km=30)
    assert [c["worker_id"] for c in after] == [c["worker_id"] for c in before]
    assert [c["worker_id"] for c in after if c["invited_at"] is not None] == [chosen]
