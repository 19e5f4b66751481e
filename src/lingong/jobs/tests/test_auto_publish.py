"""Publish at once, review afterwards: a clean employer's low-risk posting opens at once and waits for the
post-publication check, where staff confirm it or take it down with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput
from lingong.employers.models import EmployerReputation, Enterprise
from lingong.jobs import selectors, services
from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus, PostReviewStatus
from lingong.org import policy as policies

pytestmark = pytest.mark.django_db
API = "/api/v1"


def make_clean(employer: Any, *, days: int = 40) -> Enterprise:
    """Verified ``days`` ago with one posting approved by a reviewer: a clean record."""
    enterprise = t.enterprise_of(employer)
    Enterprise.objects.filter(pk=enterprise.pk).update(verified_at=timezone.now() - dt.timedelta(days=days))
    t.make_job(employer, title="已审核发布的岗位")
    return Enterprise.objects.get(pk=enterprise.pk)


def actions(job: JobPosting) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="jobs.jobposting", object_id=str(job.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_clean_employers_low_risk_posting_opens_at_once(cast: Any, capture_events: Any) -> None:
    make_clean(cast.employer)
    with capture_events() as sent:
        job = services.create_job(actor=cast.employer, data=t.job_input(title="急招装卸工", is_urgent=True))
    assert "job.open" in sent.kinds()
    assert job.status == JobStatus.OPEN
    assert job.post_review_status == PostReviewStatus.PENDING
    assert job.published_at == job.submitted_at and job.reviewed_by is None
    assert actions(job) == ["job.created", "job.published"]
    note = cast.employer.notifications.get(kind="job_published")
    assert "2小时内复核" in note.body
    queue = selectors.review_queue(cast.admin, selectors.ReviewFilters(queue=selectors.QUEUE_POST))
    assert [j.pk for j in queue] == [job.pk]
    assert not selectors.review_queue(cast.admin, selectors.ReviewFilters()).exists()


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda c: policies.set_policy(c.market.pk, auto_publish_enabled=False), "本市场未开启先发布后复核"),
        (lambda c: make_clean(c.employer, days=10), "单位认证未满30天"),
        (
            lambda c: Enterprise.objects.filter(pk=t.enterprise_of(c.employer).pk).update(
                verified_at=timezone.now() - dt.timedelta(days=40)
            ),
            "尚无经工作人员审核发布的岗位",
        ),
    ],
)
def test_without_a_clean_record_the_posting_waits_for_review(cast: Any, setup: Any, reason: str) -> None:
    setup(cast)
    policies.clear_cache()
    job = services.create_job(actor=cast.employer, data=t.job_input())
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.post_review_status == PostReviewStatus.NONE
    entry = AuditEntry.objects.get(action="job.submitted", object_id=str(job.pk))
    assert reason in entry.data["review_first"]


def test_a_rejection_within_the_window_or_overdue_pay_spoil_the_record(cast: Any) -> None:
    enterprise = make_clean(cast.employer)
    rejected = services.create_job(actor=cast.employer, data=t.job_input(title="带微信号的岗位，加微信"))
    assert rejected.status == JobStatus.PENDING_REVIEW  # the risk check sent it to review first
    services.reject_job(actor=cast.admin, job_id=rejected.pk, reason="请勿留微信")
    assert "近30天内有岗位被退回或下架" in selectors.auto_publish_blockers(enterprise)
    JobPosting.objects.filter(pk=rejected.pk).update(rejected_at=timezone.now() - dt.timedelta(days=31))
    assert selectors.auto_publish_blockers(enterprise) == []
    EmployerReputation.objects.create(
        enterprise=enterprise, star_level=4, reliability=1, statements_paid=3, statements_overdue=1
    )
    assert selectors.auto_publish_blockers(enterprise) == ["有逾期未付的结算"]


def test_a_risky_posting_from_a_clean_employer_waits_for_review_with_its_findings(cast: Any) -> None:
    make_clean(cast.employer)
    job = services.create_job(
        actor=cast.employer, data=t.job_input(description="上岗前先交押金300元，工装费自理。")
    )
    assert job.status == JobStatus.PENDING_REVIEW  # held by screening, whatever the employer's record
    assert AuditEntry.objects.filter(action="job.held", object_id=str(job.pk)).exists()
    note = cast.employer.notifications.get(kind="job_held")
    assert note.body.startswith(f"“{job.title}”待审核：") and "押金" in note.body


def test_a_posting_rejected_before_is_reviewed_again_even_for_a_clean_employer(cast: Any) -> None:
    make_clean(cast.employer)
    draft = services.create_job(actor=cast.employer, data=t.job_input(address="另行通知"), submit=False)
    services.submit_job(actor=cast.employer, job_id=draft.pk)
    services.reject_job(actor=cast.admin, job_id=draft.pk, reason="请写明工作地点")
    JobPosting.objects.filter(pk=draft.pk).update(rejected_at=timezone.now() - dt.timedelta(days=60))
    job = services.submit_job(actor=cast.employer, job_id=draft.pk)
    assert job.status == JobStatus.PENDING_REVIEW


def test_at_most_three_postings_wait_for_the_check_at_once(cast: Any) -> None:
    make_clean(cast.employer)
    opened = [services.create_job(actor=cast.employer, data=t.job_input(title=f"岗位{i}")) for i in range(4)]
    assert [j.status for j in opened] == [JobStatus.OPEN] * 3 + [JobStatus.PENDING_REVIEW]


def test_staff_confirm_a_posting_after_publication(cast: Any) -> None:
    make_clean(cast.employer)
    job = services.create_job(actor=cast.employer, data=t.job_input())
    confirmed = services.confirm_post_review(actor=cast.centre_staff, job_id=job.pk)
    assert confirmed.post_review_status == PostReviewStatus.CONFIRMED
    assert confirmed.status == JobStatus.OPEN and confirmed.reviewed_by == cast.centre_staff
    assert actions(job)[-1] == "job.post_review_confirmed"
    with pytest.raises(ConflictError, match="事后复核当前状态为“复核通过”"):
        services.confirm_post_review(actor=cast.admin, job_id=job.pk)
    with pytest.raises(Exception, match="权限"):
        services.confirm_post_review(actor=cast.station_staff, job_id=job.pk)


def test_staff_take_a_posting_down_with_a_reason_and_everyone_is_told(cast: Any) -> None:
    make_clean(cast.employer)
    job = services.create_job(actor=cast.employer, data=t.job_input())
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    with pytest.raises(InvalidInput):
        services.take_down_job(actor=cast.admin, job_id=job.pk, reason=" ")
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.OPEN  # nothing half-written
    taken = services.take_down_job(actor=cast.admin, job_id=job.pk, reason="工资明显高于行情，疑似收费招工")
    assert (taken.status, taken.post_review_status) == (JobStatus.REJECTED, PostReviewStatus.TAKEN_DOWN)
    assert taken.review_note == "工资明显高于行情，疑似收费招工" and taken.rejected_at is not None
    assert actions(job)[-1] == "job.taken_down"
    note = cast.employer.notifications.get(kind="job_taken_down")
    assert "工资明显高于行情" in note.body and "重新提交审核" in note.body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert cast.worker.user.notifications.filter(kind="job_closed").exists()
    # The record is no longer clean, and the employer can correct and resubmit it for a normal review.
    assert "近30天内有岗位被退回或下架" in selectors.auto_publish_blockers(t.enterprise_of(cast.employer))
    again = services.submit_job(actor=cast.employer, job_id=job.pk)
    assert again.status == JobStatus.PENDING_REVIEW


def test_only_postings_awaiting_the_check_can_be_taken_down(cast: Any) -> None:
    reviewed = t.make_job(cast.employer)
    with pytest.raises(ConflictError):
        services.take_down_job(actor=cast.admin, job_id=reviewed.pk, reason="测试下架")
    with pytest.raises(ConflictError):
        services.reject_job(actor=cast.admin, job_id=reviewed.pk, reason="测试退回")
    assert JobPosting.objects.get(pk=reviewed.pk).status == JobStatus.OPEN


def test_an_edit_that_trips_the_risk_check_goes_back_in_front_of_staff(cast: Any) -> None:
    job = t.make_job(cast.employer)  # reviewed before publication
    services.update_job(actor=cast.employer, job_id=job.pk, data=t.job_input(title="岗位已更新"))
    assert JobPosting.objects.get(pk=job.pk).post_review_status == PostReviewStatus.NONE
    # Medium risk (an upper age limit): stays published, flagged, in the post-publication queue.
    services.update_job(
        actor=cast.employer, job_id=job.pk, data=t.job_input(description="年龄18-35岁，日结。")
    )
    job.refresh_from_db()
    assert (job.status, job.post_review_status, job.risk_level) == (
        JobStatus.OPEN,
        PostReviewStatus.PENDING,
        "flag",
    )
    assert actions(job)[-1] == "job.post_review_flagged"
    queue = selectors.review_queue(
        cast.admin, selectors.ReviewFilters(queue=selectors.QUEUE_POST, risk="flag")
    )
    assert [j.pk for j in queue] == [job.pk]
    # High risk (a contact off the platform): held for review again, no longer open to applicants.
    services.update_job(
        actor=cast.employer, job_id=job.pk, data=t.job_input(description="详情加微信 tsjob88 了解，日结。")
    )
    job.refresh_from_db()
    assert (job.status, job.risk_level) == (JobStatus.PENDING_REVIEW, "hold")
    assert actions(job)[-1] == "job.held"
    queue = selectors.review_queue(cast.admin, selectors.ReviewFilters(risk="hold"))
    assert [j.pk for j in queue] == [job.pk]


# --- The API -------------------------------------------------------------------------------------------


def post(client: Client, path: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"}
    return client.post(f"{API}{path}", body or {}, content_type="application/json", headers=headers)


def test_api_post_review_queue_confirm_and_take_down(client: Client, cast: Any) -> None:
    make_clean(cast.employer)
    first = services.create_job(actor=cast.employer, data=t.job_input(title="第一个"))
    second = services.create_job(actor=cast.employer, data=t.job_input(title="第二个"))
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=cast.admin)}"}
    body = client.get(f"{API}/jobs/reviews", {"queue": "post"}, headers=headers).json()
    assert [j["id"] for j in body["items"]] == [first.pk, second.pk]
    assert body["items"][0]["post_review_status"] == "pending"
    confirmed = post(client, f"/jobs/{first.pk}/post-review/confirm", cast.admin)
    assert confirmed.status_code == 200 and confirmed.json()["post_review_status"] == "confirmed"
    again = post(client, f"/jobs/{first.pk}/post-review/confirm", cast.admin)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    no_reason = post(client, f"/jobs/{second.pk}/take-down", cast.admin, {"reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    taken = post(client, f"/jobs/{second.pk}/take-down", cast.admin, {"reason": "地址与实际不符"})
    assert taken.status_code == 200
    assert (taken.json()["status"], taken.json()["post_review_status"]) == ("rejected", "taken_down")
    assert (
        post(client, f"/jobs/{second.pk}/take-down", cast.employer, {"reason": "自己下架"}).status_code == 403
    )
