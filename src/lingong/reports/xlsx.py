"""The report and the rosters as .xlsx workbooks (openpyxl, write-only: rows are written as they are read).

The report: a summary sheet (the month, the unit, every headline figure with the previous month and the
change, the definitions) and one sheet per breakdown. Money cells are numbers with two decimals.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from lingong.reports.figures import MonthlyReport, headline_rows
from lingong.reports.period import LOCAL
from lingong.reports.rosters import Roster

MONEY_FORMAT = "#,##0.00"


def _bold(ws: WriteOnlyWorksheet, values: Any) -> list[WriteOnlyCell]:
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
    return value


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.append(_bold(ws, header))
    for row in rows:
        ws.append([_value(ws, v) for v in row])


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_xlsx(report: MonthlyReport) -> bytes:
    wb = Workbook(write_only=True)
    generated = timezone.localtime(report.generated_at, LOCAL).strftime("%Y-%m-%d %H:%M")
    summary = wb.create_sheet(_("汇总"))
    summary.column_dimensions["A"].width = 28
    for col in "BCD":
        summary.column_dimensions[col].width = 16
    summary.append(_bold(summary, [_("零工市场动态监测月报")]))
    summary.append([_("统计月份"), report.month.key])
    summary.append([_("统计单位"), f"{report.unit.name}（{report.unit.kind_label}）"])
    summary.append([_("所属市场"), report.unit.market_name])
    summary.append([_("生成时间"), generated])
    summary.append([])
    summary.append(
        _bold(summary, [_("指标"), report.month.label, report.month.previous().label, _("环比变化")])
    )
    for label, current, previous, change in headline_rows(report):
        summary.append([label, current, previous, change])
    summary.append([])
    now = report.arrears_now
    summary.append(_bold(summary, [_("截至生成时仍未解除的欠薪预警")]))
    summary.append([_("涉及用工单"), now.engagements])
    summary.append([_("涉及用工单位"), now.enterprises])
    summary.append([_("拖欠金额（元）"), _value(summary, now.amount_owed)])

    row_header = [
        _("代码"),
        _("名称"),
        _("发布岗位"),
        _("提供岗位（人）"),
        _("报名人次"),
        _("实现就业"),
        _("发放工资（元）"),
    ]
    widths = [14, 18, 10, 14, 10, 10, 16]
    for title, rows in ((_("按区县"), report.by_district), (_("按工种"), report.by_occupation)):
        _sheet(
            wb,
            title,
            row_header,
            [[r.key, r.label, r.postings, r.places, r.applications, r.placements, r.wages] for r in rows],
            widths,
        )
    group_header = [_("代码"), _("名称"), _("新登记求职者"), _("报名人次"), _("实现就业")]
    for title, groups in ((_("按重点群体"), report.by_target_group), (_("按年龄段"), report.by_age_band)):
        _sheet(
            wb,
            title,
            group_header,
            [[g.key, g.label, g.workers_registered, g.applications, g.placements] for g in groups],
            [22, 18, 14, 10, 10],
        )
    _sheet(
        wb,
        _("按日"),
        [_("日期"), _("发布岗位"), _("报名人次"), _("实现就业"), _("发放工资（元）")],
        [[d.date.isoformat(), d.postings, d.applications, d.placements, d.wages] for d in report.daily],
        [12, 10, 10, 10, 16],
    )
    return _bytes(wb)


def roster_xlsx(roster: Roster) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("名录"))
    for i, _col in enumerate(roster.columns):
        ws.column_dimensions[chr(ord("A") + i)].width = 20 if i else 6
    ws.append(_bold(ws, [roster.title]))
    ws.append(_bold(ws, roster.columns))
    for row in roster.rows:
        ws.append(list(row))
    return _bytes(wb)
