"""Site-wide pages: home, privacy notice, static assets, health check, 404, sign-in for private pages,
and the Chinese document language of every main page."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.pagetools import LANG_MARK, get_page, login, text_of

pytestmark = pytest.mark.django_db


def test_home_page_offers_both_ways_in(client: Client, cast) -> None:
    html = get_page(client, "/")
    text = text_of(html)
    assert "找活干，来零工市场" in text
    assert f'href="{reverse("jobs:list")}"' in html
    assert f'href="{reverse("workers:register")}"' in html
    assert f'href="{reverse("employers:register")}"' in html
    assert f'href="{reverse("org:stations")}"' in html
    # The static assets the page needs are linked, and the header offers sign-in to visitors.
    assert "/static/lingong/app.css" in html
    assert "/static/vendor/htmx-2.0.4/htmx.min.js" in html
    assert "登录" in text and "注册" in text
    assert 'data-testid="unread-count"' not in html


@pytest.mark.parametrize(
    ("who", "target"),
    [("worker", "jobs:list"), ("employer", "jobs:employer_dashboard"), ("station_staff", "staff:dashboard")],
)
def test_home_sends_signed_in_people_to_their_start_page(client: Client, cast, who: str, target: str) -> None:
    user = getattr(cast, who)
    login(client, getattr(user, "user", user))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_privacy_notice_names_version_and_rights(client: Client, cast, settings) -> None:
    settings.LINGONG_PRIVACY_NOTICE_VERSION = "2026-11"
    text = text_of(get_page(client, reverse("privacy")))
    assert "个人信息保护告知书" in text
    assert "版本 2026-11" in text
    assert "身份证号码" in text and "加密" in text
    assert "撤回授权" in text


def test_privacy_notice_says_what_the_platform_does(client: Client) -> None:
    """Issue 9: the notice agrees with the documents and the access rules, and names what it left out."""
    text = text_of(get_page(client, reverse("privacy")))
    assert f"版本 {django_settings.LINGONG_PRIVACY_NOTICE_VERSION}" in text
    assert django_settings.LINGONG_PRIVACY_NOTICE_VERSION != "2026-11"  # bumped: consents record it
    assert "始终脱敏" not in text  # the old promise the payroll broke
    for said in (
        "接受其录用、生成用工单之后，才能看到您的完整手机号码",  # the phone rule
        "138****1234",
        "收款凭证上也是如此",  # the receipt is masked
        "扣缴义务人",  # why the payroll carries the full number
        "只有付款单位的管理员和零工市场管理员",
        "每次导出都记录",
        "签到签退位置",
        "IP 地址、浏览器信息（User-Agent）",
        "保险公司",
        "支付服务机构",
        "须选择原因",  # staff reads are logged
    ):
        assert said in text, said
    for heading in ("用途", "谁能看到", "保存"):
        assert text.count(heading) >= 2, heading


@pytest.mark.parametrize(
    "path",
    [
        "lingong/app.css",
        "lingong/app.js",
        "vendor/htmx-2.0.4/htmx.min.js",
        "vendor/alpinejs-csp-3.14.9/alpine.min.js",
    ],
)
def test_static_assets_are_found_and_served(client: Client, db, path: str) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find(path), f"no staticfiles finder knows {path}"
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100


def test_healthz_answers_ok(client: Client, db) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_missing_page_is_404(client: Client, cast) -> None:
    assert client.get("/jobs/999999/").status_code == 404
    assert client.get("/org/stations/999999/").status_code == 404


@pytest.mark.parametrize(
    "name", ["workers:profile", "jobs:worker_applications", "notifications:inbox", "jobs:employer_dashboard"]
)
def test_private_pages_ask_for_login(client: Client, cast, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_main_page_declares_chinese(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    public = [
        "/",
        reverse("privacy"),
        reverse("jobs:list"),
        reverse("jobs:detail", args=[job.pk]),
        reverse("org:stations"),
        reverse("accounts:login"),
        reverse("accounts:otp_login"),
        reverse("workers:register"),
        reverse("employers:register"),
    ]
    for url in public:
        assert LANG_MARK in get_page(client, url)
