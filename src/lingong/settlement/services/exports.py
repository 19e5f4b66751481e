"""The payroll export: an enterprise's paid statements of a month as the withholding workbook (built by
``settlement.payroll``), recorded in the audit trail."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.audit import trail as audit
from lingong.core.errors import InvalidInput
from lingong.settlement.selectors import payroll_statements


def parse_month(value: Any) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise InvalidInput(_("月份格式应为 YYYY-MM，如 2026-11。"), errors={"month": [_("月份无效")]})
    return text


def payroll_xlsx(*, actor: User, enterprise_id: int, month: Any) -> bytes:
    """The enterprise's paid statements of a month as a workbook for the withholding declaration.

    The full ID number is in the file (the tax filing needs it); only the enterprise's own members and the
    market staff may export it, and every export is recorded in the audit trail."""
    # openpyxl (under settlement.payroll) is loaded only when a workbook is built, not by every page import.
    from lingong.settlement.payroll import build_workbook

    month = parse_month(month)
    enterprise, statements = payroll_statements(actor, enterprise_id, month)
    data = build_workbook(enterprise, month, statements)

    audit.record(
        action="payroll.exported",
        obj=enterprise,
        actor=actor,
        data={"month": month, "rows": len(statements), "full_id_numbers": True},
    )
    return data
