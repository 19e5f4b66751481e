"""The room's WebSocket protocol over the in-memory channel layer (the fan-out benchmark relies on it)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from lingong.live import consumers, services
from lingong.live.models import Lead, LiveComment, LiveSettings
from lingong.live.routing import websocket_urlpatterns
from lingong.live.tests import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh() -> Any:
    services.rate_limiter.clear()
    services.clear_rules_cache()
    yield
    services.rate_limiter.clear()
    services.clear_rules_cache()


def _viewer_socket(session: Any, viewer: Any, token: str | None = None) -> WebsocketCommunicator:
    token = services.viewer_token(viewer) if token is None else token
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/{session.code}/?v={token}"
    )
    communicator.scope["user"] = AnonymousUser()
    return communicator


def _console(session: Any, user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/{session.code}/console/"
    )
    communicator.scope["user"] = user
    return communicator


async def _until(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        message = await socket.receive_json_from(timeout=5)
        if message["type"] == kind:
            return message


def test_comment_reaches_viewers_masked_and_console_raw(cast: Any) -> None:
    session = h.make_session(cast)
    author, other = h.viewer(session), h.viewer(session)

    async def scenario() -> tuple[Any, ...]:
        a, b = _viewer_socket(session, author), _viewer_socket(session, other)
        console = _console(session, cast.station_staff)
        for socket in (a, b, console):
            assert (await socket.connect())[0]
        await a.send_json_to({"action": "comment", "text": "有活吗 我电话13812345678", "ref": "r1"})
        ack = await _until(a, "ack")
        seen_by_other = await _until(b, "comment")
        seen_by_staff = await _until(console, "comment")
        for socket in (a, b, console):
            await socket.disconnect()
        return ack, seen_by_other, seen_by_staff

    ack, public, staff = async_to_sync(scenario)()
    comment = LiveComment.objects.get()
    assert ack == {"type": "ack", "ref": "r1", "id": comment.pk}
    assert public["text"] == "有活吗 我电话138****5678" and "13812345678" not in str(public)
    assert public["nick"] == author.nickname and public["host"] is False and public["ref"] == "r1"
    assert public["job"] is None and "viewer" not in public
    assert staff["text"] == "有活吗 我电话13812345678" and staff["viewer"] == author.pk
    assert staff["hidden"] is False and staff["is_intent"] is False


def test_word_list_comment_reaches_only_author_and_staff(cast: Any) -> None:
    session = h.make_session(cast)
    LiveSettings.objects.create(market=cast.market, blocked_words="骗子")
    author, other = h.viewer(session), h.viewer(session)

    async def scenario() -> tuple[Any, ...]:
        a, b = _viewer_socket(session, author), _viewer_socket(session, other)
        console = _console(session, cast.station_staff)
        for socket in (a, b, console):
            assert (await socket.connect())[0]
        await a.send_json_to({"action": "comment", "text": "这家是骗子", "ref": "x"})
        await _until(a, "ack")
        own = await _until(a, "comment")
        staff = await _until(console, "comment")
        await a.send_json_to({"action": "comment", "text": "正常评论"})
        later = await _until(b, "comment")  # the first thing b sees is the next, visible comment
        for socket in (a, b, console):
            await socket.disconnect()
        return own, staff, later

    own, staff, later = async_to_sync(scenario)()
    assert own["hidden"] is True and own["text"] == "这家是骗子"
    assert staff["hidden"] is True and staff["hidden_reason"] == "word_list"
    assert later["text"] == "正常评论"


def test_intent_comment_while_pinned_leaves_one_lead_and_console_sees_it(cast: Any) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    worker_viewer = h.viewer(session, cast.worker.user)

    async def scenario() -> tuple[Any, ...]:
        socket = _viewer_socket(session, worker_viewer)
        console = _console(session, cast.station_staff)
        assert (await socket.connect())[0] and (await console.connect())[0]
        replies = []
        for n in range(3):
            await socket.send_json_to({"action": "comment", "text": "扣1", "ref": f"k{n}"})
            replies.append(await _until(socket, "lead"))
        lead_event = await _until(console, "lead")
        await socket.disconnect()
        await console.disconnect()
        return replies, lead_event

    replies, lead_event = async_to_sync(scenario)()
    lead = Lead.objects.get()
    assert (
        lead.job_id == session_job.job_id and lead.source == "comment" and lead.user_id == cast.worker.user.pk
    )
    assert [r["created"] for r in replies] == [True, False, False]
    assert all(r["needs_consent"] and r["lead"] == lead.pk and r["job"] == lead.job_id for r in replies)
    assert lead_event["lead"]["id"] == lead.pk


def test_anonymous_signup_asks_for_a_phone(cast: Any) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    anonymous = h.viewer(session)

    async def scenario() -> Any:
        socket = _viewer_socket(session, anonymous)
        assert (await socket.connect())[0]
        await socket.send_json_to({"action": "signup", "job": session_job.job_id})
        reply = await _until(socket, "lead")
        await socket.send_json_to({"action": "signup", "job": session_job.job_id + 999})
        error = await _until(socket, "error")
        await socket.disconnect()
        return reply, error

    reply, error = async_to_sync(scenario)()
    assert reply == {
        "type": "lead",
        "created": False,
        "needs_phone": True,
        "needs_consent": False,
        "job": None,
        "lead": None,
    }
    assert error["code"] == "job_not_pinned" and error["message"]
    assert not Lead.objects.exists()


def test_errors_go_to_the_socket_only(cast: Any) -> None:
    session = h.make_session(cast)
    one = h.viewer(session)
    services.mute_viewer(actor=cast.station_staff, viewer_id=one.pk)

    async def scenario() -> list[dict[str, Any]]:
        socket = _viewer_socket(session, one)
        assert (await socket.connect())[0]
        out = []
        await socket.send_json_to({"action": "comment", "text": "你好", "ref": "m"})
        out.append(await _until(socket, "error"))
        await socket.send_json_to({"action": "dance"})
        out.append(await _until(socket, "error"))
        await socket.send_to(text_data="not json")
        out.append(await _until(socket, "error"))
        await socket.send_json_to({"action": "comment", "text": "  "})
        out.append(await _until(socket, "error"))
        await socket.disconnect()
        return out

    muted, unknown, broken, empty = async_to_sync(scenario)()
    assert muted["code"] == "muted" and muted["message"] == "您已被禁言" and muted["ref"] == "m"
    assert unknown["code"] == "unknown_action"
    assert broken["code"] == "invalid_json"
    assert empty["code"] == "invalid_input"
    assert not LiveComment.objects.exists()


def test_bad_tokens_and_outsiders_are_refused(cast: Any) -> None:
    session = h.make_session(cast)
    other_session = h.make_session(cast, jobs=0)
    stranger = h.viewer(other_session)
    worker_user = cast.worker.user  # loaded here: the scenario runs in an event loop

    async def scenario() -> list[Any]:
        tries = [
            _viewer_socket(session, stranger),  # a token of another room
            _viewer_socket(session, stranger, token="forged"),
            _viewer_socket(session, stranger, token=""),
            _console(session, cast.other_station_staff),
            _console(session, worker_user),
            _console(session, AnonymousUser()),
        ]
        return [(await socket.connect()) for socket in tries]

    assert async_to_sync(scenario)() == [(False, 4403)] * 6


def test_pin_unpin_end_and_viewer_counts_reach_viewers(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.05)
    session = h.make_session(cast)
    session_job = h.first_job(session)
    one, two = h.viewer(session), h.viewer(session)
    staff = cast.station_staff

    async def scenario() -> list[dict[str, Any]]:
        a, b = _viewer_socket(session, one), _viewer_socket(session, two)
        assert (await a.connect())[0] and (await b.connect())[0]
        counts = await _until(a, "viewers")
        while counts["count"] < 2:
            counts = await _until(a, "viewers")
        await sync_to_async(services.pin)(actor=staff, session_id=session.pk, session_job_id=session_job.pk)
        pin = await _until(a, "pin")
        await sync_to_async(services.unpin)(actor=staff, session_id=session.pk)
        unpin = await _until(a, "unpin")
        await sync_to_async(services.end_session)(actor=staff, session_id=session.pk)
        ended = await _until(b, "ended")
        await a.disconnect()
        await b.disconnect()
        return [counts, pin, unpin, ended]

    counts, pin, unpin, ended = async_to_sync(scenario)()
    assert counts == {"type": "viewers", "count": 2}
    assert pin["card"]["job"] == session_job.job_id and pin["card"]["open"] is True
    assert pin["card"]["title"] == session_job.job.title and pin["card"]["employer"]
    assert unpin == {"type": "unpin"} and ended == {"type": "ended"}
    session.refresh_from_db()
    assert session.peak_viewers == 2 and session.total_viewers == 2 and session.status == "ended"
