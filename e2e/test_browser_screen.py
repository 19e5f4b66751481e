"""The big-data screen at 1920x1080 and a station screen at 1080x1920, live over WebSockets.

The pages need an ASGI server (the WebSocket), so this test runs uvicorn in a thread of the test process
(its own event loop) instead of pytest-django's WSGI live server: requests, the screen's sockets and the
in-memory channel layer are then all in this process, and the test can publish an event on the server's
loop (a quick-recruit campaign, which the recruit app sends in production) as a task worker would.

Checked: the charts render (a canvas in each), no console error, no request leaves 127.0.0.1, an
application made through the API appears in the feed within 2 s with the name masked, the figures follow,
a campaign event renders in the 快招 panel, the screen reconnects by itself after the server restarts and
fetches the figures again; the station screen renders at 1080x1920 with its jobs, QR codes and campaign.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from channels.layers import get_channel_layer
from django.db import connection

from e2e.browser import CHROMIUM_ARGS, no_horizontal_scroll, phone_page
from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.core.events import market_group, station_group
from lingong.stats import kiosk
from lingong.stats.models import ScreenKind

pytestmark = pytest.mark.browser

SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PORTRAIT = {"viewport": {"width": 1080, "height": 1920}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    port: int
    thread: threading.Thread | None = None
    server: Any = None
    loop: asyncio.AbstractEventLoop | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import uvicorn

        config = uvicorn.Config(
            "lingong.asgi:application", host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        loop, server = self.loop, self.server
        self.thread = threading.Thread(target=lambda: loop.run_until_complete(server.serve()), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=15)

    def publish(self, group: str, event: dict[str, Any]) -> None:
        """Send an event to a group from the server's own loop (where the in-memory layer lives)."""
        assert self.loop is not None
        layer = get_channel_layer()
        message = {"type": "lingong.event", "event": event}
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), self.loop).result(timeout=5)


