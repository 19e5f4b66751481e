"""Settlement through the JSON API and the phone pages: settle, statements, pay, receipt, payroll export."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase
from openpyxl import load_workbook
from pypdf import PdfReader

from lingong import testing as t
from lingong.audit.models import AuditEntry, ReadReason, SensitiveField, SensitiveRead
from lingong.core.errors import DomainError
from lingong.core.masking import mask_id_number
from lingong.employers import services as employer_services
from lingong.engagements.models import EngagementStatus
from lingong.settlement import services
from lingong.settlement.models import Payment, Statement, StatementStatus
from lingong.settlement.tests.helpers import (
    API,
    call,
    key,
    next_month_day,
    signed_engagement,
    work_shift,
    worked_engagement,
)
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db
D = Decimal


def test_settle_pay_and_read_through_the_api(cast: Any) -> None:
    client = Client()
    engagement = worked_engagement(cast, (8, 10), pay_amount=D("2000"), overtime_rate=D("100"))
    k = key()
    response = call(
        client,
        "post",
        f"{API}/engagements/{engagement.pk}/settle",
        cast.employer,
        {},
        **{"Idempotency-Key": k},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # 2 × 2,000 + 2 h × 100 = 4,200 → 4,200 × 80% = 3,360 × 20% = 672.00
    assert (body["gross"], body["tax"], body["net"]) == ("4200.00", "672.00", "3528.00")
    assert body["status"] == "issued" and body["my_party"] == "employer"
    assert body["tax_calc"]["taxable"] == "3360.00"
    assert body["lines"][-1] == {
        "date": next_month_day(3).isoformat(),
        "description": "加班",
        "quantity": "2",
        "unit_label": "小时",
        "unit_price": "100.00",
        "amount": "200.00",
    }
    assert body["worker_name"] == cast.worker.masked_name
    assert body["receipt_url"] is None
    again = call(
        client, "post", f"{API}/engagements/{engagement.pk}/settle", cast.employer, {"idempotency_key": k}
    )
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    statement_id = body["id"]

    nothing = call(
        client, "post", f"{API}/engagements/{engagement.pk}/settle", cast.employer, {"idempotency_key": key()}
    )
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_settle"
    no_key = call(client, "post", f"{API}/engagements/{engagement.pk}/settle", cast.employer, {})
    assert no_key.status_code == 422 and "幂等键" in no_key.json()["message"]

    mine = call(client, "get", f"{API}/statements", cast.worker.user).json()
    assert [s["id"] for s in mine["items"]] == [statement_id] and mine["items"][0]["my_party"] == "worker"
    assert call(client, "get", f"{API}/statements", cast.other_worker.user).json()["items"] == []
    assert call(client, "get", f"{API}/statements", cast.other_employer).json()["items"] == []
    by_engagement = call(
        client, "get", f"{API}/statements?engagement_id={engagement.pk}", cast.station_staff
    ).json()
    assert [s["id"] for s in by_engagement["items"]] == [statement_id]
    assert (
        call(
            client, "get", f"{API}/statements?engagement_id={engagement.pk}", cast.other_employer
        ).status_code
        == 404
    )
    assert call(client, "get", f"{API}/statements/{statement_id}", cast.other_worker.user).status_code == 404
    assert (
        call(client, "get", f"{API}/statements/{statement_id}", cast.other_station_staff).status_code == 404
    )
    assert (
        call(client, "get", f"{API}/statements/{statement_id}/receipt.pdf", cast.worker.user).status_code
        == 404
    )

    assert (
        call(
            client,
            "post",
            f"{API}/statements/{statement_id}/pay",
            cast.worker.user,
            {"idempotency_key": key()},
        ).status_code
        == 403
    )
    assert (
        call(
            client,
            "post",
            f"{API}/statements/{statement_id}/pay",
            cast.other_employer,
            {"idempotency_key": key()},
        ).status_code
        == 404
    )
    pay_key = key()
    paid = call(
        client,
        "post",
        f"{API}/statements/{statement_id}/pay",
        cast.employer,
        {"idempotency_key": pay_key, "reference": "BOC-20261205-1"},
    )
    assert paid.status_code == 201, paid.content
    assert paid.json()["status"] == "succeeded" and paid.json()["amount"] == "3528.00"
    retry = call(
        client,
        "post",
        f"{API}/statements/{statement_id}/pay",
        cast.employer,
        {"reference": "x"},
        **{"Idempotency-Key": pay_key},
    )
    assert retry.json()["id"] == paid.json()["id"]
    twice = call(
        client, "post", f"{API}/statements/{statement_id}/pay", cast.employer, {"idempotency_key": key()}
    )
    assert twice.status_code == 409 and twice.json()["code"] == "already_paid"
    assert Payment.objects.count() == 1

    detail = call(client, "get", f"{API}/statements/{statement_id}", cast.worker.user).json()
    assert detail["status"] == "paid" and detail["payment"]["reference"] == "BOC-20261205-1"
    assert detail["receipt_url"] == f"{API}/statements/{statement_id}/receipt.pdf"
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SETTLED

    pdf = call(client, "get", detail["receipt_url"], cast.worker.user)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in (
        "收款凭证",
        cast.worker.real_name,
        engagement.enterprise.name,
        "3,528.00",
        "672.00",
        "劳务报酬",
    ):
        assert expected in text, expected
    # The receipt shows the payee's ID number masked, for every reader (the payer files the full number from
    # the payroll export, issue 9): no full number, the masked one instead.
    assert cast.worker.id_number not in text
    assert mask_id_number(cast.worker.id_number) in text
    for reader in (cast.employer, cast.station_staff, cast.admin):
        other_pdf = call(client, "get", detail["receipt_url"], reader)
        other_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(other_pdf.content)).pages)
        assert other_pdf.status_code == 200 and cast.worker.id_number not in other_text
    assert call(client, "get", detail["receipt_url"], cast.other_worker.user).status_code == 404


def test_api_bad_input(cast: Any) -> None:
    client = Client()
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    bad_date = call(
        client,
        "post",
        f"{API}/engagements/{engagement.pk}/settle",
        cast.employer,
        {"idempotency_key": key(), "period_end": "2026-13-40"},
    )
    assert bad_date.status_code == 422
    assert (
        call(
            client,
            "post",
            f"{API}/engagements/{engagement.pk}/settle",
            cast.worker.user,
            {"idempotency_key": key()},
        ).status_code
        == 403
    )
    assert (
        call(
            client,
            "post",
            f"{API}/engagements/{engagement.pk}/settle",
            cast.other_employer,
            {"idempotency_key": key()},
        ).status_code
        == 404
    )
    assert (
        call(
            client, "post", f"{API}/engagements/{engagement.pk}/settle", None, {"idempotency_key": key()}
        ).status_code
        == 401
    )
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    void = call(client, "post", f"{API}/statements/{statement.pk}/void", cast.employer, {"reason": "算错"})
    assert void.status_code == 403
    void = call(
        client, "post", f"{API}/statements/{statement.pk}/void", cast.station_staff, {"reason": "算错了"}
    )
    assert void.status_code == 200 and void.json()["status"] == "void"
    paid_void = call(
        client, "post", f"{API}/statements/{statement.pk}/pay", cast.employer, {"idempotency_key": key()}
    )
    assert paid_void.status_code == 409 and paid_void.json()["code"] == "invalid_transition"


def _paid_month(cast: Any) -> tuple[list[Statement], str]:
    engagement = signed_engagement(cast, days=2, pay_amount=D("2000"))
    one, two = engagement.shifts.order_by("date")
    statements = []
    for shift, reference in ((one, "ICBC-001"), (two, "ICBC-002")):
        work_shift(cast, shift)
        statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
        pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key(), reference=reference)
        statements.append(statement)
    # A statement left unpaid is not on the payroll.
    unpaid = worked_engagement(
        cast, (8,), pay_amount=D("500"), start_date=next_month_day(9), end_date=next_month_day(9)
    )
    services.settle(actor=cast.employer, engagement_id=unpaid.pk, idempotency_key=key())
    return statements, statements[0].payment_month


def test_payroll_xlsx_rows_and_totals(cast: Any) -> None:
    statements, month = _paid_month(cast)
    data = services.payroll_xlsx(actor=cast.employer, enterprise_id=statements[0].enterprise_id, month=month)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    year, mon = month.split("-")
    assert ws.title == f"{year}年{int(mon)}月劳务报酬"
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r[0] == "序号"))
    assert rows[header][:3] == ["序号", "姓名", "身份证号码"]
    body = rows[header + 1 : header + 3]
    assert [r[1] for r in body] == [cast.worker.real_name] * 2
    # The enterprise's administrator is the withholding agent's authorised user: the full number, logged.
    assert [r[2] for r in body] == [cast.worker.id_number] * 2
    assert [r[3] for r in body] == ["劳务报酬所得"] * 2
    assert [r[4] for r in body] == ["装载机司机"] * 2
    assert [r[5] for r in body] == [s.number for s in statements]
    assert [(r[7], r[8], r[9]) for r in body] == [(2000, 240, 1760), (2000, 400, 1600)]
    assert [r[11] for r in body] == ["ICBC-001", "ICBC-002"]
    totals = rows[header + 3]
    assert totals[0] == "合计" and (totals[7], totals[8], totals[9]) == (4000, 640, 3360)
    assert len(rows) == header + 4
    money_cell = ws.cell(row=header + 2, column=8)
    assert money_cell.number_format == "#,##0.00" and isinstance(money_cell.value, (int, float))
    assert ws.cell(row=header + 4, column=10).number_format == "#,##0.00"
    assert AuditEntry.objects.filter(action="payroll.exported").count() == 1
    read = SensitiveRead.objects.get()
    assert (read.actor, read.field, read.count, read.reason) == (
        cast.employer,
        SensitiveField.ID_NUMBER,
        2,
        ReadReason.TAX_WITHHOLDING,
    )
    assert read.subject_type == "employers.enterprise" and read.subject_id == str(statements[0].enterprise_id)
    assert month in read.subject_label and read.market_id == cast.market.pk


def _id_cells(data: bytes, name: str) -> list[str]:
    rows = load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
    return [r[2] for r in rows if r[1] == name]


def test_payroll_full_id_numbers_only_for_the_payers_authorised_users(cast: Any) -> None:
    """Enterprise administrators and market admins get full numbers (one log row per export); a recruiter
    of the enterprise and station or centre staff get them masked and leave no log row."""
    statements, month = _paid_month(cast)
    enterprise = statements[0].enterprise
    recruiter = employer_services.add_member(
        actor=cast.employer, phone=t.next_phone(), password=t.PASSWORD, display_name="招聘专员"
    ).user
    masked = mask_id_number(cast.worker.id_number)
    for reader, expected, logged in (
        (cast.employer, cast.worker.id_number, 1),
        (cast.admin, cast.worker.id_number, 1),
        (recruiter, masked, 0),
        (cast.station_staff, masked, 0),
        (cast.centre_staff, masked, 0),
    ):
        before = SensitiveRead.objects.count()
        try:
            data = services.payroll_xlsx(actor=reader, enterprise_id=enterprise.pk, month=month)
        except DomainError:  # who may download at all is another rule (staff scope); here only the digits
            assert reader.role != "employer"
            continue
        assert _id_cells(data, cast.worker.real_name) == [expected] * 2, reader
        assert SensitiveRead.objects.count() - before == logged, reader
    assert set(SensitiveRead.objects.values_list("actor", flat=True)) == {cast.employer.pk, cast.admin.pk}
    # Through the API the log keeps the address it came from.
    response = call(Client(), "get", f"{API}/payroll.xlsx?month={month}", cast.employer)
    assert _id_cells(response.content, cast.worker.real_name) == [cast.worker.id_number] * 2
    assert SensitiveRead.objects.order_by("-id").first().ip == "127.0.0.1"


def test_payroll_export_permissions_and_input(cast: Any) -> None:
    statements, month = _paid_month(cast)
    enterprise_id = statements[0].enterprise_id
    client = Client()
    url = f"{API}/payroll.xlsx?enterprise_id={enterprise_id}&month={month}"
    assert call(client, "get", url, cast.worker.user).status_code == 403
    assert call(client, "get", url, cast.other_employer).status_code == 404
    ok = call(client, "get", f"{API}/payroll.xlsx?month={month}", cast.employer)
    assert ok.status_code == 200 and ok["Content-Type"].startswith("application/vnd.openxmlformats")
    staff = call(client, "get", url, cast.station_staff)
    assert staff.status_code == 200
    staff_rows = list(load_workbook(io.BytesIO(staff.content)).active.iter_rows(values_only=True))
    assert sum(1 for r in staff_rows if r[1] == cast.worker.real_name) == 2
    # Staff of another station see the enterprise but none of its engagements.
    other = call(client, "get", url, cast.other_station_staff)
    other_rows = list(load_workbook(io.BytesIO(other.content)).active.iter_rows(values_only=True))
    assert not any(r[1] == cast.worker.real_name for r in other_rows)
    bad = call(
        client, "get", f"{API}/payroll.xlsx?enterprise_id={enterprise_id}&month=2026-13", cast.employer
    )
    assert bad.status_code == 422 and "YYYY-MM" in bad.json()["message"]


def test_payroll_form_says_whether_the_file_holds_full_id_numbers(cast: Any) -> None:
    recruiter = employer_services.add_member(
        actor=cast.employer, phone=t.next_phone(), password=t.PASSWORD, display_name="招聘专员"
    ).user
    readers = ((cast.employer, True), (cast.admin, True), (recruiter, False), (cast.station_staff, False))
    for user, full in readers:
        client = Client()
        client.force_login(user)
        page = client.get("/settlements/").content.decode()
        assert 'data-testid="payroll-note"' in page
        assert ("含完整身份证号码" in page) is full, user
        assert ("身份证号码脱敏显示" in page) is not full, user


def test_worker_pages(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("4001.00"))
    statement = services.settle(actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key())
    client = Client()
    client.force_login(cast.worker.user)
    page = client.get("/settlements/").content.decode()
    assert "我的工资单" in page and statement.number in page and "3360.84" in page
    detail = client.get(f"/settlements/{statement.pk}/").content.decode()
    for expected in ("收入明细", "个人所得税计算", "3,200.80 × 20% − 0.00 = 640.16", "3360.84", "代开发票"):
        assert expected in detail, expected
    assert "登记已支付" not in detail  # workers do not pay
    assert client.get(f"/settlements/{statement.pk}/receipt.pdf").status_code == 302  # not paid yet
    pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key=key())
    receipt = client.get(f"/settlements/{statement.pk}/receipt.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    other = Client()
    other.force_login(cast.other_worker.user)
    assert other.get(f"/settlements/{statement.pk}/").status_code == 404


def test_employer_settle_and_pay_pages(cast: Any) -> None:
    engagement = worked_engagement(cast, (8, 8), pay_amount=D("300"))
    client = Client()
    client.force_login(cast.employer)
    page = client.get(f"/settlements/engagement/{engagement.pk}/").content.decode()
    assert "生成结算单" in page and "待结算班次" in page and "600.00" in page
    form_key = key()
    response = client.post(f"/settlements/engagement/{engagement.pk}/settle/", {"idempotency_key": form_key})
    statement = Statement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/settlements/{statement.pk}/"
    # The same form sent twice (double tap) makes no second statement.
    client.post(f"/settlements/engagement/{engagement.pk}/settle/", {"idempotency_key": form_key})
    assert Statement.objects.count() == 1
    detail = client.get(f"/settlements/{statement.pk}/").content.decode()
    assert "登记已支付" in detail
    pay_key = key()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the page's request commits; the task runs
        client.post(f"/settlements/{statement.pk}/pay/", {"idempotency_key": pay_key, "reference": "WX-778"})
    client.post(f"/settlements/{statement.pk}/pay/", {"idempotency_key": pay_key, "reference": "WX-778"})
    assert Payment.objects.count() == 1
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    listing = client.get("/settlements/").content.decode()
    assert "导出工资表" in listing
    export = client.get(f"/settlements/payroll.xlsx?month={statement.payment_month}")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.get("/settlements/payroll.xlsx?month=nope", follow=True)
    assert "月份格式" in bad.content.decode()
    outsider = Client()
    outsider.force_login(cast.other_employer)
    assert outsider.get(f"/settlements/engagement/{engagement.pk}/").status_code == 404
    outsider.post(f"/settlements/engagement/{engagement.pk}/settle/", {"idempotency_key": key()})
    assert Statement.objects.count() == 1


def test_worker_cannot_settle_from_the_page(cast: Any) -> None:
    engagement = worked_engagement(cast, (8,), pay_amount=D("300"))
    client = Client()
    client.force_login(cast.worker.user)
    page = client.get(f"/settlements/engagement/{engagement.pk}/").content.decode()
    assert "生成结算单" not in page
    response = client.post(
        f"/settlements/engagement/{engagement.pk}/settle/", {"idempotency_key": key()}, follow=True
    )
    assert "没有权限" in response.content.decode()
    assert Statement.objects.count() == 0
