"""The served area: edited by the market's admins (API and page), checked, versioned, audited, and read by
validation and by the matching index right after the change."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.test import Client, TestCase

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import Role, User
from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import InvalidInput
from lingong.jobs import matching_index as adapter
from lingong.jobs.matching_index import freshness
from lingong.org import area as areas
from lingong.org.models import Division, Market

API = "/api/v1"

# GeoJSON order, [lon, lat], GCJ-02: around central Tangshan (路南, 路北, 丰南), holding the test market's
# centres and stations (118.19-118.21 E, 39.61 N) and the default job location (丰南, 118.11 E 39.56 N).
CENTRAL = [[117.9, 39.4], [118.5, 39.4], [118.5, 39.9], [117.9, 39.9], [117.9, 39.4]]
# Far from every row of the cast: 迁西/迁安 in the north-east of the city.
NORTH_EAST = [[118.6, 40.0], [119.0, 40.0], [119.0, 40.4], [118.6, 40.4], [118.6, 40.0]]
OUTSIDE_CENTRAL = (40.3, 118.9)  # (lat, lon) WGS-84: in the city's default area, not in CENTRAL


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    data = None if body is None else json.dumps(body)
    return getattr(client, method)(
        f"{API}{path}", data=data, content_type="application/json", headers=headers
    )


def other_market() -> Market:
    division = Division.objects.get(code="130302")  # 秦皇岛市海港区
    return Market.objects.create(
        code="haigang-area", name="海港测试市场", address="秦皇岛市海港区", division=division,
        city_code="130300", lat=division.lat, lon=division.lon,
    )  # fmt: skip


def put_area(client: Client, cast: Any, body: dict[str, Any], user: Any = None) -> Any:
    return call(client, "put", f"/markets/{cast.market.pk}/area", user or cast.admin, body)


def state(market: Market) -> tuple[Any, str, int, int]:
    market.refresh_from_db()
    return market.served_area, market.area_datum, market.area_version, AuditEntry.objects.count()


def test_staff_read_the_city_default_area(cast: Any, client: Client) -> None:
    response = call(client, "get", f"/markets/{cast.market.pk}/area", cast.station_staff)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["source"], body["kind"], body["datum"], body["version"]) == (
        "city_default", "box", "gcj02", 1,
    )  # fmt: skip
    assert body["box"] == {"min_lat": 38.8, "max_lat": 40.6, "min_lon": 117.4, "max_lon": 119.4}
    assert body["bbox"] == [117.4, 38.8, 119.4, 40.6]


def test_admin_saves_a_polygon_with_a_version_and_an_audit_entry(cast: Any, client: Client) -> None:
    hole = [[118.3, 39.7], [118.4, 39.7], [118.4, 39.8], [118.3, 39.7]]
    response = put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL, hole]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["source"], body["kind"], body["version"], body["rings"], body["points"]) == (
        "market", "polygon", 2, 2, 9,
    )  # fmt: skip
    assert body["polygon"] == [CENTRAL, hole]
    assert body["bbox"] == [117.9, 39.4, 118.5, 39.9]
    market = Market.objects.get(pk=cast.market.pk)
    assert market.served_area == {"type": "Polygon", "coordinates": [CENTRAL, hole]}
    assert (market.area_datum, market.area_version) == ("gcj02", 2)
    entry = AuditEntry.objects.get(action="market.area_changed")
    assert entry.chain == cast.market.pk and entry.actor_id == cast.admin.pk
    assert entry.data["version"] == 2
    assert entry.data["before"] == {
        "source": "city_default", "kind": "box", "datum": "gcj02", "rings": 0, "points": 0,
        "bbox": [117.4, 38.8, 119.4, 40.6], "sha256": entry.data["before"]["sha256"],
    }  # fmt: skip
    after = entry.data["after"]
    assert (after["source"], after["kind"], after["rings"], after["points"]) == ("market", "polygon", 2, 9)
    canonical = areas.canonical_json(market.served_area, "gcj02")
    assert after["sha256"] == hashlib.sha256(canonical).hexdigest()
    assert "coordinates" not in json.dumps(entry.data)  # summaries, not the points
    assert verify_chain(cast.market.pk) is None
    # The same area again is not a new version.
    assert put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL, hole]}).json()["version"] == 2
    assert AuditEntry.objects.filter(action="market.area_changed").count() == 1


def test_admin_saves_a_box(cast: Any, client: Client) -> None:
    box = {"min_lat": 39.3, "max_lat": 40.0, "min_lon": 117.8, "max_lon": 118.6}
    response = put_area(client, cast, {"datum": "wgs84", "box": box})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["datum"], body["version"], body["box"]) == ("box", "wgs84", 2, box)
    market = Market.objects.get(pk=cast.market.pk)
    assert market.served_area == {"bbox": [117.8, 39.3, 118.6, 40.0]}
    assert AuditEntry.objects.get(action="market.area_changed").data["after"]["kind"] == "box"


def _ring(*points: tuple[float, float]) -> list[list[float]]:
    return [list(p) for p in points]


SQUARE = [(118.0, 39.5), (118.4, 39.5), (118.4, 39.8), (118.0, 39.8)]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"datum": "gcj02", "polygon": [_ring(*SQUARE)]}, {"polygon"}),  # not closed
        ({"datum": "gcj02", "polygon": [_ring(SQUARE[0], SQUARE[1], SQUARE[0])]}, {"polygon"}),  # 3 points
        ({"datum": "gcj02", "polygon": [[[10.0, 39.5], *CENTRAL[1:-1], [10.0, 39.5]]]}, {"polygon"}),
        ({"datum": "gcj02", "polygon": [[[lat, lon] for lon, lat in CENTRAL]]}, {"polygon"}),  # [lat, lon]
        ({"datum": "gcj02", "polygon": [[["abc", 39.4], *CENTRAL[1:-1], ["abc", 39.4]]]}, {"polygon"}),
        ({"datum": "gcj02", "polygon": [[["inf", 39.4], *CENTRAL[1:-1], ["inf", 39.4]]]}, {"polygon"}),
        (
            {"datum": "gcj02", "polygon": [[[118.0, 39.5], [118.1, 39.6], [118.2, 39.7], [118.0, 39.5]]]},
            {"polygon"},
        ),  # zero area: on one line
        ({"datum": "gcj02", "polygon": [CENTRAL] * 21}, {"polygon"}),
        (
            {
                "datum": "gcj02",
                "polygon": [
                    [*([[118.0 + i * 1e-4, 39.5 + (i % 2) * 0.1] for i in range(5001)]), [118.0, 39.5]]
                ],
            },
            {"polygon"},
        ),
        ({"datum": "gcj02", "polygon": [CENTRAL, NORTH_EAST]}, {"polygon"}),  # a hole outside the outline
        ({"datum": "gcj02", "polygon": []}, {"polygon"}),
        ({"datum": "bd09", "polygon": [CENTRAL]}, {"datum"}),
        ({"datum": "gcj02"}, {"area"}),
        ({"datum": "gcj02", "polygon": [CENTRAL], "box": {"min_lat": 39}}, {"area"}),
        (
            {"datum": "gcj02", "box": {"min_lat": 39.9, "max_lat": 39.4, "min_lon": 117.9, "max_lon": 118.5}},
            {"box"},
        ),
        (
            {"datum": "gcj02", "box": {"min_lat": 39.4, "max_lat": 39.9, "min_lon": 118.5, "max_lon": 118.5}},
            {"box"},
        ),
        ({"datum": "gcj02", "box": {"min_lat": 39.4, "max_lat": 39.9, "min_lon": 117.9}}, {"box"}),
        (
            {"datum": "gcj02", "box": {"min_lat": 1, "max_lat": 39.9, "min_lon": 117.9, "max_lon": 118.5}},
            {"box"},
        ),
    ],
)
def test_an_invalid_area_is_refused_with_422_and_changes_nothing(
    cast: Any, client: Client, body: dict[str, Any], fields: set[str]
) -> None:
    before = state(cast.market)
    response = put_area(client, cast, body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert set(payload) == {"code", "message", "errors"}
    assert set(payload["errors"]) == fields
    assert all("\u4e00" <= ch <= "\u9fff" for ch in payload["message"][:2])  # Chinese
    assert state(cast.market) == before


def test_an_area_leaving_out_stations_is_refused_with_409(cast: Any, client: Client) -> None:
    before = state(cast.market)
    response = put_area(client, cast, {"datum": "gcj02", "polygon": [NORTH_EAST]})
    assert response.status_code == 409, response.content
    payload = response.json()
    assert payload["code"] == "area_excludes_existing"
    assert payload["errors"] == {"centres": ["2"], "stations": ["2"]}
    assert "2个零工驿站" in payload["message"]
    assert state(cast.market) == before


def test_an_area_leaving_out_an_open_job_is_refused_with_409(cast: Any, client: Client) -> None:
    lat, lon = OUTSIDE_CENTRAL
    job = t.make_job(cast.employer, lat=lat, lon=lon)
    assert job.status == "open"
    before = state(cast.market)
    response = put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL]})
    assert response.status_code == 409, response.content
    assert response.json()["errors"] == {"open_jobs": ["1"]}
    assert "1个招聘中或待审核的岗位" in response.json()["message"]
    assert state(cast.market) == before
    job.status = "closed"  # a closed job no longer holds the area open
    job.save(update_fields=["status"])
    assert put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL]}).status_code == 200


def test_the_open_jobs_check_is_registered_from_jobs() -> None:
    assert areas.exclusion_checks.names() == ["centres", "open_jobs", "stations"]


def test_only_that_markets_admins_may_change_it(cast: Any, client: Client) -> None:
    elsewhere = other_market()
    their_admin = t.make_staff(Role.MARKET_ADMIN, elsewhere)
    path = f"/markets/{cast.market.pk}/area"
    body = {"datum": "gcj02", "polygon": [CENTRAL]}
    before = state(cast.market)
    for user in (cast.station_staff, cast.centre_staff, cast.employer, cast.worker.user, their_admin):
        response = call(client, "put", path, user, body)
        assert response.status_code == 403, (user.role, response.content)
        assert set(response.json()) == {"code", "message", "errors"}
    assert call(client, "put", path, None, body).status_code == 401
    assert call(client, "get", path, their_admin).status_code == 403
    assert call(client, "get", path, cast.worker.user).status_code == 403
    response = call(client, "put", "/markets/999999/area", cast.admin, body)
    assert response.status_code == 404
    assert set(response.json()) == {"code", "message", "errors"}
    assert call(client, "get", "/markets/999999/area", cast.admin).status_code == 404
    assert state(cast.market) == before


def test_validation_reads_the_new_area_at_once(cast: Any, client: Client) -> None:
    lat, lon = OUTSIDE_CENTRAL
    areas.validate_in_market_area(lat, lon, cast.market.pk)  # the city's default area holds it (cached)
    assert put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL]}).status_code == 200
    with pytest.raises(ValidationError):
        areas.validate_in_market_area(lat, lon, cast.market.pk)
    with pytest.raises(InvalidInput) as refused:
        t.make_job(cast.employer, lat=lat, lon=lon)
    assert "location" in refused.value.errors or "lat" in str(refused.value.errors)
    inside = t.make_job(cast.employer, lat=39.58, lon=118.1)
    assert inside.status == "open"


def _indexed(entry: adapter.MarketIndex, worker_id: int) -> bool:
    return bool(entry.workers.rows_of(np.array([worker_id]))[0] >= 0)


def test_the_matching_index_of_the_market_uses_the_new_area(cast: Any, client: Client) -> None:
    lat, lon = OUTSIDE_CENTRAL
    far = t.make_worker(cast.market, name="王远", lat=lat, lon=lon)
    entry = adapter.index_for(cast.market.pk)
    assert _indexed(entry, far.pk) and _indexed(entry, cast.worker.pk)
    assert entry.area_version == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert put_area(client, cast, {"datum": "gcj02", "polygon": [CENTRAL]}).status_code == 200
    entry = adapter.index_for(cast.market.pk)  # dropped on commit, rebuilt with the new area
    assert entry.area_version == 2
    assert not _indexed(entry, far.pk)
    assert _indexed(entry, cast.worker.pk)
    box = entry.workers.area
    assert box.max_lat < 40.0  # the new bounding box (WGS-84), not the city's


def test_another_process_rebuilds_when_the_area_version_moves(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lat, lon = OUTSIDE_CENTRAL
    far = t.make_worker(cast.market, name="王远", lat=lat, lon=lon)
    entry = adapter.index_for(cast.market.pk)
    assert _indexed(entry, far.pk)
    # Another process saved a new area: no signal here, and this process's area cache is stale.
    Market.objects.filter(pk=cast.market.pk).update(
        served_area={"type": "Polygon", "coordinates": [CENTRAL]}, area_version=2
    )
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.0)  # read where it is defined
    entry = adapter.index_for(cast.market.pk)
    assert entry.area_version == 2
    assert not _indexed(entry, far.pk)


# --- The page ---------------------------------------------------------------------------------------------


def test_the_page_shows_the_area_and_an_admin_saves_geojson(cast: Any, client: Client) -> None:
    client.force_login(cast.admin)
    page = client.get("/org/market/policy/").content.decode()
    assert "服务范围" in page and "唐山市默认范围" in page and "第1版" in page
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [CENTRAL]}}
    response = client.post(
        "/org/market/policy/area/", {"kind": "polygon", "datum": "gcj02", "geojson": json.dumps(feature)}
    )
    assert response.status_code == 302, response.content.decode()
    market = Market.objects.get(pk=cast.market.pk)
    assert market.served_area == {"type": "Polygon", "coordinates": [CENTRAL]}
    assert market.area_version == 2
    page = client.get("/org/market/policy/").content.decode()
    assert "服务范围已保存（第2版）" in page and "本市场设定" in page and "多边形（1个环）" in page
    box = {"min_lat": "39.3", "max_lat": "40.0", "min_lon": "117.8", "max_lon": "118.6"}
    response = client.post("/org/market/policy/area/", {"kind": "box", "datum": "wgs84", **box})
    assert response.status_code == 302
    assert Market.objects.get(pk=cast.market.pk).served_area == {"bbox": [117.8, 39.3, 118.6, 40.0]}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "polygon", "datum": "gcj02", "geojson": "{not json"}, "不是有效的 JSON"),
        (
            {"kind": "polygon", "datum": "gcj02", "geojson": json.dumps({"type": "MultiPolygon"})},
            "只支持 Polygon",
        ),
        (
            {
                "kind": "polygon",
                "datum": "gcj02",
                "geojson": json.dumps({"type": "Polygon", "coordinates": [CENTRAL[:-1]]}),
            },
            "没有闭合",
        ),
        (
            {
                "kind": "polygon",
                "datum": "gcj02",
                "geojson": json.dumps({"type": "Polygon", "coordinates": [NORTH_EAST]}),
            },
            "新的服务范围不包括本市场已有的",
        ),
        (
            {
                "kind": "box",
                "datum": "gcj02",
                "min_lat": "39.9",
                "max_lat": "39.4",
                "min_lon": "117.9",
                "max_lon": "118.5",
            },
            "最小纬度应小于最大纬度",
        ),
        (
            {
                "kind": "box",
                "datum": "gcj02",
                "min_lat": "",
                "max_lat": "39.4",
                "min_lon": "117.9",
                "max_lon": "118.5",
            },
            "请填写数值",
        ),
    ],
)
def test_the_page_shows_errors_in_chinese_and_saves_nothing(
    cast: Any, client: Client, form: dict[str, str], message: str
) -> None:
    client.force_login(cast.admin)
    before = state(cast.market)
    response = client.post("/org/market/policy/area/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(cast.market) == before


def test_station_staff_see_the_area_but_cannot_change_it(cast: Any, client: Client) -> None:
    client.force_login(cast.station_staff)
    page = client.get("/org/market/policy/").content.decode()
    assert "服务范围" in page and "只有本市场的管理员可以修改服务范围。" in page
    assert 'name="geojson"' not in page
    form = {
        "kind": "polygon",
        "datum": "gcj02",
        "geojson": json.dumps({"type": "Polygon", "coordinates": [CENTRAL]}),
    }
    assert client.post("/org/market/policy/area/", form).status_code == 403
    assert Market.objects.get(pk=cast.market.pk).area_version == 1


def test_the_django_admin_shows_the_area_but_does_not_change_it(cast: Any, client: Client) -> None:
    root = User.objects.create_superuser(t.next_phone(), t.PASSWORD)
    client.force_login(root)
    page = client.get(f"/admin/org/market/{cast.market.pk}/change/")
    assert page.status_code == 200
    assert 'name="served_area"' not in page.content.decode()
