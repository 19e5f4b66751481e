"""Settlement API: settle an engagement, statements, pay, receipt PDF, payroll export, wage-arrears flags.

Settling and paying take an idempotency key (in the body, or the ``Idempotency-Key`` header): a retried
request with the same key returns what the first one made and never settles or pays twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lingong.accounts.access import enterprise_of
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.client import client_ip
from lingong.core.errors import InvalidInput
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.engagements.access import party_of
from lingong.settlement import selectors, services
from lingong.settlement.access import access_statement_for
from lingong.settlement.models import ArrearsFlag, Payment, Statement, StatementStatus

router = Router(tags=["薪税结算"])
PREFIX = "/api/v1/settlements"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PaymentOut(Schema):
    id: int
    statement_id: int
    status: str
    status_label: str
    amount: Decimal
    provider: str
    provider_reference: str
    reference: str
    failure_reason: str
    paid_at: dt.datetime


def payment_out(p: Payment) -> dict[str, Any]:
    return {
        "id": p.pk,
        "statement_id": p.statement_id,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "amount": p.amount,
        "provider": p.provider,
        "provider_reference": p.provider_reference,
        "reference": p.reference,
        "failure_reason": p.failure_reason,
        "paid_at": p.paid_at,
    }


class StatementOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    my_party: str
    engagement_id: int
    engagement_number: str
    job_title: str
    enterprise_id: int
    enterprise_name: str
    worker_name: str
    kind_of_service: str
    kind_of_service_name: str
    period_start: dt.date
    period_end: dt.date
    payment_month: str
    days: int
    gross: Decimal
    earlier_gross_same_payment: Decimal
    earlier_tax_same_payment: Decimal
    tax: Decimal
    net: Decimal
    lines: list[dict[str, Any]]
    tax_calc: dict[str, Any]
    needs_invoice: bool
    invoice_note: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    void_reason: str
    payment: PaymentOut | None
    receipt_url: str | None


def statement_out(s: Statement, party: str) -> dict[str, Any]:
    payment = selectors.succeeded_payment(s)
    return {
        "id": s.pk,
        "number": s.number,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "my_party": party,
        "engagement_id": s.engagement_id,
        "engagement_number": s.engagement.number,
        "job_title": s.engagement.job.title,
        "enterprise_id": s.enterprise_id,
        "enterprise_name": s.engagement.enterprise.name,
        "worker_name": s.worker.masked_name,
        "kind_of_service": s.kind_of_service,
        "kind_of_service_name": s.kind_of_service_name,
        "period_start": s.period_start,
        "period_end": s.period_end,
        "payment_month": s.payment_month,
        "days": s.days,
        "gross": s.gross,
        "earlier_gross_same_payment": s.earlier_gross_same_payment,
        "earlier_tax_same_payment": s.earlier_tax_same_payment,
        "tax": s.tax,
        "net": s.net,
        "lines": s.lines,
        "tax_calc": s.tax_calc,
        "needs_invoice": s.needs_invoice,
        "invoice_note": s.invoice_note,
        "created_at": s.created_at,
        "paid_at": s.paid_at,
        "void_reason": s.void_reason,
        "payment": payment_out(payment) if payment is not None else None,
        "receipt_url": f"{PREFIX}/statements/{s.pk}/receipt.pdf"
        if s.status == StatementStatus.PAID
        else None,
    }


def _reload(request: ApiRequest, statement_id: int) -> dict[str, Any]:
    statement, party = access_statement_for(request.auth, statement_id)
    return statement_out(statement, party)


def idempotency_key_of(request: ApiRequest, body_key: str | None) -> str:
    return (body_key or request.headers.get("Idempotency-Key") or "").strip()


class SettleIn(Schema):
    idempotency_key: str | None = Field(None, max_length=100, description="也可用 Idempotency-Key 请求头")
    period_end: dt.date | None = Field(None, description="只结算此日期（含）之前的班次；不填则结算全部")


@router.post(
    "/engagements/{engagement_id}/settle",
    auth=AUTH,
    response={201: StatementOut, **ERRORS},
    summary="生成结算单（用工方或工作人员；同一幂等键重试返回同一结算单）",
)
def settle(request: ApiRequest, engagement_id: int, payload: SettleIn) -> Status:
    statement = services.settle(
        actor=request.auth,
        engagement_id=engagement_id,
        idempotency_key=idempotency_key_of(request, payload.idempotency_key),
        period_end=payload.period_end,
    )
    return Status(201, _reload(request, statement.pk))


@router.get(
    "/statements",
    auth=AUTH,
    response={200: PageOut[StatementOut], **ERRORS},
    summary="结算单列表（指定用工单，或我的全部）",
)
def statement_list(
    request: ApiRequest, engagement_id: int | None = None, page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    qs = selectors.statements_for(request.auth, engagement_id)
    result = paginate(qs, page, page_size)
    return page_dict(
        result, [statement_out(s, party_of(request.auth, s.engagement) or "") for s in result.items]
    )


@router.get(
    "/statements/{statement_id}", auth=AUTH, response={200: StatementOut, **ERRORS}, summary="结算单详情"
)
def statement_detail(request: ApiRequest, statement_id: int) -> dict[str, Any]:
    return _reload(request, statement_id)


class PayIn(Schema):
    idempotency_key: str | None = Field(None, max_length=100, description="也可用 Idempotency-Key 请求头")
    reference: str = Field("", max_length=100, description="转账凭证号（如银行流水号）")


class VoidIn(Schema):
    reason: str = Field(..., max_length=200)


@router.post(
    "/statements/{statement_id}/void",
    auth=AUTH,
    response={200: StatementOut, **ERRORS},
    summary="作废未支付的结算单（工作人员，需填写原因）",
)
def void(request: ApiRequest, statement_id: int, payload: VoidIn) -> dict[str, Any]:
    services.void_statement(actor=request.auth, statement_id=statement_id, reason=payload.reason)
    return _reload(request, statement_id)


@router.get(
    "/statements/{statement_id}/receipt.pdf",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="收款凭证 PDF（支付后）",
)
def receipt(request: ApiRequest, statement_id: int) -> HttpResponse:
    data, filename = selectors.receipt_for(request.auth, statement_id)
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/payroll.xlsx",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="月度工资表 .xlsx（完整身份证号码仅向付款单位管理员和市场管理员提供并记录；其他人脱敏）",
)
def payroll(
    request: ApiRequest, month: str = Query(..., max_length=7), enterprise_id: int | None = None
) -> HttpResponse:
    if enterprise_id is None:
        own = enterprise_of(request.auth)
        if own is None:
            raise InvalidInput(_("请选择用工单位。"), errors={"enterprise_id": [_("必填")]})
        enterprise_id = own.pk
    data = services.payroll_xlsx(
        actor=request.auth, enterprise_id=enterprise_id, month=month, ip=client_ip(request)
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="payroll-{enterprise_id}-{month}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


class ArrearsOut(Schema):
    id: int
    status: str
    status_label: str
    enterprise_id: int
    enterprise_name: str
    engagement_id: int
    engagement_number: str
    job_title: str
    due_date: dt.date
    unpaid_days: int
    detected_at: dt.datetime
    resolved_at: dt.datetime | None
    waive_reason: str


def arrears_out(f: ArrearsFlag) -> dict[str, Any]:
    return {
        "id": f.pk,
        "status": f.status,
        "status_label": str(f.get_status_display()),
        "enterprise_id": f.enterprise_id,
        "enterprise_name": f.enterprise.name,
        "engagement_id": f.engagement_id,
        "engagement_number": f.engagement.number,
        "job_title": f.engagement.job.title,
        "due_date": f.due_date,
        "unpaid_days": f.unpaid_days,
        "detected_at": f.detected_at,
        "resolved_at": f.resolved_at,
        "waive_reason": f.waive_reason,
    }


@router.get(
    "/arrears", auth=AUTH, response={200: PageOut[ArrearsOut], **ERRORS}, summary="欠薪预警（工作人员）"
)
def arrears(
    request: ApiRequest, status: str = Query("open", max_length=16), page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    qs = selectors.open_arrears_for_staff(request.auth, status if status != "all" else None)
    result = paginate(qs, page, page_size)
    return page_dict(result, [arrears_out(f) for f in result.items])


class WaiveIn(Schema):
    reason: str = Field(..., max_length=200)


@router.post(
    "/arrears/{flag_id}/waive",
    auth=AUTH,
    response={200: ArrearsOut, **ERRORS},
    summary="核实后解除欠薪预警（工作人员，需填写原因）",
)
def waive(request: ApiRequest, flag_id: int, payload: WaiveIn) -> dict[str, Any]:
    flag = services.waive_arrears(actor=request.auth, flag_id=flag_id, reason=payload.reason)
    flag = selectors.open_arrears_for_staff(request.auth, None).get(pk=flag.pk)
    return arrears_out(flag)
