"""Wage-arrears guard: unpaid confirmed work past its cycle plus grace blocks the employer's new postings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.jobs import services as job_services
from lingong.notifications.models import Notification
from lingong.org.policy import set_policy
from lingong.settlement import selectors, services
from lingong.settlement.models import ArrearsFlag, ArrearsStatus
from lingong.settlement.tests.helpers import call, key, next_month_day, signed_engagement, work_shift
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db
D = Decimal
DAY = next_month_day(2)  # the worked day (daily settlement)


def unpaid_engagement(cast: Any, cycle: str = "daily", days: int = 2) -> Any:
    engagement = signed_engagement(cast, days=days, pay_amount=D("300"), settlement_cycle=cycle)
    work_shift(cast, engagement.shifts.order_by("date").first())
    return engagement


def test_flag_opens_only_after_cycle_plus_grace(cast: Any, settings: Any) -> None:
    set_policy(cast.market.pk, arrears_grace_days=3)
    engagement = unpaid_engagement(cast)
    # Daily cycle: due on the work day + 3 days; overdue from the day after.
    assert services.detect_arrears(today=DAY + dt.timedelta(days=3)) == 0
    assert services.detect_arrears(today=DAY + dt.timedelta(days=4)) == 1
    flag = ArrearsFlag.objects.get()
    assert (flag.engagement_id, flag.enterprise_id, flag.status) == (
        engagement.pk,
        engagement.enterprise_id,
        ArrearsStatus.OPEN,
    )
    assert flag.due_date == DAY + dt.timedelta(days=3)
    assert flag.unpaid_days == 1
    # One open flag per engagement however often the sweep runs.
    assert services.detect_arrears(today=DAY + dt.timedelta(days=5)) == 0
    assert ArrearsFlag.objects.count() == 1
    assert Notification.objects.filter(user=cast.employer, kind="wage_arrears").count() == 1
    assert Notification.objects.filter(user=cast.station_staff, kind="wage_arrears").count() == 1
    assert Notification.objects.filter(user=cast.centre_staff, kind="wage_arrears").count() == 1
    assert not Notification.objects.filter(user=cast.other_station_staff, kind="wage_arrears").exists()
    assert AuditEntry.objects.filter(action="arrears.flagged", data__engagement_id=engagement.pk).exists()


def test_weekly_cycle_is_due_after_the_iso_week(cast: Any, settings: Any) -> None:
    set_policy(cast.market.pk, arrears_grace_days=2)
    engagement = unpaid_engagement(cast, cycle="weekly")
    sunday = DAY + dt.timedelta(days=6 - DAY.weekday())
    assert services.detect_arrears(today=sunday + dt.timedelta(days=2)) == 0
    assert services.detect_arrears(today=sunday + dt.timedelta(days=3)) == 1
    assert ArrearsFlag.objects.get(engagement=engagement).due_date == sunday + dt.timedelta(days=2)


def test_an_issued_but_unpaid_statement_is_still_arrears(cast: Any) -> None:
    engagement = unpaid_engagement(cast)
    services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    assert services.detect_arrears(today=DAY + dt.timedelta(days=30)) == 1


def test_paid_work_is_not_arrears(cast: Any) -> None:
    engagement = unpaid_engagement(cast)
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    assert services.detect_arrears(today=DAY + dt.timedelta(days=30)) == 0


def test_open_flag_blocks_new_postings_until_waived(cast: Any) -> None:
    unpaid_engagement(cast)
    services.detect_arrears(today=DAY + dt.timedelta(days=30))
    flag = ArrearsFlag.objects.get()
    with pytest.raises(ConflictError) as exc:
        job_services.create_job(actor=cast.employer, data=t.job_input())
    assert exc.value.code == "wage_arrears"
    assert "工资" in exc.value.message
    # Staff posting on the employer's behalf are blocked too.
    with pytest.raises(ConflictError):
        job_services.create_job(
            actor=cast.station_staff, data=t.job_input(), enterprise_id=flag.enterprise_id
        )
    # Other employers are not affected.
    job_services.create_job(actor=cast.other_employer, data=t.job_input())

    with pytest.raises(PermissionDeniedError):
        services.waive_arrears(actor=cast.employer, flag_id=flag.pk, reason="已线下支付")
    with pytest.raises(NotFoundError):
        services.waive_arrears(actor=cast.other_station_staff, flag_id=flag.pk, reason="已线下支付")
    with pytest.raises(InvalidInput):
        services.waive_arrears(actor=cast.station_staff, flag_id=flag.pk, reason="")
    waived = services.waive_arrears(actor=cast.station_staff, flag_id=flag.pk, reason="劳动者确认已现金支付")
    assert (waived.status, waived.waived_by, waived.waive_reason) == (
        ArrearsStatus.WAIVED,
        cast.station_staff,
        "劳动者确认已现金支付",
    )
    with pytest.raises(ConflictError) as exc:
        services.waive_arrears(actor=cast.station_staff, flag_id=flag.pk, reason="再次解除")
    assert exc.value.code == "invalid_transition"
    job = job_services.create_job(actor=cast.employer, data=t.job_input())
    assert job.status == "pending_review"
    # The waiver covers what was overdue: the sweep does not flag the same work again.
    assert services.detect_arrears(today=DAY + dt.timedelta(days=31)) == 0


def test_work_falling_due_after_a_waiver_flags_again(cast: Any) -> None:
    engagement = signed_engagement(cast, days=3, pay_amount=D("300"))
    first, second, _third = engagement.shifts.order_by("date")
    work_shift(cast, first)
    services.detect_arrears(today=DAY + dt.timedelta(days=4))
    flag = ArrearsFlag.objects.get()
    services.waive_arrears(actor=cast.station_staff, flag_id=flag.pk, reason="已核实另行支付")
    work_shift(cast, second)
    assert services.detect_arrears(today=DAY + dt.timedelta(days=5)) == 1
    assert ArrearsFlag.objects.filter(status=ArrearsStatus.OPEN).get().due_date == DAY + dt.timedelta(days=4)


def test_paying_resolves_the_flag_and_unblocks(cast: Any) -> None:
    engagement = unpaid_engagement(cast)
    services.detect_arrears(today=DAY + dt.timedelta(days=30))
    with pytest.raises(ConflictError):
        selectors.assert_can_post(engagement.enterprise)
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    flag = ArrearsFlag.objects.get()
    assert flag.status == ArrearsStatus.RESOLVED and flag.resolved_at is not None
    selectors.assert_can_post(engagement.enterprise)  # no longer raises
    assert AuditEntry.objects.filter(action="arrears.resolved").count() == 1


def test_staff_list_is_scoped(cast: Any) -> None:
    unpaid_engagement(cast)
    services.detect_arrears(today=DAY + dt.timedelta(days=30))
    assert selectors.open_arrears_for_staff(cast.station_staff).count() == 1
    assert selectors.open_arrears_for_staff(cast.admin).count() == 1
    assert selectors.open_arrears_for_staff(cast.other_station_staff).count() == 0
    with pytest.raises(PermissionDeniedError):
        selectors.open_arrears_for_staff(cast.employer)


def test_api_posting_answers_409_wage_arrears_and_staff_waive_through_the_api(cast: Any) -> None:
    client = Client()
    unpaid_engagement(cast)
    services.detect_arrears(today=DAY + dt.timedelta(days=30))
    data = t.job_input()
    body = {
        "title": data.title,
        "description": data.description,
        "occupations": list(data.occupations),
        "headcount": 1,
        "address": data.address,
        "division": data.division,
        "start_date": data.start_date.isoformat(),
        "end_date": data.end_date.isoformat(),
        "pay_unit": "day",
        "pay_amount": "300",
    }
    response = call(client, "post", "/api/v1/jobs", cast.employer, body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "wage_arrears"

    assert call(client, "get", "/api/v1/settlements/arrears", cast.employer).status_code == 403
    assert call(client, "get", "/api/v1/settlements/arrears", cast.other_station_staff).json()["items"] == []
    listed = call(client, "get", "/api/v1/settlements/arrears", cast.station_staff).json()["items"]
    assert len(listed) == 1 and listed[0]["status"] == "open"
    flag_id = listed[0]["id"]
    bad = call(
        client, "post", f"/api/v1/settlements/arrears/{flag_id}/waive", cast.station_staff, {"reason": ""}
    )
    assert bad.status_code == 422
    assert (
        call(
            client,
            "post",
            f"/api/v1/settlements/arrears/{flag_id}/waive",
            cast.other_station_staff,
            {"reason": "核实"},
        ).status_code
        == 404
    )
    waived = call(
        client,
        "post",
        f"/api/v1/settlements/arrears/{flag_id}/waive",
        cast.station_staff,
        {"reason": "核实已支付"},
    )
    assert waived.status_code == 200, waived.content
    assert waived.json()["status"] == "waived"
    assert call(client, "post", "/api/v1/jobs", cast.employer, body).status_code == 201


def test_staff_arrears_page_and_waive_form(cast: Any) -> None:
    unpaid_engagement(cast)
    services.detect_arrears(today=DAY + dt.timedelta(days=30))
    flag = ArrearsFlag.objects.get()
    client = Client()
    client.force_login(cast.station_staff)
    page = client.get("/settlements/arrears/")
    assert page.status_code == 200
    assert "欠薪预警" in page.content.decode() and flag.engagement.number in page.content.decode()
    client.post(f"/settlements/arrears/{flag.pk}/waive/", {"reason": "核实后解除"})
    flag.refresh_from_db()
    assert flag.status == ArrearsStatus.WAIVED
    listing = client.get("/settlements/").content.decode()
    # Station staff may not export payrolls (the employer's and market admins' only); the arrears stay.
    assert "导出工资表" not in listing and "/settlements/arrears/" in listing
    employer = Client()
    employer.force_login(cast.employer)
    assert employer.get("/settlements/arrears/").status_code == 403
