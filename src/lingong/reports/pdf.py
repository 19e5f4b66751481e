"""The report and the rosters as printable A4 PDFs (``core.pdf`` with the shipped CJK font).

Charts are drawn with fpdf2's own primitives (rectangles, lines, text): a horizontal bar chart for the
breakdowns and a line chart of the month day by day. No plotting library is needed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.pdf import PAGE_MARGIN_X, RULE_COLOR, TEXT_COLOR, PdfDocument
from lingong.reports.figures import MonthlyReport, headline_rows, hours
from lingong.reports.period import LOCAL
from lingong.reports.rosters import Roster

BAR_COLOR = (47, 110, 186)
SECOND_COLOR = (230, 126, 34)
GRID_COLOR = (220, 220, 220)
HEADER_FILL = (235, 241, 250)
CELL_SIZE = 8.0
CELL_LINE = 4.6
CELL_PAD = 1.2


class ReportPdf(PdfDocument):
    """``PdfDocument`` plus a grid table and two simple charts."""

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        size: float = CELL_SIZE,
    ) -> None:
        """A bordered grid; the header repeats on every new page; cells wrap."""
        pdf = self._pdf
        scale = self._content_width / sum(widths)
        widths = [w * scale for w in widths]
        pdf.set_draw_color(*RULE_COLOR)
        pdf.set_line_width(0.15)

        line = CELL_LINE * size / CELL_SIZE

        def draw(cells: Sequence[str], *, head: bool) -> None:
            self._set_font("B" if head else "", size)
            wrapped = [
                self._wrap(self._clean(str(c)), w - 2 * CELL_PAD) or [""]
                for c, w in zip(cells, widths, strict=True)
            ]
            height = max(len(lines) for lines in wrapped) * line + 2 * CELL_PAD
            if pdf.get_y() + height > self._bottom:
                pdf.add_page()
                if not head:
                    draw(header, head=True)
                self._set_font("", size)
            x, y = PAGE_MARGIN_X, pdf.get_y()
            for lines, w in zip(wrapped, widths, strict=True):
                if head:
                    pdf.set_fill_color(*HEADER_FILL)
                    pdf.rect(x, y, w, height, style="DF")
                else:
                    pdf.rect(x, y, w, height, style="D")
                for i, text in enumerate(lines):
                    self._text_line(x + CELL_PAD, y + CELL_PAD + i * line, w - 2 * CELL_PAD, line, text)
                x += w
            pdf.set_xy(PAGE_MARGIN_X, y + height)

        draw(header, head=True)
        for row in rows:
            draw([str(c) for c in row], head=False)
        self._space(3)

    def bar_chart(self, title: str, items: Sequence[tuple[str, float]], *, unit: str = "") -> None:
        """Horizontal bars, one per (label, value), longest first as given."""
        pdf = self._pdf
        bar_h, gap, label_w, value_w = 5.0, 2.0, 36.0, 22.0
        height = 8 + max(len(items), 1) * (bar_h + gap)
        self._ensure_space(height)
        self._set_font("B", 9.5)
        self._text_line(PAGE_MARGIN_X, pdf.get_y(), self._content_width, 6, self._clean(title))
        y = pdf.get_y() + 7
        top = max((v for _l, v in items), default=0.0)
        span = self._content_width - label_w - value_w
        self._set_font("", CELL_SIZE)
        if not items or top <= 0:
            self._text_line(PAGE_MARGIN_X, y, self._content_width, bar_h, _("本月无数据"))
            pdf.set_xy(PAGE_MARGIN_X, y + bar_h + gap)
            self._space(3)
            return
        for label, value in items:
            text = self._clean(label)
            while len(text) > 1 and self._pdf.get_string_width(text) > label_w - 2:
                text = text[:-1]
            self._text_line(PAGE_MARGIN_X, y, label_w - 2, bar_h, text)
            width = span * value / top
            pdf.set_fill_color(*BAR_COLOR)
            if width > 0:
                pdf.rect(PAGE_MARGIN_X + label_w, y + 0.6, width, bar_h - 1.2, style="F")
            shown = f"{value:,.2f}" if unit == "元" else f"{value:,.0f}"
            self._text_line(PAGE_MARGIN_X + label_w + width + 1.5, y, value_w, bar_h, f"{shown}{unit}")
            y += bar_h + gap
        pdf.set_xy(PAGE_MARGIN_X, y)
        self._space(3)

    def line_chart(
        self, title: str, days: Sequence[dt.date], series: Sequence[tuple[str, Sequence[float]]]
    ) -> None:
        """Day-by-day lines with a legend; the y axis from 0 to the largest value."""
        pdf = self._pdf
        plot_h, axis_w = 48.0, 10.0
        self._ensure_space(plot_h + 24)
        self._set_font("B", 9.5)
        self._text_line(PAGE_MARGIN_X, pdf.get_y(), self._content_width, 6, self._clean(title))
        top_y = pdf.get_y() + 12
        left = PAGE_MARGIN_X + axis_w
        width = self._content_width - axis_w
        top = max((max(values, default=0.0) for _n, values in series), default=0.0) or 1.0
        self._set_font("", 7)
        colors = (BAR_COLOR, SECOND_COLOR, (39, 174, 96))
        legend_x = PAGE_MARGIN_X
        for (name, _values), color in zip(series, colors, strict=False):
            pdf.set_fill_color(*color)
            pdf.rect(legend_x, top_y - 4.2, 4, 2.2, style="F")
            self._text_line(legend_x + 5, top_y - 5.5, 30, 4, self._clean(name))
            legend_x += 36
        pdf.set_draw_color(*GRID_COLOR)
        pdf.set_line_width(0.15)
        for step in range(5):
            y = top_y + plot_h * step / 4
            pdf.line(left, y, left + width, y)
            self._text_line(PAGE_MARGIN_X, y - 2, axis_w - 1, 4, f"{top * (4 - step) / 4:,.0f}", align="R")
        n = max(len(days), 2)

        def x_at(i: int) -> float:
            return left + width * i / (n - 1)

        for i, day in enumerate(days):
            if i % 5 == 0 or i == len(days) - 1:
                self._text_line(x_at(i) - 4, top_y + plot_h + 1, 8, 4, str(day.day), align="C")
        pdf.set_line_width(0.5)
        for (_name, values), color in zip(series, colors, strict=False):
            pdf.set_draw_color(*color)
            points = [(x_at(i), top_y + plot_h * (1 - v / top)) for i, v in enumerate(values)]
            for a, b in itertools.pairwise(points):
                pdf.line(a[0], a[1], b[0], b[1])
        pdf.set_draw_color(*TEXT_COLOR)
        pdf.set_line_width(0.2)
        pdf.set_xy(PAGE_MARGIN_X, top_y + plot_h + 7)
        self._space(3)


def _generated(report_time: dt.datetime) -> str:
    return timezone.localtime(report_time, LOCAL).strftime("%Y-%m-%d %H:%M")


def report_pdf(report: MonthlyReport) -> bytes:
    unit, month = report.unit, report.month
    title = _("%(unit)s 零工市场动态监测月报（%(month)s）") % {"unit": unit.name, "month": month.label}
    doc = ReportPdf(
        title=title,
        created_at=report.generated_at,
        subject=_("动态监测月报"),
        footer_text=f"{unit.market_name} · {unit.name} · {month.key}",
    )
    doc.title(_("零工市场动态监测月报"))
    doc.subtitle(
        _("%(month)s · %(unit)s（%(kind)s） · 生成于 %(at)s")
        % {
            "month": month.label,
            "unit": unit.name,
            "kind": unit.kind_label,
            "at": _generated(report.generated_at),
        }
    )
    doc.heading(_("一、主要指标"))
    doc.table(
        [_("指标"), month.label, month.previous().label, _("环比变化")],
        headline_rows(report),
        [60, 30, 30, 25],
    )
    now = report.arrears_now
    doc.paragraph(
        _("截至生成时仍未解除的欠薪预警：涉及用工单 %(e)d 个、用工单位 %(u)d 家，拖欠金额 %(amount)s 元。")
        % {"e": now.engagements, "u": now.enterprises, "amount": f"{now.amount_owed:,.2f}"},
        indent=False,
    )
    doc.heading(_("二、逐日走势"))
    doc.line_chart(
        _("发布岗位、报名与实现就业（按日）"),
        [d.date for d in report.daily],
        [
            (_("发布岗位"), [float(d.postings) for d in report.daily]),
            (_("报名人次"), [float(d.applications) for d in report.daily]),
            (_("实现就业"), [float(d.placements) for d in report.daily]),
        ],
    )
    doc.heading(_("三、按区县"))
    districts = report.by_district
    doc.bar_chart(_("各区县发布岗位数"), [(r.label, float(r.postings)) for r in districts[:10]])
    doc.bar_chart(
        _("各区县实现就业人次"), [(r.label, float(r.placements)) for r in districts[:10] if r.placements]
    )
    doc.table(
        [_("区县"), _("发布岗位"), _("提供岗位（人）"), _("报名人次"), _("实现就业"), _("发放工资（元）")],
        [[r.label, r.postings, r.places, r.applications, r.placements, f"{r.wages:,.2f}"] for r in districts],
        [30, 18, 22, 18, 18, 26],
    )
    doc.heading(_("四、按工种"))
    occupations = report.by_occupation
    doc.bar_chart(
        _("发布岗位数前十的工种"),
        [(r.label, float(r.postings)) for r in sorted(occupations, key=lambda r: -r.postings)[:10]],
    )
    doc.table(
        [_("工种"), _("发布岗位"), _("提供岗位（人）"), _("报名人次"), _("实现就业"), _("发放工资（元）")],
        [
            [r.label, r.postings, r.places, r.applications, r.placements, f"{r.wages:,.2f}"]
            for r in occupations
        ],
        [30, 18, 22, 18, 18, 26],
    )
    doc.heading(_("五、按重点群体与年龄段"))
    doc.bar_chart(_("各重点群体报名人次"), [(g.label, float(g.applications)) for g in report.by_target_group])
    group_header = [_("群体"), _("新登记求职者"), _("报名人次"), _("实现就业")]
    doc.table(
        group_header,
        [[g.label, g.workers_registered, g.applications, g.placements] for g in report.by_target_group],
        [40, 25, 25, 25],
    )
    doc.table(
        [_("年龄段"), _("新登记求职者"), _("报名人次"), _("实现就业")],
        [[g.label, g.workers_registered, g.applications, g.placements] for g in report.by_age_band],
        [40, 25, 25, 25],
    )
    doc.paragraph(
        _(
            "口径说明：发布岗位按发布时间计；实现就业为当月开工（首次签到）的用工单；招满用时为从发布到最后一个名额"
            "被接受的时长（%(median)s 小时为中位数）；发放工资为当月支付成功的金额（实发）；"
            "参保为当月出单的意外险；重点群体按求职者档案登记的类别统计，档案未记录就业困难人员、脱贫人口，"
            "故不单列。时间均按北京时间（Asia/Shanghai）自然月。"
        )
        % {"median": hours(report.headline.time_to_fill_median_s)},
        muted=True,
        size=8.5,
    )
    return doc.output()


def roster_pdf(roster: Roster, *, generated_at: dt.datetime, widths: Sequence[float]) -> bytes:
    doc = ReportPdf(title=roster.title, created_at=generated_at, subject=_("名录"), footer_text=roster.title)
    doc.title(roster.title)
    doc.subtitle(_("生成于 %(at)s · 个人信息已脱敏") % {"at": _generated(generated_at)})
    doc.table(list(roster.columns), [[str(c) for c in row] for row in roster.rows], widths, size=7)
    return doc.output()


WORKER_WIDTHS = (6, 10, 18, 28, 5, 24, 14, 22, 17, 13, 13)
EMPLOYER_WIDTHS = (6, 30, 34, 14, 16, 14, 20, 12, 17, 10)
