"""The review pages (岗位审核, 单位认证), the dashboard's overdue counters and the employer picker of
/staff/jobs/new/, through the pages as staff use them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus, PostReviewStatus
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of

pytestmark = pytest.mark.django_db
REVIEWS = "/staff/jobs/reviews/"


def pending(employer: Any, title: str, *, hours_ago: float, urgent: bool = False) -> JobPosting:
    job = job_services.create_job(actor=employer, data=t.job_input(title=title, is_urgent=urgent))
    JobPosting.objects.filter(pk=job.pk).update(submitted_at=timezone.now() - dt.timedelta(hours=hours_ago))
    return job


def cards(html: str, testid: str = "pending-job") -> list[str]:
    """The titles of the review cards, in page order."""
    pattern = rf'data-testid="{testid}".*?<h3><a [^>]*>([^<]+)</a>'
    return re.findall(pattern, html, flags=re.S)


def test_the_review_page_pages_urgent_first_and_keeps_filters_after_a_decision(client: Client, cast) -> None:
    for i in range(24):
        pending(cast.employer, f"普通岗位{i:02d}", hours_ago=39.5 - i)
    bank = pending(cast.other_employer, "今日急招中式烹调师2名", hours_ago=0.2, urgent=True)
    login(client, cast.admin)
    html = get_page(client, REVIEWS)
    titles = cards(html)
    assert len(titles) == 20 and titles[0] == "今日急招中式烹调师2名"
    assert "共 25 个岗位" in text_of(html) and "第1/2页" in text_of(html)
    assert 'href="?page=2"' in html
    # The non-urgent ones past 24 h are highlighted with how late they are.
    assert html.count('data-testid="overdue"') == 16
    assert "急招优先" in text_of(html) and "急招2小时，其他24小时" in text_of(html)
    second = get_page(client, f"{REVIEWS}?page=2")
    assert cards(second) == [f"普通岗位{i:02d}" for i in range(19, 24)]
    # Search, then approve from the results: back on the same search.
    found = get_page(client, f"{REVIEWS}?q=烹调")
    assert cards(found) == ["今日急招中式烹调师2名"]
    assert 'name="back" value="q=%E7%83%B9%E8%B0%83"' in found
    response = client.post(
        reverse("staff:job_decision", args=[bank.pk, "approve"]), {"back": "q=烹调&evil=1"}
    )
    assert response.status_code == 302 and response["Location"] == f"{REVIEWS}?q=%E7%83%B9%E8%B0%83"
    html = get_page(client, response["Location"])
    assert "岗位已通过审核并公开" in text_of(html) and "没有符合条件的岗位" in text_of(html)
    assert JobPosting.objects.get(pk=bank.pk).status == JobStatus.OPEN


def test_filters_on_the_page_and_bad_values_are_ignored(client: Client, cast) -> None:
    pending(cast.employer, "普通岗位", hours_ago=1)
    pending(cast.employer, "急招岗位", hours_ago=1, urgent=True)
    login(client, cast.centre_staff)
    assert cards(get_page(client, f"{REVIEWS}?urgent=on")) == ["急招岗位"]
    assert cards(get_page(client, f"{REVIEWS}?division=130207")) == ["急招岗位", "普通岗位"]
    assert cards(get_page(client, f"{REVIEWS}?division=130202")) == []
    assert cards(get_page(client, f"{REVIEWS}?division=x&page=abc")) == ["急招岗位", "普通岗位"]
    # Past the last page: the last page.
    assert cards(get_page(client, f"{REVIEWS}?page=9")) == ["急招岗位", "普通岗位"]


def test_the_post_publication_queue_confirm_and_take_down(client: Client, cast) -> None:
    enterprise = t.enterprise_of(cast.employer)
    Enterprise.objects.filter(pk=enterprise.pk).update(verified_at=timezone.now() - dt.timedelta(days=60))
    t.make_job(cast.employer, title="早先审核过的岗位")
    ok = job_services.create_job(actor=cast.employer, data=t.job_input(title="直接发布的装卸工"))
    bad = job_services.create_job(actor=cast.employer, data=t.job_input(title="直接发布的清雪工"))
    assert ok.post_review_status == bad.post_review_status == PostReviewStatus.PENDING
    login(client, cast.admin)
    html = get_page(client, f"{REVIEWS}?queue=post")
    assert cards(html, "post-review-job") == ["直接发布的装卸工", "直接发布的清雪工"]
    assert "事后复核" in text_of(html) and "确认无误" in text_of(html)
    path, html = follow(
        client, reverse("staff:job_decision", args=[ok.pk, "confirm"]), {"back": "queue=post"}
    )
    assert path == f"{REVIEWS}?queue=post"
    assert "已确认复核" in text_of(html)
    url = reverse("staff:job_decision", args=[bad.pk, "take_down"])
    _path, html = follow(client, url, {"back": "queue=post", "reason": ""})
    assert "请填写2至200字的下架原因" in text_of(html)
    assert JobPosting.objects.get(pk=bad.pk).status == JobStatus.OPEN
    _path, html = follow(client, url, {"back": "queue=post", "reason": "工作地点与描述不符"})
    assert "岗位已下架" in text_of(html) and "没有待事后复核的岗位" in text_of(html)
    bad.refresh_from_db()
    assert (bad.status, bad.review_note) == (JobStatus.REJECTED, "工作地点与描述不符")
    assert cast.employer.notifications.filter(kind="job_taken_down").exists()
    assert client.post(reverse("staff:job_decision", args=[ok.pk, "delete"])).status_code == 404


def test_risky_content_is_pointed_out_to_the_reviewer(client: Client, cast) -> None:
    job_services.create_job(
        actor=cast.employer, data=t.job_input(title="招装卸工", description="上岗先交押金200元，加微信报名。")
    )
    login(client, cast.admin)
    text = text_of(get_page(client, REVIEWS))
    assert "风险提示" in text and "押金" in text and "平台外的联系方式" in text


def test_the_dashboard_counts_and_highlights_overdue_reviews(client: Client, cast) -> None:
    pending(cast.employer, "超时急招", hours_ago=3, urgent=True)
    pending(cast.employer, "未超时", hours_ago=1)
    late = employer_services.register_employer(
        phone=t.next_phone(), password=t.PASSWORD, data=t.enterprise_input("唐山久等物流有限公司")
    )
    Enterprise.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    login(client, cast.admin)
    html = get_page(client, reverse("staff:dashboard"))
    queues = html[html.index('data-testid="review-queues"') :]
    assert re.search(r"<b>2</b>待审核岗位<span[^>]*>超时 1</span>", queues)
    assert re.search(r"<b>1</b>待认证单位<span[^>]*>超时 1</span>", queues)
    assert f'href="{REVIEWS}?overdue=on"' in queues
    assert cards(get_page(client, f"{REVIEWS}?overdue=on")) == ["超时急招"]
    client.logout()
    login(client, cast.station_staff)
    assert 'data-testid="review-queues"' not in get_page(client, reverse("staff:dashboard"))


def test_the_verification_page_pages_searches_and_verifies(client: Client, cast) -> None:
    made = []
    for i in range(22):
        made.append(
            employer_services.register_employer(
                phone=t.next_phone(), password=t.PASSWORD, data=t.enterprise_input(f"唐山排队{i:02d}有限公司")
            )
        )
        Enterprise.objects.filter(pk=made[-1].pk).update(
            submitted_at=timezone.now() - dt.timedelta(hours=60 - i)
        )
    login(client, cast.admin)
    html = get_page(client, reverse("staff:enterprises"))
    assert html.count('data-testid="pending-enterprise"') == 20
    assert "共 22 个单位" in text_of(html) and "审核时限：48小时" in text_of(html)
    assert html.count('data-testid="overdue"') == 13  # waiting 60 down to 49 hours
    last = made[-1]
    found = get_page(client, f"{reverse('staff:enterprises')}?q={last.credit_code[-6:]}")
    assert found.count('data-testid="pending-enterprise"') == 1 and last.name in found
    url = reverse("staff:enterprise_decision", args=[last.pk, "verify"])
    response = client.post(url, {"back": f"q={last.credit_code[-6:]}"})
    assert response["Location"].startswith(reverse("staff:enterprises") + "?q=")
    assert Enterprise.objects.get(pk=last.pk).status == VerificationStatus.VERIFIED
    rejected = get_page(client, f"{reverse('staff:enterprises')}?status=rejected")
    assert "没有符合条件的单位" in text_of(rejected)


# --- The employer picker -----------------------------------------------------------------------------


def _job_form(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "title": "友谊里社区搬家工",
        "occupations": ["construction_laborer"],
        "description": "社区老旧小区搬家，体力活。",
        "headcount": "2",
        "pay_unit": "day",
        "pay_amount": "220",
        "division": "130202002",
        "address": "唐山市路南区友谊里小区",
        "start_date": today.isoformat(),
        "end_date": (today + dt.timedelta(days=2)).isoformat(),
        "daily_hours": "8",
        "settlement_cycle": "daily",
    }
    data.update(overrides)
    return data


def test_the_picker_searches_only_employers_the_staff_member_may_post_for(client: Client, cast) -> None:
    mine = t.enterprise_of(cast.employer)
    other = t.enterprise_of(cast.other_employer)
    t.make_employer(cast.market, name="唐山南湖未认证有限公司", verified=False)
    login(client, cast.station_staff)
    search = reverse("staff:enterprise_search")
    html = client.get(search, {"enterprise_q": "南湖"}).content.decode()
    assert other.name in html and "未认证" not in html and mine.name not in html
    assert f'name="enterprise" value="{other.pk}"' in html
    by_code = client.get(search, {"enterprise_q": mine.credit_code[-6:], "enterprise": other.pk})
    text = by_code.content.decode()
    assert text.index(other.name) < text.index(mine.name)  # the one already picked stays, first and checked
    assert f'value="{other.pk}" checked' in text
    none = client.get(search, {"enterprise_q": "不存在"}).content.decode()
    assert "没有找到“不存在”" in none
    as_json = client.get(search, {"q": "唐山"}, headers={"Accept": "application/json"}).json()
    assert {e["name"] for e in as_json["items"]} == {mine.name, other.name} and as_json["more"] is False
    client.logout()
    login(client, cast.worker.user)
    assert client.get(search, {"q": "唐山"}).status_code == 403


def test_the_picker_returns_at_most_twenty_and_says_there_are_more(client: Client, cast) -> None:
    admin = cast.admin
    for i in range(21):
        t.make_employer(cast.market, admin=admin, name=f"唐山连锁便利店第{i:02d}分店")
    login(client, cast.station_staff)
    html = client.get(reverse("staff:enterprise_search"), {"enterprise_q": "便利店"}).content.decode()
    assert html.count('data-testid="enterprise-option"') == 20
    assert "只显示前20个" in html


def test_without_javascript_find_then_pick_then_post(client: Client, cast) -> None:
    other = t.enterprise_of(cast.other_employer)
    login(client, cast.station_staff)
    html = post_page(
        client, reverse("staff:job_new"), {**_job_form(), "enterprise_q": "南湖", "find_enterprise": "1"}
    )
    assert other.name in html and f'name="enterprise" value="{other.pk}"' in html
    assert 'value="友谊里社区搬家工"' in html  # what was typed is kept
    assert 'value="南湖"' in html
    assert "field has-error" not in html  # a search is not a failed submission
    response = client.post(reverse("staff:job_new"), {**_job_form(), "enterprise": str(other.pk)})
    job = JobPosting.objects.get(title="友谊里社区搬家工")
    # Reviewed as the employer's own posting would be (staff scope).
    assert response.status_code == 302 and job.enterprise == other and job.status == JobStatus.PENDING_REVIEW


def test_posting_without_a_valid_employer_says_so_and_saves_nothing(client: Client, cast) -> None:
    unverified = t.enterprise_of(t.make_employer(cast.market, name="唐山未认证建材有限公司", verified=False))
    login(client, cast.station_staff)
    for value in ("", "abc", str(unverified.pk), "999999"):
        html = post_page(client, reverse("staff:job_new"), {**_job_form(), "enterprise": value})
        assert "请搜索并选择用工单位" in field_errors(html)
    assert not JobPosting.objects.filter(title="友谊里社区搬家工").exists()


def test_the_picker_keeps_the_chosen_employer_when_the_form_has_errors(client: Client, cast) -> None:
    other = t.enterprise_of(cast.other_employer)
    login(client, cast.station_staff)
    html = post_page(client, reverse("staff:job_new"), {**_job_form(title="x"), "enterprise": str(other.pk)})
    assert f'value="{other.pk}" checked' in html and other.name in html
    assert "标题" in field_errors(html) or "2至60" in field_errors(html)  # the error shows, the choice stays