@pytest.fixture
def asgi_server(reference_data: None, settings: Any) -> Iterator[Server]:
    settings.LINGONG_STATS_PUSH_DELAY = 0.2  # push the figures as a deployment does (debounced)
    server = Server(port=_free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _post(base: str, path: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/v1{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return dict(json.loads(response.read()))


def _campaign(campaign_id: int, accepted: int, status: str, answer_url: str) -> dict[str, Any]:
    return {
        "type": "campaign",
        "op": "update",
        "campaign": {
            "id": campaign_id,
            "title": "急招厨师 11 名",
            "enterprise": "唐山银行后勤服务中心",
            "occupation": "中式烹调师",
            "headcount": 11,
            "status": status,
            "counts": {
                "invited": 40,
                "viewed": 31,
                "answered": 14,
                "offered": 11,
                "accepted": accepted,
                "standby": 3,
            },
            "started_at": "2026-12-04T09:00:00+08:00",
            "elapsed_s": 600,
            "time_to_first_answer_s": 42,
            "time_to_fill_s": None,
            "lat": 39.63,
            "lon": 118.18,
            "radius_km": 5,
            "waves": 2,
            "answer_url": answer_url,
        },
    }


class Watch:
    """What a page asks of the network and says on its console."""

    def __init__(self, page: Any, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self) -> list[str]:
        local = (self.base + "/", self.base.replace("http://", "ws://") + "/", "data:", "blob:")
        return [url for url in self.requests if not url.startswith(local)]


def test_the_market_screen_is_live_and_masked_and_the_station_screen_renders(
    chromium_path: str, asgi_server: Server, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊街道零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    station_staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station)
    employer = t.make_employer(market, admin=admin)
    job = t.make_job(employer, title="丰南区装载机司机", headcount=3)
    first = t.make_worker(market, name="张小军", station=station)
    second = t.make_worker(market, name="李建国", station=station)
    tokens = {w.pk: at.token_of(w.user) for w in (first, second)}
    _key, secret = kiosk.rotate(actor=admin, kind=ScreenKind.MARKET)
    _skey, station_secret = kiosk.rotate(actor=station_staff, kind=ScreenKind.STATION, station_id=station.pk)
    phones = [first.user.phone, second.user.phone]
    connection.close()  # the server's threads take their own connections
    base = asgi_server.base

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(**SCREEN).new_page()
            page.set_default_timeout(15_000)
            watch = Watch(page, base)
            page.goto(f"{base}/screen/k/{secret}/")  # the kiosk URL: no sign-in
            status = page.get_by_test_id("screen-status")
            expect(status).to_have_attribute("data-status", "live")
            for chart in ("chart-trend", "chart-supply", "chart-map"):
                expect(page.locator(f"#{chart} canvas").first).to_be_attached()
            page.wait_for_function(
                "() => echarts.getInstanceByDom(document.getElementById('chart-map'))"
                ".getOption().series.length === 3"
            )
            expect(page.locator("[data-figure='now.open_postings']")).to_have_text("1")
            expect(page.locator("[data-figure='today.applications']")).to_have_text("0")

            # A worker applies through the API: the screen's feed shows it within 2 s, masked.
            started = time.monotonic()
            _post(base, f"/jobs/{job.pk}/apply", tokens[first.pk], {"message": ""})
            line = page.get_by_test_id("feed").locator("li").first
            expect(line).to_contain_text("张** 刚刚报名 装载机司机 · 丰南区", timeout=2_000)
            assert time.monotonic() - started < 2.0
            expect(page.locator("[data-figure='today.applications']")).to_have_text("1")

            # A quick-recruit campaign event (the recruit app publishes these) renders in the panel.
            asgi_server.publish(market_group(market.pk), _campaign(7, 4, "filling", "/q/7/answer/"))
            campaign = page.get_by_test_id("campaigns").locator("li.campaign")
            expect(campaign).to_have_count(1)
            expect(campaign).to_contain_text("急招厨师 11 名")
            expect(campaign).to_contain_text("4/11")
            asgi_server.publish(market_group(market.pk), _campaign(7, 11, "filled", "/q/7/answer/"))
            expect(campaign).to_contain_text("已招满")
            screenshot(page, "01-market-screen", full_page=False)

            # The server restarts: the screen says so, reconnects by itself and fetches what it missed.
            asgi_server.stop()
            expect(status).to_have_attribute("data-status", "reconnecting")
            asgi_server.start()
            expect(status).to_have_attribute("data-status", "live", timeout=20_000)
            _post(base, f"/jobs/{job.pk}/apply", tokens[second.pk], {"message": ""})
            expect(line).to_contain_text("李** 刚刚报名", timeout=2_000)
            expect(page.locator("[data-figure='today.applications']")).to_have_text("2")

            text = page.locator("body").inner_text()
            for secret_text in ("张小军", "李建国", *phones):
                assert secret_text not in text
            assert watch.errors == [], watch.errors
            assert watch.outside() == [], watch.outside()

            # The station's TV: portrait, its jobs with distance, its QR code, and a campaign with a QR.
            tv = browser.new_context(**PORTRAIT).new_page()
            tv.set_default_timeout(15_000)
            tv_watch = Watch(tv, base)
            tv.goto(f"{base}/screen/stations/{station.pk}/?key={station_secret}")
            expect(tv.get_by_test_id("screen-status")).to_have_attribute("data-status", "live")
            jobs = tv.get_by_test_id("station-jobs").locator("li")
            expect(jobs).to_have_count(1)
            expect(jobs.first).to_contain_text("丰南区装载机司机")
            expect(jobs.first).to_contain_text("公里")
            expect(tv.get_by_test_id("station-qr").locator("svg")).to_be_visible()
            asgi_server.publish(station_group(station.pk), _campaign(8, 2, "filling", "/q/8/answer/"))
            qr = tv.get_by_test_id("campaigns").locator("img.qr")
            expect(qr).to_have_count(1)
            # A campaign in 遵化 (the market's group carries it too) does not reach this station.
            far = _campaign(9, 0, "open", "/q/9/answer/")
            far["campaign"].update(lat=40.19, lon=117.96, radius_km=3, title="遵化急招")
            asgi_server.publish(market_group(market.pk), far)
            asgi_server.publish(station_group(station.pk), _campaign(8, 3, "filling", "/q/8/answer/"))
            expect(tv.get_by_test_id("campaigns")).to_contain_text("3/11")
            expect(tv.get_by_test_id("campaigns").locator("li.campaign")).to_have_count(1)
            tv.wait_for_function("() => document.querySelector('img.qr').naturalWidth > 0")
            assert tv.evaluate("() => document.documentElement.scrollWidth") <= 1080
            screenshot(tv, "02-station-screen", full_page=False)
            assert tv_watch.errors == [], tv_watch.errors
            assert tv_watch.outside() == [], tv_watch.outside()

            # The market admin replaces the kiosk URL from the staff home: the open screen is cut off at
            # once and says why; the new URL (shown once) opens the screen.
            phone = phone_page(browser, base, admin.phone)
            phone.goto(f"{base}/staff/")
            phone.get_by_test_id("screen-keys-link").click()
            phone.once("dialog", lambda dialog: dialog.accept())
            phone.get_by_test_id("rotate-market").click()
            new_url = phone.get_by_test_id("new-key-url").inner_text()
            assert new_url.startswith(f"{base}/screen/k/") and secret not in new_url
            no_horizontal_scroll(phone)
            expect(status).to_have_attribute("data-status", "revoked")
            expect(status).to_have_text("访问链接已失效，请联系工作人员")
            assert page.goto(f"{base}/screen/k/{secret}/").status == 404  # type: ignore[union-attr]
            page.goto(new_url)
            expect(page.get_by_test_id("screen-status")).to_have_attribute("data-status", "live")
        finally:
            browser.close()
