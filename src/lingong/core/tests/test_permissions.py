"""One test per access rule, through the API with each member of the cast."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import User
from lingong.core.errors import PermissionDeniedError
from lingong.core.validators import make_resident_id
from lingong.employers.models import VerificationStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus
from lingong.notifications.models import Notification
from lingong.workers import services as worker_services

API = "/api/v1"


class Api:
    """A client acting as one user (or anonymous when ``user`` is None)."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{API}{path}", data=params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"{API}{path}", data=json.dumps(body or {}), content_type="application/json", headers=self.headers
        )

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            f"{API}{path}", data=json.dumps(body), content_type="application/json", headers=self.headers
        )


def status_and_code(response: Any) -> tuple[int, str | None]:
    body = response.json()
    return response.status_code, body.get("code") if isinstance(body, dict) else None


def applied(cast: Any, **job: Any) -> tuple[JobPosting, Application]:
    posting = t.make_job(cast.employer, admin=cast.admin, **job)
    return posting, job_services.apply(actor=cast.worker.user, job_id=posting.pk)


# --- Workers' personal data -----------------------------------------------------------------------


def test_a_worker_only_ever_sees_their_own_id_number_and_phone(cast):
    worker = Api(cast.worker.user)
    me = worker.get("/workers/me")
    assert me.status_code == 200
    body = me.json()
    assert body["id"] == cast.worker.pk
    assert body["id_number"] == cast.worker.id_number
    assert body["phone"] == cast.worker.user.phone
    other = cast.other_worker
    for response in (me, worker.get("/jobs/applications/mine"), worker.get("/notifications")):
        content = response.content.decode()
        assert other.id_number not in content
        assert other.user.phone not in content
        assert other.real_name not in content


def test_a_worker_cannot_reach_lists_of_other_workers(cast):
    posting, _ = applied(cast)
    job_services.apply(actor=cast.other_worker.user, job_id=posting.pk)
    other = Api(cast.other_worker.user)
    assert status_and_code(other.get("/workers")) == (403, "forbidden")
    assert status_and_code(other.get(f"/jobs/{posting.pk}/applications")) == (403, "forbidden")
    mine = other.get("/jobs/applications/mine").json()
    assert mine["total"] == 1  # only the other worker's own application, not the worker's
    assert Application.objects.get(pk=mine["items"][0]["id"]).worker_id == cast.other_worker.pk


def test_a_worker_cannot_act_on_another_workers_application(cast):
    _, application = applied(cast)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    other = Api(cast.other_worker.user)
    for action in ("accept", "decline", "withdraw"):
        response = other.post(f"/jobs/applications/{application.pk}/{action}")
        assert status_and_code(response) == (403, "forbidden"), action
    for action in ("shortlist", "offer", "reject"):  # nor play the employer
        response = other.post(f"/jobs/applications/{application.pk}/{action}")
        assert status_and_code(response) == (403, "forbidden"), action
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.OFFERED


def test_a_worker_cannot_read_or_mark_another_users_notifications(cast):
    _, application = applied(cast)
    job_services.shortlist(actor=cast.employer, application_id=application.pk)
    note = Notification.objects.get(user=cast.worker.user, kind="shortlisted")
    other = Api(cast.other_worker.user)
    assert other.get("/notifications").json()["total"] == 0
    assert other.post("/notifications/read", {"id": note.pk}).json() == {"unread": 0}
    note.refresh_from_db()
    assert note.read_at is None


# --- Employers and applicants' contact details ----------------------------------------------------


def test_an_employer_sees_applicants_contact_details_only_for_its_own_postings(cast):
    posting, application = applied(cast)
    own = Api(cast.employer).get(f"/jobs/{posting.pk}/applications")
    assert own.status_code == 200
    [applicant] = own.json()["items"]
    assert applicant["phone"] == cast.worker.user.phone
    assert applicant["name"] == "江**"
    assert applicant["id_number"] == cast.worker.id_number[:3] + "*" * 11 + cast.worker.id_number[-4:]

    other = Api(cast.other_employer)
    response = other.get(f"/jobs/{posting.pk}/applications")
    assert status_and_code(response) == (403, "forbidden")
    assert cast.worker.user.phone not in response.content.decode()
    for action in ("shortlist", "offer", "reject"):
        response = other.post(f"/jobs/applications/{application.pk}/{action}")
        assert status_and_code(response) == (403, "forbidden"), action
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED


