"""The installable web app (issue 16, item 12): manifest, service worker, offline page, favicon."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from lingong.core import pwa

pytestmark = pytest.mark.django_db


def test_every_page_links_the_manifest_icons_and_the_worker(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#c8102e">' in html
    assert '<link rel="icon" href="/favicon.ico">' in html
    assert 'rel="apple-touch-icon" href="/static/lingong/icons/apple-touch-icon.png"' in html
    assert 'src="/static/lingong/pwa.js" data-sw="/sw.js"' in html


def test_the_manifest_names_the_market_in_chinese_and_its_icons_are_served(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "零工市场" and manifest["short_name"] == "零工市场"
    assert manifest["lang"] == "zh-CN"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] == "#c8102e"  # app.css --brand
    assert "--brand: #c8102e" in client.get("/static/lingong/app.css").getvalue().decode()
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        body = served.getvalue()
        assert body.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_the_service_worker_is_javascript_at_the_root_and_precaches_the_shell(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", script).group(1))  # type: ignore[union-attr]
    assert "/offline/" in precache
    assert "/static/lingong/app.css" in precache and "/static/lingong/icons/icon-192.png" in precache
    for url in precache:
        assert client.get(url).status_code == 200, url
        assert not url.startswith("/api/")
    # Only GETs are answered, and the API is never touched.
    assert 'request.method !== "GET"' in script
    assert json.loads(re.search(r"const ONLINE_ONLY = (\[.*?\]);", script).group(1))[0] == "/api/"  # type: ignore[union-attr]


def test_the_shell_cache_is_renamed_when_a_shell_file_changes(monkeypatch: Any) -> None:
    before = pwa._shell_version()
    real = pwa._read_static

    def edited(name: str) -> bytes:
        return real(name) + (b"/* v2 */" if name.endswith(".css") else b"")

    monkeypatch.setattr(pwa, "_read_static", edited)
    assert pwa._shell_version() != before


def test_the_offline_page_is_chinese_and_names_nobody(client: Client, cast: Any) -> None:
    client.force_login(cast.worker.user)
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "网络已断开" in html and "重新加载" in html
    assert cast.worker.user.phone not in html and "退出" not in html  # the same page for everyone
    assert "/static/lingong/app.css" in html


def test_the_favicon_is_an_icon_at_the_root(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_the_worker_and_the_manifest_refuse_writes(client: Client) -> None:
    for url in ("/sw.js", "/manifest.webmanifest", "/offline/", "/favicon.ico"):
        assert client.post(url).status_code == 405, url
