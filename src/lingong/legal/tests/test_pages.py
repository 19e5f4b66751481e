"""Legal pages: public hub and library, the worker's booking flow and 政策匹配, the staff pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong.legal import rules_engine
from lingong.legal.models import (
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    LegalAdviser,
    PolicyArticle,
    RulesVersion,
)
from lingong.pagetools import get_page, login, text_of

pytestmark = pytest.mark.django_db


def test_public_pages(legal_world: dict[str, Any]) -> None:
    client = Client()
    hub = get_page(client, "/legal/")
    for name in ("legal:advisers", "legal:arbitration_days", "legal:policies", "legal:check"):
        assert f'href="{reverse(name)}"' in hub
    advisers = text_of(get_page(client, "/legal/advisers/?industry=construction"))
    assert "王律师" in advisers and "13900000001" not in advisers  # the phone is for staff only
    assert "王律师" not in text_of(get_page(client, "/legal/advisers/?industry=housekeeping"))
    found = get_page(client, "/legal/policies/?q=灵活+社保")
    assert found.index("就业困难人员灵活就业社会保险补贴") < found.index(
        "灵活就业人员参加企业职工基本养老保险"
    )
    assert "按当地标准" in text_of(get_page(client, "/legal/policies/flexible-social-insurance-subsidy/"))
    assert client.get("/legal/policies/nope/").status_code == 404
    get_page(client, "/legal/arbitration-days/")
    get_page(client, "/legal/check/")
    assert client.get(f"/legal/slots/{legal_world['slot'].pk}/book/").status_code == 302  # sign in first
    assert client.get("/me/consultations/").status_code == 302
    assert client.get("/staff/legal/").status_code == 302


def test_worker_books_cancels_and_checks(legal_world: dict[str, Any]) -> None:
    w = legal_world
    client = login(Client(), w["worker"])
    assert 'href="/legal/"' in get_page(client, reverse("workers:profile"))
    url = f"/legal/slots/{w['slot'].pk}/book/"
    get_page(client, url)
    refused = client.post(url, {"topic": "construction", "question": "短"})
    assert refused.status_code == 422 and "至少5个字" in text_of(refused.content.decode())
    done = client.post(url, {"topic": "construction", "question": "老板拖欠三天工钱不给怎么办？"})
    assert done.status_code == 302 and done["Location"] == "/me/consultations/"
    mine = get_page(client, "/me/consultations/")
    assert "老板拖欠三天工钱" in text_of(mine)
    taken = login(Client(), w["other"]).post(url, {"topic": "", "question": "我也想咨询一下工资问题"})
    assert taken.status_code == 409 and "已被预约" in text_of(taken.content.decode())
    booking = Consultation.objects.get()
    assert client.post(f"/me/consultations/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    # 政策匹配: prefilled from the profile (age), answers posted, results with the matched rule.
    form = get_page(client, "/legal/check/")
    assert (
        "已根据您的求职资料预先填好" in text_of(form)
        and 'name="age" inputmode="numeric" maxlength="3" value="' in form
    )
    result = client.post(
        "/legal/check/", {"age": "40", "employment_difficulty": "true", "flexible_work": "true"}
    )
    assert result.status_code == 200
    text = text_of(result.content.decode())
    assert "灵活就业社会保险补贴" in text and "已认定为就业困难人员" in text
    bad = client.post("/legal/check/", {"age": "abc"})
    assert bad.status_code == 422 and "请输入整数年龄" in text_of(bad.content.decode())


def test_staff_pages(legal_world: dict[str, Any]) -> None:
    w = legal_world
    client = login(Client(), w["admin"])
    assert f'href="{reverse("legal:staff_home")}"' in get_page(client, reverse("staff:dashboard"))
    roster = text_of(get_page(client, "/staff/legal/"))
    assert "王律师" in roster and "13900000001" in roster
    response = client.post(
        "/staff/legal/advisers/new/",
        {"name": "刘志愿者", "kind": "legal_aid_volunteer", "industries": ["housekeeping"], "active": "on"},
    )
    assert response.status_code == 302 and LegalAdviser.objects.filter(name="刘志愿者").exists()
    assert client.post("/staff/legal/advisers/new/", {"name": ""}).status_code == 422
    get_page(client, f"/staff/legal/advisers/{w['adviser'].pk}/")
    start = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    slot_form = {
        "adviser_id": str(w["adviser"].pk),
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "phone",
    }
    assert client.post("/staff/legal/slots/", slot_form).status_code == 302
    assert ConsultationSlot.objects.count() == 2
    assert client.post("/staff/legal/slots/", {**slot_form, "mode": "video"}).status_code == 422
    day = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    days = {"date": day, "place": "市场一楼", "commission": "唐山市劳动人事争议仲裁委员会", "published": "on"}
    assert client.post("/staff/legal/arbitration-days/", days).status_code == 302
    assert ArbitrationDay.objects.count() == 1
    get_page(client, "/staff/legal/slots/")
    get_page(client, "/staff/legal/bookings/")
    get_page(client, "/staff/legal/arbitration-days/")
    get_page(client, "/staff/legal/articles/")
    article = PolicyArticle.objects.get(slug="gig-market-free-services")
    get_page(client, f"/staff/legal/articles/{article.pk}/")
    new_article = {
        "slug": "lunan-winter-jobs",
        "title": "路南区冬季保供岗位补贴",
        "summary": "冬季扫雪保供岗位按当地标准给予补贴。",
        "body": "参加冬季扫雪保供的灵活就业人员，按当地标准给予岗位补贴。",
        "category": "employment_services",
        "groups": ["flexible_worker"],
        "districts": "130202",
        "published": "on",
    }
    assert client.post("/staff/legal/articles/new/", new_article).status_code == 302
    assert PolicyArticle.objects.get(slug="lunan-winter-jobs").market_id == w["market"].pk
    assert client.post("/staff/legal/articles/new/", {**new_article, "title": ""}).status_code == 422
    get_page(client, "/staff/legal/rules/")
    bad = client.post("/staff/legal/rules/", {"file": SimpleUploadedFile("r.json", b'{"version": 1}')})
    assert bad.status_code == 422 and "规则列表" in text_of(bad.content.decode())
    good = rules_engine.BASELINE_FILE.read_bytes()
    assert client.post("/staff/legal/rules/", {"file": SimpleUploadedFile("r.json", good)}).status_code == 302
    assert RulesVersion.objects.get().version == 2
    assert json.loads(json.dumps(RulesVersion.objects.get().rules))["version"] == 2


def test_staff_record_advice_page(legal_world: dict[str, Any]) -> None:
    w = legal_world
    worker = login(Client(), w["worker"])
    worker.post(f"/legal/slots/{w['slot'].pk}/book/", {"question": "工伤了老板不管，怎么办？"})
    booking = Consultation.objects.get()
    staff = login(Client(), w["station_staff"])
    url = f"/staff/legal/bookings/{booking.pk}/"
    get_page(staff, url)
    assert staff.post(url, {"advice": ""}).status_code == 422
    assert staff.post(url, {"advice": "先就医并保留票据，申请工伤认定或人身损害赔偿。"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == "done"
    assert "申请工伤认定" in text_of(get_page(worker, "/me/consultations/"))
    # Station staff may see the lists but not change the roster; workers get no staff pages.
    assert staff.post("/staff/legal/advisers/new/", {"name": "x"}).status_code == 403
    assert worker.get("/staff/legal/").status_code == 403
