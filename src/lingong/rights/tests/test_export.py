"""The copy: every section, only the person's own data, as JSON (API and page) and as a Chinese PDF."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client
from pypdf import PdfReader

from lingong import testing as t
from lingong.accounts.models import LoginEvent
from lingong.apitools import error, get, ok, token_of
from lingong.rights.tests.helpers import paid_engagement

WORKER_SECTIONS = {
    "account",
    "profile",
    "skills",
    "certificates",
    "availability",
    "applications",
    "invitations",
    "engagements",
    "attendance",
    "contracts",
    "insurance",
    "statements",
    "payments",
    "ratings_given",
    "ratings_received",
    "consents",
    "logins",
    "notifications",
    "requests",
}


def test_the_copy_has_every_section_and_nobody_elses_data(client: Client, cast: Any) -> None:
    worker, other = cast.worker, cast.other_worker
    engagement = paid_engagement(worker, cast.employer)
    paid_engagement(other, cast.employer)  # the same employer pays someone else too
    assert client.login(phone=worker.user.phone, password=t.PASSWORD)

    data = ok(get(client, "/me/data", token_of(worker.user)))
    sections = data["sections"]
    assert set(sections) == WORKER_SECTIONS
    assert sections["profile"]["items"][0]["id_number"] == worker.id_number
    assert sections["profile"]["items"][0]["real_name"] == "江小军"
    for key in ("engagements", "attendance", "contracts", "statements", "payments", "consents", "logins"):
        assert sections[key]["items"], key
    assert {e["id"] for e in sections["engagements"]["items"]} == {engagement.pk}
    # The attendance carries the check-in position, the contract the signing IP and browser.
    assert sections["attendance"]["items"][0]["check_in_position"]
    assert sections["logins"]["items"][0]["at"]

    text = json.dumps(data, ensure_ascii=False)
    assert other.real_name not in text
    assert other.user.phone not in text
    assert other.id_number not in text
    assert cast.employer.phone not in text


def test_the_copy_is_not_cached_and_needs_a_login(client: Client, cast: Any) -> None:
    response = get(client, "/me/data", token_of(cast.worker.user))
    assert response["Cache-Control"] == "private, no-store"
    error(get(client, "/me/data"), 401, "not_authenticated")
    error(get(client, "/me/data.pdf"), 401, "not_authenticated")


def test_the_pdf_is_readable_chinese(client: Client, cast: Any) -> None:
    paid_engagement(cast.worker, cast.employer)
    response = get(client, "/me/data.pdf", token_of(cast.worker.user))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("个人信息副本", "求职资料", "江小军", "结算单", "考勤签到记录", "个人信息授权"):
        assert expected in text, expected
    assert cast.other_worker.real_name not in text


def test_the_page_shows_the_data_and_downloads(client: Client, cast: Any) -> None:
    client.force_login(cast.worker.user)
    page = client.get("/me/privacy/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "我的数据与隐私" in html and "江小军" in html and "撤回" in html
    download = client.get("/me/privacy/data.json")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["user_id"] == cast.worker.user.pk
    assert client.get("/me/privacy/data.pdf").content.startswith(b"%PDF")
    # Employers and staff have the page too.
    for user in (cast.employer, cast.station_staff):
        client.force_login(user)
        assert client.get("/me/privacy/").status_code == 200


def test_logins_are_recorded_from_pages_and_the_api(client: Client, cast: Any) -> None:
    user = cast.worker.user
    client.post(
        "/accounts/login/",
        {"phone": user.phone, "password": t.PASSWORD},
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) 测试",
        REMOTE_ADDR="203.0.113.7",
    )
    client.post(
        "/api/v1/auth/login",
        data=json.dumps({"phone": user.phone, "password": t.PASSWORD}),
        content_type="application/json",
        HTTP_USER_AGENT="LingongApp/1.0",
    )
    events = list(LoginEvent.objects.filter(user=user).order_by("at", "pk"))
    assert [(e.method, e.ip, e.user_agent) for e in events] == [
        ("page_password", "203.0.113.7", "Mozilla/5.0 (Linux; Android 14) 测试"),
        ("api_password", "127.0.0.1", "LingongApp/1.0"),
    ]
    # A wrong password records nothing.
    client.post("/accounts/login/", {"phone": user.phone, "password": "wrong-password"})
    assert LoginEvent.objects.filter(user=user).count() == 2
