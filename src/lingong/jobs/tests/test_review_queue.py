"""The job review queues: urgent first then the longest waiting, paging, search, filters, the SLA clock,
and the same over the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.core.pagination import paginate
from lingong.jobs import selectors, services
from lingong.jobs.models import JobPosting, JobStatus
from lingong.org import policy as policies

pytestmark = pytest.mark.django_db
API = "/api/v1"


def pending(
    employer: Any, title: str, *, hours_ago: float, urgent: bool = False, **overrides: Any
) -> JobPosting:
    """A posting submitted for review ``hours_ago`` hours ago."""
    job = services.create_job(actor=employer, data=t.job_input(title=title, is_urgent=urgent, **overrides))
    assert job.status == JobStatus.PENDING_REVIEW
    JobPosting.objects.filter(pk=job.pk).update(submitted_at=timezone.now() - dt.timedelta(hours=hours_ago))
    return job


def titles(qs: Any) -> list[str]:
    return [j.title for j in qs]


def test_urgent_postings_come_first_then_the_longest_waiting(cast: Any) -> None:
    pending(cast.employer, "普通-新", hours_ago=1)
    pending(cast.employer, "普通-旧", hours_ago=30)
    pending(cast.other_employer, "急招-新", hours_ago=0.2, urgent=True)
    pending(cast.other_employer, "急招-旧", hours_ago=3, urgent=True)
    queue = selectors.review_queue(cast.admin, selectors.ReviewFilters())
    assert titles(queue) == ["急招-旧", "急招-新", "普通-旧", "普通-新"]
    assert titles(selectors.pending_reviews(cast.centre_staff)) == titles(queue)


def test_the_newest_urgent_posting_of_many_is_on_the_first_page(cast: Any) -> None:
    for i in range(24):
        pending(cast.employer, f"普通岗位{i:02d}", hours_ago=48 - i)
    pending(cast.other_employer, "今日急招中式烹调师2名", hours_ago=0.1, urgent=True)
    queue = selectors.review_queue(cast.admin, selectors.ReviewFilters())
    first = paginate(queue, 1, 10)
    assert first.total == 25 and first.pages == 3
    assert first.items[0].title == "今日急招中式烹调师2名"
    last = paginate(queue, 3, 10)
    assert [j.title for j in last.items] == [
        "普通岗位19",
        "普通岗位20",
        "普通岗位21",
        "普通岗位22",
        "普通岗位23",
    ]


def test_search_by_title_enterprise_name_or_credit_code(cast: Any) -> None:
    pending(cast.employer, "路南区装卸工", hours_ago=2)
    pending(cast.other_employer, "后厨帮工", hours_ago=1)
    other = t.enterprise_of(cast.other_employer)

    def search(q: str) -> list[str]:
        return titles(selectors.review_queue(cast.admin, selectors.ReviewFilters(q=q)))

    assert search("装卸") == ["路南区装卸工"]
    assert search("南湖餐饮") == ["后厨帮工"]
    assert search(other.credit_code[-6:]) == ["后厨帮工"]  # the last digits of the licence
    assert search(other.credit_code[-7:].lower()) == ["后厨帮工"]
    assert len(search("9113")) == 2  # both licences were issued in Lunan
    assert search("不存在的单位") == []


def test_filters_by_division_urgency_and_overdue(cast: Any) -> None:
    pending(cast.employer, "丰南急招", hours_ago=3, urgent=True)  # past the 2 h for urgent postings
    pending(cast.employer, "丰南普通", hours_ago=3)  # within 24 h
    pending(cast.employer, "路南普通", hours_ago=25, division="130202002", address="唐山市路南区友谊里小区")

    def only(**filters: Any) -> list[str]:
        return titles(selectors.review_queue(cast.admin, selectors.ReviewFilters(**filters)))

    assert only(division="130207") == ["丰南急招", "丰南普通"]
    assert only(division="130202") == ["路南普通"]  # a district includes its streets
    assert only(urgent=True) == ["丰南急招"]
    assert only(overdue=True) == ["丰南急招", "路南普通"]
    assert selectors.overdue_review_counts(cast.admin) == {"pending": 2, "post": 0}


def test_the_sla_clock_follows_the_markets_policy(cast: Any) -> None:
    urgent = pending(cast.employer, "急招", hours_ago=1.5, urgent=True)
    normal = pending(cast.employer, "普通", hours_ago=1.5)
    now = JobPosting.objects.get(pk=urgent.pk).submitted_at + dt.timedelta(minutes=90)
    policy = policies.policy_for(cast.market.pk)
    assert (policy.review_sla_urgent_hours, policy.review_sla_hours) == (2, 24)
    rows = {j.title: j for j in selectors.review_queue(cast.admin, selectors.ReviewFilters())}
    clock = selectors.review_clock(rows["急招"], policy, now)
    assert clock.started == JobPosting.objects.get(pk=urgent.pk).submitted_at
    assert clock.deadline == clock.started + dt.timedelta(hours=2)
    assert not clock.overdue and clock.waited_display == "1小时30分"
    assert selectors.review_clock(rows["普通"], policy, now).remaining_display == "22小时30分"
    policies.set_policy(cast.market.pk, review_sla_urgent_hours=1)
    policies.clear_cache()
    tighter = policies.policy_for(cast.market.pk)
    assert selectors.review_clock(rows["急招"], tighter, now).overdue
    assert selectors.review_clock(rows[normal.title], tighter, now).overdue is False


def test_submitting_starts_the_clock_and_a_resubmission_restarts_it(cast: Any) -> None:
    job = services.create_job(actor=cast.employer, data=t.job_input(), submit=False)
    assert job.submitted_at is None
    job = services.submit_job(actor=cast.employer, job_id=job.pk)
    first = job.submitted_at
    assert first is not None
    services.reject_job(actor=cast.admin, job_id=job.pk, reason="请写明工作时间")
    job = services.submit_job(actor=cast.employer, job_id=job.pk)
    assert job.submitted_at > first


def test_the_queue_is_the_staff_members_market_only(cast: Any) -> None:
    pending(cast.employer, "本市场岗位", hours_ago=1)
    assert titles(selectors.review_queue(cast.admin, selectors.ReviewFilters())) == ["本市场岗位"]
    with pytest.raises(Exception, match="权限"):
        selectors.review_queue(cast.worker.user, selectors.ReviewFilters())


# --- The API -------------------------------------------------------------------------------------------


def get(client: Client, path: str, user: Any, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"}
    return client.get(f"{API}{path}", params, headers=headers)


def test_api_review_list_pages_orders_and_searches(client: Client, cast: Any) -> None:
    for i in range(5):
        pending(cast.employer, f"普通岗位{i}", hours_ago=30 - i)
    bank = pending(cast.other_employer, "今日急招中式烹调师2名", hours_ago=0.1, urgent=True)
    body = get(client, "/jobs/reviews", cast.admin, page_size=2).json()
    assert (body["total"], body["pages"]) == (6, 3)
    first = body["items"][0]
    assert first["id"] == bank.pk and first["is_urgent"]
    assert first["overdue"] is False and first["waited_minutes"] == 6 and first["risk_level"] == "low"
    assert first["post_review_status"] == "none"
    second = body["items"][1]
    assert second["title"] == "普通岗位0" and second["overdue"] is True
    found = get(client, "/jobs/reviews", cast.admin, q="烹调").json()
    assert [j["id"] for j in found["items"]] == [bank.pk]
    overdue = get(client, "/jobs/reviews", cast.admin, overdue="true").json()
    assert overdue["total"] == 5


def test_api_review_list_refuses_bad_input_with_422(client: Client, cast: Any) -> None:
    response = get(client, "/jobs/reviews", cast.admin, queue="everything")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input" and "queue" in response.json()["errors"]
    assert get(client, "/jobs/reviews", cast.admin, page_size=500).status_code == 422
    assert get(client, "/jobs/reviews", cast.worker.user).status_code == 403
