"""The demo's live job promotion (issue 12): yesterday's replayed session with comments and leads in every
follow-up state (one hired through a real engagement), tomorrow's session, the word lists; pages filled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.cast import MARKET_CODE, STATION_STAFF_PHONE
from lingong.demo.live import REPLAY_TITLE, UPCOMING_TITLE
from lingong.engagements.models import Engagement
from lingong.live import selectors
from lingong.live.models import HiddenReason, Lead, LeadStatus, LiveSession, LiveSettings, SessionStatus
from lingong.pagetools import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_demo_builds_live_sessions(seeded: str) -> None:
    host = User.objects.get(phone=STATION_STAFF_PHONE)
    replay = LiveSession.objects.get(title=REPLAY_TITLE)
    assert (
        replay.status == SessionStatus.ENDED and replay.host == host and replay.station_id == host.station_id
    )
    assert timezone.localtime(replay.starts_at).date() == timezone.localdate() - dt.timedelta(days=1)
    assert replay.replay_url.startswith("https://") and replay.stream_kind == "external"
    assert replay.jobs.count() == 4 and replay.peak_viewers > 0 and replay.total_viewers > replay.peak_viewers
    comments = replay.comments.all()
    assert 35 <= comments.count() <= 45
    assert comments.filter(text="扣1").count() >= 3 and comments.filter(is_intent=True).count() >= 8
    assert comments.filter(hidden_reason=HiddenReason.WORD_LIST).count() == 1
    masked = comments.get(text__contains="13912345678")
    assert "139****5678" in masked.public_text and "13912345678" not in masked.public_text
    statuses = set(Lead.objects.filter(session=replay).values_list("status", flat=True))
    assert {
        LeadStatus.APPLIED,
        LeadStatus.CONTACTED,
        LeadStatus.NO_ANSWER,
        LeadStatus.NOT_INTERESTED,
        LeadStatus.NEW,
    } <= statuses
    hired = Lead.objects.get(session=replay, status=LeadStatus.HIRED)
    assert Engagement.objects.get(application_id=hired.application_id).started_at is not None
    assert Lead.objects.filter(session=replay, phone__gt="").count() >= 4
    stats = selectors.session_stats(replay)
    assert (
        stats["totals"]["hires"] >= 1
        and stats["totals"]["applications"] >= 2
        and stats["totals"]["leads"] >= 8
    )
    upcoming = LiveSession.objects.get(title=UPCOMING_TITLE)
    assert upcoming.status == SessionStatus.SCHEDULED and upcoming.jobs.count() == 3
    local = timezone.localtime(upcoming.starts_at)
    assert (local.date(), local.hour) == (timezone.localdate() + dt.timedelta(days=1), 19)
    assert LiveSettings.lines(LiveSettings.objects.get(market__code=MARKET_CODE).blocked_words)
    # The station staff see it all filled.
    client = Client()
    client.force_login(host)
    assert REPLAY_TITLE in get_page(client, "/staff/live/?tab=ended")
    assert UPCOMING_TITLE in get_page(client, "/staff/live/?tab=upcoming")
    assert 'data-testid="live-lead"' in get_page(client, f"/staff/live/{replay.code}/leads/")
    assert 'data-testid="stat-hires">' in get_page(client, f"/staff/live/{replay.code}/stats/")
