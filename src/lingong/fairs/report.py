"""The fair report (招聘会报告): one selector for the page, the .xlsx and the API.

Definitions: registered = registrations of the fair (any channel); checked in = those with a check-in
time; walk-ins = registrations made at the door (channel walk_in); by hour = check-ins per local hour
(Asia/Shanghai). Booths = approved exhibitors, per industry of the enterprise. Intentions by source and per
booth; offers = intentions turned into an offer; accepted = of those, the linked application accepted;
hires within 30 days = engagements (not cancelled) of the linked applications starting within 30 days of
the fair's first day (first day included, day 30 excluded).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.engagements.models import Engagement, EngagementStatus
from lingong.fairs.models import (
    BoothApplication,
    BoothStatus,
    FairRegistration,
    Intention,
    IntentionSource,
    IntentionStatus,
    JobFair,
    RegistrationChannel,
)
from lingong.jobs.models import ApplicationStatus

HIRE_WINDOW_DAYS = 30


def _by_hour(fair: JobFair) -> list[dict[str, Any]]:
    times = FairRegistration.objects.filter(fair=fair, checked_in_at__isnull=False).values_list(
        "checked_in_at", flat=True
    )
    counts = Counter(timezone.localtime(t).hour for t in times)
    if not counts:
        return []
    first = min(counts)
    last = max(counts)
    if fair.opens_at is not None:
        first = min(first, fair.opens_at.hour)
    if fair.closes_at is not None:
        last = max(last, fair.closes_at.hour - (0 if fair.closes_at.minute else 1))
    return [{"hour": f"{h:02d}:00", "count": counts.get(h, 0)} for h in range(first, last + 1)]


def fair_report(fair: JobFair) -> dict[str, Any]:
    registrations = FairRegistration.objects.filter(fair=fair)
    attendance = registrations.aggregate(
        registered=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(channel=RegistrationChannel.WALK_IN)),
    )
    approved = BoothApplication.objects.filter(fair=fair, status=BoothStatus.APPROVED)
    industries = (
        approved.values("enterprise__industry__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "enterprise__industry__name")
    )
    intentions = Intention.objects.filter(fair=fair)
    by_source_counts = dict(
        intentions.values_list("source").annotate(n=Count("pk")).values_list("source", "n")
    )
    offered = intentions.filter(status=IntentionStatus.OFFERED)
    accepted = offered.filter(application__status=ApplicationStatus.ACCEPTED)
    window_end = fair.starts_on + dt.timedelta(days=HIRE_WINDOW_DAYS)
    hires = Engagement.objects.filter(
        application_id__in=offered.exclude(application=None).values("application_id"),
        start_date__gte=fair.starts_on,
        start_date__lt=window_end,
    ).exclude(status=EngagementStatus.CANCELLED)
    hired_apps = set(hires.values_list("application_id", flat=True))
    per_booth = []
    rows = (
        approved.select_related("booth", "enterprise")
        .annotate(
            n_intentions=Count("intentions", distinct=True),
            n_offers=Count("intentions", filter=Q(intentions__status=IntentionStatus.OFFERED), distinct=True),
            n_accepted=Count(
                "intentions",
                filter=Q(
                    intentions__status=IntentionStatus.OFFERED,
                    intentions__application__status=ApplicationStatus.ACCEPTED,
                ),
                distinct=True,
            ),
        )
        .order_by("booth__number", "pk")
    )
    hires_by_exhibitor = Counter(
        offered.filter(application_id__in=hired_apps).values_list("exhibitor_id", flat=True)
    )
    for row in rows:
        per_booth.append(
            {
                "exhibitor": row.pk,
                "booth": row.booth.number if row.booth else "",
                "enterprise": row.enterprise.name,
                "intentions": row.n_intentions,
                "offers": row.n_offers,
                "accepted": row.n_accepted,
                "hires": hires_by_exhibitor.get(row.pk, 0),
            }
        )
    return {
        "fair": {
            "code": fair.code,
            "title": fair.title,
            "starts_on": fair.starts_on.isoformat(),
            "ends_on": fair.ends_on.isoformat(),
            "mode": fair.mode,
            "mode_label": fair.get_mode_display(),
        },
        "attendance": {
            "registered": attendance["registered"],
            "checked_in": attendance["checked_in"],
            "walk_ins": attendance["walk_ins"],
            "by_hour": _by_hour(fair),
        },
        "booths": {
            "approved": approved.count(),
            "by_industry": [
                {"industry": row["enterprise__industry__name"] or _("未分类"), "count": row["n"]}
                for row in industries
            ],
        },
        "intentions": {
            "total": intentions.count(),
            "by_source": [
                {"source": value, "label": str(label), "count": by_source_counts.get(value, 0)}
                for value, label in IntentionSource.choices
            ],
            "per_booth": per_booth,
        },
        "offers": offered.count(),
        "accepted": accepted.count(),
        "hires_30d": hires.count(),
    }


def chart_data(report: dict[str, Any]) -> dict[str, Any]:
    """What the page's charts draw (json_script), with their Chinese labels."""
    return {
        "labels": {
            "checked_in": _("签到人数"),
            "intentions": _("面试意向"),
            "offers": _("录用"),
            "funnel": [_("登记"), _("签到"), _("面试意向"), _("录用"), _("接受录用"), _("30天内上岗")],
        },
        "by_hour": report["attendance"]["by_hour"],
        "per_booth": report["intentions"]["per_booth"],
        "funnel": [
            report["attendance"]["registered"],
            report["attendance"]["checked_in"],
            report["intentions"]["total"],
            report["offers"],
            report["accepted"],
            report["hires_30d"],
        ],
    }


