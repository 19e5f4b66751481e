"""The matching engine in the platform: the adapter, the index kept in step with saves, and the API."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import User
from lingong.audit.models import AuditEntry
from lingong.jobs import matching_index as adapter
from lingong.jobs import services as job_services
from lingong.jobs.matching_index import freshness, market_index
from lingong.jobs.matching_index.rows import _worker_queryset
from lingong.jobs.models import JobPosting
from lingong.matching import ALL_SLOTS, load_taxonomy, slot_mask
from lingong.notifications.models import Notification
from lingong.org.area import matching_area
from lingong.pagetools import follow, get_page, login, text_of
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile

API = "/api/v1"
CERT = "special_equipment_forklift"
LUNAN = (39.6152, 118.2108)
NEAR_LUNAN = (39.6250, 118.2200)  # about 1.4 km away
ZUNHUA = (40.193, 117.972)  # about 67 km north


def call(
    client: Client, method: str, path: str, user: User | None = None, body: Any = None, **params: Any
) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    if method == "get":
        return client.get(f"{API}{path}", data=params, headers=headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"{API}{path}", data=data, content_type="application/json", headers=headers)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    return body


def certify(cast: Any, worker: WorkerProfile, *, expires: dt.date | None = None) -> None:
    cert = worker_services.add_certificate(
        actor=worker.user,
        worker_id=worker.pk,
        certificate_type=CERT,
        number=f"N2-130200-{worker.pk:04d}",  # one number per worker (issue 13: numbers are unique)
        expires_on=expires,
    )
    worker_services.verify_certificate(actor=cast.admin, certificate_id=cert.pk)


def move(worker: WorkerProfile, lat: float, lon: float) -> None:
    worker_services.update_profile(
        actor=worker.user, worker_id=worker.pk, data=worker_services.ProfileInput(home_lat=lat, home_lon=lon)
    )


@pytest.fixture
def scene(cast: Any) -> dict[str, Any]:
    """A loader-driver job in 路南 requiring a certificate; a certified driver nearby, an uncertified one
    nearby and a certified one in 遵化."""
    certify(cast, cast.worker)  # 江小军, loader driver at the 路南 centre
    uncertified = t.make_worker(cast.market, name="张大勇", skills=[("loader_driver", 3)])
    far = t.make_worker(
        cast.market, name="王铁柱", skills=[("loader_driver", 10)], lat=ZUNHUA[0], lon=ZUNHUA[1]
    )
    certify(cast, far)
    job = t.make_job(
        cast.employer,
        admin=cast.admin,
        lat=NEAR_LUNAN[0],
        lon=NEAR_LUNAN[1],
        division="130202",
        certificates_required=[CERT],
        headcount=2,
    )
    assert job.status == "open"
    return {"job": job, "uncertified": uncertified, "far": far}


def candidate_ids(client: Client, cast: Any, job: JobPosting, **params: Any) -> list[int]:
    body = ok(call(client, "get", f"/jobs/{job.pk}/candidates", cast.employer, **params))
    return [c["worker_id"] for c in body["items"]]


def test_candidates_rank_the_nearby_certified_driver(
    client: Client, cast: Any, scene: dict[str, Any]
) -> None:
    job = scene["job"]
    body = ok(call(client, "get", f"/jobs/{job.pk}/candidates", cast.employer, radius_km=10, limit=10))
    assert [c["worker_id"] for c in body["items"]] == [cast.worker.pk]
    top = body["items"][0]
    assert top["name"] == "江**"
    assert "距离" in top["sentence"] and "装载机司机" in top["sentence"]
    assert 0.5 < top["distance_km"] < 3
    assert top["reasons"]["occupation"] == "loader_driver"
    assert top["reasons"]["exact"] is True
    # Money leaves the platform as decimal strings, the pay unit by name.
    assert top["reasons"]["expected_pay"] == "300.00" and top["reasons"]["pay_unit"] == "day"
    assert body["version"]
    # A wider radius reaches 遵化; the uncertified driver stays out whatever the radius.
    wide = candidate_ids(client, cast, job, radius_km=100, limit=10)
    assert wide == [cast.worker.pk, scene["far"].pk]
    assert scene["uncertified"].pk not in wide


def test_candidates_follow_profile_updates_and_applications(
    client: Client, cast: Any, scene: dict[str, Any]
) -> None:
    job = scene["job"]
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]
    move(cast.worker, *ZUNHUA)  # the index was built by the first query: this is an incremental update
    assert candidate_ids(client, cast, job, radius_km=10) == []
    move(cast.worker, *LUNAN)
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]
    # Verifying the other driver's certificate makes him a candidate; applying takes him off the list.
    certify(cast, scene["uncertified"])
    assert set(candidate_ids(client, cast, job, radius_km=10)) == {cast.worker.pk, scene["uncertified"].pk}
    job_services.apply(actor=cast.worker.user, job_id=job.pk)
    assert candidate_ids(client, cast, job, radius_km=10) == [scene["uncertified"].pk]


def test_candidates_follow_edits_of_the_job_itself(client: Client, cast: Any, scene: dict[str, Any]) -> None:
    """The job's row is kept per process under the jobs' version (issue 15): an edit of the posting (its
    certificate, its place) changes the next list at once."""
    job = scene["job"]
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]  # asked again: the kept row
    edit = {"lat": NEAR_LUNAN[0], "lon": NEAR_LUNAN[1], "division": "130202", "headcount": 2}
    job_services.update_job(actor=cast.employer, job_id=job.pk, data=t.job_input(**edit))
    assert set(candidate_ids(client, cast, job, radius_km=10)) == {cast.worker.pk, scene["uncertified"].pk}
    there = {**edit, "lat": ZUNHUA[0], "lon": ZUNHUA[1], "division": "130281"}
    job_services.update_job(actor=cast.employer, job_id=job.pk, data=t.job_input(**there))
    assert candidate_ids(client, cast, job, radius_km=10) == [scene["far"].pk]


def test_an_expired_certificate_does_not_qualify(client: Client, cast: Any) -> None:
    certify(cast, cast.worker, expires=timezone.localdate() + dt.timedelta(days=30))  # ends before the job
    job = t.make_job(
        cast.employer, admin=cast.admin, lat=LUNAN[0], lon=LUNAN[1], certificates_required=[CERT]
    )
    assert candidate_ids(client, cast, job) == []


def test_candidates_permissions_and_bad_input(client: Client, cast: Any, scene: dict[str, Any]) -> None:
    path = f"/jobs/{scene['job'].pk}/candidates"
    error(call(client, "get", path, cast.other_employer), 403)
    error(call(client, "get", path, cast.worker.user), 403)
    error(call(client, "get", path), 401)
    ok(call(client, "get", path, cast.admin))
    error(call(client, "get", "/jobs/999999/candidates", cast.employer), 404)
    for params in ({"limit": 0}, {"limit": 101}, {"radius_km": 0}, {"radius_km": 101}, {"limit": "x"}):
        error(call(client, "get", path, cast.employer, **params), 422)


def test_recommended_jobs_for_a_worker(client: Client, cast: Any, scene: dict[str, Any]) -> None:
    job = scene["job"]
    body = ok(call(client, "get", "/jobs/recommended", cast.worker.user))
    assert body["personalised"] is True
    assert [j["job_id"] for j in body["items"]] == [job.pk]
    assert "距离" in body["items"][0]["sentence"]
    assert body["items"][0]["reasons"]["certified"] is True
    # The uncertified driver is not offered a job that needs the certificate.
    assert ok(call(client, "get", "/jobs/recommended", scene["uncertified"].user))["items"] == []
    plain = ok(call(client, "get", "/jobs/recommended", scene["uncertified"].user, personalised="false"))
    assert plain["personalised"] is False
    assert [j["job_id"] for j in plain["items"]] == [job.pk]
    assert plain["items"][0]["distance_km"] is not None and plain["items"][0]["reasons"] is None
    # Applied jobs drop out; closing a job removes it from the index.
    job_services.apply(actor=cast.worker.user, job_id=job.pk)
    assert ok(call(client, "get", "/jobs/recommended", cast.worker.user))["items"] == []
    certify(cast, scene["uncertified"])
    assert len(ok(call(client, "get", "/jobs/recommended", scene["uncertified"].user))["items"]) == 1
    job_services.close_job(actor=cast.employer, job_id=job.pk)
    assert ok(call(client, "get", "/jobs/recommended", scene["uncertified"].user))["items"] == []
    error(call(client, "get", "/jobs/recommended", cast.employer), 403)
    error(call(client, "get", "/jobs/recommended", cast.worker.user, limit=0), 422)


def test_a_new_job_is_recommended_after_it_opens(client: Client, cast: Any) -> None:
    assert ok(call(client, "get", "/jobs/recommended", cast.worker.user))["items"] == []  # builds the index
    job = t.make_job(cast.employer, admin=cast.admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1])
    items = ok(call(client, "get", "/jobs/recommended", cast.worker.user))["items"]
    assert [j["job_id"] for j in items] == [job.pk]


def test_parse_endpoints(client: Client, cast: Any) -> None:
    body = ok(
        call(
            client,
            "post",
            "/parse/job",
            cast.employer,
            {"text": "丰南招铲车司机2名，公路融雪，干6个月，日结300"},
        )
    )
    assert "loader_driver" in [o["code"] for o in body["occupations"]]
    assert body["occupations"][0]["name"] == "装载机司机"
    assert (body["headcount"], body["pay_unit"]) == (2, "day")
    assert body["pay"] == {"min": "300.00", "max": "300.00", "unit": "day", "negotiable": False}
    assert body["divisions"] and body["duration_days"]
    worker = ok(
        call(client, "post", "/parse/worker", cast.worker.user, {"text": "我会开铲车，有证，一天三百"})
    )
    assert "loader_driver" in [o["code"] for o in worker["occupations"]]
    assert worker["pay"] == {"min": "300.00", "max": "300.00", "unit": "day", "negotiable": False}
    for bad in ({"text": ""}, {"text": "   "}, {"text": "招" * 501}, {}):
        error(call(client, "post", "/parse/job", cast.employer, bad), 422)
    error(call(client, "post", "/parse/job", cast.employer, "not json"), 400)
    error(call(client, "post", "/parse/worker", cast.employer, {"text": ""}), 422)
    error(call(client, "post", "/parse/job", None, {"text": "招铲车司机"}), 401)


def test_parse_job_fills_dates_times_and_hours_counted_from_today_in_shanghai(
    client: Client, cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 01:30 in Tangshan it is still the previous day in UTC: "明天" is counted from the local date."""
    real_now = timezone.now()
    evening_utc = real_now.astimezone(dt.UTC).replace(hour=17, minute=30, second=0, microsecond=0)
    if evening_utc > real_now:
        evening_utc -= dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: evening_utc)
    local_today = evening_utc.date() + dt.timedelta(days=1)
    assert timezone.localdate() == local_today
    body = ok(
        call(
            client,
            "post",
            "/parse/job",
            cast.employer,
            {"text": "明天开始招装卸工3名，早8晚5，午休半小时，干6个月，日结300"},
        )
    )
    start = local_today + dt.timedelta(days=1)
    assert body["start_date"] == start.isoformat()
    assert body["end_date"] == _last_day_of_six_months(start).isoformat()
    assert (body["daily_start_time"], body["daily_end_time"]) == ("08:00:00", "17:00:00")
    assert (body["daily_hours"], body["break_minutes"]) == ("8.5", 30)
    assert (body["headcount"], body["pay"]["min"], body["duration_days"]) == (3, "300.00", 180)
    silent = ok(call(client, "post", "/parse/job", cast.employer, {"text": "招铲车司机"}))
    assert [silent[k] for k in ("start_date", "end_date", "daily_start_time", "daily_hours")] == [None] * 4


