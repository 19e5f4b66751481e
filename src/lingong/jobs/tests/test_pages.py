"""Job list, job detail, QR code and applying, through the pages (Django test client)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus
from lingong.pagetools import get_page, login, text_of

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return re.findall(r'<div class="row"><h3>(.*?)</h3>', html)


@pytest.fixture
def jobs(cast):
    """Three open jobs (two trades, two districts, one urgent), a draft and a closed one."""
    today = timezone.localdate()
    loader = t.make_job(cast.employer, admin=cast.admin, title="丰南公路融雪铲车司机")
    cleaner = t.make_job(
        cast.other_employer,
        admin=cast.admin,
        title="路南商场保洁员",
        description="商场日常保洁，早班。",
        occupations=["cleaner"],
        division=t.LUNAN,
        pay_amount=Decimal("150"),
        is_urgent=True,
        start_date=today + dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=30),
    )
    cook = t.make_job(
        cast.other_employer,
        admin=cast.admin,
        title="路南食堂厨师",
        description="职工食堂中餐厨师。",
        occupations=["chinese_cook"],
        division=t.LUNAN,
        pay_amount=Decimal("260"),
    )
    draft = job_services.create_job(actor=cast.employer, data=t.job_input(title="草稿岗位"), submit=False)
    closed = t.make_job(cast.employer, admin=cast.admin, title="已关闭的岗位")
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    return {"loader": loader, "cleaner": cleaner, "cook": cook, "draft": draft, "closed": closed}


# --- List -----------------------------------------------------------------------------------------


def test_job_list_shows_open_jobs_only(client: Client, jobs) -> None:
    html = get_page(client, reverse("jobs:list"))
    text = text_of(html)
    assert "共 3 个岗位" in text
    assert "按发布时间" in text  # an anonymous visitor has no home location
    titles = _titles(html)
    assert set(titles) == {"丰南公路融雪铲车司机", "路南商场保洁员", "路南食堂厨师"}
    assert titles[0] == "路南商场保洁员"  # urgent first
    assert "草稿岗位" not in text and "已关闭的岗位" not in text
    assert html.count('data-testid="job-card"') == 3
    # Cards carry what a worker decides on: pay, trade, employer, district, urgent tag.
    assert "急招" in text
    assert re.search(r'<span class="pay">150(\.00)? 元/天</span>', html)
    assert "唐山南湖餐饮管理有限公司" in text
    assert "路南区" in text
    assert f'href="{reverse("jobs:detail", args=[jobs["cook"].pk])}"' in html
    # The filter form is wired for htmx: results swap into #job-results.
    assert 'hx-target="#job-results"' in html
    assert 'id="job-results"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"occupation": "cleaner"}, {"路南商场保洁员"}),
        ({"division": "130207"}, {"丰南公路融雪铲车司机"}),
        ({"division": t.LUNAN}, {"路南商场保洁员", "路南食堂厨师"}),
        ({"urgent": "on"}, {"路南商场保洁员"}),
        ({"pay_min": "200"}, {"丰南公路融雪铲车司机", "路南食堂厨师"}),
        ({"q": "铲车"}, {"丰南公路融雪铲车司机"}),
        ({"q": "厨师"}, {"路南食堂厨师"}),
        ({"q": "没有这种活"}, set()),
    ],
)
def test_job_list_filters(client: Client, jobs, params: dict[str, str], expected: set[str]) -> None:
    response = client.get(reverse("jobs:list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert set(_titles(html)) == expected
    assert f"共 {len(expected)} 个岗位" in text_of(html)
    if not expected:
        assert "暂时没有符合条件的岗位" in text_of(html)


def test_job_list_filters_by_date(client: Client, jobs) -> None:
    on = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    html = get_page(client, f"{reverse('jobs:list')}?on_date={on}")
    # The cleaner job starts in 20 days, so it is not available on that day.
    assert set(_titles(html)) == {"丰南公路融雪铲车司机", "路南食堂厨师"}


def test_job_list_keeps_filter_values_in_the_form(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?q=厨师&occupation=chinese_cook")
    assert 'value="厨师"' in html
    assert '<option value="chinese_cook" selected>' in html


def test_job_list_reports_a_bad_filter_value(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?pay_min=abc")
    assert "最低报酬（元）" in text_of(html)
    assert 'class="form-error"' in html
    assert "共 3 个岗位" in text_of(html)  # the list still shows, unfiltered


def test_htmx_request_returns_only_the_results_fragment(client: Client, jobs) -> None:
    response = client.get(reverse("jobs:list"), {"occupation": "cleaner"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="job-results">')
    assert "<html" not in html and "<header" not in html and "<form" not in html
    assert _titles(html) == ["路南商场保洁员"]
    assert "共 1 个岗位" in text_of(html)


def test_job_list_is_sorted_by_distance_for_a_worker_with_a_home(client: Client, cast, jobs) -> None:
    login(client, cast.worker.user)  # lives in Lunan
    html = get_page(client, reverse("jobs:list"))
    text = text_of(html)
    assert "按距离由近到远" in text
    titles = _titles(html)
    assert titles[-1] == "丰南公路融雪铲车司机"  # Fengnan is further from Lunan
    distances = [float(d) for d in re.findall(r'data-testid="distance">([\d.]+) 公里', html)]
    assert distances == sorted(distances) and len(distances) == 3


def test_job_list_radius_filter_uses_the_given_location(client: Client, cast, jobs) -> None:
    lunan = cast.market.division
    html = get_page(client, f"{reverse('jobs:list')}?lat={lunan.lat}&lon={lunan.lon}&radius_km=3")
    assert set(_titles(html)) == {"路南商场保洁员", "路南食堂厨师"}


def test_location_outside_the_served_area_is_ignored_with_a_warning(client: Client, jobs) -> None:
    html = get_page(client, f"{reverse('jobs:list')}?lat=31.23&lon=121.47")  # Shanghai
    assert "msg-warning" in html
    assert "共 3 个岗位" in text_of(html)


def test_incomplete_worker_is_asked_to_fill_in_the_profile(client: Client, cast, jobs) -> None:
    from lingong.workers import services as worker_services

    profile = worker_services.register_worker(phone=t.next_phone(), password=t.PASSWORD, consent=True)
    login(client, profile.user)
    html = get_page(client, reverse("jobs:list"))
    assert "填写求职资料后才能报名" in text_of(html)
    assert f'href="{reverse("workers:profile")}"' in html


# --- Detail and QR --------------------------------------------------------------------------------


def test_job_detail_shows_the_facts(client: Client, cast, jobs) -> None:
    job = jobs["loader"]
    html = get_page(client, reverse("jobs:detail", args=[job.pk]))
    text = text_of(html)
    assert job.title in text
    assert "招聘中" in text
    assert "唐山鑫达路桥工程有限公司" in text and "已认证" in text
    assert "唐山市丰南区迎宾路" in text
    assert "冬季公路融雪作业" in text
    assert "1人（剩余1个名额）" in text
    assert "登录后报名" in text  # anonymous visitor
    assert f"{reverse('accounts:login')}?next=" in html
    assert f'<img src="{reverse("jobs:qr", args=[job.pk])}"' in html


def test_job_qr_is_an_svg(client: Client, jobs) -> None:
    job = jobs["loader"]
    response = client.get(reverse("jobs:qr", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg")
    assert f"<title>{job.title}</title>" in body
    assert body.rstrip().endswith("</svg>")


def test_draft_job_is_hidden_from_the_public_but_not_its_employer(client: Client, cast, jobs) -> None:
    draft = jobs["draft"]
    assert client.get(reverse("jobs:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("jobs:qr", args=[draft.pk])).status_code == 404
    login(client, cast.employer)
    text = text_of(get_page(client, reverse("jobs:detail", args=[draft.pk])))
    assert "草稿" in text
    assert "该岗位当前不接受报名" in text
    assert "管理报名者" in text


def test_closed_job_is_visible_but_takes_no_applications(client: Client, cast, jobs) -> None:
    login(client, cast.worker.user)
    html = get_page(client, reverse("jobs:detail", args=[jobs["closed"].pk]))
    assert "已关闭" in text_of(html)
    assert "该岗位当前不接受报名" in text_of(html)
    assert 'data-testid="apply-button"' not in html


def test_worker_sees_distance_and_employer_sees_no_apply_button(client: Client, cast, jobs) -> None:
    job = jobs["cook"]
    login(client, cast.worker.user)
    html = get_page(client, reverse("jobs:detail", args=[job.pk]))
    assert "距您" in text_of(html)
    assert 'data-testid="apply-button"' in html
    client.logout()
    login(client, cast.other_employer)
    html = get_page(client, reverse("jobs:detail", args=[job.pk]))
    assert "只有求职者账号可以报名" in text_of(html)
    assert "管理报名者" in text_of(html)


# --- Applying -------------------------------------------------------------------------------------


def test_worker_applies_from_the_detail_page(client: Client, cast, jobs) -> None:
    job = jobs["cook"]
    login(client, cast.worker.user)
    response = client.post(
        reverse("jobs:apply", args=[job.pk]), {"message": "有健康证，明天能上岗"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    html = response.content.decode()
    text = text_of(html)
    assert "报名成功" in text
    assert 'data-testid="application-status">已报名</b>' in html
    assert 'data-testid="apply-button"' not in html
    application = Application.objects.get(job=job, worker=cast.worker)
    assert application.status == ApplicationStatus.APPLIED
    assert application.message == "有健康证，明天能上岗"


def test_apply_twice_shows_an_error_not_a_crash(client: Client, cast, jobs) -> None:
    job = jobs["cook"]
    login(client, cast.worker.user)
    client.post(reverse("jobs:apply", args=[job.pk]))
    response = client.post(reverse("jobs:apply", args=[job.pk]), follow=True)
    assert response.status_code == 200
    assert "不能进行此操作" in text_of(response.content.decode())
    assert Application.objects.filter(job=job).count() == 1


def test_apply_without_a_profile_sends_the_worker_to_fill_it_in(client: Client, cast, jobs) -> None:
    from lingong.workers import services as worker_services

    profile = worker_services.register_worker(phone=t.next_phone(), password=t.PASSWORD, consent=True)
    job = jobs["cook"]
    login(client, profile.user)
    response = client.post(reverse("jobs:apply", args=[job.pk]))
    assert response.status_code == 302
    assert (
        response["Location"] == f"{reverse('workers:profile')}?next={reverse('jobs:detail', args=[job.pk])}"
    )
    assert not Application.objects.filter(worker=profile).exists()
    html = get_page(client, response["Location"])
    assert "报名前请先填写姓名和身份证号码" in text_of(html)


def test_apply_needs_login_and_post(client: Client, jobs) -> None:
    url = reverse("jobs:apply", args=[jobs["cook"].pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Application.objects.exists()
    assert client.get(url).status_code in (302, 405)  # GET never applies
