"""The staff page /staff/skills/ and its .xlsx, the dashboard link, and the worker's "学个证，多接活" card
on the profile and the job list."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lingong import testing as t
from lingong.accounts.models import Role
from lingong.pagetools import get_page, login, text_of
from lingong.skills.tests.worlds import FORKLIFT, gap_world, worker

pytestmark = pytest.mark.django_db

URL = "/staff/skills/"
XLSX_URL = "/staff/skills/gaps.xlsx"


def _chart(html: str) -> dict:
    found = re.search(r'<script id="skills-gap-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no chart data"
    return json.loads(found.group(1))


def test_the_market_admin_sees_the_gaps_the_chart_data_and_the_table(client: Client) -> None:
    w = gap_world()
    assert reverse("skills:gaps") == URL and reverse("skills:gaps_xlsx") == XLSX_URL
    html = get_page(login(client, w.admin), URL)
    assert "/static/vendor/echarts-5.6.0/echarts.min.js" in html and "/static/lingong/skills-gaps.js" in html
    assert "<script>" not in html  # no inline script: the data is JSON, the drawing is the static file
    rows = re.findall(r'<tr data-testid="skills-row">(.*?)</tr>', html, re.S)
    assert [text_of(r).split() for r in rows] == [
        ["叉车司机", "特种设备作业人员证（N1", "叉车司机）", "路南区", "2", "7", "3", "3", "4"],
        ["保洁员", "技能（无需证书）", "路南区", "1", "2", "1", "—", "1"],
    ]
    chart = _chart(html)
    assert chart["labels"] == ["叉车司机·路南区", "保洁员·路南区"]
    assert (chart["unmet"], chart["available"]) == ([4, 1], [3, 1])
    assert 'data-testid="skills-total-unmet">5<' in html


def test_filters_narrow_the_table(client: Client) -> None:
    w = gap_world()
    login(client, w.admin)
    html = get_page(client, f"{URL}?occupation=cleaner")
    assert len(re.findall(r'data-testid="skills-row"', html)) == 1 and "保洁员" in html
    html = get_page(client, f"{URL}?district=130207")  # 丰南区: no postings there
    assert 'data-testid="skills-empty"' in html and 'data-testid="skills-chart"' not in html


def test_out_of_scope_is_404_and_other_roles_are_refused(client: Client) -> None:
    w = gap_world()
    login(client, w.admin)
    assert client.get(f"{URL}?district=110101").status_code == 404  # 北京东城区: not this market
    assert client.get(f"{URL}?occupation=astronaut").status_code == 404
    assert client.get(f"{XLSX_URL}?district=110101").status_code == 404
    worker_client = login(Client(), w.workers["near"].user)
    assert worker_client.get(URL).status_code == 403
    assert worker_client.get(XLSX_URL).status_code == 403
    assert login(Client(), w.employer).get(URL).status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))


def test_staff_of_another_station_see_none_of_this_stations_postings(client: Client) -> None:
    w = gap_world()
    other = t.make_staff(Role.STATION_STAFF, w.market, centre=w.other_station.centre, station=w.other_station)
    html = get_page(login(client, other), URL)
    assert 'data-testid="skills-empty"' in html
    own = t.make_staff(Role.STATION_STAFF, w.market, centre=w.station.centre, station=w.station)
    html = get_page(login(Client(), own), URL)
    assert len(re.findall(r'data-testid="skills-row"', html)) == 2


def test_the_xlsx_has_the_pages_rows_and_columns(client: Client) -> None:
    w = gap_world()
    response = login(client, w.admin).get(f"{XLSX_URL}?district=130202")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == [
        "工种",
        "要求",
        "区县",
        "岗位数",
        "空缺名额",
        "附近可上岗人数",
        "有工种缺证人数",
        "未满足名额",
    ]
    assert values[1] == ["叉车司机", "特种设备作业人员证（N1 叉车司机）", "路南区", 2, 7, 3, 3, 4]
    assert values[2] == ["保洁员", "技能（无需证书）", "路南区", 1, 2, 1, "—", 1]
    assert "10 公里" in str(values[-1][0])


def test_the_staff_dashboard_links_the_page(client: Client) -> None:
    w = gap_world()
    html = get_page(login(client, w.admin), reverse("staff:dashboard"))
    assert f'href="{URL}" data-testid="staff-skills-link"' in html


def test_the_worker_sees_what_to_learn_on_the_profile_and_the_job_list(client: Client) -> None:
    w = gap_world()
    learner = worker(w, "learner", skills=["forklift_driver"])
    login(client, learner.user)
    for url in (reverse("workers:profile"), reverse("jobs:list")):
        html = get_page(client, url)
        assert "学个证，多接活" in html, url
        items = re.findall(
            r'<li data-testid="cert-unlock" data-certificate="([^"]+)"><a href="([^"]+)">(.*?)</a>', html
        )
        # A (4 places left) and B is 16.7 km away: A only, 250 a day.
        assert items == [
            (FORKLIFT, f"/training/courses/?certificate={FORKLIFT}",
             "考取 特种设备作业人员证（N1 叉车司机） 可多接 4 个岗位，日薪 250 元"),
        ], url  # fmt: skip


def test_nothing_is_shown_without_unlocks_or_in_the_plain_list(client: Client) -> None:
    w = gap_world()
    login(client, w.workers["near"].user)  # holds N1 already; cleaning needs nothing
    for url in (reverse("workers:profile"), reverse("jobs:list")):
        assert 'data-testid="cert-unlocks"' not in get_page(client, url), url
    learner = worker(w, "learner", skills=["forklift_driver"])
    login(client, learner.user)
    assert 'data-testid="cert-unlocks"' in get_page(client, reverse("jobs:list"))
    assert 'data-testid="cert-unlocks"' not in get_page(client, reverse("jobs:list") + "?plain=1")
    assert 'data-testid="cert-unlocks"' not in get_page(Client(), reverse("jobs:list"))  # a visitor
