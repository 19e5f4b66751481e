"""The back-office API: schedule (create, edit, cancel), a session's leads, follow-up, stats."""

from __future__ import annotations

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.live.models import LeadStatus, LiveSession, SessionStatus
from lingong.live.tests import office_helpers as h

pytestmark = pytest.mark.django_db


def test_schedule_edit_and_cancel_through_the_api(cast):
    jobs = h.jobs(cast, 3)
    token = at.token_of(cast.station_staff)
    body = {
        "title": "接口安排的直播",
        "starts_at": h.tomorrow_evening().isoformat(),
        "stream_kind": "hls",
        "stream_url": "/hls/lunan.m3u8",
        "job_ids": [jobs[2].pk, jobs[0].pk],
    }
    created = at.ok(at.send(Client(), "post", "/live/office/sessions", token, body), 201)
    assert [j["job_id"] for j in created["jobs"]] == [jobs[2].pk, jobs[0].pk]
    assert (
        created["room_url"].endswith(f"/live/{created['code']}/")
        and created["host_id"] == cast.station_staff.pk
    )
    code = created["code"]
    bad = at.send(
        Client(), "post", "/live/office/sessions", token, {**body, "stream_url": "https://x.example/a.flv"}
    )
    at.error(bad, 422, field="stream_url")
    patched = at.ok(
        at.send(Client(), "patch", f"/live/office/sessions/{code}", token, {"job_ids": [jobs[1].pk]})
    )
    assert [j["job_id"] for j in patched["jobs"]] == [jobs[1].pk] and patched["title"] == "接口安排的直播"
    other = at.token_of(cast.other_station_staff)
    at.error(at.send(Client(), "patch", f"/live/office/sessions/{code}", other, {"title": "x"}), 404)
    at.error(at.send(Client(), "post", "/live/office/sessions", at.token_of(cast.worker.user), body), 403)
    cancelled = at.ok(at.send(Client(), "post", f"/live/office/sessions/{code}/cancel", token))
    assert cancelled["status"] == SessionStatus.CANCELLED
    at.error(
        at.send(Client(), "post", f"/live/office/sessions/{code}/cancel", token), 409, "invalid_transition"
    )
    assert LiveSession.objects.get(code=code).status == SessionStatus.CANCELLED


def test_leads_and_follow_up_through_the_api(cast):
    jobs = h.jobs(cast, 2)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    first = h.lead(session, jobs[0], phone="13911112222")
    second = h.lead(session, jobs[1], worker=cast.worker)
    token = at.token_of(cast.centre_staff)
    page = at.ok(at.get(Client(), f"/live/sessions/{session.code}/leads", token))
    assert {item["id"] for item in page["items"]} == {first.pk, second.pk}
    item = next(i for i in page["items"] if i["id"] == first.pk)
    assert item["phone"] == "139****2222" and item["status"] == "new"
    only = at.ok(at.get(Client(), f"/live/sessions/{session.code}/leads", token, job_id=jobs[1].pk))
    assert [i["id"] for i in only["items"]] == [second.pk]
    done = at.ok(
        at.send(
            Client(),
            "post",
            f"/live/leads/{first.pk}/follow-up",
            token,
            {"status": "contacted", "note": "约好面试"},
        )
    )
    assert done["status"] == LeadStatus.CONTACTED and done["note"] == "约好面试"
    at.error(
        at.send(Client(), "post", f"/live/leads/{first.pk}/follow-up", token, {"status": "hired"}),
        422,
        field="status",
    )
    at.error(
        at.send(
            Client(),
            "post",
            f"/live/leads/{first.pk}/follow-up",
            at.token_of(cast.other_station_staff),
            {"status": "no_answer"},
        ),
        404,
    )
    first.refresh_from_db()
    assert first.status == LeadStatus.CONTACTED
    stats = at.ok(at.get(Client(), f"/live/sessions/{session.code}/stats", token))
    assert stats["totals"]["leads"] == 2 and len(stats["by_job"]) == 2
    assert {s["status"]: s["count"] for s in stats["by_status"]}["contacted"] == 1
