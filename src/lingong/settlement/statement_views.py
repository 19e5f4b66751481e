"""Settlement pages: my pay statements, one statement, settle and pay an engagement, payroll export, arrears.

Views are thin: they read with selectors, call one service per POST and report the outcome in Chinese. Forms
that settle or pay carry an idempotency key generated when the page is drawn, so a double tap or a resent
form returns the same statement or payment.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.client import client_ip
from lingong.core.errors import DomainError
from lingong.engagements.access import access_engagement_for
from lingong.engagements.models import EngagementStatus, Party
from lingong.settlement import selectors, services
from lingong.settlement.access import access_statement_for
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, StatementStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _error_text(exc: DomainError) -> str:
    details = [m for messages_ in exc.errors.values() for m in messages_]
    return exc.message if not details else f"{exc.message}（{'；'.join(details)}）"


def _run(request: AuthedRequest, action: Callable[[], Any], success: str) -> Any:
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return None
    messages.success(request, success)
    return result


def _new_key() -> str:
    return uuid.uuid4().hex


def _last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


@login_required
def statement_list(request: AuthedRequest) -> HttpResponse:
    statements = list(selectors.statements_for(request.user)[:100])
    enterprise = enterprise_of(request.user)
    context = {
        "statements": statements,
        "is_worker": request.user.role == "worker",
        "enterprise": enterprise,
        "is_staff": is_staff(request.user),
        # The payroll export is the employer's and the market admins' only (selectors.payroll_statements).
        "can_export_payroll": enterprise is not None or request.user.role == Role.MARKET_ADMIN,
        "this_month": timezone.localdate().strftime("%Y-%m"),
        "last_month": _last_month(),
        "has_arrears": enterprise is not None and selectors.has_open_arrears(enterprise),
        "payroll_full_ids": services.payroll_shows_full_id_numbers(request.user),
    }
    return render(request, "settlement/statement_list.html", context)


@login_required
def statement_detail(request: AuthedRequest, statement_id: int) -> HttpResponse:
    statement, party = access_statement_for(request.user, statement_id)
    context = {
        "s": statement,
        "e": statement.engagement,
        "party": party,
        "is_worker": party == Party.WORKER,
        "can_pay": party in (Party.EMPLOYER, Party.STAFF) and statement.status == StatementStatus.ISSUED,
        "can_void": party == Party.STAFF and statement.status == StatementStatus.ISSUED,
        "payment": selectors.succeeded_payment(statement),
        "pay_key": _new_key(),
    }
    return render(request, "settlement/statement_detail.html", context)


@login_required
def receipt(request: AuthedRequest, statement_id: int) -> HttpResponse:
    statement, _party = access_statement_for(request.user, statement_id)
    if statement.status != StatementStatus.PAID:
        messages.error(request, _("结算单支付后才能下载收款凭证。"))
        return redirect("settlements:detail", statement_id)
    data, filename = selectors.receipt_for(request.user, statement_id)
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def engagement_settlement(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    engagement, party = access_engagement_for(request.user, engagement_id)
    can_settle = party in (Party.EMPLOYER, Party.STAFF) and engagement.status in services.SETTLEABLE
    payable = services.payable_unsettled_shifts(engagement) if party != Party.WORKER else []
    draft = services.compute_statement(engagement, payable) if payable and can_settle else None
    statements = list(selectors.statements_for(request.user, engagement.pk))
    context = {
        "e": engagement,
        "party": party,
        "is_worker": party == Party.WORKER,
        "can_settle": can_settle and bool(payable),
        "payable": payable,
        "draft": draft,
        "statements": statements,
        "settle_key": _new_key(),
        "pay_keys": {s.pk: _new_key() for s in statements},
        "settled": engagement.status in (EngagementStatus.SETTLED, EngagementStatus.RATED),
        "flags": list(ArrearsFlag.objects.filter(engagement=engagement, status=ArrearsStatus.OPEN)),
    }
    return render(request, "settlement/engagement.html", context)


@login_required
@require_POST
def settle(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    period_end = None
    if request.POST.get("period_end"):
        try:
            period_end = dt.date.fromisoformat(request.POST["period_end"])
        except ValueError:
            messages.error(request, _("结算截止日期无效。"))
            return redirect("settlements:engagement", engagement_id)
    statement = _run(
        request,
        lambda: services.settle(
            actor=request.user,
            engagement_id=engagement_id,
            idempotency_key=request.POST.get("idempotency_key", ""),
            period_end=period_end,
        ),
        _("结算单已生成。"),
    )
    if statement is not None:
        return redirect("settlements:detail", statement.pk)
    return redirect("settlements:engagement", engagement_id)


def pay_page(request: AuthedRequest, statement_id: int, *, pay: Callable[..., Any]) -> HttpResponse:
    """POST of the pay form; ``pay`` is ``workflow.chain.pay_statement`` (it can settle the engagement)."""
    payment = _run(
        request,
        lambda: pay(
            actor=request.user,
            statement_id=statement_id,
            idempotency_key=request.POST.get("idempotency_key", ""),
            reference=request.POST.get("reference", ""),
        ),
        _("已记录支付。"),
    )
    if payment is not None and payment.status == "pending":
        messages.info(request, _("支付处理中，请稍后刷新查看结果。"))
    elif payment is not None and payment.status != "succeeded":
        messages.error(request, _("支付未成功：%(reason)s") % {"reason": payment.failure_reason or "—"})
    return redirect("settlements:detail", statement_id)


@login_required
@require_POST
def void(request: AuthedRequest, statement_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.void_statement(
            actor=request.user, statement_id=statement_id, reason=request.POST.get("reason", "")
        ),
        _("结算单已作废，相关班次可重新结算。"),
    )
    return redirect("settlements:detail", statement_id)


@login_required
def payroll(request: AuthedRequest) -> HttpResponse:
    month = request.GET.get("month", "")
    raw_enterprise = request.GET.get("enterprise_id", "")
    own = enterprise_of(request.user)
    try:
        enterprise_id = int(raw_enterprise) if raw_enterprise else (own.pk if own is not None else 0)
    except ValueError:
        enterprise_id = 0
    try:
        data = services.payroll_xlsx(
            actor=request.user, enterprise_id=enterprise_id, month=month, ip=client_ip(request)
        )
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return redirect("settlements:list")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="payroll-{enterprise_id}-{month}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def arrears(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", ArrearsStatus.OPEN)
    flags = list(selectors.open_arrears_for_staff(request.user, status if status != "all" else None)[:200])
    return render(request, "settlement/arrears.html", {"flags": flags, "status": status})


@login_required
@require_POST
def waive(request: AuthedRequest, flag_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.waive_arrears(
            actor=request.user, flag_id=flag_id, reason=request.POST.get("reason", "")
        ),
        _("欠薪预警已解除。"),
    )
    return redirect("settlements:arrears")
