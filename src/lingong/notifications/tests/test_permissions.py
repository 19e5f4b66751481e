"""Access to notifications through the API: nobody reads or marks another user's."""

from __future__ import annotations

from typing import Any

from lingong import testing as t
from lingong.apitools import Api, error
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, JobPosting
from lingong.notifications.models import Notification


def applied(cast: Any, **job: Any) -> tuple[JobPosting, Application]:
    posting = t.make_job(cast.employer, admin=cast.admin, **job)
    return posting, job_services.apply(actor=cast.worker.user, job_id=posting.pk)


def test_a_worker_cannot_read_or_mark_another_users_notifications(cast):
    _, application = applied(cast)
    job_services.shortlist(actor=cast.employer, application_id=application.pk)
    note = Notification.objects.get(user=cast.worker.user, kind="shortlisted")
    other = Api(cast.other_worker.user)
    assert other.get("/notifications").json()["total"] == 0
    error(other.post("/notifications/read", {"id": note.pk}), 404, "not_found")
    error(other.post("/notifications/read", {"id": 999999}), 404, "not_found")
    note.refresh_from_db()
    assert note.read_at is None
    # The recipient marks it read; again is fine (nothing left to change), and so is "all".
    mine = Api(cast.worker.user)
    unread = mine.get("/notifications/unread-count").json()["unread"]
    assert mine.post("/notifications/read", {"id": note.pk}).json() == {"unread": unread - 1}
    assert mine.post("/notifications/read", {"id": note.pk}).status_code == 200
    assert other.post("/notifications/read", {}).json() == {"unread": 0}
    note.refresh_from_db()
    assert note.read_at is not None