def _last_day_of_six_months(start: dt.date) -> dt.date:
    """The day before the same date six months on, or that month's last day when it has no such date."""
    month = start.month + 6
    year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
    try:
        return dt.date(year, month, start.day) - dt.timedelta(days=1)
    except ValueError:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


def test_invite_notifies_the_worker_once(client: Client, cast: Any, scene: dict[str, Any]) -> None:
    job = scene["job"]
    path = f"/jobs/{job.pk}/invite"
    body = ok(call(client, "post", path, cast.employer, {"worker_id": cast.worker.pk}), 201)
    assert body["already_invited"] is False
    note = Notification.objects.get(pk=body["notification_id"])
    assert note.user_id == cast.worker.user_id and note.kind == "job_invitation"
    assert job.title in note.body
    assert note.url == reverse("jobs:detail", args=[job.pk]) and note.link_text == "查看岗位并报名"
    assert AuditEntry.objects.filter(action="job.worker_invited", object_id=str(job.pk)).count() == 1
    # Again (a second tap, a retried request): 200 with the first invitation, nothing sent or audited.
    again = ok(call(client, "post", path, cast.employer, {"worker_id": cast.worker.pk}), 200)
    assert again == {**body, "already_invited": True}
    assert Notification.objects.filter(kind="job_invitation").count() == 1
    assert AuditEntry.objects.filter(action="job.worker_invited", object_id=str(job.pk)).count() == 1
    # The candidates list says who is invited, and when.
    items = ok(call(client, "get", f"/jobs/{job.pk}/candidates", cast.employer))["items"]
    assert [(c["worker_id"], c["invited_at"] is not None) for c in items] == [(cast.worker.pk, True)]
    error(call(client, "post", path, cast.other_employer, {"worker_id": cast.worker.pk}), 403)
    error(call(client, "post", path, cast.employer, {"worker_id": 999999}), 404)
    error(call(client, "post", path, cast.employer, {}), 422)
    job_services.apply(actor=cast.worker.user, job_id=job.pk)  # the invited worker applies normally
    error(call(client, "post", path, cast.employer, {"worker_id": cast.worker.pk}), 409)


