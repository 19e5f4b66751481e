"""Two workers ask for a course's last seat at the same moment: one gets it, the other waits in line (or, not
willing to wait, is refused with course_full). The course row lock (PostgreSQL) or the IMMEDIATE write
transaction (SQLite) serialises the seat count."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError
from lingong.training import services
from lingong.training.models import Enrolment, EnrolmentStatus
from lingong.training.tests import helpers as h


def _race(
    course_id: int, users: list[Any], waitlist: bool
) -> tuple[list[Enrolment], list[str], list[BaseException]]:
    barrier = threading.Barrier(len(users), timeout=30)
    done: list[Enrolment] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def enrol(user: Any) -> None:
        try:
            barrier.wait()
            enrolment = services.enrol(actor=user, course_id=course_id, waitlist=waitlist)
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced below: a thread must never swallow a failure
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                done.append(enrolment)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return done, refused, unexpected


# transaction=True: each thread has its own connection and must see committed rows.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("waitlist", [True, False])
def test_two_workers_one_last_seat(cast: Any, waitlist: bool) -> None:
    course = h.course(cast, capacity=2)
    services.enrol(actor=h.worker(cast, "先来学员").user, course_id=course.pk)  # one seat left
    users = [h.worker(cast, name).user for name in ("甲号学员", "乙号学员")]
    done, refused, unexpected = _race(course.pk, users, waitlist)
    assert unexpected == []
    seats = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    assert seats == 2
    if waitlist:
        assert refused == []
        assert sorted(e.status for e in done) == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
    else:
        assert refused == ["course_full"]
        assert [e.status for e in done] == [EnrolmentStatus.ENROLLED]
    assert verify_chain() is None
