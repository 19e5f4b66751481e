"""One test per access rule on postings and applications, through the API with each member of the cast."""

from __future__ import annotations

from typing import Any

from lingong import testing as t
from lingong.apitools import Api, status_and_code
from lingong.employers.models import VerificationStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus


def applied(cast: Any, **job: Any) -> tuple[JobPosting, Application]:
    posting = t.make_job(cast.employer, admin=cast.admin, **job)
    return posting, job_services.apply(actor=cast.worker.user, job_id=posting.pk)


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


# --- Employers and applicants' contact details ----------------------------------------------------


def test_an_employer_sees_applicants_contact_details_only_for_its_own_postings(cast):
    posting, application = applied(cast)
    own = Api(cast.employer).get(f"/jobs/{posting.pk}/applications")
    assert own.status_code == 200
    [applicant] = own.json()["items"]
    # Masked until the worker accepts one of this employer's offers (issue 9, PIPL art. 23).
    assert applicant["phone"] == cast.worker.user.masked_phone
    assert cast.worker.user.phone not in own.content.decode()
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


# --- Reviews --------------------------------------------------------------------------------------


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
