"""The whole chain through the public API only: offer accepted -> signed -> insured -> worked -> confirmed
-> settled with tax -> paid -> rated, then the timeline and the audit chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.audit.trail import verify_chain
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
        # Each request commits in production: what it queued on commit (tasks) runs before the reply.
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = getattr(self.client, method)(
                f"{API}{path}",
                data=json.dumps(body) if body is not None else None,
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
        assert response.status_code == status, (path, response.status_code, response.content[:500])
        return response.json() if response["Content-Type"].startswith("application/json") else response


def _code_for(phone: str) -> str:
    return next(
        m["params"]["code"]
        for m in reversed(LogSender.outbox)
        if m["phone"] == phone and "code" in m["params"]
    )


def test_from_offer_to_rated_through_the_api(cast, django_capture_on_commit_callbacks, settings):
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    api = Api()
    worker, employer = cast.worker.user, cast.employer
    job = t.make_job(
        employer, admin=cast.admin, headcount=1, pay_amount=Decimal("2000"), insurance_required=True
    )

    # Hire through the API.
    application = api("post", f"/jobs/{job.pk}/apply", worker, {"message": "有证"}, status=201)
    api("post", f"/jobs/applications/{application['id']}/offer", employer, {})
    with django_capture_on_commit_callbacks(execute=True):
        api("post", f"/jobs/applications/{application['id']}/accept", worker)
    [engagement] = api("get", "/engagements", worker)["items"]
    assert engagement["status"] == "contract_pending"
    assert engagement["insurance_required"] is True

    # Both sign the same PDF bytes with one-time codes.
    contract = api("get", f"/contracts/by-engagement/{engagement['id']}", worker)
    pdf = api("get", f"/contracts/{contract['id']}/pdf", employer)
    assert hashlib.sha256(pdf.content).hexdigest() == contract["pdf_sha256"]
    for user in (worker, employer):
        with django_capture_on_commit_callbacks(execute=True):
            api("post", f"/contracts/{contract['id']}/signing-code", user, {})
        with django_capture_on_commit_callbacks(execute=True):
            signed = api(
                "post",
                f"/contracts/{contract['id']}/sign",
                user,
                {"code": _code_for(user.phone), "pdf_sha256": contract["pdf_sha256"]},
            )
    assert signed["status"] == "signed"
    assert signed["signed_pdf_url"]

    # Signing bought the accident cover (the purchase ran after commit).
    detail = api("get", f"/engagements/{engagement['id']}", worker)
    assert detail["status"] == "insured"
    [policy] = api("get", f"/insurance/policies?engagement_id={engagement['id']}", employer)
    assert policy["status"] == "issued"

    # Work the first day (moved to now: the API uses the clock); then both agree to end early.
    first = Shift.objects.filter(engagement_id=engagement["id"]).order_by("date").first()
    now = timezone.now()
    Shift.objects.filter(pk=first.pk).update(
        starts_at=now - dt.timedelta(hours=8), ends_at=now + dt.timedelta(minutes=5)
    )
    where = {"lat": job.lat, "lon": job.lon}
    api("post", f"/engagements/shifts/{first.pk}/check-in", worker, where)
    Shift.objects.filter(pk=first.pk).update(check_in_at=now - dt.timedelta(hours=8))  # a full day's work
    out = api("post", f"/engagements/shifts/{first.pk}/check-out", worker, where)
    assert Decimal(out["worked_hours"]) >= Decimal("8.00")
    api("post", f"/engagements/shifts/{first.pk}/confirm", employer)
    api(
        "post",
        f"/engagements/{engagement['id']}/end-early",
        employer,
        {"reason": "工程提前完工", "last_date": first.date.isoformat()},
    )
    done = api("post", f"/engagements/{engagement['id']}/end-early/respond", worker, {"agree": True})
    assert done["status"] == "completed"
    assert done["ended_early"] is True

    # Settle: one day at 2,000 is one payment; tax (2,000 - 800) x 20% = 240.
    statement = api(
        "post",
        f"/settlements/engagements/{engagement['id']}/settle",
        employer,
        {"idempotency_key": "settle-0001"},
        status=201,
    )
    assert Decimal(statement["gross"]) >= Decimal("2000.00")
    gross = Decimal(statement["gross"])
    expected_tax = ((gross - 800) * Decimal("0.2")).quantize(Decimal("0.01")) if gross <= 4000 else None
    assert Decimal(statement["tax"]) == expected_tax
    retried = api(
        "post",
        f"/settlements/engagements/{engagement['id']}/settle",
        employer,
        {"idempotency_key": "settle-0001"},
        status=201,
    )
    assert retried["id"] == statement["id"]
    paid = api(
        "post",
        f"/settlements/statements/{statement['id']}/pay",
        employer,
        {"idempotency_key": "payment-0001"},
        status=201,
    )
    again = api(
        "post",
        f"/settlements/statements/{statement['id']}/pay",
        employer,
        {"idempotency_key": "payment-0001"},
        status=201,
    )
    assert again["id"] == paid["id"]
    api(
        "post",
        f"/settlements/statements/{statement['id']}/pay",
        employer,
        {"idempotency_key": "payment-0002"},
        status=409,
    )
    assert api("get", f"/engagements/{engagement['id']}", worker)["status"] == "settled"

    # Both rate; the engagement is then rated, and the worker's reputation moved.
    api(
        "post",
        f"/ratings/engagements/{engagement['id']}",
        employer,
        {"stars": 5, "dimensions": {}},
        status=201,
    )
    api(
        "post", f"/ratings/engagements/{engagement['id']}", worker, {"stars": 4, "dimensions": {}}, status=201
    )
    assert api("get", f"/engagements/{engagement['id']}", employer)["status"] == "rated"
    reputation = api("get", f"/ratings/workers/{cast.worker.pk}/reputation", employer)
    assert reputation["rating_count"] == 1
    assert Decimal(reputation["star_level"]) == Decimal("4.2")  # (5 x 4.0 + 5) / (5 + 1)

    # The timeline holds every step, and the audit chain verifies.
    actions = [item["action"] for item in api("get", f"/engagements/{engagement['id']}/timeline", worker)]
    for expected in (
        "engagement.created",
        "contract.created",
        "contract.signed",
        "contract.completed",
        "engagement.signed",
        "insurance.requested",
        "insurance.issued",
        "engagement.insured",
        "engagement.started",
        "shift.checked_in",
        "shift.checked_out",
        "shift.confirmed",
        "engagement.ended_early",
        "settlement.issued",
        "payment.recorded",
        "engagement.settled",
        "rating.created",
        "engagement.rated",
    ):
        assert expected in actions, expected
    assert (
        actions.index("engagement.signed")
        < actions.index("engagement.insured")
        < actions.index("shift.checked_in")
    )
    assert verify_chain() is None
