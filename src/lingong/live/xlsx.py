"""One live session's figures as an .xlsx workbook (openpyxl write-only), from ``selectors.session_stats``."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _bold(ws: WriteOnlyWorksheet, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=str(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.append(_bold(ws, header))
    for row in rows:
        ws.append(["" if v is None else v for v in row])


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def summary_rows(stats: dict[str, Any]) -> list[list[Any]]:
    t = stats["totals"]
    return [
        [_("直播标题"), stats["title"]],
        [_("直播间编号"), stats["code"]],
        [_("开播时间"), _when(stats["started_at"] or stats["starts_at"])],
        [_("结束时间"), _when(stats["ended_at"])],
        [_("峰值在线（人）"), t["peak_viewers"]],
        [_("累计观看（人）"), t["total_viewers"]],
        [_("评论（条）"), t["comments"]],
        [_("其中被隐藏（条）"), t["hidden_comments"]],
        [_("其中报名意向（条）"), t["intent_comments"]],
        [_("报名线索（条）"), t["leads"]],
        [_("其中评论扣1"), t["leads_from_comments"]],
        [_("其中点击我要报名"), t["leads_from_taps"]],
        [_("转为报名（人）"), t["applications"]],
        [_("发出录用（人）"), t["offers"]],
        [_("30天内上岗（人）"), t["hires"]],
        [_("上岗统计截止"), _when(stats["hire_window_end"])],
    ]


def stats_workbook(stats: dict[str, Any]) -> bytes:
    wb = Workbook(write_only=True)
    _sheet(wb, _("汇总"), [_("指标"), _("数值")], summary_rows(stats), [24, 28])
    _sheet(
        wb,
        _("按岗位"),
        [
            _("顺序"),
            _("岗位"),
            _("用工单位"),
            _("置顶次数"),
            _("线索"),
            _("评论扣1"),
            _("点击报名"),
            _("转为报名"),
            _("发出录用"),
            _("30天内上岗"),
        ],
        [
            [
                r["position"],
                r["title"],
                r["enterprise"],
                r["pinned_count"],
                r["leads"],
                r["from_comments"],
                r["from_taps"],
                r["applications"],
                r["offers"],
                r["hires"],
            ]
            for r in stats["by_job"]
        ],
        [6, 30, 28, 10, 8, 10, 10, 10, 10, 12],
    )
    _sheet(
        wb,
        _("线索状态"),
        [_("跟进状态"), _("线索数")],
        [[r["label"], r["count"]] for r in stats["by_status"]],
        [16, 10],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
