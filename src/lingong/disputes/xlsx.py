"""The monthly complaints report as an .xlsx workbook (openpyxl write-only, as the reports app does)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from lingong.disputes.report_sections import ReportSection
from lingong.disputes.selectors import ComplaintReport

MONEY_FORMAT = "#,##0.00"


def _bold(ws: WriteOnlyWorksheet, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=str(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _value(ws: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    return "" if value is None else value


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.append(_bold(ws, header))
    for row in rows:
        ws.append([_value(ws, v) for v in row])


def summary_rows(report: ComplaintReport) -> list[list[Any]]:
    return [
        [_("月份"), report.month.key],
        [_("新收投诉（件）"), report.filed],
        [_("已受理（件）"), report.acknowledged],
        [_("首次响应时间中位数（小时）"), report.first_response_hours_median],
        [_("首次响应时间平均（小时）"), report.first_response_hours_avg],
        [_("本月结案（件）"), report.closed],
        [_("调解后结案（件）"), report.closed_after_mediation],
        [_("调解成功（件）"), report.mediation_succeeded],
        [_("调解成功率（%）"), report.mediation_success_rate],
        [_("追回金额（元）"), report.amount_recovered],
        [_("转仲裁/诉讼在办（件）"), report.referred],
        [_("仲裁或诉讼已结案（件）"), report.referrals_done],
    ]


def report_workbook(report: ComplaintReport, sections: list[ReportSection] = ()) -> bytes:  # type: ignore[assignment]
    wb = Workbook(write_only=True)
    _sheet(wb, _("汇总"), [_("指标"), _("数值")], summary_rows(report), [28, 16])
    _sheet(
        wb, _("按类型"), [_("投诉类型"), _("件数")], [[r.label, r.count] for r in report.by_kind], [24, 10]
    )
    _sheet(
        wb, _("按区县"), [_("区县"), _("件数")], [[r.label, r.count] for r in report.by_district], [24, 10]
    )
    for section in sections:
        _sheet(wb, section.title, section.header, section.rows, section.widths)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
