"""The payroll export: an enterprise's paid statements of a month as the withholding workbook (built by
``settlement.payroll``), recorded in the audit trail."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lingong.accounts.models import Role, User
from lingong.audit import sensitive
from lingong.audit import trail as audit
from lingong.audit.models import ReadReason, SensitiveField
from lingong.core.errors import InvalidInput
from lingong.employers.models import Enterprise, MemberRole
from lingong.settlement.selectors import payroll_statements


def parse_month(value: Any) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise InvalidInput(_("月份格式应为 YYYY-MM，如 2026-11。"), errors={"month": [_("月份无效")]})
    return text


def payroll_shows_full_id_numbers(user: Any) -> bool:
    """Whether this user's payroll exports carry full ID numbers (of their own enterprise, or for a market
    admin of any enterprise in the market): what the export form tells them before they download."""
    if not getattr(user, "is_authenticated", False):
        return False
    membership = getattr(user, "membership", None)
    return user.role == Role.MARKET_ADMIN or (membership is not None and membership.role == MemberRole.ADMIN)


def may_read_full_id_numbers(user: Any, enterprise: Enterprise) -> bool:
    """Who may see the payees' full ID numbers in the payroll: the payer's authorised users, i.e. the
    withholding agent's administrators (个人所得税扣缴义务人 must declare each payee's 身份证件号码) and the
    market's administrators. Recruiters, station and centre staff get the numbers masked."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.MARKET_ADMIN:
        return bool(user.market_id == enterprise.market_id)
    membership = getattr(user, "membership", None)
    return bool(
        membership is not None
        and membership.enterprise_id == enterprise.pk
        and membership.role == MemberRole.ADMIN
    )


def payroll_xlsx(*, actor: User, enterprise_id: int, month: Any, ip: str | None = None) -> bytes:
    """The enterprise's paid statements of a month as a workbook for the withholding declaration.

    Who may download it is decided by ``payroll_statements``. The full ID numbers are in the file only for
    ``may_read_full_id_numbers``; such an export is logged as a sensitive read (who, when, which enterprise
    and month, how many full numbers). Every export is recorded in the audit trail."""
    # openpyxl (under settlement.payroll) is loaded only when a workbook is built, not by every page import.
    from lingong.settlement.payroll import build_workbook

    month = parse_month(month)
    enterprise, statements = payroll_statements(actor, enterprise_id, month)
    full_ids = may_read_full_id_numbers(actor, enterprise)
    with transaction.atomic():
        data = build_workbook(enterprise, month, statements, full_ids=full_ids)
        full_count = sum(1 for s in statements if s.worker.id_number) if full_ids else 0
        if full_count:
            sensitive.record_read(
                actor=actor,
                field=SensitiveField.ID_NUMBER,
                subject=enterprise,
                subject_label=f"{enterprise.name} {month}",
                reason=ReadReason.TAX_WITHHOLDING,
                note=_("工资表导出 %(month)s") % {"month": month},
                count=full_count,
                market_id=enterprise.market_id,
                ip=ip,
            )
        audit.record(
            action="payroll.exported",
            obj=enterprise,
            actor=actor,
            data={"month": month, "rows": len(statements), "full_id_numbers": full_count},
        )
    return data
