"""Redis down: a write that queues a task after commit stays saved and answers as usual.

The task queue is pointed at a real Redis address where nothing listens (``redis://127.0.0.1:1/0``),
not a mock: queueing then fails as it does in production when Redis is down. Requests run against
committed rows (``transaction=True``) so the on-commit queueing happens inside the request, as served.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from huey import PriorityRedisHuey
from huey.contrib.djhuey import HUEY

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.apitools import bearer
from lingong.engagements.models import Engagement, EngagementStatus
from lingong.insurance.models import InsurancePolicy, PolicyStatus
from lingong.jobs.models import Application
from lingong.notifications.models import OutboundMessage, OutboundStatus
from lingong.notifications.services import STALE_PENDING, retry_due_messages
from lingong.workflow import chain

DEAD_REDIS = "redis://127.0.0.1:1/0"


def _redis_goes_down(monkeypatch: pytest.MonkeyPatch) -> None:
    dead = PriorityRedisHuey("lingong-broker-down", url=DEAD_REDIS)
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", dead.storage)


def _post(client: Client, path: str, user: Any, body: dict[str, Any]) -> Any:
    token = accounts.issue_token(user=user)
    return client.post(f"/api/v1{path}", data=body, content_type="application/json", headers=bearer(token))


@pytest.mark.django_db(transaction=True)
def test_apply_and_cancel_answer_2xx_and_keep_their_rows_when_redis_is_down(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    engagement = t.make_engagement(cast.other_worker, cast.employer)
    _redis_goes_down(monkeypatch)
    client = Client(raise_request_exception=False)
    pending_before = OutboundMessage.objects.filter(status=OutboundStatus.PENDING).count()

    response = _post(client, f"/jobs/{job.pk}/apply", cast.worker.user, {"message": ""})
    assert response.status_code == 201, response.content.decode()[:500]
    assert Application.objects.filter(job=job, worker=cast.worker).exists()

    response = _post(
        client, f"/engagements/{engagement.pk}/cancel", cast.employer, {"reason": "工地临时停工"}
    )
    assert response.status_code == 200, response.content.decode()[:500]
    assert Engagement.objects.get(pk=engagement.pk).status == EngagementStatus.CANCELLED

    # Their text messages wait in the outbox, pending, for the sweep (notifications.tasks) to send.
    assert OutboundMessage.objects.filter(status=OutboundStatus.PENDING).count() > pending_before

    # Redis is back (or the worker starts again): the every-minute sweep sends what waited.
    later = timezone.now() + STALE_PENDING + dt.timedelta(seconds=1)
    assert retry_due_messages(now=later) > 0
    assert not OutboundMessage.objects.filter(status=OutboundStatus.PENDING).exists()


@pytest.mark.django_db
def test_cover_whose_queued_purchase_was_lost_is_bought_by_the_sweep(cast: Any) -> None:
    """Signing queues the purchase after commit; here it never runs (as when Redis was down)."""
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=True)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)  # on-commit never runs
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.status == PolicyStatus.PENDING and policy.attempts == 0
    assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=5)) == 0  # not stale yet
    assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=11)) == 1
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.ISSUED and policy.attempts == 1