def test_rebuild_command_prints_sizes(cast: Any, scene: dict[str, Any]) -> None:
    out = StringIO()
    call_command("rebuild_matching_index", stdout=out)
    line = out.getvalue().strip()
    assert line.startswith("lunan: workers=4 jobs=1 mb=")
    assert "seconds=" in line


def test_adapter_skips_incomplete_and_outside_profiles(cast: Any) -> None:
    WorkerProfile.objects.filter(pk=cast.other_worker.pk).update(home_lat=None, home_lon=None)
    entry = adapter.index_for(cast.market.pk)
    assert len(entry.workers) == 1  # 江小军; 李建国 has no location
    assert adapter.worker_query(cast.other_worker) is None


def test_slot_masks() -> None:
    assert adapter.availability_mask([]) == ALL_SLOTS
    monday_morning = adapter.availability_mask([(0, dt.time(8), dt.time(11, 30))])
    assert monday_morning == slot_mask((0,), 8, 12)


def test_employer_page_lists_candidates_and_invites(client: Client, cast: Any, scene: dict[str, Any]) -> None:
    job = scene["job"]
    login(client, cast.employer)
    url = reverse("jobs:job_applicants", args=[job.pk])
    html = get_page(client, url)
    text = text_of(html)
    assert "推荐人选" in text
    assert html.count('data-testid="candidate"') == 1
    assert "江**" in text and "距离" in text and "江小军" not in text
    assert 'data-testid="invite-button">邀请报名<' in html
    path, html = follow(client, reverse("jobs:job_invite", args=[job.pk]), {"worker_id": cast.worker.pk})
    assert path == f"{url}#candidates"
    assert "已发送邀请" in text_of(html)
    assert Notification.objects.filter(user=cast.worker.user, kind="job_invitation").count() == 1
    # Invited: the button is disabled and says so, with the time; a second tap sends nothing.
    assert 'disabled data-testid="invite-button">已邀请<' in html
    assert "已发送邀请" in text_of(html.split('data-testid="invited-at"')[1])
    _, html = follow(client, reverse("jobs:job_invite", args=[job.pk]), {"worker_id": cast.worker.pk})
    assert "邀请过该求职者，不再重复发送" in text_of(html)
    assert Notification.objects.filter(user=cast.worker.user, kind="job_invitation").count() == 1
    _, html = follow(client, reverse("jobs:job_invite", args=[job.pk]), {"worker_id": "x"})
    assert "请选择要邀请的求职者" in text_of(html)
    login(client, cast.other_employer)
    assert (
        client.post(reverse("jobs:job_invite", args=[job.pk]), {"worker_id": cast.worker.pk}).status_code
        == 404
    )


