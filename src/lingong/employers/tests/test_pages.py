"""Employer pages: sign-up, dashboard, posting a job, the applicants page and its actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.core.masking import mask_id_number
from lingong.core.validators import make_uscc
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of
from lingong.workers.models import ConsentChannel, ConsentPurpose, ConsentRecord
from lingong.workflow import chain

pytestmark = pytest.mark.django_db

REGISTER = "/employer/register/"
GOOD_USCC = make_uscc("91130202MA0AB12C3")


def _register_data(**overrides: str) -> dict[str, str]:
    data = {
        "phone": "13812340001",
        "password": t.PASSWORD,
        "kind": "enterprise",
        "name": "唐山市路南区好帮手家政服务有限公司",
        "credit_code": GOOD_USCC,
        "contact_id_number": "",
        "industry": "housekeeping",
        "division": "130202003",
        "address": "唐山市路南区新华东道12号",
        "contact_name": "王桂兰",
        "contact_phone": "13812340001",
    }
    data.update(overrides)
    return data


def _job_data(**overrides: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "title": "急招商场保洁2名",
        "occupations": ["cleaner"],
        "description": "万达广场日常保洁，早7点到下午3点。",
        "headcount": "2",
        "pay_unit": "day",
        "pay_amount": "160",
        "division": "130202003",
        "address": "唐山市路南区新华道万达广场",
        "start_date": (today + dt.timedelta(days=1)).isoformat(),
        "end_date": (today + dt.timedelta(days=10)).isoformat(),
        "daily_start_time": "07:00",
        "daily_end_time": "15:00",
        "daily_hours": "8",
        "settlement_cycle": "daily",
        "is_urgent": "on",
        "insurance_required": "on",
    }
    data.update(overrides)
    return data


# --- Sign-up --------------------------------------------------------------------------------------


def test_register_page_renders(client: Client, cast) -> None:
    html = get_page(client, REGISTER)
    text = text_of(html)
    assert "用工单位注册" in text
    assert "统一社会信用代码" in text
    assert '<option value="housekeeping">' in html


def test_register_with_a_bad_credit_code_shows_the_error(client: Client, cast) -> None:
    bad = GOOD_USCC[:17] + ("0" if GOOD_USCC[17] != "0" else "1")
    html = post_page(client, REGISTER, _register_data(credit_code=bad))
    assert "统一社会信用代码校验位不正确" in field_errors(html)
    assert not Enterprise.objects.filter(name="唐山市路南区好帮手家政服务有限公司").exists()
    assert not User.objects.filter(phone="13812340001").exists()


def test_register_signs_in_and_shows_the_pending_dashboard(client: Client, cast) -> None:
    path, html = follow(client, REGISTER, _register_data())
    assert path == reverse("jobs:employer_dashboard")
    text = text_of(html)
    assert "注册成功" in text
    assert "唐山市路南区好帮手家政服务有限公司" in text
    assert 'data-testid="enterprise-status">待审核<' in html
    assert "正在等待市场工作人员审核" in text
    assert "还没有发布岗位" in text
    enterprise = Enterprise.objects.get(credit_code=GOOD_USCC)
    assert enterprise.status == VerificationStatus.PENDING
    user = User.objects.get(phone="13812340001")
    assert user.role == Role.EMPLOYER
    assert int(client.session["_auth_user_id"]) == user.pk


# --- Dashboard and posting ------------------------------------------------------------------------


def test_dashboard_lists_my_jobs_with_counts(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="丰南铲车司机", headcount=3)
    job_services.apply(actor=cast.worker.user, job_id=job.pk)
    t.make_job(cast.other_employer, admin=cast.admin, title="别家的岗位")
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:employer_dashboard"))
    text = text_of(html)
    assert 'data-testid="enterprise-status">已认证<' in html
    assert html.count('data-testid="my-job"') == 1
    assert "丰南铲车司机" in text and "别家的岗位" not in text
    assert "招3人 · 报名1人 · 已录用0人" in text
    assert f'href="{reverse("jobs:job_applicants", args=[job.pk])}"' in html
    assert 'data-testid="new-job"' in html


def test_new_job_form_renders(client: Client, cast) -> None:
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_new"))
    text = text_of(html)
    assert "发布用工需求" in text
    assert 'name="occupations"' in html and 'name="certificates_required"' in html
    assert "提交审核并发布" in text and "保存草稿" in text


def test_new_job_ending_before_it_starts_is_refused_on_the_page(client: Client, cast) -> None:
    today = timezone.localdate()
    login(client, cast.employer)
    html = post_page(
        client,
        reverse("jobs:job_new"),
        _job_data(
            start_date=(today + dt.timedelta(days=5)).isoformat(),
            end_date=(today + dt.timedelta(days=2)).isoformat(),
        ),
    )
    assert "结束日期不能早于开始日期" in field_errors(html)
    assert 'value="急招商场保洁2名"' in html
    assert not JobPosting.objects.filter(title="急招商场保洁2名").exists()


def test_verified_employer_submits_a_job_for_review(client: Client, cast) -> None:
    login(client, cast.employer)
    response = client.post(reverse("jobs:job_new"), _job_data())
    job = JobPosting.objects.get(title="急招商场保洁2名")
    assert response["Location"] == reverse("jobs:job_applicants", args=[job.pk])
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.headcount == 2 and job.is_urgent and job.insurance_required
    assert list(job.occupations.values_list("code", flat=True)) == ["cleaner"]
    html = get_page(client, response["Location"])
    text = text_of(html)
    assert "岗位已提交审核" in text
    assert 'data-testid="job-status">待审核<' in html
    assert "还没有人报名" in text


def test_unverified_employer_can_only_save_a_draft(client: Client, cast) -> None:
    employer = t.make_employer(cast.market, name="唐山未认证建材有限公司", verified=False)
    login(client, employer)
    html = post_page(client, reverse("jobs:job_new"), _job_data())
    assert "单位认证通过后才能发布岗位，可先保存为草稿" in field_errors(html)
    assert not JobPosting.objects.filter(title="急招商场保洁2名").exists()

    path, html = follow(client, reverse("jobs:job_new"), {**_job_data(), "draft": "1"})
    job = JobPosting.objects.get(title="急招商场保洁2名")
    assert path == reverse("jobs:job_applicants", args=[job.pk])
    assert job.status == JobStatus.DRAFT
    assert "已保存草稿" in text_of(html)
    assert 'data-testid="job-status">草稿<' in html
    # Submitting the draft is still refused until the enterprise is verified.
    _path, html = follow(client, reverse("jobs:job_action", args=[job.pk, "submit"]))
    assert "单位认证通过后才能发布岗位" in text_of(html)
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_employer_edits_a_job(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="丰南铲车司机")
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_edit", args=[job.pk]))
    assert 'value="丰南铲车司机"' in html
    data = _job_data(title="丰南铲车司机（加急）", occupations=["loader_driver"], division="130207")
    path, html = follow(client, reverse("jobs:job_edit", args=[job.pk]), data)
    assert path == reverse("jobs:job_applicants", args=[job.pk])
    assert "岗位已更新" in text_of(html)
    job.refresh_from_db()
    assert job.title == "丰南铲车司机（加急）"


def test_employer_closes_a_job(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    login(client, cast.employer)
    _path, html = follow(client, reverse("jobs:job_action", args=[job.pk, "close"]))
    assert "岗位已关闭" in text_of(html)
    assert 'data-testid="job-status">已关闭<' in html


# --- Applicants -----------------------------------------------------------------------------------


@pytest.fixture
def applied(cast) -> tuple[JobPosting, Application, Application]:
    job = t.make_job(cast.employer, admin=cast.admin, title="丰南铲车司机", headcount=2)
    first = job_services.apply(actor=cast.worker.user, job_id=job.pk, message="开了8年铲车")
    second = job_services.apply(actor=cast.other_worker.user, job_id=job.pk)
    return job, first, second


def test_applicants_page_masks_names_and_id_numbers(client: Client, cast, applied) -> None:
    job, _first, _second = applied
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    text = text_of(html)
    assert "报名者（2人）" in text
    assert html.count('data-testid="applicant"') == 2
    for worker in (cast.worker, cast.other_worker):
        worker.refresh_from_db()
        assert worker.masked_name in text  # 江** / 李**
        assert worker.real_name not in text
        assert worker.id_number not in html
        assert mask_id_number(worker.id_number) in text
    assert "江**" in text and "李**" in text
    assert "装载机司机（8年）" in text
    assert "“开了8年铲车”" in text
    assert 'data-testid="applicant-status">已报名<' in html


def test_applicants_phone_is_masked_until_an_offer_is_accepted(client: Client, cast, applied) -> None:
    """Issue 9: the full phone only once the worker accepted this employer's offer (the engagement exists);
    before, 138****1234 and contact through the platform. A withdrawn applicant disappears."""
    job, first, second = applied
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    for worker in (cast.worker, cast.other_worker):
        assert worker.user.phone not in html
        assert worker.user.masked_phone in html
    assert "tel:" not in html
    assert "对方接受录用后显示完整电话" in text_of(html)

    job_services.offer(actor=cast.employer, application_id=first.pk)
    assert cast.worker.user.phone not in get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    chain.accept_offer(actor=cast.worker.user, application_id=first.pk)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    assert f'href="tel:{cast.worker.user.phone}"' in html
    # The engagement page gives the employer the number too; staff see it masked there.
    engagement = Engagement.objects.get(application=first)
    assert f'href="tel:{cast.worker.user.phone}"' in get_page(
        client, reverse("engagements:detail", args=[engagement.pk])
    )
    staff = Client()
    login(staff, cast.admin)
    staff_view = get_page(staff, reverse("engagements:detail", args=[engagement.pk]))
    assert cast.worker.user.phone not in staff_view and cast.worker.user.masked_phone in staff_view
    assert cast.other_worker.user.phone not in html and cast.other_worker.user.masked_phone in html
    # Another employer's posting the same worker applies to: still masked there only if never hired by it.
    other_job = t.make_job(cast.other_employer, admin=cast.admin, title="南湖后厨帮工")
    job_services.apply(actor=cast.worker.user, job_id=other_job.pk)
    login(client, cast.other_employer)
    html = get_page(client, reverse("jobs:job_applicants", args=[other_job.pk]))
    assert cast.worker.user.phone not in html and cast.worker.user.masked_phone in html

    login(client, cast.employer)
    job_services.withdraw(actor=cast.other_worker.user, application_id=second.pk)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    assert cast.other_worker.user.phone not in html
    assert cast.other_worker.user.masked_phone not in html
    assert "李**" not in text_of(html)
    assert html.count('data-testid="applicant"') == 1


def test_separate_consent_shows_the_phone_before_an_offer(client: Client, cast, applied) -> None:
    """A worker who gave the separate consent to share their contact with employers (and has not
    withdrawn it) is shown in full to the employers of jobs they applied to."""
    job, _first, _second = applied
    ConsentRecord.objects.create(
        user=cast.worker.user,
        notice_version="test",
        purpose=ConsentPurpose.SHARE_CONTACT,
        channel=ConsentChannel.APP,
    )
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    assert f'href="tel:{cast.worker.user.phone}"' in html
    assert cast.other_worker.user.phone not in html
    ConsentRecord.objects.filter(user=cast.worker.user).update(withdrawn_at=timezone.now())
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    assert cast.worker.user.phone not in html


def test_employer_shortlists_offers_and_rejects(client: Client, cast, applied) -> None:
    job, first, second = applied
    login(client, cast.employer)
    url = reverse("jobs:job_applicants", args=[job.pk])

    path, html = follow(
        client, reverse("jobs:employer_application_action", args=[first.pk, "shortlist"]), {"job_id": job.pk}
    )
    assert path == url
    assert "已列入候选" in text_of(html)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SHORTLISTED

    _path, html = follow(
        client, reverse("jobs:employer_application_action", args=[first.pk, "offer"]), {"job_id": job.pk}
    )
    assert "已发出录用通知，等待对方确认" in text_of(html)
    assert 'data-testid="applicant-status">已发录用<' in html
    first.refresh_from_db()
    assert first.status == ApplicationStatus.OFFERED

    _path, html = follow(
        client,
        reverse("jobs:employer_application_action", args=[second.pk, "reject"]),
        {"job_id": job.pk, "reason": "暂不需要"},
    )
    assert "已标记为未录用" in text_of(html)
    second.refresh_from_db()
    assert second.status == ApplicationStatus.REJECTED
    assert second.reason == "暂不需要"
    # The worker hears about the offer and the rejection in their inbox.
    assert cast.worker.user.notifications.filter(kind="offer_made").exists()
    assert cast.other_worker.user.notifications.filter(kind="application_rejected").exists()


def test_accepted_offer_fills_the_job_on_the_employer_page(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="丰南铲车司机")
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    login(client, cast.employer)
    follow(
        client,
        reverse("jobs:employer_application_action", args=[application.pk, "offer"]),
        {"job_id": job.pk},
    )
    chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    html = get_page(client, reverse("jobs:job_applicants", args=[job.pk]))
    assert 'data-testid="job-status">已招满<' in html
    assert "招1人，已录用1人" in text_of(html)
    assert 'data-testid="applicant-status">已接受<' in html
    assert 'data-testid="offer-button"' not in html


def test_action_on_a_wrong_state_shows_an_error(client: Client, cast, applied) -> None:
    job, first, _second = applied
    login(client, cast.employer)
    job_services.withdraw(actor=cast.worker.user, application_id=first.pk)
    _path, html = follow(
        client, reverse("jobs:employer_application_action", args=[first.pk, "offer"]), {"job_id": job.pk}
    )
    assert "不能进行此操作" in text_of(html)


def test_unknown_actions_are_404(client: Client, cast, applied) -> None:
    job, first, _second = applied
    login(client, cast.employer)
    assert (
        client.post(reverse("jobs:employer_application_action", args=[first.pk, "hire"])).status_code == 404
    )
    assert client.post(reverse("jobs:job_action", args=[job.pk, "delete"])).status_code == 404


def test_posting_form_fills_itself_from_one_sentence(cast, client):
    client.force_login(cast.employer)
    response = client.post(
        "/employer/jobs/new/", {"parse": "1", "sentence": "丰南招铲车司机2名，公路融雪，干6个月，日结300"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["occupations"] == ["loader_driver"]
    assert form.initial["headcount"] == 2
    assert str(form.initial["pay_amount"]) == "300.00"
    assert form.initial["pay_unit"] == "day"
    assert form.initial["division"] == "130207"
    start, end = form.initial["start_date"], form.initial["end_date"]
    assert start == timezone.localdate()  # the sentence names no start
    # 干6个月: six calendar months, the last one ending the day before the same date (or on a month's end)
    assert 180 <= (end - start).days <= 183
    assert (end + dt.timedelta(days=1)).day in (start.day, 1)
    from lingong.jobs.models import JobPosting

    enterprise = cast.employer.membership.enterprise
    assert not JobPosting.objects.filter(enterprise=enterprise, title__startswith="丰南").exists()


def test_posting_form_takes_a_unit_said_without_an_amount(cast, client):
    client.force_login(cast.employer)
    sentence = "棉被店招弹棉花师傅两名 按床算 路南"
    response = client.post("/employer/jobs/new/", {"parse": "1", "sentence": sentence})
    form = response.context["form"]
    assert form.initial["occupations"] == ["cotton_fluffer"]
    assert form.initial["pay_unit"] == "piece"
    assert "pay_amount" not in form.initial


def test_posting_form_titles_a_relayed_sentence_by_what_it_asks_for(cast, client):
    client.force_login(cast.employer)
    sentence = "帮刘大爷发：后院两棵大树要锯掉，找个人来锯，锯完给三百"
    form = client.post("/employer/jobs/new/", {"parse": "1", "sentence": sentence}).context["form"]
    assert form.initial["title"] == "后院两棵大树要锯掉"  # not "帮刘大爷发：..."
    assert form.initial["occupations"] == ["tree_trimmer"]
    relayed = "【驿站代发】王大爷七十多了，想找个人每天上午来给老人翻身"
    form = client.post("/employer/jobs/new/", {"parse": "1", "sentence": relayed}).context["form"]
    assert form.initial["title"] == "王大爷七十多了"
    plain = "丰南招铲车司机2名，公路融雪"
    assert (
        client.post("/employer/jobs/new/", {"parse": "1", "sentence": plain}).context["form"].initial["title"]
        == "丰南招铲车司机2名"
    )


def test_posting_form_sentence_without_an_occupation_warns(cast, client):
    client.force_login(cast.employer)
    response = client.post("/employer/jobs/new/", {"parse": "1", "sentence": "明天需要人帮忙"}, follow=True)
    assert "没能识别出工种" in response.content.decode()
