"""The whole loop through the JSON API, and the shape of every error it returns."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lingong.accounts import services as accounts
from lingong.accounts.models import ApiToken, OtpCode, User
from lingong.core import testing as t
from lingong.core.geo import haversine_km
from lingong.core.validators import make_resident_id, make_uscc
from lingong.employers.models import Enterprise
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting
from lingong.notifications.senders import LogSender
from lingong.org.models import Division
from lingong.workers.models import WorkerProfile

API = "/api/v1"
NEW_PASSWORD = "Tangshan-gig-2026"


def centre(code: str) -> tuple[float, float]:
    """A division's centre as stored (WGS84, converted from the source datum when loaded)."""
    division = Division.objects.get(code=code)
    return division.lat, division.lon


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def send(client: Client, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    data = body if isinstance(body, str | bytes) or body is None else json.dumps(body, default=str)
    return getattr(client, method)(
        f"{API}{path}", data=data, content_type="application/json", headers=bearer(token)
    )


def get(client: Client, path: str, token: str | None = None, **params: Any) -> Any:
    return client.get(f"{API}{path}", data=params, headers=bearer(token))


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def error(response: Any, status: int, code: str | None = None, field: str | None = None) -> dict[str, Any]:
    """Every failure is JSON {code, message, errors}."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["errors"], dict), body
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field]), body
    return body


def token_of(user: User) -> str:
    return accounts.issue_token(user=user)


def job_body(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body: dict[str, Any] = {
        "title": "路南区仓库装卸工",
        "description": "负责仓库货物装卸、搬运和码放，提供午餐。",
        "occupations": ["loader_driver"],
        "headcount": 2,
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "pay_amount": "300",
        "pay_unit": "day",
        "start_date": (today + timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=30)).isoformat(),
    }
    body.update(overrides)
    return body


def enterprise_body(**overrides: Any) -> dict[str, Any]:
    body = dataclasses.asdict(t.enterprise_input("唐山市路南区宏达装卸服务有限公司"))
    body.update(overrides)
    return body


# --- The loop -------------------------------------------------------------------------------------


def test_whole_loop_from_registration_to_a_filled_job(cast, client, django_capture_on_commit_callbacks):
    admin = token_of(cast.admin)

    # A worker registers with a phone number written the way people type it, then fills in the profile.
    registered = ok(
        send(
            client,
            "post",
            "/auth/register/worker",
            body={
                "phone": "+86 137-0000-1234",
                "password": NEW_PASSWORD,
                "display_name": "小张",
                "consent": True,
            },
        ),
        201,
    )
    assert registered["user"]["phone"] == "13700001234"
    assert registered["user"]["role"] == "worker"
    worker = registered["token"]
    id_number = make_resident_id("130203", dt.date(1990, 3, 1), 123)
    profile = ok(
        send(
            client,
            "put",
            "/workers/me",
            worker,
            {
                "real_name": "张伟",
                "id_number": id_number,
                "home_division": "130202",
                "home_lat": 39.62,
                "home_lon": 118.19,
                "skills": [{"occupation": "loader_driver", "years": 6}],
                "expected_pay": "280",
                "expected_pay_unit": "day",
            },
        )
    )
    assert profile["real_name"] == "张伟"
    assert profile["id_number"] == id_number  # the worker sees their own number in full
    assert profile["gender"] == "male"
    assert profile["birth_date"] == "1990-03-01"
    assert profile["complete"] is True
    assert ok(get(client, "/workers/me", worker))["id"] == profile["id"]

    # An employer registers and waits for verification; it cannot publish yet.
    employer = ok(
        send(
            client,
            "post",
            "/auth/register/employer",
            body={"phone": "13700005678", "password": NEW_PASSWORD, "enterprise": enterprise_body()},
        ),
        201,
    )["token"]
    enterprise = ok(get(client, "/employers/me", employer))
    assert enterprise["status"] == "pending"
    error(send(client, "post", "/jobs", employer, job_body()), 409, "enterprise_not_verified")
    pending = ok(get(client, "/employers/pending", admin))
    assert [e["id"] for e in pending["items"]] == [enterprise["id"]]

    verified = ok(send(client, "post", f"/employers/{enterprise['id']}/verify", admin))
    assert verified["status"] == "verified"

    # The posting goes to review, invisible to the public until approved.
    job = ok(send(client, "post", "/jobs", employer, job_body(headcount=1)), 201)
    assert job["status"] == "pending_review"
    assert job["enterprise_id"] == enterprise["id"]
    assert job["pay_display"] == "300 元/天"
    error(get(client, f"/jobs/{job['id']}"), 404, "not_found")
    assert [j["id"] for j in ok(get(client, "/jobs/reviews", admin))["items"]] == [job["id"]]
    assert ok(send(client, "post", f"/jobs/{job['id']}/approve", admin))["status"] == "open"

    # The worker finds it nearby and applies.
    found = ok(get(client, "/jobs", worker, lat=39.62, lon=118.19))
    assert [j["id"] for j in found["items"]] == [job["id"]]
    expected_km = haversine_km(39.62, 118.19, *centre("130202"))
    assert found["items"][0]["distance_km"] == pytest.approx(expected_km, abs=0.01)
    application = ok(
        send(client, "post", f"/jobs/{job['id']}/apply", worker, {"message": "开过五年铲车"}), 201
    )
    assert application["status"] == "applied"
    assert application["job_id"] == job["id"]

    # The employer sees the applicant masked, with the phone number to call them.
    applicants = ok(get(client, f"/jobs/{job['id']}/applications", employer))
    assert applicants["total"] == 1
    applicant = applicants["items"][0]
    assert applicant["name"] == "张*"
    assert applicant["id_number"] == "130" + "*" * 11 + id_number[-4:]
    assert applicant["phone"] == "13700001234"
    assert applicant["skills"] == ["装载机司机（6年）"]
    assert applicant["message"] == "开过五年铲车"
    assert applicant["gender"] == "男"

    path = f"/jobs/applications/{application['id']}"
    assert ok(send(client, "post", f"{path}/shortlist", employer))["status"] == "shortlisted"
    assert ok(send(client, "post", f"{path}/offer", employer, {}))["status"] == "offered"

    # The worker has two unread notifications, newest first.
    assert ok(get(client, "/notifications/unread-count", worker)) == {"unread": 2}
    inbox = ok(get(client, "/notifications", worker))
    assert [n["kind"] for n in inbox["items"]] == ["offer_made", "shortlisted"]
    assert [n["read"] for n in inbox["items"]] == [False, False]

    assert ok(send(client, "post", f"{path}/accept", worker))["status"] == "accepted"
    assert ok(get(client, f"/jobs/{job['id']}"))["status"] == "filled"
    assert ok(get(client, "/jobs", worker, lat=39.62, lon=118.19))["total"] == 0
    mine = ok(get(client, "/jobs/applications/mine", worker))
    assert [(a["job_id"], a["status"]) for a in mine["items"]] == [(job["id"], "accepted")]

    # Accepting created the engagement (用工单): the worker is asked to sign its contract.
    after = ok(get(client, "/notifications", worker))["items"]
    assert [n["kind"] for n in after] == ["engagement_created", "offer_made", "shortlisted"]
    assert ok(send(client, "post", "/notifications/read", worker, {"id": inbox["items"][1]["id"]})) == {
        "unread": 2
    }
    assert ok(get(client, "/notifications", worker))["items"][2]["read"] is True
    assert ok(send(client, "post", "/notifications/read", worker, {})) == {"unread": 0}
    employer_inbox = ok(get(client, "/notifications", employer))
    assert [n["kind"] for n in employer_inbox["items"]] == [
        "engagement_created",
        "offer_accepted",
        "application_received",
        "job_approved",
        "enterprise_verified",
    ]


def test_application_actions_with_reasons(cast, client):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=2)
    employer, worker, other = (
        token_of(cast.employer),
        token_of(cast.worker.user),
        token_of(cast.other_worker.user),
    )
    first = ok(send(client, "post", f"/jobs/{job.pk}/apply", worker), 201)
    second = ok(send(client, "post", f"/jobs/{job.pk}/apply", other, {"message": ""}), 201)
    rejected = ok(
        send(client, "post", f"/jobs/applications/{first['id']}/reject", employer, {"reason": "人已够"})
    )
    assert (rejected["status"], rejected["reason"]) == ("rejected", "人已够")
    ok(send(client, "post", f"/jobs/applications/{second['id']}/offer", employer))
    declined = ok(
        send(client, "post", f"/jobs/applications/{second['id']}/decline", other, {"reason": "太远"})
    )
    assert (declined["status"], declined["reason"]) == ("declined", "太远")
    error(send(client, "post", f"/jobs/applications/{second['id']}/accept", other), 409, "invalid_transition")
    error(send(client, "post", f"/jobs/applications/{second['id']}/promote", employer), 404, "not_found")
    error(send(client, "post", f"/jobs/{job.pk}/apply", worker), 409, "invalid_transition")


# --- Browsing -------------------------------------------------------------------------------------


@pytest.fixture
def jobs_around(cast: Any) -> dict[str, JobPosting]:
    today = timezone.localdate()

    def make(**overrides: Any) -> JobPosting:
        return t.make_job(cast.employer, admin=cast.admin, **overrides)

    jobs = {
        "lunan": make(
            title="路南区仓库装卸工",
            description="仓库货物装卸、搬运。",
            division="130202",
            occupations=["loader_driver"],
            pay_amount="300",
            start_date=today + timedelta(days=1),
            end_date=today + timedelta(days=180),
        ),
        "fengnan": make(
            title="丰南小区配电维修",
            description="小区配电箱检修。",
            division="130207",
            occupations=["construction_laborer"],
            pay_amount="350",
            is_urgent=True,
            start_date=today + timedelta(days=1),
            end_date=today + timedelta(days=10),
        ),
        "caofeidian": make(
            title="曹妃甸港口杂工",
            description="港区清扫与搬运。",
            division="130209",
            occupations=["construction_laborer"],
            pay_unit="negotiable",
            pay_amount=None,
            start_date=today + timedelta(days=1),
            end_date=today + timedelta(days=180),
        ),
        "qianan": make(
            title="迁安食品厂包装工",
            description="食品生产线包装。",
            division="130283",
            occupations=["food_processing_worker"],
            pay_amount="200",
            start_date=today + timedelta(days=20),
            end_date=today + timedelta(days=40),
        ),
    }
    # Not open: never listed.
    job_services.create_job(actor=cast.employer, data=t.job_input(title="待审核的岗位", division="130202"))
    closed = make(title="已关闭的岗位", division="130202")
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    return jobs


def names(page: dict[str, Any], jobs: dict[str, JobPosting]) -> list[str]:
    by_id = {job.pk: name for name, job in jobs.items()}
    return [by_id[item["id"]] for item in page["items"]]


def test_browse_sorts_by_distance_from_the_given_point(client, jobs_around):
    lunan = centre("130202")
    page = ok(get(client, "/jobs", lat=lunan[0], lon=lunan[1]))
    assert names(page, jobs_around) == ["lunan", "fengnan", "caofeidian", "qianan"]
    distances = [item["distance_km"] for item in page["items"]]
    assert distances == sorted(distances)
    assert distances[0] == 0.0
    assert distances[1] == pytest.approx(haversine_km(*lunan, *centre("130207")), abs=0.01)
    assert all(item["distance_display"] for item in page["items"])
    assert page["total"] == 4

    second = ok(get(client, "/jobs", lat=lunan[0], lon=lunan[1], page=2, page_size=3))
    assert (second["page"], second["pages"], second["total"]) == (2, 2, 4)
    assert names(second, jobs_around) == ["qianan"]


def test_browse_filters(client, jobs_around):
    today = timezone.localdate()
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"occupation": "construction_laborer"}, ["fengnan", "caofeidian"]),
        ({"occupation": "electrician"}, []),
        ({"division": "130283"}, ["qianan"]),
        ({"division": "1302"}, ["lunan", "fengnan", "caofeidian", "qianan"]),  # a prefix covers the city
        ({"pay_min": "300"}, ["lunan", "fengnan"]),  # negotiable pay never passes a minimum
        ({"pay_min": "350.01"}, []),
        ({"urgent": "true"}, ["fengnan"]),
        ({"on_date": (today + timedelta(days=30)).isoformat()}, ["lunan", "caofeidian", "qianan"]),
        ({"on_date": (today + timedelta(days=200)).isoformat()}, []),
        ({"q": "包装"}, ["qianan"]),  # title
        ({"q": "配电箱"}, ["fengnan"]),  # description
        ({"q": "铲车"}, ["lunan"]),  # a colloquial name of the loader-driver occupation
        ({"radius_km": 20}, ["lunan", "fengnan"]),
        ({"urgent": "true", "division": "130202"}, []),
    ]
    lat, lon = centre("130202")
    results = {}
    for params, _expected in cases:
        page = ok(get(client, "/jobs", lat=lat, lon=lon, **params))
        results[json.dumps(params)] = names(page, jobs_around)
    assert results == {json.dumps(params): expected for params, expected in cases}


def test_browse_without_a_point_uses_the_workers_home_or_newest_first(cast, client, jobs_around):
    anonymous = ok(get(client, "/jobs"))
    assert names(anonymous, jobs_around)[0] == "fengnan"  # urgent first, then newest
    assert all(item["distance_km"] is None for item in anonymous["items"])
    worker = token_of(cast.worker.user)  # lives at the Lunan district centre
    mine = ok(get(client, "/jobs", worker))
    assert names(mine, jobs_around) == ["lunan", "fengnan", "caofeidian", "qianan"]
    assert mine["items"][0]["distance_km"] == 0.0


def test_browse_rejects_bad_coordinates(cast, client):  # the area is the market's (a database row)
    error(get(client, "/jobs", lat=31.2304, lon=121.4737), 422, "invalid_input", "lat")  # Shanghai
    error(get(client, "/jobs", lat=39.6), 422, "invalid_input", "lat")
    error(get(client, "/jobs", lat="nan", lon="nan"), 422, "invalid_input")
    error(get(client, "/jobs", lat="north", lon=118.2), 422, "invalid_input", "lat")
    error(get(client, "/jobs", radius_km=0), 422, "invalid_input", "radius_km")
    error(get(client, "/jobs", page_size=101), 422, "invalid_input", "page_size")


# --- Accounts -------------------------------------------------------------------------------------


def test_otp_login_with_resend_rate_limit(cast, client, django_capture_on_commit_callbacks):
    phone = cast.worker.user.phone
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(send(client, "post", "/auth/otp", body={"phone": phone}), 202) == {"ok": True}
        error(send(client, "post", "/auth/otp", body={"phone": phone}), 429, "rate_limited")
    assert len(LogSender.outbox) == 1
    message = LogSender.outbox[0]
    assert (message["phone"], message["template"]) == (phone, "otp_login")
    code = message["params"]["code"]
    assert len(code) == 6 and code.isdigit()

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    error(
        send(client, "post", "/auth/login/otp", body={"phone": phone, "code": wrong}),
        422,
        "invalid_input",
        "code",
    )
    logged_in = ok(send(client, "post", "/auth/login/otp", body={"phone": phone, "code": code}))
    assert logged_in["user"]["id"] == cast.worker.user.pk
    assert ok(get(client, "/auth/me", logged_in["token"]))["phone"] == phone
    # A code works once.
    error(
        send(client, "post", "/auth/login/otp", body={"phone": phone, "code": code}),
        422,
        "invalid_input",
        "code",
    )


def test_otp_for_an_unregistered_phone_does_not_log_in(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ok(send(client, "post", "/auth/otp", body={"phone": "13911112222"}), 202)
    code = LogSender.outbox[-1]["params"]["code"]
    error(
        send(client, "post", "/auth/login/otp", body={"phone": "13911112222", "code": code}),
        422,
        field="phone",
    )
    error(send(client, "post", "/auth/otp", body={"phone": "13911113333", "purpose": "nonsense"}), 422)
    assert not OtpCode.objects.filter(phone="13911113333").exists()


def test_password_login_and_logout_revokes_the_token(cast, client):
    phone = cast.worker.user.phone
    first = ok(send(client, "post", "/auth/login", body={"phone": phone, "password": t.PASSWORD}))["token"]
    second = ok(send(client, "post", "/auth/login", body={"phone": f"+86 {phone}", "password": t.PASSWORD}))[
        "token"
    ]
    assert ok(get(client, "/auth/me", first))["id"] == cast.worker.user.pk
    assert ok(send(client, "post", "/auth/logout", first)) == {"ok": True}
    error(get(client, "/auth/me", first), 401, "not_authenticated")
    error(send(client, "post", "/notifications/read", first, {}), 401, "not_authenticated")
    assert ok(get(client, "/auth/me", second))["id"] == cast.worker.user.pk  # other devices stay logged in
    assert ApiToken.objects.filter(user=cast.worker.user, revoked_at__isnull=False).count() == 1


def test_expired_or_garbage_tokens_are_401(cast, client):
    token = token_of(cast.worker.user)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    error(get(client, "/auth/me", token), 401, "not_authenticated")
    error(get(client, "/auth/me", "not-a-token"), 401, "not_authenticated")
    error(get(client, "/auth/me"), 401, "not_authenticated")
    cast.other_worker.user.is_active = False
    cast.other_worker.user.save(update_fields=["is_active"])
    error(get(client, "/auth/me", token_of(cast.other_worker.user)), 401, "not_authenticated")


def test_registration_errors(cast, client):
    def register(**overrides: Any) -> Any:
        body = {"phone": "13722223333", "password": NEW_PASSWORD, "consent": True, **overrides}
        return send(client, "post", "/auth/register/worker", body=body)

    users_before = User.objects.count()
    error(register(phone="1372222333"), 422, "invalid_input", "phone")
    error(register(phone="23722223333"), 422, "invalid_input", "phone")
    error(register(phone=cast.worker.user.phone), 409, "phone_taken", "phone")
    error(register(password="12345678"), 422, "invalid_input", "password")
    error(register(password="short1!"), 422, "invalid_input", "password")
    error(register(consent=False), 422, "invalid_input", "consent")
    error(register(consent=None), 422, "invalid_input", "consent")
    assert User.objects.count() == users_before

    login = {"phone": cast.worker.user.phone, "password": "Wrong-password-1"}
    error(send(client, "post", "/auth/login", body=login), 422, "bad_credentials")
    error(send(client, "post", "/auth/login", body={**login, "phone": "13799990000"}), 422, "bad_credentials")
    error(send(client, "post", "/auth/login", body={**login, "phone": "abc"}), 422, "bad_credentials")


def test_profile_errors_leave_the_profile_unchanged(cast, client):
    worker = token_of(cast.worker.user)
    before = WorkerProfile.objects.get(pk=cast.worker.pk)
    bad_check_digit = before.id_number[:-1] + ("1" if before.id_number[-1] != "1" else "2")
    today = timezone.localdate()
    under_16 = make_resident_id("130202", today.replace(year=today.year - 15), 21)
    cases = [
        ({"real_name": "张伟", "id_number": bad_check_digit}, "id_number"),
        ({"real_name": "张伟", "id_number": under_16}, "id_number"),
        ({"real_name": "张伟", "id_number": "13020219920517"}, "id_number"),
        ({"real_name": "张", "home_division": "130202"}, "real_name"),
        ({"real_name": "张伟", "home_lat": 31.23, "home_lon": 121.47}, "home_location"),
        ({"real_name": "张伟", "home_division": "999999"}, "home_division"),
        ({"real_name": "张伟", "expected_pay": "-1"}, "expected_pay"),
        ({"real_name": "张伟", "skills": [{"occupation": "astronaut", "years": 1}]}, "skills"),
        ({"real_name": "张伟", "skills": [{"occupation": "welder", "years": 61}]}, "skills.0.years"),
        ({"real_name": "张伟", "target_groups": ["vip"]}, "target_groups"),
    ]
    for body, field in cases:
        error(send(client, "put", "/workers/me", worker, body), 422, "invalid_input", field)
    after = WorkerProfile.objects.get(pk=cast.worker.pk)
    assert (after.real_name, after.id_number, after.home_lat, after.expected_pay) == (
        before.real_name,
        before.id_number,
        before.home_lat,
        before.expected_pay,
    )
    assert [s.occupation_id for s in after.skills.all()] == ["loader_driver"]


def test_employer_registration_errors_write_nothing(cast, client):
    def register(phone: str = "13755556666", **enterprise: Any) -> Any:
        body = {"phone": phone, "password": NEW_PASSWORD, "enterprise": enterprise_body(**enterprise)}
        return send(client, "post", "/auth/register/employer", body=body)

    users, enterprises = User.objects.count(), Enterprise.objects.count()
    good_code = enterprise_body()["credit_code"]
    bad_check = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    error(register(credit_code=bad_check), 422, "invalid_input", "credit_code")
    error(register(credit_code="91130202MA0000001"), 422, "invalid_input", "credit_code")
    taken = t.enterprise_of(cast.employer).credit_code
    error(register(credit_code=taken), 422, "invalid_input", "credit_code")
    error(register(lat=31.23, lon=121.47), 422, "invalid_input", "location")
    error(register(industry="mining_on_mars"), 422, "invalid_input", "industry")
    error(register(contact_phone="110"), 422, "invalid_input", "contact_phone")
    error(register(phone=cast.employer.phone), 409, "phone_taken")
    minor = make_resident_id("130202", timezone.localdate().replace(year=timezone.localdate().year - 17), 33)
    error(
        register(kind="household", credit_code="", contact_id_number=minor),
        422,
        "invalid_input",
        "contact_id_number",
    )
    error(register(name="x" * 101), 422, "invalid_input", "enterprise.name")
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)


def test_an_unexpected_failure_mid_registration_rolls_everything_back(cast, client, monkeypatch):
    from lingong.employers import services as employer_services

    def crash(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(employer_services.EnterpriseMember.objects, "create", crash)
    users, enterprises = User.objects.count(), Enterprise.objects.count()
    body = {"phone": "13755557777", "password": NEW_PASSWORD, "enterprise": enterprise_body()}
    error(send(client, "post", "/auth/register/employer", body=body), 500, "server_error")
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)
    assert not User.objects.filter(phone="13755557777").exists()


def test_household_employer_registers_with_an_adult_id_number(client, cast):
    adult = make_resident_id("130202", dt.date(1975, 6, 1), 40)
    body = {
        "phone": "13755558888",
        "password": NEW_PASSWORD,
        "enterprise": enterprise_body(
            name="刘女士家", kind="household", credit_code="", contact_id_number=adult
        ),
    }
    token = ok(send(client, "post", "/auth/register/employer", body=body), 201)["token"]
    me = ok(get(client, "/employers/me", token))
    assert (me["kind"], me["credit_code"], me["status"]) == ("household", None, "pending")


# --- Posting errors -------------------------------------------------------------------------------


def test_job_posting_errors(cast, client):
    employer = token_of(cast.employer)
    today = timezone.localdate()
    cases: list[tuple[dict[str, Any], str]] = [
        (job_body(lat=31.2304, lon=121.4737), "location"),
        (job_body(end_date=today.isoformat()), "end_date"),  # before the start (tomorrow)
        (job_body(start_date=(today - timedelta(days=1)).isoformat()), "start_date"),
        (job_body(end_date=(today + timedelta(days=800)).isoformat()), "end_date"),
        (job_body(headcount=0), "headcount"),
        (job_body(headcount=1001), "headcount"),
        (job_body(pay_amount="-1"), "pay_amount"),
        (job_body(pay_amount="100000.01"), "pay_amount"),
        (job_body(pay_amount="12.345"), "pay_amount"),
        (job_body(pay_amount=None), "pay_amount"),  # only negotiable pay may be left out
        (job_body(pay_unit="week"), "pay_unit"),
        (job_body(occupations=[]), "occupations"),
        (job_body(occupations=["astronaut"]), "occupations"),
        (job_body(certificates_required=["pilot_licence"]), "certificates_required"),
        (job_body(division="110101"), "division"),
        (job_body(title="铲"), "title"),
        (job_body(daily_hours="17"), "daily_hours"),
        (job_body(daily_start_time="08:00"), "daily_end_time"),
        (job_body(settlement_cycle="yearly"), "settlement_cycle"),
        # Rejected by the schema before the service sees them:
        (job_body(title="长" * 61), "title"),
        (job_body(occupations=["loader_driver"] * 6), "occupations"),
        (job_body(headcount="many"), "headcount"),
        (job_body(start_date="2026-02-30"), "start_date"),
        ({k: v for k, v in job_body().items() if k != "title"}, "title"),
    ]
    problems = []
    for body, field in cases:
        response = send(client, "post", "/jobs", employer, body)
        try:
            error(response, 422, "invalid_input", field)
        except AssertionError as exc:
            problems.append((field, str(exc)[:300]))
    assert problems == []
    assert JobPosting.objects.count() == 0


def test_malformed_json_and_wrong_types_are_4xx_json(cast, client):
    employer = token_of(cast.employer)
    error(send(client, "post", "/jobs", employer, "{not json"), 400)
    error(send(client, "post", "/jobs", employer, "[1, 2, 3]"), 422, "invalid_input")
    error(send(client, "post", "/jobs", employer, ""), 422, "invalid_input")
    error(send(client, "post", "/auth/login", body="null"), 422, "invalid_input")
    error(
        send(client, "put", "/workers/me", token_of(cast.worker.user), '{"skills": "welder"}'),
        422,
        field="skills",
    )
    assert JobPosting.objects.count() == 0


def test_not_found_unauthenticated_and_forbidden(cast, client):
    worker, employer = token_of(cast.worker.user), token_of(cast.employer)
    error(get(client, "/jobs/999999"), 404, "not_found")
    error(send(client, "post", "/jobs/999999/apply", worker), 404, "not_found")
    error(send(client, "post", "/jobs/applications/999999/accept", worker), 404, "not_found")
    error(get(client, "/jobs/999999/applications", employer), 404, "not_found")
    error(send(client, "post", "/employers/999999/verify", token_of(cast.admin)), 404, "not_found")
    assert get(client, "/no-such-endpoint").status_code == 404  # Django's resolver, not the API

    error(send(client, "post", "/jobs", None, job_body()), 401, "not_authenticated")
    error(get(client, "/workers/me"), 401, "not_authenticated")
    error(get(client, "/notifications/unread-count"), 401, "not_authenticated")

    error(send(client, "post", "/jobs", worker, job_body()), 403, "forbidden")
    error(get(client, "/workers/me", employer), 403, "forbidden")
    error(get(client, "/workers", worker), 403, "forbidden")
    enterprise_id = t.enterprise_of(cast.other_employer).pk
    error(send(client, "post", f"/employers/{enterprise_id}/verify", employer), 403, "forbidden")
    assert JobPosting.objects.count() == 0


# --- Session auth ---------------------------------------------------------------------------------


def test_session_login_needs_the_csrf_token_for_unsafe_methods(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.worker.user)
    assert ok(client.get(f"{API}/auth/me"))["id"] == cast.worker.user.pk
    client.get("/jobs/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value

    body = json.dumps({})
    rejected = client.post(f"{API}/notifications/read", data=body, content_type="application/json")
    error(rejected, 403)
    accepted = client.post(
        f"{API}/notifications/read", data=body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert ok(accepted) == {"unread": 0}

    # A bearer token is not a cookie, so it needs no CSRF token.
    bearer_client = Client(enforce_csrf_checks=True)
    response = bearer_client.post(
        f"{API}/notifications/read",
        data=body,
        content_type="application/json",
        headers=bearer(token_of(cast.employer)),
    )
    assert ok(response) == {"unread": 0}
    assert not cast.employer.notifications.filter(read_at__isnull=True).exists()


# --- Property: no input produces a server error ---------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1e400", "NaN", "2026-02-30", "loader_driver", "130202", "negotiable"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def mutated(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The valid body with some fields replaced by arbitrary JSON, some dropped and some added."""
    return st.builds(
        lambda replace, drop, extra: {
            **{k: v for k, v in base.items() if k not in drop},
            **replace,
            **extra,
        },
        st.dictionaries(st.sampled_from(sorted(base)), json_values, max_size=4),
        st.sets(st.sampled_from(sorted(base)), max_size=2),
        st.dictionaries(st.text(max_size=6), json_values, max_size=1),
    )


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(body=mutated(job_body()))
def test_random_job_payloads_never_cause_a_server_error(cast, client, body):
    response = client.post(
        f"{API}/jobs",
        data=json.dumps(body, allow_nan=True),
        content_type="application/json",
        headers=bearer(token_of(cast.employer)),
    )
    assert response.status_code in (201, 400, 409, 422), response.content.decode()
    if response.status_code != 201:
        error(response, response.status_code)


PROFILE = {
    "real_name": "张伟",
    "id_number": make_resident_id("130202", dt.date(1990, 1, 1), 7),
    "home_division": "130202",
    "home_lat": 39.6,
    "home_lon": 118.2,
    "travel_radius_km": 10,
    "expected_pay": "300",
    "expected_pay_unit": "day",
    "skills": [{"occupation": "welder", "years": 3}],
    "availability": [{"weekday": 1, "start_time": "08:00", "end_time": "17:00"}],
    "target_groups": ["veteran"],
}


@HYPOTHESIS
@given(body=mutated(PROFILE))
def test_random_profile_payloads_never_cause_a_server_error(cast, client, body):
    response = client.put(
        f"{API}/workers/me",
        data=json.dumps(body, allow_nan=True),
        content_type="application/json",
        headers=bearer(token_of(cast.worker.user)),
    )
    assert response.status_code in (200, 400, 409, 422), response.content.decode()
    if response.status_code != 200:
        error(response, response.status_code)


REGISTRATION = {
    "phone": "13788889999",
    "password": NEW_PASSWORD,
    "enterprise": {
        "name": "唐山某某公司",
        "credit_code": make_uscc("91130202MA0000099"),
        "industry": "construction",
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "contact_name": "么建红",
        "contact_phone": "13788889999",
    },
}


@HYPOTHESIS
@given(
    enterprise=mutated(REGISTRATION["enterprise"]),
    top=mutated({"phone": "13788889999", "password": NEW_PASSWORD}),
)
def test_random_registrations_never_cause_a_server_error(db, client, enterprise, top):
    t.make_market()
    response = client.post(
        f"{API}/auth/register/employer",
        data=json.dumps({**top, "enterprise": enterprise}, allow_nan=True),
        content_type="application/json",
    )
    assert response.status_code in (201, 400, 409, 422), response.content.decode()
    if response.status_code != 201:
        error(response, response.status_code)
    User.objects.filter(phone__in=["13788889999"]).delete()
    Enterprise.objects.all().delete()


@HYPOTHESIS
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "lat",
                "lon",
                "occupation",
                "division",
                "pay_min",
                "pay_unit",
                "on_date",
                "urgent",
                "q",
                "radius_km",
                "page",
                "page_size",
            ]
        ),
        st.one_of(st.text(max_size=12), st.integers(-(10**12), 10**12).map(str), st.floats().map(str)),
        max_size=5,
    )
)
def test_random_browse_queries_never_cause_a_server_error(db, client, params):
    t.make_market()
    response = client.get(f"{API}/jobs", data=params)
    assert response.status_code in (200, 422), response.content.decode()
    if response.status_code == 422:
        error(response, 422, "invalid_input")


def test_unknown_api_path_answers_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "接口不存在", "errors": {}}


def test_openapi_document_and_interactive_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in (
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}/apply",
        "/api/v1/auth/login",
        "/api/v1/workers/walk-in",
    ):
        assert path in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content


def test_api_docs_load_no_third_party_assets(client):
    import re

    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(not a.startswith(("http://", "https://", "//")) for a in assets), assets