def test_an_employer_cannot_change_or_close_another_employers_posting(cast):
    posting = t.make_job(cast.employer, admin=cast.admin)
    other = Api(cast.other_employer)
    body = {
        "title": "被改掉的标题",
        "description": "别人的岗位不能改。",
        "occupations": ["loader_driver"],
        "headcount": 1,
        "address": "唐山市路南区",
        "division": "130202",
        "pay_amount": "1",
        "pay_unit": "day",
        "start_date": posting.start_date.isoformat(),
        "end_date": posting.end_date.isoformat(),
    }
    assert status_and_code(other.put(f"/jobs/{posting.pk}", body)) == (403, "forbidden")
    assert status_and_code(other.post(f"/jobs/{posting.pk}/close")) == (403, "forbidden")
    assert status_and_code(other.post(f"/jobs/{posting.pk}/submit")) == (403, "forbidden")
    posting.refresh_from_db()
    assert (posting.title, posting.status) == ("丰南公路融雪铲车司机", JobStatus.OPEN)
    assert posting.pk not in [j["id"] for j in other.get("/jobs/mine").json()["items"]]


def test_a_withdrawn_applicant_is_not_listed(cast):
    posting, application = applied(cast)
    job_services.apply(actor=cast.other_worker.user, job_id=posting.pk)
    job_services.withdraw(actor=cast.worker.user, application_id=application.pk)
    response = Api(cast.employer).get(f"/jobs/{posting.pk}/applications")
    assert response.json()["total"] == 1
    assert [a["worker_id"] for a in response.json()["items"]] == [cast.other_worker.pk]
    assert cast.worker.user.phone not in response.content.decode()


# --- Station, centre and market staff -------------------------------------------------------------


def listed_workers(user: User) -> set[int]:
    response = Api(user).get("/workers", page_size=100)
    assert response.status_code == 200, response.content
    return {w["id"] for w in response.json()["items"]}


def test_staff_see_the_workers_of_their_station_centre_or_market(cast):
    unassigned = t.make_worker(cast.market, name="自行注册")  # self-registered, no station yet
    assert listed_workers(cast.station_staff) == {cast.worker.pk}
    assert listed_workers(cast.other_station_staff) == {cast.other_worker.pk}
    assert listed_workers(cast.centre_staff) == {cast.worker.pk}  # the centre's only station
    assert listed_workers(cast.admin) == {cast.worker.pk, cast.other_worker.pk, unassigned.pk}


def test_staff_see_workers_masked(cast):
    [row] = Api(cast.station_staff).get("/workers").json()["items"]
    assert row["real_name"] == "江**"
    assert row["id_number"] == cast.worker.id_number[:3] + "*" * 11 + cast.worker.id_number[-4:]
    assert row["phone"] == cast.worker.user.phone[:3] + "****" + cast.worker.user.phone[-4:]
    assert row["birth_date"] is None


def test_a_walk_in_belongs_to_the_registering_station(cast):
    body = {
        "phone": "13688887777",
        "consent_channel": "paper",
        "consent_reference": "YYL-2026-0100",
        "profile": {
            "real_name": "刘长顺",
            "id_number": make_resident_id("130202", dt.date(1970, 4, 4), 51),
            "home_division": "130202",
        },
    }
    response = Api(cast.station_staff).post("/workers/walk-in", body)
    assert response.status_code == 201, response.content
    walk_in = response.json()["id"]
    assert walk_in in listed_workers(cast.station_staff)
    assert walk_in in listed_workers(cast.centre_staff)
    assert walk_in not in listed_workers(cast.other_station_staff)


