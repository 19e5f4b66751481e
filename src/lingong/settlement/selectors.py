"""Reads for settlement: who sees which statement, the posting guard, staff arrears lists, payroll rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.models import Role
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.core.masking import mask_id_number
from lingong.employers.models import Enterprise
from lingong.engagements.access import party_of, staff_scope_q
from lingong.engagements.models import Engagement, Party
from lingong.settlement.access import access_statement_for, statement_rows
from lingong.settlement.models import (
    ArrearsFlag,
    ArrearsStatus,
    Payment,
    PaymentStatus,
    Statement,
    StatementStatus,
)
from lingong.settlement.providers import get_provider
from lingong.settlement.receipt import PaymentReceipt, render_payment_receipt


def assert_can_post(enterprise: Any) -> None:
    """Refuse new postings while the enterprise owes wages past the cycle and grace (an open arrears flag)."""
    enterprise_id = getattr(enterprise, "pk", enterprise)
    flag = (
        ArrearsFlag.objects.filter(enterprise_id=enterprise_id, status=ArrearsStatus.OPEN)
        .select_related("engagement")
        .order_by("due_date")
        .first()
    )
    if flag is not None:
        raise ConflictError(
            _(
                "贵单位用工单 %(number)s 有逾期未支付的工资（应于 %(due)s 前结清）。请先结清工资，"
                "或联系零工市场工作人员核实处理，之后才能发布新岗位。"
            )
            % {"number": flag.engagement.number, "due": flag.due_date.isoformat()},
            code="wage_arrears",
        )


def has_open_arrears(enterprise: Any) -> bool:
    enterprise_id = getattr(enterprise, "pk", enterprise)
    return ArrearsFlag.objects.filter(enterprise_id=enterprise_id, status=ArrearsStatus.OPEN).exists()


def open_arrears_for_staff(user: Any, status: str | None = ArrearsStatus.OPEN) -> QuerySet[ArrearsFlag]:
    """Arrears flags of engagements in the staff member's scope (their market and station or centre)."""
    if not is_staff(user):
        raise PermissionDeniedError(_("您没有权限进行此操作。"))
    qs = ArrearsFlag.objects.filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "enterprise", "engagement__job", "engagement__worker", "engagement__station", "waived_by"
    ).order_by("due_date", "pk")


def statements_for(user: Any, engagement_id: int | None = None) -> QuerySet[Statement]:
    """A worker's own statements, an employer's enterprise's, or those in a staff member's scope."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    qs = statement_rows()
    if engagement_id is not None:
        engagement = Engagement.objects.select_related("worker", "station").filter(pk=engagement_id).first()
        if engagement is None or party_of(user, engagement) is None:
            raise NotFoundError(_("用工单不存在"))
        return qs.filter(engagement_id=engagement_id).order_by("-created_at", "-id")
    if user.role == Role.WORKER:
        qs = qs.filter(worker__user=user)
    elif enterprise_of(user) is not None:
        qs = qs.filter(enterprise=enterprise_of(user))
    elif is_staff(user):
        qs = qs.filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
    else:
        return qs.none()
    return qs.order_by("-created_at", "-id")


def succeeded_payment(statement: Statement) -> Payment | None:
    cached = getattr(statement, "succeeded_payments", None)
    if cached is not None:
        return cached[0] if cached else None
    return statement.payments.filter(status=PaymentStatus.SUCCEEDED).first()


# --- Payment receipt (收款凭证) ------------------------------------------------------------------------


def receipt_for(user: Any, statement_id: int) -> tuple[bytes, str]:
    """The receipt PDF of a paid statement, for the worker, the employer and staff."""
    statement, _party = access_statement_for(user, statement_id)
    payment = succeeded_payment(statement)
    if statement.status != StatementStatus.PAID or payment is None:
        raise NotFoundError(_("结算单支付后才能下载收款凭证"))
    engagement = statement.engagement
    enterprise = engagement.enterprise
    provider = get_provider()
    method = provider.label if payment.provider == provider.name else payment.provider
    if payment.reference:
        method = f"{method}，{_('凭证号')} {payment.reference}"
    receipt = PaymentReceipt(
        receipt_no=statement.number,
        payer_name=enterprise.name,
        payer_id_label=_("统一社会信用代码"),
        payer_id=enterprise.credit_code or "—",
        payee_name=statement.worker.real_name,
        # Masked for everyone who can open it: the receipt identifies the payee, and the payer's withholding
        # declaration takes the full number from the payroll export (its authorised users only, logged).
        payee_id_number=mask_id_number(statement.worker.id_number or ""),
        purpose=_("劳务报酬（%(kind)s，%(title)s）")
        % {"kind": statement.kind_of_service_name, "title": engagement.job.title},
        period_text=_("%(start)s 至 %(end)s，共 %(days)s 天（所属月份 %(month)s）")
        % {
            "start": statement.period_start.isoformat(),
            "end": statement.period_end.isoformat(),
            "days": statement.days,
            "month": statement.payment_month,
        },
        gross=statement.gross,
        tax=statement.tax,
        net=statement.net,
        paid_at=timezone.localtime(payment.paid_at),
        method_label=method,
        tax_lines=tuple((str(label), str(value)) for label, value in statement.tax_calc.get("lines", [])),
    )
    return render_payment_receipt(receipt), f"receipt-{statement.number}.pdf"


# --- Payroll -----------------------------------------------------------------------------------------------


def payroll_statements(user: Any, enterprise_id: int, month: str) -> tuple[Enterprise, list[Statement]]:
    """Paid statements of ``month`` (their payment month) for the enterprise's own members or market staff;
    staff below the market level see only engagements in their station or centre."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFoundError(_("用工单位不存在"))
    qs = statement_rows().filter(enterprise=enterprise, payment_month=month, status=StatementStatus.PAID)
    own = enterprise_of(user)
    if own is not None and own.pk == enterprise.pk:
        pass
    elif is_staff(user) and user.market_id == enterprise.market_id:
        qs = qs.filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
    elif user.role == Role.WORKER:
        raise PermissionDeniedError(_("您没有权限进行此操作。"))
    else:
        raise NotFoundError(_("用工单位不存在"))
    return enterprise, list(qs.order_by("paid_at", "pk"))


def party_label(party: str) -> str:
    return str(Party(party).label)
