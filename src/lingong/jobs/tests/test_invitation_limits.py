"""Invitations reach only the job's candidates, and an employer sends at most the market's daily number
(``invitations_per_employer_per_day``): each refusal is a clear Chinese message and a JSON 4xx with a code,
and writes nothing (no invitation, no notification, no SMS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import User
from lingong.core.errors import ConflictError, RateLimitedError
from lingong.jobs import recommendations
from lingong.jobs.models import Invitation
from lingong.notifications.models import Notification, OutboundMessage
from lingong.org.policy import set_policy
from lingong.pagetools import follow, login, text_of

LUNAN = {"division": "130202", "lat": 39.6152, "lon": 118.2108}


def nothing_sent() -> bool:
    return (
        not Invitation.objects.exists()
        and not Notification.objects.filter(kind="job_invitation").exists()
        and not OutboundMessage.objects.filter(template="job_invitation").exists()
    )


def test_only_candidates_of_the_job_can_be_invited(cast: Any, client: Client) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)  # a loader driver job
    carpenter = cast.other_worker  # no loader-driver skill: never in this job's list
    listed = {c["worker_id"] for c in recommendations.candidates_for(job, limit=100, radius_km=100)}
    assert cast.worker.pk in listed and carpenter.pk not in listed
    with pytest.raises(ConflictError) as refused:
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=carpenter.pk)
    assert refused.value.code == "not_a_candidate"
    assert "推荐人选" in refused.value.message
    response = at.send(
        client, "post", f"/jobs/{job.pk}/invite", at.token_of(cast.employer), {"worker_id": carpenter.pk}
    )
    at.error(response, 409, "not_a_candidate", field="worker_id")
    assert nothing_sent()
    # A candidate can be invited.
    response = at.send(
        client, "post", f"/jobs/{job.pk}/invite", at.token_of(cast.employer), {"worker_id": cast.worker.pk}
    )
    assert at.ok(response, 201)["worker_id"] == cast.worker.pk


def test_a_closed_account_is_not_a_candidate(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    User.objects.filter(pk=cast.worker.user_id).update(is_active=False)
    with pytest.raises(ConflictError) as refused:
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=cast.worker.pk)
    assert refused.value.code == "not_a_candidate"
    assert nothing_sent()


def loader_drivers(cast: Any, n: int) -> list[Any]:
    return [
        t.make_worker(cast.market, name=f"{'赵钱孙李周'[i]}师傅", skills=[("loader_driver", 3)])
        for i in range(n)
    ]


def test_an_employer_invites_at_most_the_markets_daily_number(cast: Any, client: Client) -> None:
    set_policy(cast.market.pk, invitations_per_employer_per_day=2)
    first, second, third = loader_drivers(cast, 3)
    job = t.make_job(cast.employer, admin=cast.admin, **LUNAN)
    other_job = t.make_job(cast.employer, admin=cast.admin, title="路南物流园装卸", **LUNAN)
    recommendations.invite_worker(actor=cast.employer, job=job, worker_id=first.pk)
    recommendations.invite_worker(actor=cast.employer, job=other_job, worker_id=second.pk)  # counted together
    with pytest.raises(RateLimitedError) as refused:
        recommendations.invite_worker(actor=cast.employer, job=job, worker_id=third.pk)
    assert refused.value.code == "invitation_limit" and "上限" in refused.value.message
    token = at.token_of(cast.employer)
    at.error(
        at.send(client, "post", f"/jobs/{job.pk}/invite", token, {"worker_id": third.pk}),
        429,
        "invitation_limit",
    )
    # Inviting one already invited again sends nothing and is not refused (200 with the first invitation).
    again = at.send(client, "post", f"/jobs/{job.pk}/invite", token, {"worker_id": first.pk})
    assert at.ok(again, 200)["already_invited"] is True
    assert Invitation.objects.count() == 2
    assert OutboundMessage.objects.filter(template="job_invitation").count() == 2
    # The page says so in Chinese.
    login(client, cast.employer)
    _path, html = follow(client, f"/employer/jobs/{job.pk}/invite/", {"worker_id": str(third.pk)})
    assert "邀请上限" in text_of(html)
    # Another employer has its own count; tomorrow this one may invite again.
    other = t.make_job(cast.other_employer, admin=cast.admin, **LUNAN)
    assert recommendations.invite_worker(actor=cast.other_employer, job=other, worker_id=third.pk).created
    Invitation.objects.filter(job__enterprise=t.enterprise_of(cast.employer)).update(
        created_at=Invitation.objects.get(worker=first).created_at - dt.timedelta(days=1)
    )
    assert recommendations.invite_worker(actor=cast.employer, job=job, worker_id=third.pk).created
