"""The copy of a person's data as a readable Chinese PDF (core.pdf: the shipped CJK font, A4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.pdf import PdfDocument, format_datetime_cn
from lingong.rights.selectors import text_of


def render(data: dict[str, Any], *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    doc = PdfDocument(
        title=_("个人信息副本"),
        created_at=now,
        subject=_("零工市场平台保存的个人信息"),
        footer_text=_("本副本依《个人信息保护法》第四十五条提供，请妥善保管。"),
    )
    doc.title(_("个人信息副本"))
    doc.subtitle(_("生成时间：%(t)s") % {"t": format_datetime_cn(now)})
    doc.paragraph(
        _(
            "以下是零工市场平台保存的、与您本人有关的全部个人信息。如发现有误，可在“我的数据与隐私”页面"
            "修改或提出更正请求；也可撤回授权或申请注销账户。"
        )
    )
    for section in data["sections"].values():
        doc.heading(str(section["title"]))
        items = section["items"]
        if not items:
            doc.paragraph(_("无记录"), indent=False, muted=True)
            continue
        for rows in text_of(items):
            doc.key_value_table(rows)
            doc.spacer(2)
    return doc.output()
