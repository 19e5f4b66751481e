"""The job list sorts nearest first for a logged-out visitor too: from the device's position (lat/lon in the
URL) or a district they pick; until then it says it is newest first and asks for the location."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import selectors
from lingong.org.models import Division
from lingong.pagetools import get_page, text_of

pytestmark = pytest.mark.django_db

FENGNAN = "130207"


def _titles(html: str) -> list[str]:
    return re.findall(r'<div class="row"><h3>(.*?)</h3>', html)


@pytest.fixture
def jobs(cast):
    """One job in Lunan posted first, one in Fengnan posted last (so newest first puts Fengnan on top)."""
    lunan = t.make_job(cast.employer, admin=cast.admin, title="路南仓库装卸工", division=t.LUNAN)
    fengnan = t.make_job(cast.employer, admin=cast.admin, title="丰南钢厂保洁员", division=FENGNAN)
    return {"lunan": lunan, "fengnan": fengnan}


def test_a_visitor_without_a_location_is_asked_for_it_and_told_the_order(client: Client, jobs) -> None:
    html = get_page(client, reverse("jobs:list"))
    assert "data-ask-location" in html
    assert 'data-order="newest"' in html
    assert "按发布时间（最新在前）" in text_of(html)
    assert _titles(html) == ["丰南钢厂保洁员", "路南仓库装卸工"]
    # The district picker offers the market's districts and counties only (not Qinhuangdao's).
    picker = re.search(r'<select name="near".*?</select>', html, flags=re.S)
    assert picker is not None
    assert '<option value="130207">离丰南区近</option>' in picker.group(0)
    assert '<option value="130283">离迁安市近</option>' in picker.group(0)
    assert "130302" not in picker.group(0)
    assert "lingong/nearby" in html  # the script that asks the device


def test_a_position_in_the_url_sorts_nearest_first_and_paging_keeps_it(client: Client, jobs) -> None:
    lunan = Division.objects.get(code=t.LUNAN)
    url = f"{reverse('jobs:list')}?lat={lunan.lat}&lon={lunan.lon}"
    html = get_page(client, url)
    assert _titles(html) == ["路南仓库装卸工", "丰南钢厂保洁员"]
    assert 'data-order="distance"' in html
    assert "按距离由近到远（距您的位置）" in text_of(html)
    assert "data-ask-location" not in html


def test_a_chosen_district_sorts_from_its_centre(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?near={FENGNAN}")
    assert _titles(html) == ["丰南钢厂保洁员", "路南仓库装卸工"]
    assert "按距离由近到远（距丰南区中心）" in text_of(html)
    assert "data-ask-location" not in html
    assert '<option value="130207" selected>离丰南区近</option>' in html
    html = get_page(client, f"{reverse('jobs:list')}?near={t.LUNAN}")
    assert _titles(html) == ["路南仓库装卸工", "丰南钢厂保洁员"]
    distances = [float(d) for d in re.findall(r'data-testid="distance">([\d.]+) 公里', html)]
    assert distances == sorted(distances) and len(distances) == 2


def test_paging_links_keep_the_chosen_origin(client: Client, cast) -> None:
    for n in range(21):
        t.make_job(cast.employer, admin=cast.admin, title=f"路南杂工{n}", division=t.LUNAN)
    html = get_page(client, f"{reverse('jobs:list')}?near={FENGNAN}")
    assert f'href="?near={FENGNAN}&page=2"' in html  # the next-page link keeps the district
    second = get_page(client, f"{reverse('jobs:list')}?near={FENGNAN}&page=2")
    assert "按距离由近到远（距丰南区中心）" in text_of(second)


def test_the_htmx_fragment_says_the_order_too(client: Client, jobs) -> None:
    response = client.get(reverse("jobs:list"), {"near": FENGNAN}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="job-results">')
    assert "按距离由近到远（距丰南区中心）" in text_of(html)


def test_a_district_of_another_city_is_refused_on_the_page(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?near=130302")  # Qinhuangdao's Haigang district
    assert 'class="form-error"' in html
    assert "离哪里近" in text_of(html)
    assert "按发布时间（最新在前）" in text_of(html)
    assert "data-ask-location" not in html  # the visitor did choose: not asked again


def test_a_position_outside_the_area_is_not_asked_for_again(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?lat=31.23&lon=121.47")  # Shanghai
    assert "msg-warning" in html
    assert "data-ask-location" not in html  # no reload loop: the picker is there instead
    assert "按发布时间（最新在前）" in text_of(html)


def test_a_worker_with_a_home_is_not_asked(client: Client, cast, jobs) -> None:
    from lingong.pagetools import login

    login(client, cast.worker.user)
    html = get_page(client, reverse("jobs:list"))
    assert "data-ask-location" not in html
    assert "按距离由近到远（距您的常住地）" in text_of(html)


def test_district_of_market_knows_only_the_markets_districts(cast) -> None:
    assert selectors.district_of_market(cast.market.pk, FENGNAN).name == "丰南区"
    assert selectors.district_of_market(cast.market.pk, "130283").name == "迁安市"  # a county-level city
    assert selectors.district_of_market(cast.market.pk, "130302") is None  # another city
    assert selectors.district_of_market(cast.market.pk, "130202002") is None  # a subdistrict
    assert selectors.district_of_market(cast.market.pk, "") is None


@pytest.mark.parametrize("read_all_up_to", [0, 400])
def test_nearest_first_pages_match_a_full_sort_from_anywhere(cast, monkeypatch, read_all_up_to) -> None:
    """The search reads a growing circle, not every row (0: always; 400: only above 400 rows): each page
    must still be exactly the slice of the full order (distance, urgent first, id), near and far from the
    jobs, on the last page and past it."""
    import random

    monkeypatch.setattr(selectors, "_READ_ALL_UP_TO", read_all_up_to)

    from lingong.core.geo import haversine_km
    from lingong.jobs.models import JobPosting

    rng = random.Random(15)
    first = t.make_job(cast.employer, admin=cast.admin, title="样板岗位", division=t.LUNAN)
    base_lat, base_lon = first.lat, first.lon
    for n in range(57):
        first.pk = None
        first.lat = base_lat + rng.uniform(-0.6, 0.6) if n % 9 else base_lat  # some share a point
        first.lon = base_lon + rng.uniform(-0.6, 0.6) if n % 9 else base_lon
        first.is_urgent = n % 4 == 0
        first.save()
    rows = list(JobPosting.objects.filter(status="open").values_list("id", "lat", "lon", "is_urgent"))
    for origin in [(base_lat, base_lon), (base_lat + 0.3, base_lon - 0.2), (base_lat + 3.0, base_lon + 3.0)]:
        expected = [
            r[0] for r in sorted(rows, key=lambda r: (haversine_km(*origin, r[1], r[2]), -int(r[3]), r[0]))
        ]
        for size, page in [(20, 1), (20, 2), (20, 3), (20, 9), (7, 4), (50, 2)]:
            got = selectors.browse_open_jobs(
                market_id=first.market_id,
                filters=selectors.JobFilters(),
                origin=origin,
                page=page,
                page_size=size,
            )
            last = -(-len(expected) // size)
            shown = min(page, last)
            assert (got.total, got.page) == (len(expected), shown)
            assert [j.pk for j in got.items] == expected[(shown - 1) * size : shown * size]
            assert all(j.distance_km == haversine_km(*origin, j.lat, j.lon) for j in got.items)
        within = selectors.browse_open_jobs(
            market_id=first.market_id,
            filters=selectors.JobFilters(radius_km=25),
            origin=origin,
            page=1,
            page_size=100,
        )
        near = [
            pk for pk in expected if haversine_km(*origin, *next(r[1:3] for r in rows if r[0] == pk)) <= 25
        ]
        assert [j.pk for j in within.items] == near and within.total == len(near)
