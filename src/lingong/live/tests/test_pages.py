"""The room page in each state, its sign-up sheets over HTTP, the host's console and the home banner."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong.jobs.models import Application
from lingong.live import services
from lingong.live.models import Lead, LeadStatus, LiveComment, LiveViewer, SessionStatus, StreamKind
from lingong.live.tests import helpers as h
from lingong.notifications.senders import LogSender
from lingong.pagetools import get_page, login, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh() -> Any:
    services.rate_limiter.clear()
    yield
    services.rate_limiter.clear()


def test_live_room_for_an_anonymous_viewer(cast: Any) -> None:
    session = h.make_session(
        cast, stream_kind=StreamKind.HLS, stream_url="https://live.example.cn/a/index.m3u8"
    )
    pinned = h.pinned(cast, session)
    viewer = h.viewer(session)
    services.post_comment(session, viewer, "电话13812345678")
    html = get_page(Client(), f"/live/{session.code}/")
    text = text_of(html)
    assert session.title in text and pinned.job.title in text and "我要报名" in text
    assert "138****5678" in text and "13812345678" not in html
    assert 'data-hls-src="https://live.example.cn/a/index.m3u8"' in html and "hls.min.js" in html
    ws = re.search(r'data-ws-path="(/ws/live/[^"]+)"', html)
    assert ws and f"/ws/live/{session.code}/?v=" in ws.group(1)
    assert LiveViewer.objects.filter(session=session).count() == 2  # the page made its own viewer
    assert "<script>" not in html and "onclick" not in html


def test_scheduled_external_and_ended_rooms(cast: Any) -> None:
    scheduled = h.make_session(cast, status=SessionStatus.SCHEDULED, description="冬季岗位专场")
    text = text_of(get_page(Client(), f"/live/{scheduled.code}/"))
    assert "直播预告" in text and "冬季岗位专场" in text and "铲车司机1" in text and "铲车司机2" in text
    assert "我要报名" not in text
    external = h.make_session(cast, stream_kind=StreamKind.EXTERNAL, stream_url="https://v.douyin.com/abc/")
    assert "去直播间观看" in text_of(get_page(Client(), f"/live/{external.code}/"))
    ended = h.make_session(cast, replay_url="https://live.example.cn/replay.mp4")
    services.post_comment(ended, h.viewer(ended), "回放里能看到我")
    hidden = services.post_comment(ended, h.viewer(ended), "被隐藏的")
    services.hide_comment(actor=cast.station_staff, comment_id=hidden.pk)
    services.end_session(actor=cast.station_staff, session_id=ended.pk)
    html = get_page(Client(), f"/live/{ended.code}/")
    text = text_of(html)
    assert "回放里能看到我" in text and "被隐藏的" not in text and "replay.mp4" in html
    assert "data-ws-path" not in html and "查看岗位并报名" in text and "我要报名" not in text


def test_worker_taps_consents_and_applies(cast: Any) -> None:
    session = h.make_session(cast)
    pinned = h.pinned(cast, session)
    client = login(Client(), cast.worker.user)
    get_page(client, f"/live/{session.code}/")
    sheet = client.post(f"/live/{session.code}/signup/", {"job": pinned.job_id}).content.decode()
    assert "报名即同意将您的姓名、电话、技能发送给该用工单位" in sheet
    lead = Lead.objects.get()
    refused = client.post(f"/live/{session.code}/consent/", {"lead": lead.pk}).content.decode()
    assert "请先勾选同意" in refused and not Application.objects.exists()
    done = client.post(f"/live/{session.code}/consent/", {"lead": lead.pk, "agree": "1"}).content.decode()
    assert "报名成功" in done
    lead.refresh_from_db()
    assert lead.status == LeadStatus.APPLIED and lead.application.worker == cast.worker


def test_anonymous_viewer_leaves_phone_and_code(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    session = h.make_session(cast)
    pinned = h.pinned(cast, session)
    client = Client()
    get_page(client, f"/live/{session.code}/")
    sheet = client.post(f"/live/{session.code}/signup/", {"job": pinned.job_id}).content.decode()
    assert "留下手机号报名" in sheet
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/live/{session.code}/phone-code/", {"phone": "13912345678"}).content.decode()
    assert "验证码已发送" in sent
    code = LogSender.outbox[-1]["params"]["code"]
    wrong = client.post(
        f"/live/{session.code}/phone-lead/",
        {"phone": "13912345678", "code": "999999" if code != "999999" else "1"},
    ).content.decode()
    assert "验证码不正确" in wrong and not Lead.objects.exists()
    done = client.post(
        f"/live/{session.code}/phone-lead/", {"phone": "13912345678", "code": code, "job": pinned.job_id}
    ).content.decode()
    assert "已收到您的报名" in done
    lead = Lead.objects.get()
    assert lead.phone == "13912345678" and lead.phone_verified_at and lead.source == "tap"


def test_employer_tap_gets_a_clear_message(cast: Any) -> None:
    session = h.make_session(cast)
    pinned = h.pinned(cast, session)
    client = login(Client(), cast.employer)
    get_page(client, f"/live/{session.code}/")
    sheet = client.post(f"/live/{session.code}/signup/", {"job": pinned.job_id}).content.decode()
    assert "用工单位和工作人员账号不能报名" in sheet and not Lead.objects.exists()


def test_console_for_staff_in_scope_only(cast: Any) -> None:
    session = h.make_session(cast)
    viewer = h.viewer(session)
    comment = services.post_comment(session, viewer, "加微信 abc12345")
    client = login(Client(), cast.station_staff)
    html = get_page(client, f"/staff/live/{session.code}/console/")
    text = text_of(html)
    assert "加微信 abc12345" in text and "置顶" in text and f"/staff/live/{session.code}/leads/" in html
    job = h.first_job(session)
    assert client.post(f"/staff/live/{session.code}/console/pin/{job.pk}/").status_code == 200
    session.refresh_from_db()
    assert session.pinned_id == job.pk
    client.post(f"/staff/live/{session.code}/console/hide/{comment.pk}/")
    client.post(f"/staff/live/{session.code}/console/mute/{viewer.pk}/")
    client.post(f"/staff/live/{session.code}/console/answer/", {"text": "明早8点", "job": job.job_id})
    comment.refresh_from_db()
    viewer.refresh_from_db()
    assert comment.hidden_reason == "staff" and viewer.muted
    assert LiveComment.objects.filter(is_host=True, job=job.job).exists()
    empty = client.post(f"/staff/live/{session.code}/console/answer/", {"text": " "}).content.decode()
    assert "请输入评论内容" in empty
    client.post(f"/staff/live/{session.code}/console/end/")
    session.refresh_from_db()
    assert session.status == "ended"
    outsider = login(Client(), cast.other_station_staff)
    assert outsider.get(f"/staff/live/{session.code}/console/").status_code == 403
    assert outsider.post(f"/staff/live/{session.code}/console/unpin/").status_code == 403
    assert Client().get(f"/staff/live/{session.code}/console/").status_code in (302, 403)


def test_banner_on_the_job_list(cast: Any) -> None:
    client = Client()
    assert "直播带岗" not in text_of(get_page(client, "/jobs/"))
    upcoming = h.make_session(cast, status=SessionStatus.SCHEDULED, jobs=0)
    upcoming.starts_at = timezone.now() + dt.timedelta(days=1)
    upcoming.save()
    html = get_page(client, "/jobs/")
    assert "直播预告" in text_of(html) and f"/live/{upcoming.code}/" in html
    live = h.make_session(cast, jobs=0, title="正在直播的专场")
    html = get_page(login(Client(), cast.worker.user), "/jobs/")
    assert "正在直播的专场" in text_of(html) and f"/live/{live.code}/" in html