def report_workbook(report: dict[str, Any]) -> bytes:
    """The report as .xlsx: a summary sheet, check-ins by hour, booths by industry, per-booth figures."""
    # openpyxl is only needed for the download; imported here so that the page and API do not load it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    assert summary is not None  # a new workbook always has its first sheet
    summary.title = str(_("汇总"))
    att = report["attendance"]
    rows: list[list[Any]] = [
        [_("招聘会"), report["fair"]["title"]],
        [_("日期"), f"{report['fair']['starts_on']} – {report['fair']['ends_on']}"],
        [_("登记人数"), att["registered"]],
        [_("签到人数"), att["checked_in"]],
        [_("现场登记"), att["walk_ins"]],
        [_("参展单位（已通过）"), report["booths"]["approved"]],
        [_("面试意向"), report["intentions"]["total"]],
        *[[_("面试意向：%(s)s") % {"s": s["label"]}, s["count"]] for s in report["intentions"]["by_source"]],
        [_("发出录用"), report["offers"]],
        [_("接受录用"), report["accepted"]],
        [_("30天内上岗"), report["hires_30d"]],
    ]
    for row in rows:
        summary.append([str(row[0]), row[1]])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 36

    def sheet(title: str, header: list[str], body: list[list[Any]]) -> None:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for line in body:
            ws.append(line)
        for col, width in zip("ABCDEFG", (14, 36, 12, 12, 12, 12, 12), strict=False):
            ws.column_dimensions[col].width = width

    sheet(
        str(_("分时段签到")),
        [str(_("时段")), str(_("签到人数"))],
        [[h["hour"], h["count"]] for h in att["by_hour"]],
    )
    sheet(
        str(_("行业分布")),
        [str(_("行业")), str(_("展位数"))],
        [[i["industry"], i["count"]] for i in report["booths"]["by_industry"]],
    )
    sheet(
        str(_("各展位")),
        [
            str(_("展位号")),
            str(_("用工单位")),
            str(_("面试意向")),
            str(_("发出录用")),
            str(_("接受录用")),
            str(_("30天内上岗")),
        ],
        [
            [b["booth"], b["enterprise"], b["intentions"], b["offers"], b["accepted"], b["hires"]]
            for b in report["intentions"]["per_booth"]
        ],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
