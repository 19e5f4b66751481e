"""The downloads: the report as .xlsx and PDF, the rosters (masked) as .xlsx and PDF, and the page."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from lingong import testing as t
from lingong.reports import rosters
from lingong.reports.period import current_month
from lingong.reports.tests import helpers as h
from lingong.reports.units import default_unit
from lingong.workers.models import WorkerProfile

pytestmark = pytest.mark.django_db
BASE = "/staff/reports/"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def sheet_values(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def query(cast: Any, **extra: str) -> str:
    params = {"month": current_month().key, **extra}
    return "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_report_xlsx_opens_and_has_the_figures(cast: Any, client: Client) -> None:
    world = h.build(cast)
    client.force_login(cast.admin)
    response = client.get(BASE + "monthly.xlsx" + query(cast))
    assert response.status_code == 200
    assert "spreadsheet" in response["Content-Type"]
    sheets = sheet_values(response.content)
    assert list(sheets) == ["汇总", "按区县", "按工种", "按重点群体", "按年龄段", "按日"]
    summary = {row[0]: row[1:] for row in sheets["汇总"] if row and row[0]}
    assert summary["统计月份"][0] == world.this.key
    assert summary["实现就业（开工人次）"][0] == "2"
    paid = h.Payment.objects.get(statement__engagement=world.paid)  # type: ignore[attr-defined]
    assert Decimal(summary["结算发放工资（元）"][0]) == paid.amount
    occupations = {row[0]: row for row in sheets["按工种"][1:]}
    assert occupations["carpenter"][5] == 1  # placements column
    assert sum(row[3] for row in sheets["按日"][1:]) == 2


def test_report_pdf_has_the_month_and_the_figures(cast: Any, client: Client) -> None:
    h.build(cast)
    client.force_login(cast.centre_staff)
    response = client.get(BASE + "monthly.pdf" + query(cast))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert current_month().label in text
    assert cast.centre.name in text
    assert "零工市场动态监测月报" in text and "按区县" in text


def _all_text_of_files(client: Client, kind: str) -> tuple[str, str]:
    xlsx = client.get(BASE + f"rosters/{kind}.xlsx" + query(None))
    pdf = client.get(BASE + f"rosters/{kind}.pdf" + query(None))
    assert xlsx.status_code == 200 and pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    cells = " ".join(str(v) for rows in sheet_values(xlsx.content).values() for row in rows for v in row)
    return cells, pdf_text(pdf.content)


def test_worker_roster_masks_personal_data(cast: Any, client: Client) -> None:
    client.force_login(cast.admin)
    cells, text = _all_text_of_files(client, "workers")
    for profile in WorkerProfile.objects.select_related("user"):
        phone, id_number = profile.user.phone, profile.id_number
        assert id_number and len(id_number) == 18
        for content in (cells, text, cells.replace(" ", "")):
            assert phone not in content
            assert id_number not in content
            assert profile.real_name not in content
        assert profile.masked_name in cells and profile.masked_name in text
        assert f"{phone[:3]}****{phone[-4:]}" in cells
    # No run of 11 or more digits (a phone number, an ID number) anywhere in either file.
    assert not re.search(r"\d{11,}", cells)
    assert not re.search(r"\d{11,}", text)


def test_employer_roster(cast: Any, client: Client) -> None:
    client.force_login(cast.station_staff)
    cells, text = _all_text_of_files(client, "employers")
    enterprise = t.enterprise_of(cast.employer)
    in_scope = enterprise.station_id == cast.station.pk
    assert (enterprise.name in cells) == in_scope
    assert enterprise.contact_phone not in cells and enterprise.contact_phone not in text


def test_rosters_need_a_flat_number_of_queries(cast: Any) -> None:
    unit, month = default_unit(cast.admin), current_month()
    with CaptureQueriesContext(connection) as few:
        n_few = len(list(rosters.worker_rows(unit, month))) + len(list(rosters.employer_rows(unit, month)))
    for i in range(6):
        t.make_worker(
            cast.market, name=f"王{i}强", station=cast.station, skills=[("carpenter", 3), ("painter", 2)]
        )
        t.make_employer(cast.market, admin=cast.admin, name=f"唐山{i}号建筑劳务有限公司")
    with CaptureQueriesContext(connection) as more:
        n_more = len(list(rosters.worker_rows(unit, month))) + len(list(rosters.employer_rows(unit, month)))
    assert n_more == n_few + 12
    assert len(more.captured_queries) == len(few.captured_queries)


def test_files_refuse_bad_input_and_other_scopes(cast: Any, client: Client) -> None:
    client.force_login(cast.station_staff)
    assert client.get(BASE + "monthly.pdf?month=2026-13").status_code == 422
    future = current_month().next().key
    assert client.get(BASE + f"monthly.xlsx?month={future}").status_code == 422
    other = f"&unit=station&unit_id={cast.other_station.pk}"
    assert client.get(BASE + "monthly.xlsx" + query(cast) + other).status_code == 404
    assert client.get(BASE + "rosters/workers.xlsx" + query(cast) + other).status_code == 404
    assert client.get(BASE + "rosters/secrets.xlsx" + query(cast)).status_code == 404
    client.force_login(cast.worker.user)
    assert client.get(BASE + "rosters/workers.xlsx" + query(cast)).status_code == 403
    client.logout()
    assert client.get(BASE + "rosters/workers.xlsx" + query(cast)).status_code == 302


def test_the_page_shows_the_figures_and_links_the_files(cast: Any, client: Client) -> None:
    h.build(cast)
    client.force_login(cast.admin)
    dashboard = client.get("/staff/").content.decode()
    assert 'href="/staff/reports/"' in dashboard
    page = client.get(BASE + f"?month={current_month().key}&u=centre:{cast.centre.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert current_month().label in html and cast.centre.name in html
    assert 'id="report-data"' in html and "report-daily-chart" in html
    assert f"unit=centre&amp;unit_id={cast.centre.pk}" in html
    assert "<script>" not in html.replace('<script id="report-data" type="application/json">', "")
    figure = re.search(r'data-testid="figure-placements"><b>(\d+)</b>', html)
    assert figure is not None and figure.group(1) == "1"  # the centre's station: one placement
    bad = client.get(BASE + "?month=2026-13").content.decode()
    assert "月份格式应为" in bad


def test_the_page_is_for_staff_only(cast: Any, client: Client) -> None:
    client.force_login(cast.employer)
    assert client.get(BASE).status_code == 403
    client.force_login(cast.station_staff)
    assert client.get(BASE + f"?u=station:{cast.other_station.pk}").status_code == 404
    assert client.get(BASE).status_code == 200
