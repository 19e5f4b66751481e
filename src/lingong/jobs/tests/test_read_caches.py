"""Reads kept per process under the matching index's versions (issue 15): the job list, a job's detail, a
worker's recommendations and the job list page's cards. Each must show a change as soon as the index does:
at once for a save in this process, after the index's poll for a row changed by another process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import User
from lingong.jobs import services as job_services
from lingong.jobs.matching_index import freshness
from lingong.jobs.models import JobPosting
from lingong.pagetools import login
from lingong.workers import services as worker_services

API = "/api/v1"
LUNAN = (39.6152, 118.2108)
NEAR_LUNAN = (39.6250, 118.2200)
ZUNHUA = (40.193, 117.972)


def get(client: Client, path: str, user: User | None = None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    response = client.get(f"{API}{path}", data=params, headers=headers)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def titles(client: Client, user: User | None = None, **params: Any) -> list[str]:
    return [j["title"] for j in get(client, "/jobs", user, **params)["items"]]


def retitle(employer: User, job: JobPosting, title: str) -> None:
    data = t.job_input(title=title, lat=job.lat, lon=job.lon)
    job_services.update_job(actor=employer, job_id=job.pk, data=data)


def test_the_job_list_shows_new_edited_and_closed_jobs_at_once(client: Client, cast: Any) -> None:
    first = t.make_job(cast.employer, admin=cast.admin, title="第一个岗位")
    assert titles(client, cast.worker.user) == ["第一个岗位"]
    assert titles(client, cast.worker.user) == ["第一个岗位"]  # asked again: the kept page
    second = t.make_job(cast.employer, admin=cast.admin, title="第二个岗位")
    assert sorted(titles(client, cast.worker.user)) == ["第一个岗位", "第二个岗位"]
    retitle(cast.employer, second, "改过名的岗位")
    assert sorted(titles(client, cast.worker.user)) == ["改过名的岗位", "第一个岗位"]
    job_services.close_job(actor=cast.employer, job_id=first.pk)
    assert titles(client, cast.worker.user) == ["改过名的岗位"]
    # Filters and pages are their own entries.
    assert titles(client, cast.worker.user, occupation="cook") == []
    assert titles(client, cast.worker.user, page_size=1) == ["改过名的岗位"]


def test_a_job_detail_follows_edits_and_closing(client: Client, cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="搬运工")
    for _ in range(3):  # the first ask learns the job's market; the next ones are kept
        assert get(client, f"/jobs/{job.pk}")["title"] == "搬运工"
    retitle(cast.employer, job, "装卸工")
    assert get(client, f"/jobs/{job.pk}")["title"] == "装卸工"
    job_services.close_job(actor=cast.employer, job_id=job.pk)
    assert get(client, f"/jobs/{job.pk}")["status"] == "closed"


def test_a_job_held_for_review_is_not_served_from_the_kept_detail(client: Client, cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    get(client, f"/jobs/{job.pk}")
    get(client, f"/jobs/{job.pk}")
    JobPosting.objects.filter(pk=job.pk).update(status="pending_review", updated_at=timezone.now())
    job.refresh_from_db()
    job.save()  # a save in this process marks the job changed, as every service's save does
    response = client.get(f"{API}/jobs/{job.pk}")
    assert response.status_code == 404


def test_another_process_s_change_shows_after_the_poll(
    client: Client, cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="原来的标题")
    assert titles(client, cast.worker.user) == ["原来的标题"]
    # Another process's save: no signal here, only the row's timestamp, which the index polls for.
    JobPosting.objects.filter(pk=job.pk).update(title="别的进程改的", updated_at=timezone.now())
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.0)
    assert titles(client, cast.worker.user) == ["别的进程改的"]
    assert get(client, f"/jobs/{job.pk}")["title"] == "别的进程改的"


def test_recommendations_follow_the_worker_and_the_jobs(client: Client, cast: Any) -> None:
    near = t.make_job(cast.employer, admin=cast.admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1])
    picks = [j["job_id"] for j in get(client, "/jobs/recommended", cast.worker.user, radius_km=10)["items"]]
    assert picks == [near.pk]
    # The worker moves 70 km away: his own rows changed, so his picks are ranked again.
    worker_services.update_profile(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        data=worker_services.ProfileInput(home_lat=ZUNHUA[0], home_lon=ZUNHUA[1]),
    )
    assert get(client, "/jobs/recommended", cast.worker.user, radius_km=10)["items"] == []
    worker_services.update_profile(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        data=worker_services.ProfileInput(home_lat=LUNAN[0], home_lon=LUNAN[1]),
    )
    assert [
        j["job_id"] for j in get(client, "/jobs/recommended", cast.worker.user, radius_km=10)["items"]
    ] == [near.pk]
    # Another worker's change does not touch his, and a job's change does.
    other = t.make_job(cast.employer, admin=cast.admin, lat=LUNAN[0], lon=LUNAN[1])
    picks = [j["job_id"] for j in get(client, "/jobs/recommended", cast.worker.user, radius_km=10)["items"]]
    assert set(picks) == {near.pk, other.pk}


def test_the_job_list_page_shows_a_new_job_and_the_elder_cards(client: Client, cast: Any) -> None:
    t.make_job(cast.employer, admin=cast.admin, title="页面上的第一个")
    login(client, cast.worker.user)
    assert "页面上的第一个" in client.get("/jobs/").content.decode()
    t.make_job(cast.employer, admin=cast.admin, title="页面上的第二个")
    html = client.get("/jobs/").content.decode()
    assert "页面上的第一个" in html and "页面上的第二个" in html
    assert "data-speak" not in html
    User.objects.filter(pk=cast.worker.user.pk).update(elder_mode=True)  # the cards read aloud: other HTML
    html = client.get("/jobs/").content.decode()
    assert "data-speak" in html and "页面上的第二个" in html
    # The filters' partial (htmx) is the same list.
    partial = client.get("/jobs/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="job-results">') and "页面上的第二个" in partial


def test_the_api_list_is_the_same_json_kept_or_not(client: Client, cast: Any) -> None:
    t.make_job(cast.employer, admin=cast.admin, title="一模一样")
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=cast.worker.user)}"}
    first = client.get(f"{API}/jobs", headers=headers).content
    kept = client.get(f"{API}/jobs", headers=headers).content
    assert json.loads(first) == json.loads(kept) and first == kept


def test_a_refresh_under_way_holds_up_only_a_request_with_unapplied_saves_of_its_own(cast: Any) -> None:
    """While one thread re-reads changed rows (the database part of a refresh), another thread with nothing
    of this process's left to apply answers at once from the index as it stands (a due poll is left to the
    thread already refreshing); with a save of this process not yet applied it waits, then sees it."""
    import threading

    from lingong.jobs.matching_index import registry

    job = t.make_job(cast.employer, admin=cast.admin, title="在索引里")
    market_id = job.market_id
    version = registry.jobs_version(market_id)
    entry = registry.index_for(market_id)

    def ask(out: list[Any]) -> None:
        out.append(registry.jobs_version(market_id))

    with registry._refresh_lock:  # a refresh under way in another thread
        entry.last_poll = 0.0  # a poll is due
        answered: list[Any] = []
        reader = threading.Thread(target=ask, args=(answered,))
        reader.start()
        reader.join(timeout=10)
        assert answered == [version]  # answered without waiting for the refresh
        freshness.mark_dirty(jobs=[job.pk])
        waiting: list[Any] = []
        writer_side = threading.Thread(target=ask, args=(waiting,))
        writer_side.start()
        writer_side.join(timeout=0.3)
        assert writer_side.is_alive() and waiting == []  # its own save first
    writer_side.join(timeout=30)
    assert not writer_side.is_alive()
    assert waiting and waiting[0] != version  # the re-read counted as a change of the jobs

    # A save whose ids a refresh has already taken but not yet applied is waited for too.
    with registry._refresh_lock:
        freshness.mark_dirty(jobs=[job.pk])
        freshness._take_dirty()  # the refresh under way took them; nothing is dirty any more
        behind: list[Any] = []
        reader = threading.Thread(target=ask, args=(behind,))
        reader.start()
        reader.join(timeout=0.3)
        assert reader.is_alive() and behind == []
        registry._refresh(entry, force_poll=False)  # that refresh finishes (it takes nothing more)
    reader.join(timeout=30)
    assert behind and not reader.is_alive()
