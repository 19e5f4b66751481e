"""The quick-recruit API: the happy path, bad input (4xx {code, message, errors}, nothing written), access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.jobs.models import JobPosting
from lingong.recruit.models import CampaignInvite, QuickRecruit, Wave
from lingong.recruit.tests import helpers as h

pytestmark = pytest.mark.django_db


def _job(cast: Any, employer: Any = None) -> Any:
    return t.make_job(
        employer or cast.employer,
        admin=cast.admin,
        headcount=3,
        start_date=h.tomorrow_at(9).date(),
        end_date=h.tomorrow_at(9).date(),
        **h.place(),
    )


def _body(job_id: int, **overrides: Any) -> dict[str, Any]:
    starts = h.tomorrow_at(9)
    body = {
        "job_id": job_id,
        "headcount": 2,
        "starts_at": starts.isoformat(),
        "fill_deadline": (starts - dt.timedelta(hours=1)).isoformat(),
    }
    body.update(overrides)
    return body


def test_start_read_answer_and_cancel(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    h.workers_near(cast, 3)
    job = _job(cast)
    employer = at.Api(cast.employer)
    with django_capture_on_commit_callbacks(execute=True):  # wave 1 runs after commit (Huey immediate)
        created = at.ok(employer.post("/quick-recruits", _body(job.pk)), 201)
    assert created["status"] == "open"
    got = at.ok(employer.get(f"/quick-recruits/{created['id']}"))
    assert got["status"] == "filling" and got["waves"] == 1 and got["wave_list"][0]["radius_km"] == 3
    assert got["counts"]["invited"] == 4
    invite = CampaignInvite.objects.filter(campaign_id=created["id"]).first()
    assert invite is not None
    worker = at.Api(invite.worker.user)
    mine = at.ok(worker.get("/me/invitations"))
    assert [i["campaign_id"] for i in mine] == [created["id"]] and mine[0]["state"] == "invited"
    answered = at.ok(worker.post(f"/quick-recruits/{created['id']}/answers"))
    assert answered["state"] == "offered"
    at.error(at.Api(cast.employer).post(f"/quick-recruits/{created['id']}/answers"), 403)
    cancelled = at.ok(employer.post(f"/quick-recruits/{created['id']}/cancel"))
    assert cancelled["status"] == "cancelled"
    at.error(worker.post(f"/quick-recruits/{created['id']}/answers"), 409, "campaign_closed")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": "past"}, "starts_at"),
        ({"starts_at": "far"}, "starts_at"),
        ({"headcount": 0}, "headcount"),
        ({"headcount": 501}, "headcount"),
        ({"fill_deadline": "past"}, "fill_deadline"),
        ({"fill_deadline": "after"}, "fill_deadline"),
    ],
)
def test_bad_input_is_422_and_writes_nothing(cast: Any, overrides: dict[str, Any], field: str) -> None:
    job = _job(cast)
    now = timezone.now()
    values = {
        "past": (now - dt.timedelta(minutes=5)).isoformat(),
        "far": (now + dt.timedelta(hours=73)).isoformat(),
        "after": (h.tomorrow_at(9) + dt.timedelta(minutes=1)).isoformat(),
    }
    body = _body(job.pk, **{k: values.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()})
    at.error(at.Api(cast.employer).post("/quick-recruits", body), 422, "invalid_input", field)
    assert not QuickRecruit.objects.exists() and not Wave.objects.exists()


def test_a_posting_that_is_not_the_employers_is_404(cast: Any) -> None:
    other_job = _job(cast, cast.other_employer)
    at.error(at.Api(cast.employer).post("/quick-recruits", _body(other_job.pk)), 404, "not_found")
    at.error(at.Api(cast.employer).post("/quick-recruits", _body(999999)), 404)
    at.error(at.Api(cast.worker.user).post("/quick-recruits", _body(other_job.pk)), 403)
    at.error(at.Api(None).post("/quick-recruits", _body(other_job.pk)), 401)
    assert not QuickRecruit.objects.exists()


def test_reading_and_cancelling_another_employers_campaign_is_404(cast: Any) -> None:
    job = _job(cast)
    created = at.ok(at.Api(cast.employer).post("/quick-recruits", _body(job.pk)), 201)
    other = at.Api(cast.other_employer)
    at.error(other.get(f"/quick-recruits/{created['id']}"), 404)
    at.error(other.post(f"/quick-recruits/{created['id']}/cancel"), 404)
    at.error(at.Api(cast.worker.user).get(f"/quick-recruits/{created['id']}"), 404)
    at.error(at.Api(cast.employer).get("/me/invitations"), 403)
    assert QuickRecruit.objects.get().status == "open"


def test_a_second_campaign_on_the_same_posting_is_409(cast: Any) -> None:
    job = _job(cast)
    employer = at.Api(cast.employer)
    at.ok(employer.post("/quick-recruits", _body(job.pk)), 201)
    at.error(employer.post("/quick-recruits", _body(job.pk)), 409, "campaign_exists")


def test_a_new_posting_held_for_review_cannot_start_a_campaign(cast: Any) -> None:
    """The cast's employer was verified today, so its new posting is reviewed first: 409, nothing written
    (neither the campaign nor the posting)."""
    body = _body(0)
    body.pop("job_id")
    body["job"] = at.job_body(title="银行食堂急招厨师", occupations=["chinese_cook"], headcount=2)
    at.error(at.Api(cast.employer).post("/quick-recruits", body), 409, "job_not_open")
    assert not QuickRecruit.objects.exists()
    assert not JobPosting.objects.filter(title="银行食堂急招厨师").exists()


def test_staff_start_one_with_a_new_posting_that_opens_at_once(cast: Any) -> None:
    """A market admin's posting for the employer is reviewed as it is posted: the campaign starts."""
    body = _body(0)
    body.pop("job_id")
    body["enterprise_id"] = cast.employer.membership.enterprise_id
    body["job"] = at.job_body(
        title="银行食堂急招厨师", occupations=["chinese_cook"], headcount=2, **h.place()
    )
    created = at.ok(at.Api(cast.admin).post("/quick-recruits", body), 201)
    assert created["headcount"] == 2 and created["status"] == "open"
    job = JobPosting.objects.get(pk=created["job_id"])
    assert job.is_urgent and job.start_date == h.tomorrow_at(9).date()


def test_station_staff_nominate_over_the_api(cast: Any) -> None:
    job = _job(cast)
    created = at.ok(at.Api(cast.employer).post("/quick-recruits", _body(job.pk)), 201)
    staff = at.Api(cast.station_staff)
    nominated = at.ok(
        staff.post(f"/quick-recruits/{created['id']}/nominations", {"phone": cast.worker.user.phone}), 201
    )
    assert nominated["channel"] == "station" and nominated["state"] == "offered"
    at.error(staff.post(f"/quick-recruits/{created['id']}/nominations", {"phone": "123"}), 422, field="phone")
    at.error(
        at.Api(cast.worker.user).post(f"/quick-recruits/{created['id']}/nominations", {"phone": "1"}), 403
    )
