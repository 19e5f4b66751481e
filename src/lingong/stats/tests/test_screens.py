"""The screens: who may open them, kiosk secrets (right, wrong, rotated), the WebSocket feed (masked), the
figures pushed after commit (debounced), and the station screen's public list."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client

from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.jobs import services as job_services
from lingong.stats import kiosk, live
from lingong.stats.consumers import CLOSE_REFUSED, MarketScreenConsumer, StationScreenConsumer
from lingong.stats.models import ScreenKey, ScreenKind
from lingong.stats.routing import websocket_urlpatterns

PHONE_DIGITS = re.compile(r"1[3-9]\d{9}")


def _page(client: Client, user: Any, path: str, **params: Any) -> Any:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(path, params)


@pytest.mark.django_db
def test_screen_pages_for_market_and_centre_staff_only(cast: Any, client: Client) -> None:
    screen = _page(client, cast.admin, "/screen/")
    assert screen.status_code == 200
    html = screen.content.decode()
    assert 'id="screen-figures"' in html and "echarts.min.js" in html
    assert f"/ws/screen/markets/{cast.market.pk}/" in html
    centre_staff = t.make_staff(Role.CENTRE_STAFF, cast.market, centre=cast.centre)
    assert _page(client, centre_staff, "/screen/").status_code == 200
    assert _page(client, centre_staff, f"/screen/centres/{cast.centre.pk}/").status_code == 200
    assert _page(client, centre_staff, f"/screen/centres/{cast.other_centre.pk}/").status_code == 404
    assert _page(client, cast.admin, f"/screen/centres/{cast.other_centre.pk}/").status_code == 200
    station_staff = t.make_staff(Role.STATION_STAFF, cast.market, centre=cast.centre, station=cast.station)
    assert _page(client, station_staff, "/screen/").status_code == 403
    assert _page(client, cast.worker.user, "/screen/").status_code == 403
    assert _page(client, None, "/screen/").status_code == 302  # to the login page
    data = _page(client, cast.admin, "/screen/data/")
    assert data.status_code == 200 and data.json()["market_id"] == cast.market.pk


@pytest.mark.django_db
def test_the_staff_home_links_the_screens(cast: Any, client: Client) -> None:
    html = _page(client, cast.admin, "/staff/").content.decode()
    assert 'href="/screen/"' in html and 'href="/screen/keys/"' in html
    station_staff = t.make_staff(Role.STATION_STAFF, cast.market, centre=cast.centre, station=cast.station)
    html = _page(client, station_staff, "/staff/").content.decode()
    assert f'href="/screen/stations/{cast.station.pk}/"' in html and 'href="/screen/keys/"' in html


@pytest.mark.django_db
def test_kiosk_secret_right_wrong_and_rotated(cast: Any, client: Client) -> None:
    _key, secret = kiosk.rotate(actor=cast.admin, kind=ScreenKind.MARKET)
    assert ScreenKey.objects.get().secret_sha256 == kiosk.digest(secret) != secret  # only the hash is kept
    client.logout()
    opened = client.get(f"/screen/k/{secret}/")
    assert opened.status_code == 200
    assert f"key={secret}" in opened.content.decode()
    assert client.get(f"/screen/k/{secret}/data/").json()["market_id"] == cast.market.pk
    assert client.get(f"/screen/k/{secret[::-1]}/").status_code == 404
    assert client.get("/screen/k/x/data/").status_code == 404
    _key, new_secret = kiosk.rotate(actor=cast.admin, kind=ScreenKind.MARKET)
    assert ScreenKey.objects.count() == 1
    assert client.get(f"/screen/k/{secret}/").status_code == 404  # the old URL stops at once
    assert client.get(f"/screen/k/{new_secret}/").status_code == 200
    assert AuditEntry.objects.filter(action="screen.key_rotated").count() == 2
    assert not AuditEntry.objects.filter(data__icontains=new_secret).exists()


@pytest.mark.django_db
def test_station_screen_by_staff_or_its_own_key(cast: Any, client: Client) -> None:
    station_staff = t.make_staff(Role.STATION_STAFF, cast.market, centre=cast.centre, station=cast.station)
    job = t.make_job(cast.employer, title="丰南区装载机司机")
    page = _page(client, station_staff, f"/screen/stations/{cast.station.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "码上找工作" in html and "<svg" in html
    jobs = json.loads(re.search(r'id="screen-jobs"[^>]*>(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert [j["id"] for j in jobs] == [job.pk] and jobs[0]["distance_km"] is not None
    assert _page(client, station_staff, f"/screen/stations/{cast.other_station.pk}/").status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - only station staff rotate a station's URL
        kiosk.rotate(actor=cast.admin, kind=ScreenKind.STATION, station_id=cast.station.pk)
    _key, secret = kiosk.rotate(actor=station_staff, kind=ScreenKind.STATION, station_id=cast.station.pk)
    client.logout()
    assert client.get(f"/screen/stations/{cast.station.pk}/").status_code == 404
    assert client.get(f"/screen/stations/{cast.station.pk}/", {"key": secret}).status_code == 200
    assert client.get(f"/screen/stations/{cast.other_station.pk}/", {"key": secret}).status_code == 404
    assert (
        client.get(f"/screen/stations/{cast.station.pk}/data/", {"key": secret}).json()["jobs"][0]["id"]
        == job.pk
    )
    # A station's secret does not open the market's screen.
    assert client.get(f"/screen/k/{secret}/").status_code == 404


@pytest.mark.django_db
def test_rotating_from_the_page_shows_the_new_url_once(cast: Any, client: Client) -> None:
    client.force_login(cast.admin)
    page = client.get("/screen/keys/")
    assert page.status_code == 200 and "市场数据大屏" in page.content.decode()
    made = client.post("/screen/keys/rotate/", {"kind": "market"})
    assert made.status_code == 200
    url = re.search(r'data-testid="new-key-url"[^>]*>([^<]+)<', made.content.decode()).group(1)  # type: ignore[union-attr]
    assert "/screen/k/" in url
    assert "/screen/k/" not in client.get("/screen/keys/").content.decode()
    client.force_login(cast.worker.user)
    assert client.post("/screen/keys/rotate/", {"kind": "market"}).status_code == 403


def test_names_are_masked_to_the_surname() -> None:
    assert live.masked_person("张三") == "张**"
    assert live.masked_person("张小军") == "张**"
    assert live.masked_person("欧阳娜娜") == "欧阳**"
    assert live.masked_person("") == "某**"


async def _connect(consumer: Any, path: str, user: Any = None) -> tuple[WebsocketCommunicator, bool, Any]:
    communicator = WebsocketCommunicator(consumer.as_asgi(), path)
    route = next(p for p in websocket_urlpatterns if p.resolve(path.lstrip("/").split("?")[0]))
    communicator.scope["url_route"] = {"kwargs": route.resolve(path.lstrip("/").split("?")[0]).kwargs}
    communicator.scope["user"] = user or AnonymousUser()
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
def test_the_screen_socket_gets_a_masked_feed_line_after_an_application() -> None:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    employer = t.make_employer(market, admin=admin)
    job = t.make_job(employer, title="丰南区装载机司机")
    worker = t.make_worker(market, name="张小军")
    user = worker.user
    _key, secret = kiosk.rotate(actor=admin, kind=ScreenKind.MARKET)

    async def scenario() -> list[dict[str, Any]]:
        screen, connected, _ = await _connect(
            MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/?key={secret}"
        )
        assert connected
        await sync_to_async(job_services.apply)(actor=user, job_id=job.pk)
        received = [await screen.receive_json_from(timeout=5)]
        await screen.disconnect()
        return received

    [event] = async_to_sync(scenario)()
    assert event["type"] == "feed"
    assert event["item"]["text"] == "张** 刚刚报名 装载机司机 · 丰南区"
    text = json.dumps(event, ensure_ascii=False)
    assert "张小军" not in text and not PHONE_DIGITS.search(text) and user.phone not in text


@pytest.mark.django_db(transaction=True)
def test_sockets_refuse_wrong_keys_and_close_on_rotation() -> None:
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊街道零工驿站")
    station_staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station)
    worker_user = t.make_worker(market).user
    _key, secret = kiosk.rotate(actor=admin, kind=ScreenKind.MARKET)
    _skey, station_secret = kiosk.rotate(actor=station_staff, kind=ScreenKind.STATION, station_id=station.pk)

    async def scenario() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, consumer, path, user in [
            ("wrong", MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/?key=nope", None),
            ("anonymous", MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/", None),
            ("worker", MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/", worker_user),
            (
                "station key on market",
                MarketScreenConsumer,
                f"/ws/screen/markets/{market.pk}/?key={station_secret}",
                None,
            ),
            ("admin", MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/", admin),
            (
                "station by key",
                StationScreenConsumer,
                f"/ws/screen/stations/{station.pk}/?key={station_secret}",
                None,
            ),
        ]:
            communicator, connected, code = await _connect(consumer, path, user)
            out[name] = (connected, code)
            if connected:
                await communicator.disconnect()
        kiosk_screen, connected, _ = await _connect(
            MarketScreenConsumer, f"/ws/screen/markets/{market.pk}/?key={secret}"
        )
        assert connected
        await sync_to_async(kiosk.rotate)(actor=admin, kind=ScreenKind.MARKET)
        out["after rotation"] = await kiosk_screen.receive_output(timeout=5)
        return out

    out = async_to_sync(scenario)()
    for refused in ("wrong", "anonymous", "worker", "station key on market"):
        assert out[refused] == (False, CLOSE_REFUSED), refused
    assert out["admin"][0] and out["station by key"][0]
    assert out["after rotation"] == {"type": "websocket.close", "code": CLOSE_REFUSED}


@pytest.mark.django_db(transaction=True)
def test_figures_are_pushed_once_per_burst_after_commit(settings: Any, capture_events: Any) -> None:
    settings.LINGONG_STATS_PUSH_DELAY = 0
    market = t.make_market()
    employer = t.make_employer(market)
    job = t.make_job(employer, headcount=5)
    workers = [t.make_worker(market, name=f"刘{i}") for i in range(3)]
    capture_events.clear()
    with transaction.atomic():
        for worker in workers:
            job_services.apply(actor=worker.user, job_id=job.pk)
    assert capture_events.counts()["feed.add"] == 3
    [figures] = capture_events.events("figures")  # one transaction, one push
    assert figures["figures"]["today"]["applications"] == 3
    assert capture_events.groups("figures") == [[f"market.{market.pk}"]]
    # A transaction that rolls back pushes nothing and does not hold up the next one.
    capture_events.clear()
    try:
        with transaction.atomic():
            job_services.close_job(actor=employer, job_id=job.pk)
            raise RuntimeError
    except RuntimeError:
        pass
    assert capture_events.events("figures") == []
    job_services.close_job(actor=employer, job_id=job.pk)
    assert capture_events.events("figures") == []  # closing is not counted: nothing to push
    other = t.make_job(employer, title="另一岗位")
    assert other.status == "open"
    [pushed] = capture_events.events("figures")
    assert pushed["figures"]["now"]["open_postings"] == 1


@pytest.mark.django_db
def test_a_centre_screen_by_its_key_shows_that_centre_and_its_recent_lines(cast: Any, client: Client) -> None:
    near = t.make_worker(cast.market, name="赵铁柱", station=cast.station)  # a station of cast.centre
    far = t.make_worker(cast.market, name="孙大圣", station=cast.other_station)
    job = t.make_job(cast.employer, title="路南区装卸工", headcount=5)
    for worker in (near, far):
        job_services.apply(actor=worker.user, job_id=job.pk)
    _key, secret = kiosk.rotate(actor=cast.admin, kind=ScreenKind.CENTRE, centre_id=cast.centre.pk)
    client.logout()
    page = client.get(f"/screen/k/{secret}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"centre={cast.centre.pk}" in html and f'data-centre-id="{cast.centre.pk}"' in html
    feed = json.loads(re.search(r'id="screen-feed"[^>]*>(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    texts = [item["text"] for item in feed]
    assert "赵** 刚刚报名 装载机司机 · 丰南区" in texts
    assert not any(text.startswith("孙") for text in texts)  # another centre's worker
    assert "赵铁柱" not in html and "孙大圣" not in html
    figures = client.get(f"/screen/k/{secret}/data/").json()
    assert figures["centre_id"] == cast.centre.pk and figures["today"]["applications"] == 1
    assert client.get(f"/screen/k/{secret}/").status_code == 200
