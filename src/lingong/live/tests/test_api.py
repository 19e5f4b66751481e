"""The live-room API: public list and detail, the comment stream (raw for the room's managers), and the
host's actions refused to everyone outside the organising unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.api import api
from lingong.live import services
from lingong.live.models import HiddenReason, LiveComment, LiveSession, SessionStatus
from lingong.live.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh() -> Any:
    services.rate_limiter.clear()
    yield
    services.rate_limiter.clear()


def test_list_and_detail_are_public(cast: Any) -> None:
    live = h.make_session(cast, title="冬季专场")
    pinned = h.pinned(cast, live)
    h.make_session(cast, status=SessionStatus.SCHEDULED, jobs=0, title="下周预告")
    cancelled = h.make_session(cast, status=SessionStatus.CANCELLED, jobs=0)
    client = Client()
    listed = at.ok(at.get(client, "/live/sessions"))
    titles = {s["title"] for s in listed["items"]}
    assert titles == {"冬季专场", "下周预告"} and listed["total"] == 2
    only_live = at.ok(at.get(client, "/live/sessions", status="live"))
    assert [s["code"] for s in only_live["items"]] == [live.code]
    detail = at.ok(at.get(client, f"/live/sessions/{live.code}"))
    assert detail["pinned"]["job"] == pinned.job_id and len(detail["jobs"]) == 2
    assert detail["websocket"] == f"/ws/live/{live.code}/" and detail["url"].endswith(f"/live/{live.code}/")
    at.error(at.get(client, f"/live/sessions/{cancelled.code}"), 404)
    at.error(at.get(client, "/live/sessions/nope"), 404)
    at.error(at.get(client, "/live/sessions", status="bogus"), 422)


def test_websocket_is_documented_in_the_openapi() -> None:
    schema = api.get_openapi_schema()
    operation = schema["paths"]["/api/v1/live/sessions/{code}"]["get"]
    assert (
        "/ws/live/{code}/?v=" in operation["description"] and '"action":"comment"' in operation["description"]
    )


def test_comments_masked_for_the_public_raw_for_managers(cast: Any) -> None:
    session = h.make_session(cast, jobs=0)
    viewer = h.viewer(session)
    shown = services.post_comment(session, viewer, "打我13812345678")
    hidden = services.post_comment(session, viewer, "不该被看到")
    services.hide_comment(actor=cast.station_staff, comment_id=hidden.pk)
    public = at.ok(at.get(Client(), f"/live/sessions/{session.code}/comments"))
    assert [c["id"] for c in public["items"]] == [shown.pk]
    assert public["items"][0]["text"] == "打我138****5678" and public["items"][0]["viewer"] is None
    staff = at.ok(
        at.get(Client(), f"/live/sessions/{session.code}/comments", at.token_of(cast.station_staff))
    )
    assert [c["id"] for c in staff["items"]] == [hidden.pk, shown.pk]
    assert staff["items"][0]["hidden"] is True and staff["items"][1]["text"] == "打我13812345678"
    outsider = at.ok(
        at.get(Client(), f"/live/sessions/{session.code}/comments", at.token_of(cast.other_station_staff))
    )
    assert [c["id"] for c in outsider["items"]] == [shown.pk] and "13812345678" not in str(outsider)


def test_host_actions_for_managers_only(cast: Any) -> None:
    session = h.make_session(cast, status=SessionStatus.SCHEDULED)
    job = h.first_job(session)
    viewer = h.viewer(session)
    client = Client()
    code = session.code
    for user in (cast.other_station_staff, cast.employer, cast.worker.user):
        token = at.token_of(user)
        at.error(at.send(client, "post", f"/live/sessions/{code}/start", token), 403)
        at.error(at.send(client, "post", f"/live/sessions/{code}/pin", token, {"job_id": job.job_id}), 403)
        at.error(at.send(client, "post", f"/live/sessions/{code}/viewers/{viewer.pk}/mute", token, {}), 403)
    at.error(at.send(client, "post", f"/live/sessions/{code}/start"), 401)
    assert LiveSession.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED
    token = at.token_of(cast.centre_staff)
    at.error(at.send(client, "post", f"/live/sessions/{code}/pin", token, {"job_id": job.job_id}), 409)
    assert at.ok(at.send(client, "post", f"/live/sessions/{code}/start", token))["status"] == "live"
    card = at.ok(at.send(client, "post", f"/live/sessions/{code}/pin", token, {"job_id": job.job_id}))
    assert card["job"] == job.job_id and card["open"] is True
    at.error(at.send(client, "post", f"/live/sessions/{code}/pin", token, {"job_id": 999999}), 404)
    services.rate_limiter.clear()
    comment = services.post_comment(LiveSession.objects.get(pk=session.pk), viewer, "hello")
    hid = at.ok(at.send(client, "post", f"/live/sessions/{code}/comments/{comment.pk}/hide", token))
    assert hid["hidden"] is True
    assert LiveComment.objects.get(pk=comment.pk).hidden_reason == HiddenReason.STAFF
    muted = at.ok(at.send(client, "post", f"/live/sessions/{code}/viewers/{viewer.pk}/mute", token, {}))
    assert muted["muted"] is True
    unmuted = at.ok(
        at.send(client, "post", f"/live/sessions/{code}/viewers/{viewer.pk}/mute", token, {"muted": False})
    )
    assert unmuted["muted"] is False
    assert at.ok(at.send(client, "post", f"/live/sessions/{code}/unpin", token))["code"] == code
    assert at.ok(at.send(client, "post", f"/live/sessions/{code}/end", token))["status"] == "ended"
    at.error(at.send(client, "post", f"/live/sessions/{code}/end", token), 409)
    other = h.make_session(cast, jobs=0)
    other_comment = services.post_comment(other, h.viewer(other), "别处的评论")
    at.error(at.send(client, "post", f"/live/sessions/{code}/comments/{other_comment.pk}/hide", token), 404)
