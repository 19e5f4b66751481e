"""Staff workspace pages: dashboard, walk-in registration, certificates, posting, verification, review."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.core.validators import make_resident_id, make_uscc
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus
from lingong.notifications.senders import LogSender
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of
from lingong.workers import services as worker_services
from lingong.workers.models import ConsentRecord, WorkerProfile

pytestmark = pytest.mark.django_db

WALK_IN = "/staff/walk-in/"


def _walk_in_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "phone": "13633330001",
        "consent_channel": "paper",
        "otp_code": "",
        "consent_reference": "SQ-2026-0001",
        "real_name": "赵大勇",
        "id_number": make_resident_id("130202", dt.date(1970, 8, 1), 35),
        "home_division": "130202002",
        "travel_radius_km": "5",
        "expected_pay": "200",
        "expected_pay_unit": "day",
        "day_type": "any",
        "skill_0": "construction_laborer",
        "years_0": "20",
        "skill_1": "",
        "skill_2": "",
        "about": "",
    }
    data.update(overrides)
    return data


# --- Dashboard ------------------------------------------------------------------------------------


def test_market_admin_dashboard_shows_totals(client: Client, cast) -> None:
    t.make_job(cast.employer, admin=cast.admin, headcount=3)
    t.make_job(cast.other_employer, admin=cast.admin, headcount=2)
    job_services.create_job(actor=cast.employer, data=t.job_input(title="待审核岗位"))
    t.make_employer(cast.market, name="唐山待认证物流有限公司", verified=False)
    login(client, cast.admin)
    html = get_page(client, reverse("staff:dashboard"))
    text = text_of(html)
    assert 'data-testid="totals"' in html
    stats = {label: int(n) for n, label in re.findall(r'<div class="stat"><b>(\d+)</b>([^<]+)</div>', html)}
    assert stats == {
        "登记求职者": 2,
        "认证用工单位": 2,
        "招聘中岗位": 2,
        "招聘名额": 5,
        "已录用人次": 0,
    }
    assert cast.market.name in text
    assert "单位认证" in text and "岗位审核" in text
    assert "机构管理（后台）" in text
    # One enterprise and one job are waiting: the buttons carry badges.
    assert re.search(r'单位认证 <span class="badge">1</span>', html)
    assert re.search(r'岗位审核 <span class="badge">1</span>', html)


def test_station_staff_dashboard_has_no_market_totals(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = get_page(client, reverse("staff:dashboard"))
    text = text_of(html)
    assert 'data-testid="totals"' not in html
    assert cast.station.name in text  # the scope label
    assert "代为登记求职者" in text
    assert "岗位审核" not in text
    assert f'href="{reverse("org:station_poster", args=[cast.station.pk])}"' in html
    assert "江小军" in text  # registered at this station
    assert "李建国" not in text  # registered at the other station


# --- Walk-in registration -------------------------------------------------------------------------


def test_walk_in_form_renders(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = get_page(client, WALK_IN)
    text = text_of(html)
    assert "代为登记求职者" in text
    assert "已签纸质授权书" in text and "向求职者手机发送验证码" in text
    for name in ("phone", "consent_channel", "otp_code", "consent_reference", "real_name", "id_number"):
        assert f'name="{name}"' in html


def test_walk_in_with_paper_consent(client: Client, cast) -> None:
    login(client, cast.station_staff)
    path, html = follow(client, WALK_IN, {**_walk_in_data(), "register": "1"})
    assert path == reverse("staff:workers")
    text = text_of(html)
    assert "已为赵大勇完成登记" in text
    assert "赵大勇" in text and "136****0001" in text
    profile = WorkerProfile.objects.get(user__phone="13633330001")
    assert profile.station == cast.station
    assert profile.registration_channel == "station"
    assert profile.registered_by == cast.station_staff
    assert profile.is_complete
    paper = ConsentRecord.objects.filter(user=profile.user, channel="paper", reference="SQ-2026-0001")
    assert set(paper.values_list("purpose", flat=True)) == {"registration", "sensitive"}
    assert set(paper.values_list("recorded_by", flat=True)) == {cast.station_staff.pk}


def test_walk_in_records_only_the_consent_the_worker_gave(client: Client, cast) -> None:
    login(client, cast.station_staff)
    follow(client, WALK_IN, {**_walk_in_data(), "register": "1"})
    consents = ConsentRecord.objects.filter(user__phone="13633330001")
    assert set(consents.values_list("channel", flat=True)) == {"paper"}


def test_walk_in_with_paper_consent_needs_the_form_number(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = post_page(client, WALK_IN, {**_walk_in_data(consent_reference=""), "register": "1"})
    assert "请填写纸质授权书编号" in field_errors(html)
    assert not WorkerProfile.objects.filter(user__phone="13633330001").exists()


def test_walk_in_with_sms_consent(client: Client, cast, django_capture_on_commit_callbacks) -> None:
    login(client, cast.station_staff)
    data = _walk_in_data(consent_channel="sms_code", consent_reference="")
    with django_capture_on_commit_callbacks(execute=True):
        html = post_page(client, WALK_IN, {**data, "send_code": "1"})
    assert "验证码已发送到求职者手机" in text_of(html)
    assert 'value="赵大勇"' in html  # the form keeps what staff typed
    sent = [m for m in LogSender.outbox if m["phone"] == "13633330001"]
    assert len(sent) == 1 and sent[0]["template"] == "otp_consent"
    code = sent[0]["params"]["code"]

    html = post_page(
        client, WALK_IN, {**data, "otp_code": "000000" if code != "000000" else "111111", "register": "1"}
    )
    assert "验证码不正确" in field_errors(html)
    assert not WorkerProfile.objects.filter(user__phone="13633330001").exists()

    path, html = follow(client, WALK_IN, {**data, "otp_code": code, "register": "1"})
    assert path == reverse("staff:workers")
    assert "已为赵大勇完成登记" in text_of(html)
    profile = WorkerProfile.objects.get(user__phone="13633330001")
    by_sms = ConsentRecord.objects.filter(user=profile.user, channel="sms_code", reference="sms")
    assert set(by_sms.values_list("purpose", flat=True)) == {"registration", "sensitive"}


def test_walk_in_with_a_bad_id_number_is_refused(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = post_page(client, WALK_IN, {**_walk_in_data(id_number="130202197008010350"), "register": "1"})
    assert "身份证号码" in field_errors(html)
    assert not WorkerProfile.objects.filter(user__phone="13633330001").exists()


def test_walk_in_shows_every_error_after_one_submit(client: Client, cast) -> None:
    login(client, cast.station_staff)
    data = _walk_in_data(
        phone="12345",
        real_name="赵",
        id_number="130202197008010350",
        consent_reference="",
        skill_0="",
        travel_radius_km="abc",
    )
    html = post_page(client, WALK_IN, {**data, "register": "1"})
    errors = field_errors(html)
    for expected in (
        "手机号",  # the phone's own message names it
        "请填写纸质授权书编号",
        "请填写2至30个字的真实姓名",
        "身份证号码",
        "这个字段是必填项",  # the first skill, refused by the form itself
        "输入整数",  # the travel radius
    ):
        assert expected in errors, (expected, errors)
    assert "有6处需要修改" in errors
    assert html.count('class="errorlist') == 6
    assert not WorkerProfile.objects.filter(user__phone__endswith="12345").exists()
    assert 'value="赵"' in html  # what staff typed stays in the form


def test_walk_in_form_errors_do_not_spend_the_workers_code(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    from lingong.accounts.models import OtpCode

    login(client, cast.station_staff)
    data = _walk_in_data(consent_channel="sms_code", consent_reference="")
    with django_capture_on_commit_callbacks(execute=True):
        post_page(client, WALK_IN, {**data, "send_code": "1"})
    html = post_page(client, WALK_IN, {**data, "otp_code": "000000", "skill_0": "", "register": "1"})
    assert "这个字段是必填项" in field_errors(html)
    assert OtpCode.objects.get(phone="13633330001").attempts == 0


def test_sending_the_code_needs_only_the_phone(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    login(client, cast.station_staff)
    with django_capture_on_commit_callbacks(execute=True):
        html = post_page(client, WALK_IN, {"phone": "13633330002", "send_code": "1"})
    assert "验证码已发送到求职者手机" in text_of(html)
    assert "errorlist" not in html  # the rest of the form is not judged yet
    assert [m["phone"] for m in LogSender.outbox][-1] == "13633330002"
    html = post_page(client, WALK_IN, {"phone": "12345", "send_code": "1"})
    assert "msg-error" in html and "手机号" in text_of(html)


# --- Certificates ---------------------------------------------------------------------------------


def test_station_staff_verify_a_certificate(client: Client, cast) -> None:
    cert = worker_services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="special_equipment_forklift",
        number="TZ-1302-8899",
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    login(client, cast.station_staff)
    html = get_page(client, reverse("staff:workers"))
    text = text_of(html)
    assert "待核验证书" in text
    assert "江小军" in text and "TZ-1302-8899" in text
    assert "已核对原件，通过" in text
    path, html = follow(client, reverse("staff:verify_certificate", args=[cert.pk]))
    assert path == reverse("staff:workers")
    assert "证书已核验" in text_of(html)
    assert "待核验证书" not in text_of(html)
    cert.refresh_from_db()
    assert cert.verified_by == cast.station_staff and cert.verified_at is not None


def test_other_station_cannot_verify_my_workers_certificate(client: Client, cast) -> None:
    cert = worker_services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="health_certificate",
        number="JK-0001",
    )
    login(client, cast.other_station_staff)
    assert "JK-0001" not in text_of(get_page(client, reverse("staff:workers")))
    _path, html = follow(client, reverse("staff:verify_certificate", args=[cert.pk]))
    assert "您没有权限核验该证书" in text_of(html)
    cert.refresh_from_db()
    assert cert.verified_at is None


def test_workers_page_searches_by_name(client: Client, cast) -> None:
    login(client, cast.admin)
    html = get_page(client, f"{reverse('staff:workers')}?q=李建")
    text = text_of(html)
    assert "李建国" in text and "江小军" not in text
    assert cast.other_worker.user.phone not in html  # masked in the list


# --- Posting for an employer ----------------------------------------------------------------------


def test_staff_post_a_job_for_a_verified_enterprise_and_it_is_reviewed(client: Client, cast) -> None:
    enterprise = t.enterprise_of(cast.employer)
    unverified = t.make_employer(cast.market, name="唐山未认证建材有限公司", verified=False)
    login(client, cast.station_staff)
    html = get_page(client, reverse("staff:job_new"))
    # The employer is searched for, not chosen from a list of every employer in the market.
    assert 'data-testid="enterprise-picker"' in html
    assert enterprise.name not in html and t.enterprise_of(unverified).name not in html
    found = client.get(reverse("staff:enterprise_search"), {"enterprise_q": "唐山"}).content.decode()
    assert enterprise.name in found and t.enterprise_of(unverified).name not in found
    today = timezone.localdate()
    data = {
        "enterprise": str(enterprise.pk),
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
    response = client.post(reverse("staff:job_new"), data)
    job = JobPosting.objects.get(title="友谊里社区搬家工")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_applicants", args=[job.pk])
    # Station staff post the employer's way (staff scope): reviewed first, as the employer (verified
    # today) would be, then it opens.
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.enterprise == enterprise
    assert job.station == cast.station and job.source_channel == "station"
    html = get_page(client, response["Location"])
    assert "审核通过后公开" in text_of(html)
    client.logout()
    assert "友谊里社区搬家工" not in text_of(get_page(client, reverse("jobs:list")))
    job_services.approve_job(actor=cast.centre_staff, job_id=job.pk)
    assert "友谊里社区搬家工" in text_of(get_page(client, reverse("jobs:list")))


def test_staff_job_form_errors_show_on_the_page(client: Client, cast) -> None:
    login(client, cast.station_staff)
    html = post_page(client, reverse("staff:job_new"), {"title": "x"})
    assert "field has-error" in html
    assert not JobPosting.objects.filter(title="x").exists()


def test_staff_register_an_enterprise(client: Client, cast) -> None:
    login(client, cast.station_staff)
    data = {
        "kind": "enterprise",
        "name": "唐山路南小张五金店",
        "credit_code": make_uscc("92130202MA0XY7788"),
        "industry": "retail",
        "division": "130202002",
        "address": "唐山市路南区友谊路5号",
        "contact_name": "张建华",
        "contact_phone": "13700001111",
    }
    path, html = follow(client, reverse("staff:enterprise_new"), data)
    assert path == reverse("staff:dashboard")
    assert "用工单位已登记，等待市场审核认证" in text_of(html)
    enterprise = Enterprise.objects.get(name="唐山路南小张五金店")
    assert enterprise.station == cast.station and enterprise.status == VerificationStatus.PENDING


# --- Enterprise verification ----------------------------------------------------------------------


@pytest.fixture
def pending_enterprise(cast) -> Enterprise:
    return employer_services.register_employer(
        phone=t.next_phone(), password=t.PASSWORD, data=t.enterprise_input("唐山待认证物流有限公司")
    )


def test_admin_sees_and_verifies_a_pending_enterprise(client: Client, cast, pending_enterprise) -> None:
    login(client, cast.admin)
    html = get_page(client, reverse("staff:enterprises"))
    text = text_of(html)
    assert html.count('data-testid="pending-enterprise"') == 1
    assert "唐山待认证物流有限公司" in text
    assert pending_enterprise.credit_code in text
    path, html = follow(client, reverse("staff:enterprise_decision", args=[pending_enterprise.pk, "verify"]))
    assert path == reverse("staff:enterprises")
    assert "已认证" in text_of(html)
    assert "没有待认证的单位" in text_of(html)
    pending_enterprise.refresh_from_db()
    assert pending_enterprise.status == VerificationStatus.VERIFIED
    assert pending_enterprise.verified_by == cast.admin


def test_admin_rejects_an_enterprise_with_a_reason(client: Client, cast, pending_enterprise) -> None:
    login(client, cast.admin)
    url = reverse("staff:enterprise_decision", args=[pending_enterprise.pk, "reject"])
    _path, html = follow(client, url, {"reason": ""})
    assert "请填写2至200字的不通过原因" in text_of(html)
    pending_enterprise.refresh_from_db()
    assert pending_enterprise.status == VerificationStatus.PENDING
    _path, html = follow(client, url, {"reason": "营业执照照片不清晰"})
    assert "已退回" in text_of(html)
    pending_enterprise.refresh_from_db()
    assert pending_enterprise.status == VerificationStatus.REJECTED
    assert pending_enterprise.rejection_reason == "营业执照照片不清晰"
    # The employer sees the reason on their dashboard.
    employer = pending_enterprise.members.get().user
    client.logout()
    login(client, employer)
    text = text_of(get_page(client, reverse("jobs:employer_dashboard")))
    assert "认证未通过：营业执照照片不清晰" in text


# --- Job review -----------------------------------------------------------------------------------


@pytest.fixture
def pending_job(cast) -> JobPosting:
    return job_services.create_job(actor=cast.employer, data=t.job_input(title="待审核的铲车司机"))


def test_admin_approves_a_job(client: Client, cast, pending_job) -> None:
    login(client, cast.admin)
    html = get_page(client, reverse("staff:job_reviews"))
    text = text_of(html)
    assert html.count('data-testid="pending-job"') == 1
    assert "待审核的铲车司机" in text and "唐山鑫达路桥工程有限公司" in text
    path, html = follow(client, reverse("staff:job_decision", args=[pending_job.pk, "approve"]))
    assert path == reverse("staff:job_reviews")
    assert "岗位已通过审核并公开" in text_of(html)
    assert "没有待审核的岗位" in text_of(html)
    pending_job.refresh_from_db()
    assert pending_job.status == JobStatus.OPEN
    assert cast.employer.notifications.filter(kind="job_approved").exists()


def test_admin_rejects_a_job_with_a_note(client: Client, cast, pending_job) -> None:
    login(client, cast.centre_staff)
    _path, html = follow(
        client,
        reverse("staff:job_decision", args=[pending_job.pk, "reject"]),
        {"reason": "请写明具体工作时间"},
    )
    assert "已退回" in text_of(html)
    pending_job.refresh_from_db()
    assert pending_job.status == JobStatus.REJECTED
    assert pending_job.review_note == "请写明具体工作时间"
    client.logout()
    login(client, cast.employer)
    html = get_page(client, reverse("jobs:job_applicants", args=[pending_job.pk]))
    assert "审核意见：请写明具体工作时间" in text_of(html)
    assert "提交审核" in text_of(html)


def test_staff_jobs_page_lists_postings_in_scope(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="市场内岗位")
    login(client, cast.admin)
    html = get_page(client, reverse("staff:jobs"))
    text = text_of(html)
    assert "市场内岗位" in text
    assert f'href="{reverse("jobs:job_applicants", args=[job.pk])}"' in html