def test_worker_job_list_shows_recommendations_and_a_plain_list(
    client: Client, cast: Any, scene: dict[str, Any]
) -> None:
    login(client, cast.worker.user)
    html = get_page(client, reverse("jobs:list"))
    assert 'data-testid="recommended-jobs"' in html
    assert "为您推荐" in text_of(html) and "推荐理由" in text_of(html)
    assert html.count('data-testid="recommended-job"') == 1
    plain = get_page(client, reverse("jobs:list") + "?plain=1")
    assert 'data-testid="recommended-jobs"' not in plain
    assert 'data-testid="plain-list-note"' in plain
    assert scene["job"].title in text_of(plain)


def test_changes_from_another_process_are_polled(
    client: Client, cast: Any, scene: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queryset update sends no signal, as a save in another process would not: the poll finds it."""
    job = scene["job"]
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]
    WorkerProfile.objects.filter(pk=cast.worker.pk).update(
        home_lat=ZUNHUA[0], home_lon=ZUNHUA[1], updated_at=timezone.now()
    )
    monkeypatch.setattr(freshness, "POLL_SECONDS", 1000.0)
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]  # not polled yet: stale
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.0)
    assert candidate_ids(client, cast, job, radius_km=10) == []


# ---- reputation fed to the engine (ratings.WorkerReputation) ----


def _twins(cast: Any) -> tuple[WorkerProfile, WorkerProfile, JobPosting]:
    """Two workers identical in everything the engine reads, next to an open job without a certificate."""
    a = t.make_worker(cast.market, name="赵一", skills=[("loader_driver", 5)], lat=LUNAN[0], lon=LUNAN[1])
    b = t.make_worker(cast.market, name="赵二", skills=[("loader_driver", 5)], lat=LUNAN[0], lon=LUNAN[1])
    job = t.make_job(cast.employer, admin=cast.admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1])
    return a, b, job


def _order(client: Client, cast: Any, job: JobPosting, *ids: int) -> list[dict[str, Any]]:
    items = ok(call(client, "get", f"/jobs/{job.pk}/candidates", cast.employer, radius_km=10, limit=20))[
        "items"
    ]
    return [c for c in items if c["worker_id"] in ids]


def test_a_better_rated_worker_ranks_above_an_identical_one(client: Client, cast: Any) -> None:
    from lingong.workers.models import WorkerReputation

    a, b, job = _twins(cast)
    first = _order(client, cast, job, a.pk, b.pk)  # builds the index: equal scores, ties by id
    assert [c["worker_id"] for c in first] == [a.pk, b.pk]
    assert first[0]["score"] == first[1]["score"]
    assert "新人" in first[0]["sentence"] and first[0]["reasons"]["rating"] is None
    # Two ratings (5 and 4) for b: the saved reputation row marks b dirty and the next query re-reads him.
    WorkerReputation.objects.create(
        worker=b, rating_count=2, rating_sum=9, star_level=Decimal("4.3"), reliability=Decimal("0.900")
    )
    ranked = _order(client, cast, job, a.pk, b.pk)
    assert [c["worker_id"] for c in ranked] == [b.pk, a.pk]
    assert ranked[0]["score"] > ranked[1]["score"]
    # The reason shows the raw mean of the ratings; the engine smooths the raw sum and count itself.
    assert "评分 4.5" in ranked[0]["sentence"]
    assert ranked[0]["reasons"]["rating"] == 4.5 and ranked[0]["reasons"]["rating_count"] == 2
    assert "新人" in ranked[1]["sentence"]


def test_reliability_and_recency_feed_the_ranking(
    client: Client, cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lingong.workers.models import WorkerReputation

    a, b, job = _twins(cast)
    # b has not been active for two months (profile untouched, never signed in, never worked): a first.
    WorkerProfile.objects.filter(pk=b.pk).update(updated_at=timezone.now() - dt.timedelta(days=60))
    assert [c["worker_id"] for c in _order(client, cast, job, a.pk, b.pk)] == [a.pk, b.pk]
    # b worked yesterday: recency is back, and b's reliability after many shows beats a's neutral prior.
    WorkerReputation.objects.create(
        worker=b,
        star_level=Decimal("4.0"),
        shows=20,
        reliability=Decimal("0.967"),
        last_worked_at=timezone.now() - dt.timedelta(days=1),
    )
    assert [c["worker_id"] for c in _order(client, cast, job, a.pk, b.pk)] == [b.pk, a.pk]
    # A change written by another process (no signal) reaches the index through the poll.
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.0)
    WorkerReputation.objects.filter(worker=b).update(
        no_shows=6, reliability=Decimal("0.500"), updated_at=timezone.now()
    )
    assert [c["worker_id"] for c in _order(client, cast, job, a.pk, b.pk)] == [a.pk, b.pk]


def test_workers_without_a_reputation_row_get_the_neutral_defaults(cast: Any) -> None:
    from lingong.ratings.reputation import NEUTRAL_WORKER_RELIABILITY, refresh_worker

    area = matching_area(cast.market.pk)
    rows = adapter.worker_rows(_worker_queryset().filter(pk=cast.worker.pk), load_taxonomy(), area)
    refresh_worker(cast.worker)  # a newcomer's computed row says the same as no row
    with_row = adapter.worker_rows(_worker_queryset().filter(pk=cast.worker.pk), load_taxonomy(), area)
    for r in (rows[0], with_row[0]):
        assert (r.rating_sum, r.rating_count) == (0.0, 0.0)
        assert r.reliability == float(NEUTRAL_WORKER_RELIABILITY) == 0.9
        assert r.last_active_day == adapter.day_number(timezone.localdate())


def test_compaction_runs_beside_queries_and_keeps_changes_made_meanwhile(
    client: Client, cast: Any, scene: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is compacted in a thread while the live index keeps answering; a move made during the
    compaction is replayed on the copy before it replaces the live index."""
    from lingong.matching.workers import WorkerIndex

    job = scene["job"]
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]
    entry = adapter.index_for(cast.market.pk)
    live_before = entry.workers
    release = threading.Event()
    started = threading.Event()
    original = WorkerIndex.compact

    def slow_compact(self: WorkerIndex) -> None:
        started.set()
        assert release.wait(10), "the test never released the compaction"
        original(self)

    monkeypatch.setattr(WorkerIndex, "compact", slow_compact)
    monkeypatch.setattr(market_index, "BACKGROUND_COMPACTION", True)
    with entry.lock:
        thread = adapter.start_compaction(entry, "workers")
        assert adapter.start_compaction(entry, "workers") is None  # one at a time
    assert thread is not None and started.wait(10)
    # The compaction is under way: queries still answer from the live index, and updates reach it.
    move(cast.worker, *ZUNHUA)
    assert candidate_ids(client, cast, job, radius_km=10) == []
    assert entry.workers is live_before
    release.set()
    thread.join(10)
    assert not thread.is_alive()
    assert entry.workers is not live_before
    assert entry.compactions == 1 and entry.journals == {}
    assert not entry.workers.needs_compaction
    # The move made during the compaction survived the swap; moving back works on the new index.
    assert candidate_ids(client, cast, job, radius_km=10) == []
    move(cast.worker, *LUNAN)
    assert candidate_ids(client, cast, job, radius_km=10) == [cast.worker.pk]


