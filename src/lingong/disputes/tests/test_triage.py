"""Triage (issue 11, sections 1 and 5): scope by unit and mediator, assign, urgent, merge, close, withdraw,
escalation with an injected clock, the wage complaint closing with the arrears flag, the report, the pages."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.disputes import selectors, services
from lingong.disputes.models import (
    COMPLAINT_LIFECYCLE,
    CloseReason,
    Complaint,
    ComplaintStatus,
    HandlingLevel,
    Mediator,
)
from lingong.disputes.tests.test_complaints import jpeg_bytes
from lingong.notifications.models import Notification
from lingong.org.models import Market
from lingong.org.policy import policy_for
from lingong.settlement import services as settlement_services
from lingong.settlement.models import ArrearsFlag, ArrearsStatus
from lingong.settlement.tests.helpers import key, next_month_day, signed_engagement, work_shift
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path / "evidence"


def complain(user: Any, *, kind: str = "other", engagement: Any = None, files: Any = None) -> Complaint:
    data = services.ComplaintInput(
        kind=kind,
        what_happened="老板拖着不给结账。",
        asks_for="尽快处理",
        engagement_id=engagement.pk if engagement is not None else None,
    )
    return services.file_complaint(actor=user, data=data, files=files)


def at_station(complaint: Complaint, station: Any) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(station=station, centre=station.centre)
    return Complaint.objects.get(pk=complaint.pk)


def mediator_for(cast: Any, *, name: str = "调解员老张", user: Any = None, **extra: Any) -> Mediator:
    user = user or t.make_worker(cast.market, name=name).user
    return Mediator.objects.create(market=cast.market, user=user, display_name=name, **extra)


def notes(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


def test_scope_by_unit_and_assigned_mediator(cast: Any) -> None:
    a = at_station(complain(cast.worker.user), cast.station)
    b = at_station(complain(cast.other_worker.user), cast.other_station)
    mediator = mediator_for(cast)
    services.assign(actor=cast.admin, complaint_id=a.pk, mediator_id=mediator.pk)
    expectations = {
        "admin": {a.pk, b.pk},
        "centre_staff": {a.pk},
        "station_staff": {a.pk},
        "other_station_staff": {b.pk},
    }
    for name, expected in expectations.items():
        user = getattr(cast, name)
        assert {c.pk for c in selectors.queue(user)} == expected, name
    # A mediator (here a volunteer's account) sees only the cases assigned to them.
    assert [c.pk for c in selectors.queue(mediator.user)] == [a.pk]
    assert services.visible_complaint(mediator.user, a.pk) == a
    with pytest.raises(NotFoundError):
        services.visible_complaint(mediator.user, b.pk)
    with pytest.raises(NotFoundError):
        services.visible_complaint(cast.other_station_staff, a.pk)
    with pytest.raises(NotFoundError):
        services.acknowledge(actor=cast.other_station_staff, complaint_id=a.pk)
    # Through the API: station staff of another station get 404, the queue lists only their own.
    token = at.token_of(cast.other_station_staff)
    at.error(at.get(Client(), f"/complaints/{a.pk}", token), 404, "not_found")
    at.error(at.send(Client(), "post", f"/complaints/{a.pk}/urgent", token, {"urgent": True}), 404)
    listed = at.ok(at.get(Client(), "/complaints", token))
    assert [c["id"] for c in listed["items"]] == [b.pk] and listed["total"] == 1
    mine = at.ok(at.get(Client(), "/complaints", at.token_of(mediator.user)))
    assert [c["id"] for c in mine["items"]] == [a.pk]
    at.error(at.get(Client(), "/complaints", at.token_of(cast.worker.user)), 403)


def test_assign_refuses_unknown_inactive_and_full_mediators(cast: Any) -> None:
    complaint = at_station(complain(cast.worker.user), cast.station)
    token = at.token_of(cast.station_staff)
    path = f"/complaints/{complaint.pk}/assign"
    body = at.error(at.send(Client(), "post", path, token, {"mediator_id": 999999}), 422, "invalid_input")
    assert body["errors"]["mediator_id"] == ["调解员不存在。"]
    at.error(at.send(Client(), "post", path, token, {}), 422, "invalid_input", "mediator_id")
    other_market = Market.objects.create(
        code="m2", name="另一市场", address="x", division=cast.market.division, lat=1, lon=1
    )
    foreign = Mediator.objects.create(
        market=other_market, user=t.make_worker(cast.market, name="外市").user, display_name="外市调解员"
    )
    at.error(at.send(Client(), "post", path, token, {"mediator_id": foreign.pk}), 422, "invalid_input")
    inactive = mediator_for(cast, name="停用调解员", active=False)
    body = at.error(at.send(Client(), "post", path, token, {"mediator_id": inactive.pk}), 422)
    assert "停用" in body["errors"]["mediator_id"][0]
    full = mediator_for(cast, name="满员调解员", max_open_cases=1)
    services.assign(actor=cast.admin, complaint_id=complain(cast.worker.user).pk, mediator_id=full.pk)
    body = at.error(at.send(Client(), "post", path, token, {"mediator_id": full.pk}), 422)
    assert "上限" in body["errors"]["mediator_id"][0]
    assert Complaint.objects.get(pk=complaint.pk).mediator_id is None
    assert not AuditEntry.objects.filter(object_id=str(complaint.pk), action="complaint.assigned").exists()
    # In scope and free: assigned, audited, both sides and the mediator told.
    mediator = mediator_for(cast, name="调解员老李", station=cast.station)
    done = at.ok(at.send(Client(), "post", path, token, {"mediator_id": mediator.pk}))
    assert done["mediator_id"] == mediator.pk
    entry = AuditEntry.objects.get(object_id=str(complaint.pk), action="complaint.assigned")
    assert entry.data["mediator"] == mediator.pk
    assert "调解员老李" in notes(cast.worker.user, "complaint_assigned")[0].title
    assert notes(mediator.user, "complaint_assigned")[0].url == f"/staff/complaints/{complaint.pk}/"
    # To a centre: the station is cleared and the level moves up to the centre.
    moved = services.assign(actor=cast.admin, complaint_id=complaint.pk, centre_id=cast.other_centre.pk)
    assert moved.station_id is None and moved.centre_id == cast.other_centre.pk
    assert moved.level == HandlingLevel.CENTRE
    with pytest.raises(NotFoundError):  # no longer in station staff's unit
        services.assign(actor=cast.station_staff, complaint_id=complaint.pk, station_id=cast.station.pk)
    services.close_by_staff(actor=cast.admin, complaint_id=complaint.pk, reason=CloseReason.NO_BASIS)
    with pytest.raises(ConflictError):
        services.assign(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)


def test_urgent_and_overdue_come_first(cast: Any) -> None:
    first = at_station(complain(cast.worker.user), cast.station)
    second = at_station(complain(cast.worker.user), cast.station)
    third = at_station(complain(cast.worker.user), cast.station)
    Complaint.objects.filter(pk=second.pk).update(due_at=first.due_at - dt.timedelta(days=5))
    token = at.token_of(cast.station_staff)
    marked = at.ok(at.send(Client(), "post", f"/complaints/{third.pk}/urgent", token, {"urgent": True}))
    assert marked["urgent"] is True
    assert [c.pk for c in selectors.queue(cast.station_staff)] == [third.pk, second.pk, first.pk]
    overdue = at.ok(at.get(Client(), "/complaints", token, overdue=True))
    assert [c["id"] for c in overdue["items"]] == [second.pk] and overdue["items"][0]["overdue"]
    urgent = at.ok(at.get(Client(), "/complaints", token, urgent=True))
    assert [c["id"] for c in urgent["items"]] == [third.pk]
    assert len(notes(cast.worker.user, "complaint_urgent")) == 1
    services.set_urgent(actor=cast.station_staff, complaint_id=third.pk, urgent=True)  # no change: no-op
    assert len(notes(cast.worker.user, "complaint_urgent")) == 1
    services.set_urgent(actor=cast.station_staff, complaint_id=third.pk, urgent=False)
    actions = list(
        AuditEntry.objects.filter(object_id=str(third.pk), action__startswith="complaint.urgent")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["complaint.urgent_marked", "complaint.urgent_unmarked"]


def test_merge_keeps_evidence_readable_and_refuses_bad_targets(cast: Any) -> None:
    photo = jpeg_bytes()
    kept = at_station(complain(cast.worker.user), cast.station)
    duplicate = at_station(
        complain(cast.worker.user, files=[SimpleUploadedFile("欠条.jpg", photo, "image/jpeg")]), cast.station
    )
    token = at.token_of(cast.station_staff)
    merge = f"/complaints/{duplicate.pk}/merge"
    body = at.error(at.send(Client(), "post", merge, token, {"into_id": duplicate.pk}), 422, "invalid_input")
    assert body["errors"]["into_id"] == ["不能把投诉合并到它自己。"]
    closed = at_station(complain(cast.worker.user), cast.station)
    services.close_by_staff(actor=cast.admin, complaint_id=closed.pk, reason=CloseReason.RESOLVED)
    at.error(at.send(Client(), "post", merge, token, {"into_id": closed.pk}), 422, "invalid_input", "into_id")
    at.error(at.send(Client(), "post", merge, token, {"into_id": 999999}), 422, "invalid_input", "into_id")
    other_market = Market.objects.create(
        code="m3", name="另一市场", address="x", division=cast.market.division, lat=1, lon=1
    )
    foreign = complain(t.make_worker(cast.market, name="外市工人").user)
    Complaint.objects.filter(pk=foreign.pk).update(market=other_market)
    with pytest.raises(InvalidInput):
        services.merge(actor=cast.admin, complaint_id=duplicate.pk, into_id=foreign.pk)
    assert Complaint.objects.get(pk=duplicate.pk).status == ComplaintStatus.FILED

    result = at.ok(at.send(Client(), "post", merge, token, {"into_id": kept.pk}))
    assert result["id"] == kept.pk and len(result["evidence"]) == 1
    duplicate.refresh_from_db()
    assert duplicate.status == ComplaintStatus.CLOSED and duplicate.close_reason == CloseReason.MERGED
    assert duplicate.merged_into_id == kept.pk
    evidence = result["evidence"][0]
    assert evidence["url"] == f"/api/v1/complaints/{kept.pk}/evidence/{evidence['id']}"
    response = at.get(
        Client(), f"/complaints/{kept.pk}/evidence/{evidence['id']}", at.token_of(cast.worker.user)
    )
    assert response.status_code == 200 and b"".join(response.streaming_content) == photo
    assert any(kept.number in n.title for n in notes(cast.worker.user, "complaint_closed"))
    assert notes(cast.worker.user, "complaint_merged")
    timeline = [i.action for i in selectors.timeline(kept)]
    assert "complaint.merged_in" in timeline and "complaint.closed" in timeline
    # Merging the closed duplicate again: 409.
    at.error(at.send(Client(), "post", merge, token, {"into_id": kept.pk}), 409, "invalid_transition")


def test_close_and_withdraw(cast: Any) -> None:
    complaint = at_station(complain(cast.worker.user), cast.station)
    path = f"/complaints/{complaint.pk}/close"
    token = at.token_of(cast.station_staff)
    at.error(at.send(Client(), "post", path, token, {"reason": "nope"}), 422, "invalid_input", "reason")
    at.error(at.send(Client(), "post", path, token, {"reason": "merged"}), 422, "invalid_input", "reason")
    at.error(
        at.send(Client(), "post", path, at.token_of(cast.other_station_staff), {"reason": "resolved"}), 404
    )
    body = {"reason": "resolved", "resolution": "双方协商一致，已结清。", "amount_recovered": "300.00"}
    done = at.ok(at.send(Client(), "post", path, token, body))
    assert done["status"] == "closed" and done["amount_recovered"] == "300.00"
    at.error(at.send(Client(), "post", path, token, body), 409, "invalid_transition")
    # Withdraw: the filer only.
    other = complain(cast.worker.user)
    with pytest.raises(NotFoundError):
        services.withdraw(actor=cast.other_worker.user, complaint_id=other.pk)
    engagement = signed_engagement(cast)
    against = complain(cast.worker.user, engagement=engagement)
    with pytest.raises(PermissionDeniedError):
        services.withdraw(actor=cast.employer, complaint_id=against.pk)
    withdrawn = at.ok(
        at.send(Client(), "post", f"/complaints/{against.pk}/withdraw", at.token_of(cast.worker.user), {})
    )
    assert withdrawn["close_reason"] == CloseReason.WITHDRAWN
    assert any("撤回" in n.title for n in notes(cast.employer, "complaint_closed"))
    at.error(
        at.send(Client(), "post", f"/complaints/{against.pk}/withdraw", at.token_of(cast.worker.user), {}),
        409,
    )


def test_acknowledge_moves_the_deadline_to_mediation(cast: Any) -> None:
    complaint = at_station(complain(cast.worker.user), cast.station)
    assert complaint.due_at == complaint.acknowledge_by
    done = services.acknowledge(actor=cast.station_staff, complaint_id=complaint.pk)
    days = policy_for(cast.market.pk).mediation_days
    assert done.acknowledged_at is not None
    assert Complaint.objects.get(pk=complaint.pk).due_at == done.acknowledged_at + dt.timedelta(days=days)


def test_escalation_with_an_injected_clock(cast: Any) -> None:
    complaint = at_station(complain(cast.worker.user), cast.station)
    other = at_station(complain(cast.worker.user), cast.station)
    services.close_by_staff(actor=cast.admin, complaint_id=other.pk, reason=CloseReason.NO_BASIS)
    hours = policy_for(cast.market.pk).complaint_escalation_hours
    due = complaint.due_at
    assert due is not None
    assert services.escalate_overdue(now=due - dt.timedelta(minutes=1)) == 0
    assert services.escalate_overdue(now=due + dt.timedelta(hours=hours - 1)) == 0
    first = due + dt.timedelta(hours=hours)
    assert services.escalate_overdue(now=first) == 1
    complaint.refresh_from_db()
    assert complaint.level == HandlingLevel.CENTRE and complaint.escalated_at == first
    assert services.escalate_overdue(now=first) == 0  # idempotent
    assert services.escalate_overdue(now=first + dt.timedelta(hours=hours - 1)) == 0
    centre_note = notes(cast.centre_staff, "complaint_escalated")
    assert len(centre_note) == 1 and centre_note[0].url == f"/staff/complaints/{complaint.pk}/"
    assert "已上报至服务中心" in notes(cast.worker.user, "complaint_escalated")[0].title
    assert notes(cast.admin, "complaint_escalated") == []
    second = first + dt.timedelta(hours=hours)
    assert services.escalate_overdue(now=second) == 1
    complaint.refresh_from_db()
    assert complaint.level == HandlingLevel.MARKET
    assert len(notes(cast.admin, "complaint_escalated")) == 1
    assert services.escalate_overdue(now=second + dt.timedelta(days=30)) == 0  # the top
    entries = AuditEntry.objects.filter(object_id=str(complaint.pk), action="complaint.escalated")
    assert [(e.data["from"], e.data["to"]) for e in entries.order_by("seq")] == [
        ("station", "centre"),
        ("centre", "market"),
    ]
    assert not AuditEntry.objects.filter(object_id=str(other.pk), action="complaint.escalated").exists()


def test_escalation_task_is_registered() -> None:
    from lingong.disputes import tasks

    assert callable(tasks.escalate_overdue_complaints)


def test_wage_complaint_closes_with_the_arrears_flag(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"), settlement_cycle="daily")
    work_shift(cast, engagement.shifts.order_by("date").first())
    settlement_services.detect_arrears(today=next_month_day(2) + dt.timedelta(days=30))
    flag = ArrearsFlag.objects.get(engagement=engagement)
    complaint = complain(cast.worker.user, kind="unpaid_pay", engagement=engagement)
    position = selectors.wage_position(complaint)
    assert position.applies and position.arrears_state == ArrearsStatus.OPEN
    assert position.due == D("0.00") and position.unbilled_shifts == 1
    statement = settlement_services.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key()
    )
    position = selectors.wage_position(complaint)
    assert position.due == statement.net and position.outstanding == statement.net and position.paid == 0
    wage = at.ok(at.get(Client(), f"/complaints/{complaint.pk}/wage", at.token_of(cast.worker.user)))
    assert wage["outstanding"] == str(statement.net) and wage["arrears_state"] == "open"
    other = complain(cast.worker.user, kind="injury", engagement=engagement)  # not a pay complaint

    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())

    flag.refresh_from_db()
    complaint.refresh_from_db()
    assert flag.status == ArrearsStatus.RESOLVED
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.PAID
    assert complaint.amount_recovered == statement.net
    assert Complaint.objects.get(pk=other.pk).status == ComplaintStatus.FILED
    for user in (cast.worker.user, cast.employer):
        assert any(complaint.number in n.title for n in notes(user, "complaint_closed")), user
    position = selectors.wage_position(complaint)
    assert position.paid == statement.net and position.outstanding == 0
    closed = AuditEntry.objects.get(object_id=str(complaint.pk), action="complaint.closed")
    assert closed.data["reason"] == "paid"


def test_a_waived_flag_leaves_the_complaint_open(cast: Any) -> None:
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"), settlement_cycle="daily")
    work_shift(cast, engagement.shifts.order_by("date").first())
    settlement_services.detect_arrears(today=next_month_day(2) + dt.timedelta(days=30))
    complaint = complain(cast.worker.user, kind="unpaid_pay", engagement=engagement)
    flag = ArrearsFlag.objects.get(engagement=engagement)
    settlement_services.waive_arrears(actor=cast.admin, flag_id=flag.pk, reason="工人确认已现金支付")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.FILED


def test_report_figures(cast: Any) -> None:
    now = dt.datetime.now(tz=selectors.LOCAL)
    month = selectors.ReportMonth(now.year, now.month)
    mediator = mediator_for(cast)
    a = at_station(complain(cast.worker.user, kind="unpaid_pay"), cast.station)
    b = at_station(complain(cast.worker.user, kind="unpaid_pay"), cast.station)
    c = at_station(complain(cast.worker.user, kind="safety"), cast.station)
    d = at_station(complain(cast.other_worker.user, kind="fees"), cast.other_station)
    for complaint, hours in ((a, 2), (b, 4), (c, 9)):
        services.acknowledge(actor=cast.admin, complaint_id=complaint.pk)
        Complaint.objects.filter(pk=complaint.pk).update(
            acknowledged_at=complaint.filed_at + dt.timedelta(hours=hours)
        )
    for complaint in (a, b):
        services.assign(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    services.close_by_staff(
        actor=cast.admin, complaint_id=a.pk, reason=CloseReason.PAID, amount_recovered="600.00"
    )
    services.close_by_staff(actor=cast.admin, complaint_id=b.pk, reason=CloseReason.NO_BASIS)
    locked = Complaint.objects.get(pk=c.pk)
    COMPLAINT_LIFECYCLE.advance(locked, ComplaintStatus.REFERRED, actor=cast.admin)
    report = selectors.complaint_report(cast.admin, month)
    assert report.filed == 4
    assert {r.key: r.count for r in report.by_kind} == {"unpaid_pay": 2, "safety": 1, "fees": 1}
    assert sum(r.count for r in report.by_district) == 4
    assert report.first_response_hours_median == 4.0 and report.first_response_hours_avg == 5.0
    assert report.closed == 2 and report.closed_after_mediation == 2 and report.mediation_succeeded == 1
    assert report.mediation_success_rate == 50.0
    assert report.amount_recovered == D("600.00")
    assert report.referred == 1 and report.referrals_done == 0
    # Scoped: the other station's staff see only theirs.
    theirs = selectors.complaint_report(cast.other_station_staff, month)
    assert theirs.filed == 1 and theirs.closed == 0
    assert d.pk
    api = at.ok(at.get(Client(), "/complaints/report", at.token_of(cast.admin), month=month.key))
    assert api["filed"] == 4 and api["mediation_success_rate"] == 50.0 and api["amount_recovered"] == "600.00"
    at.error(at.get(Client(), "/complaints/report", at.token_of(cast.admin), month="2026-13"), 422)
    at.error(at.get(Client(), "/complaints/report", at.token_of(cast.worker.user)), 403)
    # The page and the workbook.
    client = Client()
    client.force_login(cast.admin)
    page = client.get(f"/staff/complaints/report/?month={month.key}")
    assert page.status_code == 200 and "50.0%" in page.content.decode()
    xlsx = client.get(f"/staff/complaints/report.xlsx?month={month.key}")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(values_only=True)}
    assert summary["新收投诉（件）"] == 4 and summary["调解成功率（%）"] == 50.0
    assert float(summary["追回金额（元）"]) == 600.0
    assert client.get("/staff/complaints/report/?month=bad").status_code == 404


def test_staff_pages(cast: Any) -> None:
    engagement = signed_engagement(cast)
    complaint = at_station(
        complain(
            cast.worker.user,
            kind="unpaid_pay",
            engagement=engagement,
            files=[SimpleUploadedFile("现场.jpg", jpeg_bytes(), "image/jpeg")],
        ),
        cast.station,
    )
    mediator = mediator_for(cast, name="调解员老王")
    staff = Client()
    staff.force_login(cast.station_staff)
    dashboard = staff.get("/staff/").content.decode()
    assert "/staff/complaints/" in dashboard
    queue = staff.get("/staff/complaints/")
    assert queue.status_code == 200 and complaint.number in queue.content.decode()
    case = staff.get(f"/staff/complaints/{complaint.pk}/").content.decode()
    assert "现场.jpg" in case and "工资情况" in case and "提交投诉" in case
    response = staff.post(f"/staff/complaints/{complaint.pk}/acknowledge/")
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ACKNOWLEDGED
    staff.post(f"/staff/complaints/{complaint.pk}/assign/", {"mediator_id": str(mediator.pk)})
    assert Complaint.objects.get(pk=complaint.pk).mediator_id == mediator.pk
    staff.post(f"/staff/complaints/{complaint.pk}/urgent/", {"urgent": "1"})
    assert Complaint.objects.get(pk=complaint.pk).urgent
    refused = staff.post(f"/staff/complaints/{complaint.pk}/merge/", {"into": complaint.number}, follow=True)
    assert "不能把投诉合并到它自己" in refused.content.decode()
    timeline = staff.get(f"/staff/complaints/{complaint.pk}/").content.decode()
    assert "分派承办" in timeline and "标记紧急" in timeline
    # Out of scope: 404; not staff: 403.
    other = Client()
    other.force_login(cast.other_station_staff)
    assert other.get(f"/staff/complaints/{complaint.pk}/").status_code == 404
    assert other.post(f"/staff/complaints/{complaint.pk}/urgent/", {}).status_code == 404
    worker = Client()
    worker.force_login(cast.worker.user)
    assert worker.get("/staff/complaints/").status_code == 403
    assert worker.get(f"/staff/complaints/{complaint.pk}/").status_code == 403
    assert worker.get("/staff/mediators/").status_code == 403
    # The mediator (a volunteer's account) works the case assigned to them.
    volunteer = Client()
    volunteer.force_login(mediator.user)
    assert volunteer.get(f"/staff/complaints/{complaint.pk}/").status_code == 200
    # The worker's page: status, level, deadline, wage position and 撤回.
    page = worker.get(f"/me/complaints/{complaint.pk}/").content.decode()
    assert "已受理" in page and "处理层级" in page and "工资情况" in page and "撤回" in page
    employer = Client()
    employer.force_login(cast.employer)
    assert "withdraw-form" not in employer.get(f"/me/complaints/{complaint.pk}/").content.decode()
    assert employer.post(f"/me/complaints/{complaint.pk}/withdraw/").status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ACKNOWLEDGED
    worker.post(f"/me/complaints/{complaint.pk}/withdraw/", {"note": "已经和老板谈好了"})
    assert Complaint.objects.get(pk=complaint.pk).close_reason == CloseReason.WITHDRAWN


def test_mediator_roster(cast: Any) -> None:
    admin = Client()
    admin.force_login(cast.admin)
    volunteer = t.make_staff(
        Role.STATION_STAFF, cast.market, centre=cast.centre, station=cast.station, name="张"
    )
    response = admin.post(
        "/staff/mediators/",
        {"phone": volunteer.phone, "display_name": "张调解员", "station_id": str(cast.station.pk)},
    )
    assert response.status_code == 302
    mediator = Mediator.objects.get(user=volunteer)
    assert mediator.centre_id == cast.centre.pk and mediator.active and mediator.max_open_cases == 20
    bad = admin.post("/staff/mediators/", {"phone": "13900000000", "display_name": "x"})
    assert bad.status_code == 422 and "本市场没有这个手机号的账户" in bad.content.decode()
    complaint = at_station(complain(cast.worker.user), cast.station)
    services.assign(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    page = admin.get("/staff/mediators/").content.decode()
    assert "张调解员" in page and "在办 1/20" in page
    staff = Client()
    staff.force_login(cast.station_staff)
    assert staff.get("/staff/mediators/").status_code == 200
    assert (
        staff.post("/staff/mediators/", {"op": "toggle", "mediator_id": str(mediator.pk)}).status_code == 403
    )
    with pytest.raises(PermissionDeniedError):
        services.add_mediator(actor=cast.station_staff, data=services.MediatorInput(phone=volunteer.phone))
    admin.post("/staff/mediators/", {"op": "toggle", "mediator_id": str(mediator.pk)})
    assert not Mediator.objects.get(pk=mediator.pk).active
    assert AuditEntry.objects.filter(action="mediator.deactivated", object_id=str(mediator.pk)).exists()
