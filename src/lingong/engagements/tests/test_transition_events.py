"""The realtime events of the main transitions, counted step by step through the public API.

Each step runs inside ``capture_events(expected=N)`` (Zulip's ``capture_send_event_calls``): the step's
on-commit callbacks run when the block ends, and then the exact multiset of ``type.op`` and who was
notified are asserted, so a duplicated or a missing event fails.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.engagements.models import Shift
from lingong.notifications.senders import LogSender

pytestmark = pytest.mark.django_db
API = "/api/v1"


class Api:
    def __init__(self) -> None:
        self.client = Client()
        self.tokens: dict[int, str] = {}

    def __call__(self, method: str, path: str, user: Any, body: Any = None, status: int = 200) -> Any:
        token = self.tokens.setdefault(user.pk, accounts.issue_token(user=user))
        response = getattr(self.client, method)(
            f"{API}{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == status, (path, response.status_code, response.content[:500])
        return response.json() if response["Content-Type"].startswith("application/json") else response


def _code_for(phone: str) -> str:
    sent = [m for m in LogSender.outbox if m["phone"] == phone and "code" in m["params"]]
    return str(sent[-1]["params"]["code"])


def _job_body(days: int = 2, **overrides: Any) -> dict[str, Any]:
    start = timezone.localdate() + dt.timedelta(days=1)
    body: dict[str, Any] = {
        "title": "路南区仓库装卸工",
        "description": "负责仓库货物装卸、搬运和码放，提供午餐。",
        "occupations": ["loader_driver"],
        "headcount": 1,
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "pay_amount": "300",
        "pay_unit": "day",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=days - 1)).isoformat(),
    }
    body.update(overrides)
    return body


def _check(sent: Any, kinds: dict[str, int], notified: dict[str, list[int]] | None = None) -> None:
    """``kinds``: how many events of each ``type.op``; ``notified``: inbox kind -> the users told."""
    assert sent.counts() == Counter(kinds), sent.kinds()
    told: dict[str, list[int]] = {}
    for groups, event in sent.sent:
        if event["type"] == "notification":
            [group] = groups
            told.setdefault(event["kind"], []).append(int(group.removeprefix("user.")))
    assert {k: sorted(v) for k, v in told.items()} == {k: sorted(v) for k, v in (notified or {}).items()}


def test_events_of_the_chain_from_verification_to_rating(
    cast: Any, capture_events: Any, settings: Any
) -> None:
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    api = Api()
    worker = cast.worker.user
    employer = t.make_employer(cast.market, name="唐山新开物流有限公司", verified=False)
    enterprise = t.enterprise_of(employer)
    w, e = worker.pk, employer.pk
    both = sorted([w, e])
    engagement_groups = [f"user.{w}", f"user.{e}", f"market.{cast.market.pk}.engagements"]

    # Verification: the enterprise's members are told; nothing is broadcast.
    with capture_events(expected=1) as sent:
        api("post", f"/employers/{enterprise.pk}/verify", cast.admin)
    _check(sent, {"notification.add": 1}, {"enterprise_verified": [e]})

    # Posting: a submitted posting waits for review and is not published yet.
    with capture_events(expected=0):
        job = api("post", "/jobs", employer, _job_body(), status=201)
    assert job["status"] == "pending_review"

    # Approval publishes it to the market's job feed and tells the employer; the market's screens get a
    # line for their feed (lingong.stats, "feed.add", on every counted step below).
    with capture_events(expected=3) as sent:
        api("post", f"/jobs/{job['id']}/approve", cast.admin)
    _check(sent, {"job.open": 1, "notification.add": 1, "feed.add": 1}, {"job_approved": [e]})
    [opened] = sent.events("job", "open")
    assert opened["id"] == job["id"] and opened["status"] == "open"
    assert sent.groups("job") == [[f"market.{cast.market.pk}.jobs"]]

    with capture_events(expected=2) as sent:
        application = api("post", f"/jobs/{job['id']}/apply", worker, {"message": "有证"}, status=201)
    _check(sent, {"notification.add": 1, "feed.add": 1}, {"application_received": [e]})

    with capture_events(expected=1) as sent:
        api("post", f"/jobs/applications/{application['id']}/offer", employer, {})
    _check(sent, {"notification.add": 1}, {"offer_made": [w]})

    # Accepting fills the job (headcount 1) and creates the engagement; both sides are asked to sign.
    with capture_events(expected=6) as sent:
        api("post", f"/jobs/applications/{application['id']}/accept", worker)
    _check(
        sent,
        {"job.filled": 1, "engagement.created": 1, "notification.add": 3, "feed.add": 1},
        {"offer_accepted": [e], "engagement_created": both},
    )
    [created] = sent.events("engagement", "created")
    assert created["status"] == "contract_pending"
    assert sent.groups("engagement") == [engagement_groups]
    [engagement] = api("get", "/engagements", worker)["items"]
    assert engagement["id"] == created["id"]

    # Signing: codes are SMS only; the first signature asks the other side; the second signs the
    # engagement, tells both, and the cover bought after commit makes it insured.
    contract = api("get", f"/contracts/by-engagement/{engagement['id']}", worker)
    with capture_events(expected=0):
        api("post", f"/contracts/{contract['id']}/signing-code", worker, {})
    with capture_events(expected=1) as sent:
        api(
            "post",
            f"/contracts/{contract['id']}/sign",
            worker,
            {"code": _code_for(worker.phone), "pdf_sha256": contract["pdf_sha256"]},
        )
    _check(sent, {"notification.add": 1}, {"contract_your_turn": [e]})
    with capture_events(expected=0):
        api("post", f"/contracts/{contract['id']}/signing-code", employer, {})
    with capture_events(expected=7) as sent:
        api(
            "post",
            f"/contracts/{contract['id']}/sign",
            employer,
            {"code": _code_for(employer.phone), "pdf_sha256": contract["pdf_sha256"]},
        )
    _check(
        sent,
        {"engagement.signed": 1, "engagement.insured": 1, "notification.add": 4, "feed.add": 1},
        {"contract_completed": both, "insurance_issued": both},
    )
    assert [ev["status"] for ev in sent.events("engagement")] == ["signed", "insured"]

    # Work the first day (moved to now: the API uses the clock).
    first, second = Shift.objects.filter(engagement_id=engagement["id"]).order_by("date")
    now = timezone.now()
    Shift.objects.filter(pk=first.pk).update(
        starts_at=now - dt.timedelta(hours=8), ends_at=now + dt.timedelta(minutes=5)
    )
    where = {"lat": job["lat"], "lon": job["lon"]}
    with capture_events(expected=2) as sent:
        api("post", f"/engagements/shifts/{first.pk}/check-in", worker, where)
    _check(sent, {"engagement.checked_in": 1, "feed.add": 1})
    [checked_in] = sent.events("engagement")
    assert checked_in["shift_id"] == first.pk and checked_in["status"] == "in_progress"

    with capture_events(expected=2) as sent:
        # Checked in just now, so the check-out is under the minimum paid hours: confirmed.
        api("post", f"/engagements/shifts/{first.pk}/check-out", worker, {**where, "confirm_short": True})
    _check(sent, {"engagement.checked_out": 1, "notification.add": 1}, {"shift_checked_out": [e]})

    with capture_events(expected=1) as sent:
        api("post", f"/engagements/shifts/{first.pk}/confirm", employer)
    _check(sent, {"engagement.shift_confirmed": 1})

    # The employer ends it after one day: the second shift is dropped.
    with capture_events(expected=2) as sent:
        api("post", f"/engagements/{engagement['id']}/complete", employer)
    _check(sent, {"engagement.completed": 1, "notification.add": 1}, {"engagement_completed": [w]})
    assert Shift.objects.get(pk=second.pk).status == "cancelled"

    # Settlement: the statement, then the payment, which settles the engagement.
    with capture_events(expected=2) as sent:
        statement = api(
            "post",
            f"/settlements/engagements/{engagement['id']}/settle",
            employer,
            {"idempotency_key": "settle-0001"},
            status=201,
        )
    _check(sent, {"settlement.issued": 1, "notification.add": 1}, {"statement_issued": [w]})
    assert sent.groups("settlement") == [[f"user.{w}", f"user.{e}"]]

    with capture_events(expected=4) as sent:
        api(
            "post",
            f"/settlements/statements/{statement['id']}/pay",
            employer,
            {"idempotency_key": "payment-0001"},
            status=201,
        )
    _check(
        sent,
        {"settlement.paid": 1, "engagement.settled": 1, "notification.add": 1, "feed.add": 1},
        {"statement_paid": [w]},
    )
    [settled] = sent.events("engagement", "settled")
    assert settled["id"] == engagement["id"] and settled["status"] == "settled"

    # A replayed payment (same idempotency key) changes nothing and publishes nothing.
    with capture_events(expected=0):
        api(
            "post",
            f"/settlements/statements/{statement['id']}/pay",
            employer,
            {"idempotency_key": "payment-0001"},
            status=201,
        )

    with capture_events(expected=2) as sent:
        api(
            "post",
            f"/ratings/engagements/{engagement['id']}",
            employer,
            {"stars": 5, "dimensions": {}},
            status=201,
        )
    _check(sent, {"rating.created": 1, "notification.add": 1}, {"rating_received": [w]})


def test_a_posting_by_a_market_admin_opens_at_once(cast: Any, capture_events: Any) -> None:
    api = Api()
    with capture_events(expected=2) as sent:
        job = api(
            "post",
            "/jobs",
            cast.admin,
            _job_body(enterprise_id=t.enterprise_of(cast.employer).pk),
            status=201,
        )
    assert sorted(sent.kinds()) == ["feed.add", "job.open"]
    assert sent.events("job")[0]["id"] == job["id"]


def test_a_posting_by_station_staff_waits_for_review_and_sends_nothing(
    cast: Any, capture_events: Any
) -> None:
    api = Api()
    with capture_events(expected=0):
        job = api(
            "post",
            "/jobs",
            cast.station_staff,
            _job_body(enterprise_id=t.enterprise_of(cast.employer).pk),
            status=201,
        )
    assert job["status"] == "pending_review"