def test_a_better_rated_employer_ranks_first_in_a_workers_recommendations(client: Client, cast: Any) -> None:
    """Two identical jobs from two employers: once one employer has good ratings, its job comes first."""
    from lingong.employers.models import EmployerReputation

    jobs = [
        t.make_job(employer, admin=cast.admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1], division="130202")
        for employer in (cast.employer, cast.other_employer)
    ]
    first = ok(call(client, "get", "/jobs/recommended", cast.worker.user))["items"]
    assert [j["job_id"] for j in first] == [j.pk for j in jobs]  # equal scores: ties by id
    assert first[0]["score"] == first[1]["score"]
    EmployerReputation.objects.create(
        enterprise=t.enterprise_of(cast.other_employer),
        rating_count=6,
        rating_sum=30,
        star_level=Decimal("4.5"),
        reliability=Decimal("0.950"),
    )
    ranked = ok(call(client, "get", "/jobs/recommended", cast.worker.user))["items"]
    assert [j["job_id"] for j in ranked] == [jobs[1].pk, jobs[0].pk]
    assert ranked[0]["score"] > ranked[1]["score"]


def test_a_job_with_several_occupations_finds_workers_of_each(client: Client, cast: Any) -> None:
    """A renovation job wants a tiler or a painter: both kinds of worker are candidates, ranked together."""
    tiler = t.make_worker(cast.market, name="孙铺砖", skills=[("tiler", 8)], lat=LUNAN[0], lon=LUNAN[1])
    painter = t.make_worker(cast.market, name="钱刷墙", skills=[("painter", 8)], lat=LUNAN[0], lon=LUNAN[1])
    job = t.make_job(
        cast.employer,
        admin=cast.admin,
        title="新房装修贴砖刷漆",
        occupations=["tiler", "painter"],
        lat=NEAR_LUNAN[0],
        lon=NEAR_LUNAN[1],
        division="130202",
        headcount=2,
    )
    body = ok(call(client, "get", f"/jobs/{job.pk}/candidates", cast.employer, radius_km=10, limit=10))
    found = {c["worker_id"]: c for c in body["items"]}
    assert {tiler.pk, painter.pk} <= set(found)
    assert found[tiler.pk]["reasons"]["occupation"] == "tiler"
    assert found[painter.pk]["reasons"]["occupation"] == "painter"
    scores = [c["score"] for c in body["items"]]
    assert scores == sorted(scores, reverse=True)
    assert len(found) == len(body["items"])  # nobody twice


def test_a_worker_of_the_second_occupation_is_recommended_the_job(client: Client, cast: Any) -> None:
    """The reverse direction: a painter sees a job that asks for a tiler or a painter."""
    painter = t.make_worker(cast.market, name="钱刷墙", skills=[("painter", 8)], lat=LUNAN[0], lon=LUNAN[1])
    job = t.make_job(
        cast.employer,
        admin=cast.admin,
        title="新房装修贴砖刷漆",
        occupations=["tiler", "painter"],
        lat=NEAR_LUNAN[0],
        lon=NEAR_LUNAN[1],
        division="130202",
        headcount=2,
    )
    items = ok(call(client, "get", "/jobs/recommended", painter.user))["items"]
    assert [j["job_id"] for j in items] == [job.pk]
    assert items[0]["reasons"]["occupation"] == "painter" and items[0]["reasons"]["exact"] is True
