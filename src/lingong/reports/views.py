"""Staff pages: /staff/reports/ (choose the month and unit, see the figures and charts) and the downloads
(the report as .xlsx and PDF, the rosters of workers and employers as .xlsx and PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, InvalidInput, NotFoundError
from lingong.reports import pdf, xlsx
from lingong.reports.api import report_out
from lingong.reports.figures import headline_rows, hours, monthly_report
from lingong.reports.period import Month, current_month, parse_month
from lingong.reports.rosters import ROSTERS
from lingong.reports.units import Unit, resolve_unit, split_key, unit_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choice(request: AuthedRequest) -> tuple[Unit, Month]:
    """The unit and month asked for: ``u=station:17`` (the page's picker) or ``unit`` and ``unit_id``."""
    if not is_staff(request.user):
        raise PermissionDenied
    kind, unit_id = split_key(request.GET.get("u", ""))
    if kind is None:
        kind = request.GET.get("unit") or None
        raw = request.GET.get("unit_id", "")
        unit_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
    try:
        return resolve_unit(request.user, kind, unit_id), parse_month(request.GET.get("month", ""))
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


def _query(unit: Unit, month: Month) -> str:
    return f"?month={month.key}&unit={unit.kind}&unit_id={unit.id}"


@login_required
def monthly_page(request: AuthedRequest) -> HttpResponse:
    error = ""
    try:
        unit, month = _choice(request)
    except InvalidInput as exc:
        error = exc.message
        unit, month = resolve_unit(request.user, None, None), current_month()
    report = monthly_report(unit, month)
    data = report_out(report).model_dump(mode="json")
    context: dict[str, Any] = {
        "report": report,
        "rows": headline_rows(report),
        "median_hours": hours(report.headline.time_to_fill_median_s),
        "mean_hours": hours(report.headline.time_to_fill_mean_s),
        "chart_data": {
            "daily": data["daily"],
            "by_district": data["by_district"][:10],
            "by_occupation": data["by_occupation"][:10],
            "labels": {"postings": _("发布岗位"), "applications": _("报名人次"), "placements": _("实现就业")},
        },
        "choices": unit_choices(request.user),
        "selected": unit.key,
        "month_value": month.key,
        "max_month": current_month().key,
        "query": _query(unit, month),
        "error": error,
    }
    return render(request, "reports/monthly.html", context)


def _file(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad_request(exc: DomainError) -> HttpResponse:
    return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")


@login_required
def monthly_file(request: AuthedRequest, fmt: str) -> HttpResponse:
    try:
        unit, month = _choice(request)
    except InvalidInput as exc:
        return _bad_request(exc)
    report = monthly_report(unit, month)
    name = f"report-{unit.kind}-{unit.id}-{month.key}"
    if fmt == "xlsx":
        return _file(xlsx.report_xlsx(report), XLSX, f"{name}.xlsx")
    return _file(pdf.report_pdf(report), "application/pdf", f"{name}.pdf", inline=True)


@login_required
def roster_file(request: AuthedRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in ROSTERS:
        raise Http404(_("名录不存在"))
    try:
        unit, month = _choice(request)
    except InvalidInput as exc:
        return _bad_request(exc)
    roster = ROSTERS[kind](unit, month)
    name = f"roster-{kind}-{unit.kind}-{unit.id}-{month.key}"
    if fmt == "xlsx":
        return _file(xlsx.roster_xlsx(roster), XLSX, f"{name}.xlsx")
    widths = pdf.WORKER_WIDTHS if kind == "workers" else pdf.EMPLOYER_WIDTHS
    data = pdf.roster_pdf(roster, generated_at=timezone.now(), widths=widths)
    return _file(data, "application/pdf", f"{name}.pdf", inline=True)
