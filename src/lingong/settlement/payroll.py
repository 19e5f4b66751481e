"""Monthly payroll workbook (劳务报酬发放表) per enterprise, for the withholding declaration.

One row per paid statement of the month; amounts are numbers (Decimal) in a two-decimal format; the last row
holds the totals. The ID number is complete only for the payer's authorised users (``full_ids``): the
individual income tax declaration needs it; everyone else allowed to download the file gets it masked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lingong.core.masking import mask_id_number
from lingong.settlement.selectors import succeeded_payment

MONEY_FORMAT = "#,##0.00"


def sheet_title(month: str) -> str:
    year, mon = month.split("-")
    return _("%(year)s年%(month)s月劳务报酬") % {"year": year, "month": int(mon)}


def headers() -> list[str]:
    return [
        _("序号"),
        _("姓名"),
        _("身份证号码"),
        _("所得项目"),
        _("劳务项目（工种）"),
        _("结算单号"),
        _("结算期间"),
        _("应发金额（税前）"),
        _("代扣个人所得税"),
        _("实发金额"),
        _("支付时间"),
        _("支付凭证号"),
    ]


def build_workbook(enterprise: Any, month: str, statements: Sequence[Any], *, full_ids: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(month)
    ws.append([_("%(name)s %(title)s发放表") % {"name": enterprise.name, "title": sheet_title(month)}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            _("统一社会信用代码：%(code)s　导出时间：%(at)s")
            % {
                "code": enterprise.credit_code or "—",
                "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            }
        ]
    )
    if not full_ids:
        ws.append(
            [_("身份证号码已脱敏：完整号码仅向付款单位的管理员和市场管理员提供，用于个人所得税扣缴申报。")]
        )
    ws.append(headers())
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    gross = tax = net = Decimal("0.00")
    for index, statement in enumerate(statements, start=1):
        payment = succeeded_payment(statement)
        paid_at = timezone.localtime(statement.paid_at).replace(tzinfo=None) if statement.paid_at else None
        ws.append(
            [
                index,
                statement.worker.real_name,
                (statement.worker.id_number or "")
                if full_ids
                else mask_id_number(statement.worker.id_number),
                _("劳务报酬所得"),
                statement.kind_of_service_name or statement.kind_of_service,
                statement.number,
                f"{statement.period_start.isoformat()} ~ {statement.period_end.isoformat()}",
                statement.gross,
                statement.tax,
                statement.net,
                paid_at,
                payment.reference if payment is not None else "",
            ]
        )
        row = ws.max_row
        ws.cell(row=row, column=3).number_format = "@"  # the ID number is text, never a number
        for column in (8, 9, 10):
            ws.cell(row=row, column=column).number_format = MONEY_FORMAT
        ws.cell(row=row, column=11).number_format = "yyyy-mm-dd hh:mm"
        gross += statement.gross
        tax += statement.tax
        net += statement.net
    ws.append(
        [_("合计"), _("%(n)s 笔") % {"n": len(statements)}, "", "", "", "", "", gross, tax, net, "", ""]
    )
    total_row = ws.max_row
    for cell in ws[total_row]:
        cell.font = Font(bold=True)
    for column in (8, 9, 10):
        ws.cell(row=total_row, column=column).number_format = MONEY_FORMAT
    widths = [6, 10, 22, 14, 14, 22, 24, 16, 16, 16, 18, 24]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
