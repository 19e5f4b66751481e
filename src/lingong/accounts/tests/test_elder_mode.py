"""Elder mode (长辈模式, issue 12 §3): the toggle, the body class, staff setting it, the call-the-station
button, and staff applying on a worker's behalf with their consent."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from lingong import testing as t
from lingong.accounts.models import OtpCode, OtpPurpose, Role, User
from lingong.accounts.services import send_otp
from lingong.audit.models import AuditEntry
from lingong.core.errors import InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.validators import make_resident_id
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus
from lingong.notifications.senders import LogSender
from lingong.org.models import Market, Station
from lingong.org.selectors import station_to_call
from lingong.pagetools import follow, get_page, login, post_page
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile

pytestmark = pytest.mark.django_db
TOGGLE = "/accounts/elder-mode/"


def _body_class(html: str) -> str:
    match = re.search(r'<body[^>]*class="([^"]*)"', html)
    assert match, "no body class"
    return match.group(1)


# --- The toggle ------------------------------------------------------------------------------------


def test_a_signed_in_worker_switches_elder_mode_on_and_off(client: Client, cast: Any) -> None:
    login(client, cast.worker.user)
    assert "elder" not in _body_class(get_page(client, "/jobs/")).split()
    response = client.post(TOGGLE, {"on": "1", "next": "/jobs/?q=loader"})
    assert response.status_code == 302 and response["Location"] == "/jobs/?q=loader"
    user = User.objects.get(pk=cast.worker.user.pk)
    assert user.elder_mode is True
    html = get_page(client, "/jobs/")
    assert "elder" in _body_class(html).split()
    assert "标准模式" in html  # the toggle now offers the way back
    assert AuditEntry.objects.filter(action="account.elder_mode", object_id=str(user.pk)).exists()
    client.post(TOGGLE, {"on": "0", "next": "/jobs/"})
    assert User.objects.get(pk=user.pk).elder_mode is False
    assert "elder" not in _body_class(get_page(client, "/jobs/")).split()


def test_an_anonymous_visitor_gets_a_cookie(client: Client, cast: Any) -> None:
    response = client.post(TOGGLE, {"next": "/accounts/login/"})  # no "on": the opposite of now
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies["elder"].value == "1"
    html = get_page(client, "/accounts/login/")
    assert "elder" in _body_class(html).split()
    response = client.post(TOGGLE, {"on": "0"})
    assert response.cookies["elder"].value == ""  # deleted
    assert "elder" not in _body_class(get_page(client, "/accounts/login/")).split()


def test_an_unsafe_next_is_refused(client: Client, cast: Any) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(TOGGLE, {"on": "1", "next": target})
        assert response.status_code == 302 and response["Location"] == "/", target


def test_htmx_is_told_where_to_go(client: Client, cast: Any) -> None:
    response = client.post(TOGGLE, {"on": "1", "next": "/jobs/"}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/jobs/"


def test_the_toggle_needs_post(client: Client, cast: Any) -> None:
    assert client.get(TOGGLE).status_code == 405


def test_body_class_block_still_joins(client: Client, cast: Any) -> None:
    """A page that sets its own body class keeps it next to "elder"."""
    client.cookies["elder"] = "1"
    html = get_page(client, "/accounts/login/")
    assert _body_class(html).split()[0] == "elder"


# --- Elder pages ---------------------------------------------------------------------------------------


def test_elder_job_list_has_read_aloud_call_station_and_big_apply(client: Client, cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    Station.objects.filter(pk=cast.station.pk).update(phone="0315-2345678")
    user = cast.worker.user
    User.objects.filter(pk=user.pk).update(elder_mode=True)
    login(client, user)
    html = get_page(client, "/jobs/")
    assert 'data-testid="read-aloud"' in html
    assert 'href="tel:0315-2345678"' in html
    assert f'href="/jobs/{job.pk}/#apply"' in html and 'data-testid="elder-apply"' in html
    assert f"{job.title}。报酬" in html  # what is read aloud
    detail = get_page(client, f"/jobs/{job.pk}/")
    assert 'data-testid="elder-confirm"' in detail and "确定报名" in detail
    assert 'data-testid="voice-apply"' in detail
    assert 'name="message"' not in detail  # the plain confirmation asks nothing else
    # The standard mode shows none of it.
    User.objects.filter(pk=user.pk).update(elder_mode=False)
    plain = get_page(client, "/jobs/")
    assert 'data-testid="read-aloud"' not in plain and "tel:" not in plain
    assert 'data-testid="elder-apply"' not in plain


def test_registration_page_in_elder_mode_has_a_stepper_and_the_hotline(client: Client, cast: Any) -> None:
    Market.objects.filter(pk=cast.market.pk).update(phone="0315-12333")
    client.cookies["elder"] = "1"
    html = get_page(client, "/accounts/register/")
    assert "data-stepper=" in html
    assert 'href="tel:0315-12333"' in html  # anonymous, no location: the market's hotline


# --- Which station to call ------------------------------------------------------------------------------


def test_station_to_call_prefers_own_then_home_then_here_then_hotline(cast: Any) -> None:
    market = cast.market
    near = cast.station
    far = cast.other_station
    Station.objects.filter(pk=near.pk).update(phone="0315-1111111", lat=39.60, lon=118.18)
    Station.objects.filter(pk=far.pk).update(phone="0315-2222222", lat=39.70, lon=118.40)
    near.refresh_from_db()
    far.refresh_from_db()
    assert station_to_call(market.pk, own_station=far, home=(39.60, 118.18)).phone == "0315-2222222"
    target = station_to_call(market.pk, own_station=None, home=(39.601, 118.181), here=(39.70, 118.40))
    assert (target.phone, target.reason) == ("0315-1111111", "home")
    target = station_to_call(market.pk, here=(39.699, 118.399))
    assert (target.phone, target.reason) == ("0315-2222222", "here")
    # An own station without a phone falls through to the nearest one with a phone.
    Station.objects.filter(pk=far.pk).update(phone="")
    far.refresh_from_db()
    target = station_to_call(market.pk, own_station=far, here=(39.70, 118.40))
    assert (target.phone, target.reason) == ("0315-1111111", "here")
    Station.objects.filter(market=market).update(phone="")
    assert station_to_call(market.pk, here=(39.7, 118.4)) is None  # the test market has no hotline
    type(market).objects.filter(pk=market.pk).update(phone="0315-12333")
    target = station_to_call(market.pk, here=(39.7, 118.4))
    assert (target.phone, target.reason) == ("0315-12333", "hotline")


# --- Staff set it for a worker ------------------------------------------------------------------------


def _walk_in(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "phone": "13633330009",
        "consent_channel": "paper",
        "otp_code": "",
        "consent_reference": "SQ-2026-0009",
        "real_name": "王秀兰",
        "id_number": make_resident_id("130202", dt.date(1962, 3, 1), 36),
        "home_division": "130202002",
        "travel_radius_km": "5",
        "expected_pay": "150",
        "expected_pay_unit": "day",
        "day_type": "any",
        "skill_0": "construction_laborer",
        "years_0": "20",
        "skill_1": "",
        "skill_2": "",
        "about": "",
        "register": "1",
    }
    data.update(overrides)
    return data


def test_walk_in_with_elder_mode(client: Client, cast: Any) -> None:
    login(client, cast.station_staff)
    assert "为其开启长辈模式" in get_page(client, "/staff/walk-in/")
    follow(client, "/staff/walk-in/", _walk_in(elder_mode="on"))
    assert User.objects.get(phone="13633330009").elder_mode is True
    follow(
        client,
        "/staff/walk-in/",
        _walk_in(phone="13633330010", id_number=make_resident_id("130202", dt.date(1963, 3, 1), 37)),
    )
    assert User.objects.get(phone="13633330010").elder_mode is False


def test_staff_in_scope_toggle_elder_mode_on_the_worker_page(client: Client, cast: Any) -> None:
    login(client, cast.station_staff)
    page = get_page(client, f"/staff/workers/{cast.worker.pk}/")
    assert "为其开启长辈模式" in page
    follow(client, f"/staff/workers/{cast.worker.pk}/elder-mode/", {"on": "1"})
    assert User.objects.get(pk=cast.worker.user_id).elder_mode is True
    entry = AuditEntry.objects.filter(action="account.elder_mode").latest("seq")
    assert entry.data == {"on": True, "by": "staff"} and entry.actor_id == cast.station_staff.pk
    # Another station's staff neither see the page nor change the setting.
    other = Client()
    login(other, cast.other_station_staff)
    assert other.get(f"/staff/workers/{cast.worker.pk}/").status_code == 404
    assert other.post(f"/staff/workers/{cast.worker.pk}/elder-mode/", {"on": "0"}).status_code == 404
    with pytest.raises(PermissionDeniedError):
        worker_services.set_worker_elder_mode(
            actor=cast.other_station_staff, worker_id=cast.worker.pk, on=False
        )
    with pytest.raises(PermissionDeniedError):
        worker_services.set_worker_elder_mode(
            actor=cast.other_worker.user, worker_id=cast.worker.pk, on=False
        )
    assert User.objects.get(pk=cast.worker.user_id).elder_mode is True


# --- Staff apply on behalf, with consent -------------------------------------------------------------


def test_staff_apply_on_behalf_with_paper_consent(client: Client, cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    login(client, cast.station_staff)
    html = post_page(
        client,
        f"/staff/workers/{cast.worker.pk}/",
        {"job": job.pk, "consent_channel": "paper", "consent_note": "", "otp_code": "", "apply": "1"},
    )
    assert "授权" in html and not Application.objects.exists()  # consent missing: nothing written
    follow(
        client,
        f"/staff/workers/{cast.worker.pk}/",
        {"job": job.pk, "consent_channel": "paper", "consent_note": "本人到站当面同意", "apply": "1"},
    )
    application = Application.objects.get(job=job, worker=cast.worker)
    assert application.status == ApplicationStatus.APPLIED
    entry = AuditEntry.objects.get(action="application.applied_on_behalf")
    assert entry.actor_id == cast.station_staff.pk and entry.data["consent"] == "paper"


def test_staff_apply_on_behalf_with_sms_code(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    phone = cast.worker.user.phone
    with django_capture_on_commit_callbacks(execute=True):
        send_otp(phone=phone, purpose=OtpPurpose.CONSENT)
    code = LogSender.outbox[-1]["params"]["code"]
    with pytest.raises(InvalidInput):
        job_services.apply_on_behalf(
            actor=cast.station_staff,
            worker_id=cast.worker.pk,
            job_id=job.pk,
            consent_channel="sms_code",
            otp_code="000000" if code != "000000" else "111111",
        )
    assert not Application.objects.exists()
    application = job_services.apply_on_behalf(
        actor=cast.station_staff,
        worker_id=cast.worker.pk,
        job_id=job.pk,
        consent_channel="sms_code",
        otp_code=code,
    )
    assert application.worker == cast.worker
    assert OtpCode.objects.get(phone=phone, purpose=OtpPurpose.CONSENT).used_at is not None


def test_staff_out_of_scope_cannot_apply_on_behalf(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    with pytest.raises(NotFoundError):
        job_services.apply_on_behalf(
            actor=cast.other_station_staff,
            worker_id=cast.worker.pk,
            job_id=job.pk,
            consent_channel="paper",
            consent_note="当面同意了",
        )
    with pytest.raises(PermissionDeniedError):
        job_services.apply_on_behalf(
            actor=cast.other_worker.user,
            worker_id=cast.worker.pk,
            job_id=job.pk,
            consent_channel="paper",
            consent_note="当面同意了",
        )
    assert not Application.objects.exists()
    assert WorkerProfile.objects.get(pk=cast.worker.pk).user.role == Role.WORKER
