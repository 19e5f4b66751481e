"""The JSON API of postings and applications: the whole loop from registration to a filled job, browsing,
and the errors of posting."""

from __future__ import annotations

import datetime as dt
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lingong import testing as t
from lingong.apitools import (
    API,
    HYPOTHESIS,
    NEW_PASSWORD,
    bearer,
    centre,
    enterprise_body,
    error,
    get,
    job_body,
    mutated,
    ok,
    send,
    token_of,
)
from lingong.core.geo import haversine_km
from lingong.core.validators import make_resident_id
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting

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

    # The employer sees the applicant masked, the phone too until the worker accepts an offer (issue 9).
    applicants = ok(get(client, f"/jobs/{job['id']}/applications", employer))
    assert applicants["total"] == 1
    applicant = applicants["items"][0]
    assert applicant["name"] == "张*"
    assert applicant["id_number"] == "130" + "*" * 11 + id_number[-4:]
    assert (applicant["phone"], applicant["phone_visible"]) == ("137****1234", False)
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

    assert ok(get(client, f"/jobs/{job['id']}/applications", employer))["items"][0]["phone"] == "137****1234"
    assert ok(send(client, "post", f"{path}/accept", worker))["status"] == "accepted"
    # Accepted: the engagement exists, so the employer may call the worker.
    hired = ok(get(client, f"/jobs/{job['id']}/applications", employer))["items"][0]
    assert (hired["phone"], hired["phone_visible"]) == ("13700001234", True)
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


def test_browse_from_a_district_when_the_visitor_shares_no_location(client, jobs_around):
    page = ok(get(client, "/jobs", near="130209"))  # Caofeidian
    assert names(page, jobs_around)[0] == "caofeidian"
    distances = [item["distance_km"] for item in page["items"]]
    assert distances == sorted(distances) and distances[0] is not None
    # A position, when there is one, is the more precise and wins.
    lat, lon = centre("130202")
    assert names(ok(get(client, "/jobs", near="130209", lat=lat, lon=lon)), jobs_around)[0] == "lunan"


def test_browse_refuses_a_district_outside_the_market(cast, client):
    error(get(client, "/jobs", near="130302"), 422, "invalid_input", "near")  # Qinhuangdao's Haigang
    error(get(client, "/jobs", near="130202002"), 422, "invalid_input", "near")  # a subdistrict
    error(get(client, "/jobs", near="x" * 13), 422, "invalid_input", "near")


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


# --- Property: no input produces a server error ---------------------------------------------------


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