def test_station_staff_edit_only_their_stations_workers(cast):
    mine = worker_services.ProfileInput(about="驿站补充：能吃苦")
    worker_services.update_profile(actor=cast.station_staff, worker_id=cast.worker.pk, data=mine)
    with pytest.raises(PermissionDeniedError):
        worker_services.update_profile(actor=cast.station_staff, worker_id=cast.other_worker.pk, data=mine)
    cert = worker_services.add_certificate(
        actor=cast.other_worker.user,
        worker_id=cast.other_worker.pk,
        certificate_type="special_ops_welding",
        number="T130202000000",
    )
    response = Api(cast.station_staff).post(f"/workers/certificates/{cert.pk}/verify")
    assert status_and_code(response) == (403, "forbidden")
    assert Api(cast.other_station_staff).post(f"/workers/certificates/{cert.pk}/verify").json()["verified"]


def test_station_staff_cannot_verify_enterprises_or_review_postings(cast):
    pending = [t.make_employer(cast.market, name=f"待审单位{i}", verified=False) for i in range(3)]
    enterprise_ids = [t.enterprise_of(user).pk for user in pending]
    postings = [job_services.create_job(actor=cast.employer, data=t.job_input()) for _ in range(3)]

    station = Api(cast.station_staff)
    assert status_and_code(station.post(f"/employers/{enterprise_ids[0]}/verify")) == (403, "forbidden")
    assert status_and_code(
        station.post(f"/employers/{enterprise_ids[0]}/reject", {"reason": "材料不全"})
    ) == (
        403,
        "forbidden",
    )
    assert status_and_code(station.post(f"/jobs/{postings[0].pk}/approve")) == (403, "forbidden")
    assert status_and_code(station.post(f"/jobs/{postings[0].pk}/reject", {"reason": "信息不全"})) == (
        403,
        "forbidden",
    )
    assert t.enterprise_of(pending[0]).status == VerificationStatus.PENDING
    assert JobPosting.objects.get(pk=postings[0].pk).status == JobStatus.PENDING_REVIEW

    for reviewer, enterprise_id, posting in [
        (cast.centre_staff, enterprise_ids[1], postings[1]),
        (cast.admin, enterprise_ids[2], postings[2]),
    ]:
        api = Api(reviewer)
        assert api.post(f"/employers/{enterprise_id}/verify").json()["status"] == "verified"
        assert api.post(f"/jobs/{posting.pk}/approve").json()["status"] == "open"


def test_employers_and_workers_cannot_review(cast):
    posting = job_services.create_job(actor=cast.employer, data=t.job_input())
    for user in (cast.employer, cast.worker.user):
        api = Api(user)
        assert status_and_code(api.post(f"/jobs/{posting.pk}/approve")) == (403, "forbidden")
        assert status_and_code(api.get("/jobs/reviews")) == (403, "forbidden")
        assert status_and_code(api.get("/employers/pending")) == (403, "forbidden")


# --- Postings not yet public ----------------------------------------------------------------------


def test_unpublished_postings_are_404_to_the_public(cast):
    posting = job_services.create_job(
        actor=cast.employer, data=t.job_input(title="未发布的岗位"), submit=False
    )
    outsiders = {
        user: Api(user) for user in (None, cast.worker.user, cast.other_employer, cast.station_staff)
    }
    insiders = {user: Api(user) for user in (cast.employer, cast.admin, cast.centre_staff)}
    for status in ["draft", "pending_review", "rejected", "cancelled"]:
        JobPosting.objects.filter(pk=posting.pk).update(status=status)
        for user, api in outsiders.items():
            assert status_and_code(api.get(f"/jobs/{posting.pk}")) == (404, "not_found"), (status, user)
            assert api.get(f"/jobs/{posting.pk}/qr.svg").status_code == 404, (status, user)
            assert posting.pk not in [j["id"] for j in api.get("/jobs").json()["items"]], (status, user)
        for user, api in insiders.items():
            assert api.get(f"/jobs/{posting.pk}").json()["status"] == status, (status, user)
    JobPosting.objects.filter(pk=posting.pk).update(status="open")
    assert outsiders[None].get(f"/jobs/{posting.pk}").json()["status"] == "open"
