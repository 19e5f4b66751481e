"""The worker's own pages: profile form and 'my applications' with accept / decline / withdraw."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.core.validators import make_resident_id
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobStatus
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of
from lingong.workers import services as worker_services
from lingong.workers.models import ConsentPurpose, ConsentRecord, WorkerProfile

pytestmark = pytest.mark.django_db

PROFILE = "/me/profile/"
GOOD_ID = make_resident_id("130202", dt.date(1988, 3, 9), 123)


def _bad_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % len(digits)]


@pytest.fixture
def newcomer(cast) -> WorkerProfile:
    """A worker who has just registered: no name, no ID number, no skills yet."""
    return worker_services.register_worker(
        phone=t.next_phone(), password=t.PASSWORD, display_name="小刘", consent=True
    )


def _profile_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "real_name": "刘海波",
        "id_number": GOOD_ID,
        "home_division": "130202002",
        "travel_radius_km": "15",
        "expected_pay": "280",
        "expected_pay_unit": "day",
        "day_type": "any",
        "workdays": ["0", "1", "2"],
        "work_start": "07:30",
        "work_end": "17:00",
        "skill_0": "loader_driver",
        "years_0": "6",
        "skill_1": "construction_laborer",
        "years_1": "2",
        "skill_2": "",
        "years_2": "",
        "about": "开了六年铲车",
    }
    data.update(overrides)
    return data


# --- Profile --------------------------------------------------------------------------------------


def test_profile_page_renders_the_form(client: Client, newcomer) -> None:
    login(client, newcomer.user)
    html = get_page(client, PROFILE)
    text = text_of(html)
    assert "我的求职资料" in text
    for name in ("real_name", "id_number", "home_division", "skill_0", "workdays", "certificate_type"):
        assert f'name="{name}"' in html
    assert "友谊街道" in text  # the division list includes Lunan's sub-districts
    assert '<option value="loader_driver">装载机司机</option>' in html  # the skill list
    assert "我的证书" in text


def test_profile_with_a_wrong_id_check_digit_shows_the_error_and_saves_nothing(
    client: Client, newcomer
) -> None:
    login(client, newcomer.user)
    html = post_page(client, PROFILE, _profile_data(id_number=_bad_check_digit(GOOD_ID)))
    assert "身份证号码校验位不正确" in field_errors(html)
    assert 'value="刘海波"' in html  # the rest of what was typed is kept
    newcomer.refresh_from_db()
    assert newcomer.real_name == ""
    assert not newcomer.id_number
    assert newcomer.home_division_id is None
    assert not newcomer.skills.exists()
    assert not newcomer.availability.exists()


def test_first_profile_needs_an_id_number(client: Client, newcomer) -> None:
    login(client, newcomer.user)
    html = post_page(client, PROFILE, _profile_data(id_number=""))
    assert "首次填写请提供身份证号码" in field_errors(html)
    newcomer.refresh_from_db()
    assert newcomer.real_name == ""


def test_profile_rejects_work_hours_that_end_before_they_start(client: Client, newcomer) -> None:
    login(client, newcomer.user)
    html = post_page(client, PROFILE, _profile_data(work_start="18:00", work_end="08:00"))
    assert "结束时间须晚于开始时间" in field_errors(html)
    newcomer.refresh_from_db()
    assert not newcomer.id_number


def test_valid_profile_is_saved(client: Client, newcomer) -> None:
    login(client, newcomer.user)
    path, html = follow(client, PROFILE, _profile_data())
    assert path == reverse("jobs:list")
    assert "资料已保存" in text_of(html)
    assert "填写求职资料后才能报名" not in text_of(html)
    newcomer.refresh_from_db()
    assert newcomer.real_name == "刘海波"
    assert newcomer.id_number == GOOD_ID
    assert newcomer.birth_date == dt.date(1988, 3, 9)
    assert newcomer.gender == "male"
    assert newcomer.home_division_id == "130202002"
    assert newcomer.home_lat is not None and newcomer.is_complete
    assert newcomer.travel_radius_km == 15
    assert str(newcomer.expected_pay) == "280.00"
    assert dict(newcomer.skills.values_list("occupation_id", "years")) == {
        "loader_driver": 6,
        "construction_laborer": 2,
    }
    assert sorted(newcomer.availability.values_list("weekday", flat=True)) == [0, 1, 2]
    assert newcomer.about == "开了六年铲车"
    # Coming back shows the saved values and the masked ID, never the full number.
    html = get_page(client, PROFILE)
    assert 'value="刘海波"' in html
    assert GOOD_ID not in html
    assert f"{GOOD_ID[:3]}***********{GOOD_ID[-4:]}" in html


def test_profile_can_be_changed_without_retyping_the_id(client: Client, cast) -> None:
    worker = cast.worker
    login(client, worker.user)
    follow(client, PROFILE, _profile_data(id_number="", real_name="江小军", about="会开叉车"))
    worker.refresh_from_db()
    assert worker.about == "会开叉车"
    assert worker.id_number  # unchanged


def test_profile_redirects_back_to_a_safe_next(client: Client, newcomer) -> None:
    login(client, newcomer.user)
    response = client.post(f"{PROFILE}?next=/jobs/", _profile_data())
    assert response["Location"] == "/jobs/"
    newcomer.user.refresh_from_db()
    client2 = login(Client(), newcomer.user)
    response = client2.post(f"{PROFILE}?next=https://evil.example/", _profile_data(id_number=""))
    assert response["Location"] == reverse("jobs:list")


def test_id_number_of_another_worker_is_refused(client: Client, cast, newcomer) -> None:
    login(client, newcomer.user)
    html = post_page(client, PROFILE, _profile_data(id_number=cast.worker.id_number))
    assert "该身份证号码已登记在其他账户下" in field_errors(html)


def test_worker_adds_a_certificate(client: Client, cast) -> None:
    login(client, cast.worker.user)
    path, html = follow(
        client,
        reverse("workers:add_certificate"),
        {
            "certificate_type": "special_equipment_forklift",
            "number": "T130202198805",
            "issuer": "唐山市市场监管局",
        },
    )
    assert path == PROFILE
    text = text_of(html)
    assert "证书已提交" in text
    assert "T130202198805" in text and "待驿站核验" in text


# --- My applications ------------------------------------------------------------------------------


@pytest.fixture
def offered(cast) -> Application:
    job = t.make_job(cast.employer, admin=cast.admin, title="丰南铲车司机（录用）")
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    return job_services.offer(actor=cast.employer, application_id=application.pk)


def test_applications_page_lists_each_application_with_its_status(client: Client, cast, offered) -> None:
    pending = t.make_job(cast.other_employer, admin=cast.admin, title="路南食堂帮厨")
    job_services.apply(actor=cast.worker.user, job_id=pending.pk)
    login(client, cast.worker.user)
    html = get_page(client, reverse("jobs:worker_applications"))
    text = text_of(html)
    assert html.count('data-testid="application"') == 2
    assert "丰南铲车司机（录用）" in text and "路南食堂帮厨" in text
    assert 'data-testid="application-status">已发录用<' in html
    assert 'data-testid="application-status">已报名<' in html
    assert html.count('data-testid="accept-offer"') == 1
    assert "婉拒" in text and "撤回报名" in text


def test_worker_accepts_an_offer(client: Client, cast, offered) -> None:
    login(client, cast.worker.user)
    path, html = follow(client, reverse("workflow:accept_offer", args=[offered.pk]))
    # The next step is the contract: the worker lands on it, told to sign before starting.
    offered.refresh_from_db()
    contract = offered.engagement.contracts.get()
    assert path == reverse("contracts:detail", args=[contract.pk])
    assert "已接受录用。开工前请先签署劳务协议" in text_of(html)
    html = get_page(client, reverse("jobs:worker_applications"))
    assert 'data-testid="application-status">已接受<' in html
    assert 'data-testid="accept-offer"' not in html
    assert offered.status == ApplicationStatus.ACCEPTED
    assert offered.job.status == JobStatus.FILLED


def test_worker_declines_an_offer(client: Client, cast, offered) -> None:
    login(client, cast.worker.user)
    _path, html = follow(client, reverse("jobs:worker_application_action", args=[offered.pk, "decline"]))
    assert "已婉拒" in text_of(html)
    offered.refresh_from_db()
    assert offered.status == ApplicationStatus.DECLINED


def test_worker_withdraws_an_application(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    login(client, cast.worker.user)
    _path, html = follow(client, reverse("jobs:worker_application_action", args=[application.pk, "withdraw"]))
    assert "已撤回报名" in text_of(html)
    assert 'data-testid="application-status">已撤回<' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # The job page offers to apply again.
    assert 'data-testid="apply-button"' in get_page(client, reverse("jobs:detail", args=[job.pk]))


def test_accepting_twice_shows_an_error(client: Client, cast, offered) -> None:
    login(client, cast.worker.user)
    url = reverse("workflow:accept_offer", args=[offered.pk])
    client.post(url)
    _path, html = follow(client, url)
    assert "不能进行此操作" in text_of(html)


def test_another_worker_cannot_act_on_my_application(client: Client, cast, offered) -> None:
    login(client, cast.other_worker.user)
    _path, html = follow(client, reverse("workflow:accept_offer", args=[offered.pk]))
    assert "这不是您的报名" in text_of(html)
    offered.refresh_from_db()
    assert offered.status == ApplicationStatus.OFFERED
    assert "丰南铲车司机（录用）" not in text_of(get_page(client, reverse("jobs:worker_applications")))


def test_unknown_action_changes_nothing(client: Client, cast, offered) -> None:
    login(client, cast.worker.user)
    response = client.post(reverse("jobs:worker_application_action", args=[offered.pk, "delete"]))
    assert response.status_code == 302
    offered.refresh_from_db()
    assert offered.status == ApplicationStatus.OFFERED


def test_no_applications_yet(client: Client, cast) -> None:
    login(client, cast.other_worker.user)
    text = text_of(get_page(client, reverse("jobs:worker_applications")))
    assert "还没有报名记录" in text
    assert "去找工作" in text


def test_profile_page_saves_intended_districts(cast, client):
    from lingong.workers.models import WorkerProfile

    worker = cast.worker
    client.force_login(worker.user)
    form = client.get("/me/profile/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        real_name=worker.real_name,
        id_number="",
        home_division="130202",
        travel_radius_km=15,
        expected_pay_unit="day",
        day_type="any",
        skill_0="loader_driver",
        years_0=8,
        intended_divisions=["130207", "130202"],
    )
    response = client.post("/me/profile/", data)
    assert response.status_code == 302
    codes = sorted(d.code for d in WorkerProfile.objects.get(pk=worker.pk).intended_divisions.all())
    assert codes == ["130202", "130207"]


def test_worker_gives_and_withdraws_the_share_contact_consent(client: Client, cast) -> None:
    """Issue 9: the separate consent shows the full phone to the employers of jobs applied to before any
    offer; withdrawing it masks it again. Both from the profile page, equally easy."""
    job = t.make_job(cast.employer, admin=cast.admin)
    job_services.apply(actor=cast.worker.user, job_id=job.pk)
    applicants = reverse("jobs:job_applicants", args=[job.pk])
    employer = Client()
    login(employer, cast.employer)
    assert cast.worker.user.phone not in get_page(employer, applicants)

    login(client, cast.worker.user)
    profile = get_page(client, reverse("workers:profile"))
    assert "同意报名后提供完整手机号码" in text_of(profile)
    _url, html = follow(client, reverse("workers:share_contact"), {"share": "1"})
    assert "已同意" in text_of(html) and "撤回同意" in text_of(html)
    consent = ConsentRecord.objects.get(user=cast.worker.user, purpose=ConsentPurpose.SHARE_CONTACT)
    assert consent.withdrawn_at is None and consent.notice_version
    follow(client, reverse("workers:share_contact"), {"share": "1"})  # giving it twice keeps one record
    assert ConsentRecord.objects.filter(purpose=ConsentPurpose.SHARE_CONTACT).count() == 1
    assert f'href="tel:{cast.worker.user.phone}"' in get_page(employer, applicants)

    _url, html = follow(client, reverse("workers:share_contact"), {"share": "0"})
    assert "已撤回" in text_of(html)
    assert cast.worker.user.phone not in get_page(employer, applicants)
    assert cast.worker.user.masked_phone in get_page(employer, applicants)
