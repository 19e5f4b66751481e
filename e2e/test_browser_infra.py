"""Issue 16, items 5, 11 and 12 in a real phone-sized browser: links that follow the server's own address,
Chinese error pages on the demo server, and the installable web app with its offline page.

As in the other browser tests, the data is set up before the browser starts and checked after it stops
(Django refuses ORM calls while Playwright's loop runs in this thread).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from e2e.browser import CHROMIUM_ARGS, PHONE, phone_page, uvicorn_server
from lingong import testing as t
from lingong.core.qr import qr_svg

pytestmark = pytest.mark.browser


def test_item5_qr_codes_and_printed_links_point_at_the_port_served_on(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    market = t.make_market()
    station = t.make_station(t.make_centre(market), "友谊里社区零工驿站")
    base = live_server.url  # a random port, never 8000
    station_url = f"{base}{reverse('jobs:station', args=[station.pk])}"
    # No QR decoder is installed: a drawn code must be exactly segno's encoding of the station's URL.
    expected = re.search(r' d="([^"]+)"', qr_svg(station_url, scale=10, title=station.name))
    assert expected is not None

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            api = page.request.get(f"{base}/api/v1/org/stations/{station.pk}").json()
            assert api["url"] == station_url
            page.goto(station_url)
            page.get_by_role("link", name="打印二维码海报").click()
            expect(page.get_by_role("heading", name="码上找工作")).to_be_visible()
            modules = page.locator(".qr svg path").get_attribute("d")  # the dark modules, as drawn
            assert modules == expected.group(1), "the poster's QR code does not open this server's page"
            qr = page.get_by_test_id("poster-qr")
            expect(qr).to_have_attribute("data-url", station_url)
            printed = page.get_by_test_id("poster-url")
            expect(printed).to_have_text(station_url)
            screenshot(page, "01-poster")
            # The printed link works: it opens the station's page on this same server.
            printed.click()
            expect(page.get_by_role("heading", name=station.name)).to_be_visible()
        finally:
            browser.close()


@pytest.fixture
def demo_server(reference_data: None, tmp_path: Path) -> Iterator[str]:
    """The ASGI server exactly as ./scripts/serve starts it without --dev: uvicorn, no LINGONG_ENV or DEBUG
    of its own, SITE_URL set to the address served. It reads this test's database."""
    t.make_market()
    connection.close()  # let the server process take its own connection to the file
    database = str(settings.DATABASES["default"]["NAME"])
    with uvicorn_server(database, tmp_path, {"LINGONG_MATCHING_WARMUP": "0"}) as base:  # nothing to match
        yield base


def test_item11_a_wrong_url_on_the_demo_server_shows_the_chinese_404_page(
    chromium_path: str, demo_server: str, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = demo_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            response = page.goto(f"{base}/jobs/no-such-page/")
            assert response is not None and response.status == 404
            expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
            text = page.locator("body").inner_text()
            for debug_mark in ("URLconf", "Page not found (404)", "Django tried these URL patterns"):
                assert debug_mark not in text
            # Static files are served with DEBUG off: the page has the brand's red header.
            header = page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
            assert header == "rgb(200, 16, 46)"
            screenshot(page, "01-not-found")
            api = page.request.get(f"{base}/api/v1/no-such-endpoint")
            assert api.status == 404 and set(api.json()) == {"code", "message", "errors"}
            page.get_by_role("link", name="返回首页").click()
            expect(page).to_have_url(f"{base}/")
            expect(page.locator("main h1").first).to_be_visible()
        finally:
            browser.close()


def test_item12_the_site_installs_and_shows_a_chinese_offline_page(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    t.make_market()
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{base}/")
            href = page.locator("link[rel=manifest]").get_attribute("href")
            assert href is not None
            manifest = json.loads(page.request.get(f"{base}{href}").text())
            assert manifest["name"] == "零工市场" and manifest["display"] == "standalone"
            for icon in manifest["icons"]:
                served = page.request.get(f"{base}{icon['src']}")
                assert served.status == 200 and served.headers["content-type"] == "image/png", icon
            assert page.request.get(f"{base}/favicon.ico").status == 200
            # The worker registers, installs the shell and takes control of the open page.
            script = page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)")
            assert script == f"{base}/sw.js"
            page.wait_for_function("navigator.serviceWorker.controller !== null")

            context.set_offline(True)
            page.goto(f"{base}/jobs/")
            expect(page.get_by_role("heading", name="网络已断开")).to_be_visible()
            expect(page.get_by_test_id("offline-retry")).to_be_visible()
            expect(page).to_have_url(f"{base}/jobs/")  # reloading later opens the page asked for
            header = page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
            assert header == "rgb(200, 16, 46)"  # the cached stylesheet
            screenshot(page, "01-offline")
            # The API is never answered from a cache.
            api_offline = page.evaluate("fetch('/api/v1/jobs').then(() => 'answered', () => 'network error')")
            assert api_offline == "network error"

            # Back online, the offline page reloads by itself into the page that was asked for.
            context.set_offline(False)
            expect(page.get_by_test_id("offline-page")).to_have_count(0, timeout=25_000)
            expect(page).to_have_url(f"{base}/jobs/")
        finally:
            browser.close()


def test_a_200_mb_upload_is_refused_before_the_server_reads_it(demo_server: str) -> None:
    """The real server answers 413 {code, message, errors} from the declared length alone: the client has sent
    a few bytes of its 200 MB and nothing was read, spooled or stored."""
    import http.client
    import json
    from urllib.parse import urlsplit

    address = urlsplit(demo_server)
    connection_ = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=10)
    connection_.putrequest("POST", "/api/v1/complaints")
    connection_.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection_.putheader("Content-Length", str(200 * 1024 * 1024))
    connection_.endheaders(b"--x\r\n")
    response = connection_.getresponse()
    body = json.loads(response.read())
    assert response.status == 413
    assert body["code"] == "request_too_large" and body["errors"] == {}
    connection_.close()
