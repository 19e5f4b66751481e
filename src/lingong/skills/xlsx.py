"""The skill gaps as an .xlsx workbook (openpyxl write-only): the page's rows and columns."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lingong.skills.display import requirement_label
from lingong.skills.selectors import GapRow


def header() -> list[str]:
    return [
        _("工种"),
        _("要求"),
        _("区县"),
        _("岗位数"),
        _("空缺名额"),
        _("附近可上岗人数"),
        _("有工种缺证人数"),
        _("未满足名额"),
    ]


def row_values(row: GapRow) -> list[Any]:
    return [
        row.occupation_name,
        requirement_label(row),
        row.district_name,
        row.jobs,
        row.places,
        row.available,
        row.lacking if row.certificate_code else "—",
        row.unmet,
    ]


def gaps_workbook(rows: list[GapRow], *, radius_km: float) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("技能缺口"))
    for i, width in enumerate([16, 40, 12, 8, 10, 14, 14, 12]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    cells = []
    for value in header():
        cell = WriteOnlyCell(ws, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append(row_values(row))
    ws.append([])
    ws.append(
        [
            _(
                "口径：附近指岗位 %(km)s 公里以内；"
                "可上岗人数为持有效证书（或有该技能）且该期间无进行中用工单的求职者。"
            )
            % {"km": f"{radius_km:g}"}
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
