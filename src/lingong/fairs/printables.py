"""Printable materials of a fair (core.pdf, the shipped CJK font): the A4 poster with the QR code of the
public fair page, and the sheet of booth QR codes (six per A4 page) that workers scan at the booths.

QR codes are drawn as vector squares from segno's matrix, so the PDF needs no image library and stays
deterministic (the same fair and time give the same bytes)."""

from __future__ import annotations

import datetime as dt

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.pdf import MUTED_COLOR, PAGE_MARGIN_X, RULE_COLOR, TEXT_COLOR, PdfDocument, format_date_cn
from lingong.core.siteurl import absolute_url
from lingong.fairs.intention_rules import hours_text
from lingong.fairs.models import BoothApplication, BoothStatus, JobFair

PER_PAGE = 6  # two columns by three rows


def fair_url(fair: JobFair) -> str:
    return absolute_url(f"/fairs/{fair.code}/")  # the public fair page (fairs-a's part), by its plain path


def booth_url(exhibitor: BoothApplication) -> str:
    return absolute_url(reverse("fairs:intention_booth", args=[exhibitor.qr_token]))


class FairPdf(PdfDocument):
    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """A QR code of ``url``, ``size`` mm square (quiet zone included), top left at (x, y)."""
        code = segno.make(url, error="m")
        rows = [list(row) for row in code.matrix]
        border = 2
        n = len(rows) + 2 * border
        cell = size / n
        pdf = self._pdf
        pdf.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            for c, dark in enumerate(row):
                if dark:
                    pdf.rect(x + (c + border) * cell, y + (r + border) * cell, cell, cell, style="F")

    def centred(
        self, text: str, size: float, line: float, *, bold: bool = False, y: float | None = None
    ) -> None:
        if y is not None:
            self._pdf.set_y(y)
        self._set_font("B" if bold else "", size)
        self._lines(self._wrap(self._clean(text), self._content_width), line, align="C")

    def text_in(
        self, text: str, x: float, y: float, width: float, size: float, *, bold: bool = False
    ) -> None:
        self._set_font("B" if bold else "", size)
        lines = self._wrap(self._clean(text), width) or [""]
        for i, line in enumerate(lines[:2]):
            self._text_line(x, y + i * size * 0.5, width, size * 0.5, line, align="C")


def _when(fair: JobFair) -> str:
    days = format_date_cn(fair.starts_on)
    if fair.ends_on != fair.starts_on:
        days = f"{days} – {format_date_cn(fair.ends_on)}"
    hours = hours_text(fair)
    return f"{days} {hours}".strip()


def poster_pdf(fair: JobFair, *, created_at: dt.datetime | None = None) -> bytes:
    created_at = created_at or timezone.now()
    doc = FairPdf(title=fair.title, created_at=created_at, subject=str(_("招聘会海报")))
    doc.centred(str(_("招聘会")), 16, 9, y=30)
    doc.centred(fair.title, 30, 15, bold=True)
    doc._space(6)
    doc.centred(_("时间：%(when)s") % {"when": _when(fair)}, 15, 8)
    where = " ".join(part for part in (fair.venue, fair.address) if part)
    if fair.is_online:
        where = f"{where} · {_('线上同步开放')}" if where else str(_("线上招聘会"))
    if where:
        doc.centred(_("地点：%(where)s") % {"where": where}, 15, 8)
    if fair.description:
        doc._space(4)
        doc.centred(fair.description, 11, 6)
    size = 95.0
    x = (doc._pdf.w - size) / 2
    y = max(doc._pdf.get_y() + 10, 120.0)
    doc.qr(fair_url(fair), x, y, size)
    doc._pdf.set_text_color(*TEXT_COLOR)
    doc.centred(str(_("微信或手机相机扫码，查看展位和岗位，提前登记")), 14, 8, bold=True, y=y + size + 6)
    doc._pdf.set_text_color(*MUTED_COLOR)
    doc.centred(fair_url(fair), 9, 5)
    doc._pdf.set_text_color(*TEXT_COLOR)
    return doc.output()


def booth_sheet_pdf(fair: JobFair, *, created_at: dt.datetime | None = None) -> bytes:
    """One card per approved exhibitor (booth number, enterprise, QR of the booth page), six per page."""
    created_at = created_at or timezone.now()
    exhibitors = list(
        BoothApplication.objects.filter(fair=fair, status=BoothStatus.APPROVED)
        .select_related("booth", "enterprise")
        .order_by("booth__number", "pk")
    )
    doc = FairPdf(title=f"{fair.title} {_('展位二维码')}", created_at=created_at)
    width = doc._pdf.w - 2 * PAGE_MARGIN_X
    card_w, card_h = width / 2, 80.0
    top = 24.0
    if not exhibitors:
        doc.centred(fair.title, 16, 9, bold=True, y=top)
        doc.centred(str(_("暂无已通过的参展单位")), 12, 7)
    for i, exhibitor in enumerate(exhibitors):
        slot = i % PER_PAGE
        if slot == 0:
            if i:
                doc._pdf.add_page()
            doc.centred(_("%(title)s · 展位二维码") % {"title": fair.title}, 12, 7, bold=True, y=12)
        col, row = slot % 2, slot // 2
        x, y = PAGE_MARGIN_X + col * card_w, top + row * card_h
        doc._pdf.set_draw_color(*RULE_COLOR)
        doc._pdf.set_line_width(0.2)
        doc._pdf.rect(x + 2, y + 2, card_w - 4, card_h - 4, style="D")
        number = exhibitor.booth.number if exhibitor.booth else "—"
        doc.text_in(_("展位 %(n)s") % {"n": number}, x + 4, y + 5, card_w - 8, 16, bold=True)
        doc.text_in(exhibitor.enterprise.name, x + 4, y + 14, card_w - 8, 10)
        size = 50.0
        doc.qr(booth_url(exhibitor), x + (card_w - size) / 2, y + 22, size)
        doc._pdf.set_text_color(*MUTED_COLOR)
        doc.text_in(str(_("扫码投递面试意向")), x + 4, y + 72, card_w - 8, 9)
        doc._pdf.set_text_color(*TEXT_COLOR)
    return doc.output()
