"""Withdrawing consent (own only; the registration consent closes the account) and the request clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from lingong.apitools import error, get, ok, send, token_of
from lingong.audit.models import AuditEntry
from lingong.org import policy as policies
from lingong.rights import selectors, services
from lingong.rights.models import RightsRequest
from lingong.workers.models import ConsentPurpose, ConsentRecord


def consent(user: Any, purpose: str = ConsentPurpose.SHARE_CONTACT) -> ConsentRecord:
    return ConsentRecord.objects.create(user=user, notice_version="v1", purpose=purpose, channel="app")


def test_withdraw_own_consent_and_not_someone_elses(client: Client, cast: Any) -> None:
    mine = consent(cast.worker.user)
    theirs = consent(cast.other_worker.user)
    token = token_of(cast.worker.user)

    listed = ok(get(client, "/me/consents", token))
    assert {c["id"] for c in listed} == set(
        ConsentRecord.objects.filter(user=cast.worker.user).values_list("pk", flat=True)
    )
    assert all(c["withdraw_effect"] for c in listed)

    error(send(client, "post", f"/me/consents/{theirs.pk}/withdraw", token, {}), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None

    body = ok(send(client, "post", f"/me/consents/{mine.pk}/withdraw", token, {}))
    assert body["active"] is False and body["withdrawn_at"]
    assert AuditEntry.objects.filter(action="worker.consent_withdrawn", actor=cast.worker.user).exists()
    error(send(client, "post", f"/me/consents/{mine.pk}/withdraw", token, {}), 409, "already_withdrawn")


def test_withdrawing_the_registration_consent_explains_then_asks_to_close(client: Client, cast: Any) -> None:
    registration = ConsentRecord.objects.get(user=cast.worker.user, purpose=ConsentPurpose.REGISTRATION)
    token = token_of(cast.worker.user)
    body = error(
        send(client, "post", f"/me/consents/{registration.pk}/withdraw", token, {}), 409, "closes_account"
    )
    assert "注销" in body["message"]
    registration.refresh_from_db()
    assert registration.withdrawn_at is None
    assert not RightsRequest.objects.filter(user=cast.worker.user).exists()

    ok(send(client, "post", f"/me/consents/{registration.pk}/withdraw", token, {"close_account": True}))
    request = RightsRequest.objects.get(user=cast.worker.user)
    assert (request.kind, request.status, request.station_id) == ("deletion", "pending", cast.station.pk)
    assert [r["kind"] for r in ok(get(client, "/me/requests", token))] == ["deletion"]


def test_withdraw_page(client: Client, cast: Any) -> None:
    mine = consent(cast.worker.user)
    client.force_login(cast.worker.user)
    assert (
        "用工单位将看不到您的完整手机号"
        in client.get(f"/me/privacy/consents/{mine.pk}/withdraw/").content.decode()
    )
    assert client.post(f"/me/privacy/consents/{mine.pk}/withdraw/").status_code == 302
    mine.refresh_from_db()
    assert mine.withdrawn_at is not None
    other = consent(cast.other_worker.user)
    assert client.get(f"/me/privacy/consents/{other.pk}/withdraw/").status_code == 404
    assert client.post(f"/me/privacy/consents/{other.pk}/withdraw/").status_code == 404


def test_requests_one_pending_per_kind_and_correction_needs_detail(client: Client, cast: Any) -> None:
    token = token_of(cast.worker.user)
    error(send(client, "post", "/me/requests", token, {"kind": "correction"}), 422, "invalid_input", "detail")
    error(send(client, "post", "/me/requests", token, {"kind": "deletion"}), 422, "invalid_input", "kind")
    created = ok(send(client, "post", "/me/requests", token, {"kind": "access"}), 201)
    assert created["status"] == "pending" and created["overdue"] is False
    error(send(client, "post", "/me/requests", token, {"kind": "access"}), 409, "request_pending")


def test_overdue_requests_are_listed_for_staff_in_scope(client: Client, cast: Any) -> None:
    late = services.file_request(actor=cast.worker.user, kind="access")
    fresh = services.file_request(actor=cast.other_worker.user, kind="correction", detail="姓名写错了一个字")
    RightsRequest.objects.filter(pk=late.pk).update(created_at=timezone.now() - dt.timedelta(days=16))

    overdue = [i.request.pk for i in selectors.staff_queue(cast.admin, show="overdue")]
    assert overdue == [late.pk]
    assert [i.request.pk for i in selectors.staff_queue(cast.admin)] == [late.pk, fresh.pk]
    # Station staff see their own station's people only; centre staff their centre's.
    assert [i.request.pk for i in selectors.staff_queue(cast.station_staff)] == [late.pk]
    assert [i.request.pk for i in selectors.staff_queue(cast.other_station_staff)] == [fresh.pk]
    assert selectors.overdue_count(cast.centre_staff) == 1

    # The market's rule sets the clock: 30 days and nothing is late.
    policies.update_policy(
        actor=cast.admin, market_id=cast.market.pk, changes={"rights_request_sla_days": 30}
    )
    assert selectors.overdue_count(cast.admin) == 0
    policies.update_policy(
        actor=cast.admin, market_id=cast.market.pk, changes={"rights_request_sla_days": 15}
    )

    client.force_login(cast.station_staff)
    page = client.get("/staff/rights/?show=overdue").content.decode()
    assert f'data-testid="request-{late.pk}"' in page and "已超时" in page
    assert f'data-testid="request-{fresh.pk}"' not in page
    assert 'data-testid="overdue-rights"' in client.get("/staff/").content.decode()
    # Out of scope: 404, and refusing needs a reason.
    assert client.post(f"/staff/rights/{fresh.pk}/decide/", {"decision": "complete"}).status_code == 404
    client.post(f"/staff/rights/{late.pk}/decide/", {"decision": "refuse", "note": ""})
    assert RightsRequest.objects.get(pk=late.pk).status == "pending"
    client.post(f"/staff/rights/{late.pk}/decide/", {"decision": "complete", "note": "已当面提供盖章副本"})
    late.refresh_from_db()
    assert (late.status, late.decided_by_id, late.decision_note) == (
        "completed",
        cast.station_staff.pk,
        "已当面提供盖章副本",
    )
    assert AuditEntry.objects.filter(action="rights.request_completed", object_id=str(late.pk)).exists()
