"""The live room's services: pinning, comments and their moderation, sign-ups and what they become."""

from __future__ import annotations

from typing import Any

import pytest

from lingong import testing as t
from lingong.core.errors import (
    ConflictError,
    InvalidInput,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from lingong.jobs import services as jobs
from lingong.jobs.models import Application, JobPosting
from lingong.live import leads, services
from lingong.live.access import can_manage_session
from lingong.live.models import HiddenReason, Lead, LeadStatus, LiveComment, LiveSettings, SessionStatus
from lingong.live.tests import helpers as h
from lingong.notifications.senders import LogSender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh() -> Any:
    services.rate_limiter.clear()
    services.clear_rules_cache()
    yield
    services.rate_limiter.clear()
    services.clear_rules_cache()


def test_who_manages_a_session(cast: Any) -> None:
    session = h.make_session(cast, jobs=0)
    assert can_manage_session(cast.station_staff, session)
    assert can_manage_session(cast.centre_staff, session)
    assert can_manage_session(cast.admin, session)
    assert not can_manage_session(cast.other_station_staff, session)
    assert not can_manage_session(cast.employer, session)
    assert not can_manage_session(cast.worker.user, session)
    session.host = cast.employer  # a guest host from the employer
    assert can_manage_session(cast.employer, session)


def test_start_pin_unpin_end(cast: Any, capture_events: Any) -> None:
    session = h.make_session(cast, status=SessionStatus.SCHEDULED)
    session_job = h.first_job(session)
    with pytest.raises(ConflictError):  # not live yet
        services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=session_job.pk)
    with pytest.raises(PermissionDeniedError):
        services.start_session(actor=cast.other_station_staff, session_id=session.pk)
    with capture_events() as sent:
        services.start_session(actor=cast.station_staff, session_id=session.pk)
        services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=session_job.pk)
    assert [e["type"] for e in sent.events()] == ["started", "pin"]
    session.refresh_from_db()
    assert session.status == "live" and session.started_at and session.pinned_id == session_job.pk
    session_job.refresh_from_db()
    assert session_job.pinned_count == 1
    with capture_events() as sent:
        services.unpin(actor=cast.station_staff, session_id=session.pk)
        services.end_session(actor=cast.station_staff, session_id=session.pk)
    assert [e["type"] for e in sent.events()] == ["unpin", "ended"]
    session.refresh_from_db()
    assert session.status == "ended" and session.pinned_id is None and session.ended_at


def test_a_closed_job_or_unverified_employer_cannot_be_pinned(cast: Any) -> None:
    session = h.make_session(cast)
    session_job = h.first_job(session)
    JobPosting.objects.filter(pk=session_job.job_id).update(status="filled")
    with pytest.raises(ConflictError) as refused:
        services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=session_job.pk)
    assert refused.value.code == "job_not_open" and "已招满" in refused.value.message
    session_job.refresh_from_db()
    assert services.card(session_job)["state"] == "已招满" and services.card(session_job)["open"] is False
    JobPosting.objects.filter(pk=session_job.job_id).update(status="closed")
    session_job.refresh_from_db()
    assert services.card(session_job)["state"] == "已结束"
    foreign = h.first_job(h.make_session(cast, jobs=1))
    other = h.first_job(session, 1)
    other.job.enterprise.status = "pending"
    other.job.enterprise.save(update_fields=["status"])
    with pytest.raises(ConflictError):
        services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=other.pk)
    with pytest.raises(NotFoundError):
        services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=foreign.pk)


def test_comment_rules(cast: Any) -> None:
    session = h.make_session(cast)
    viewer = h.viewer(session)
    for bad in ("", "   ", "a" * 201, "abc\x00", "x\x07y", None, 5):
        with pytest.raises(InvalidInput):
            services.post_comment(session, viewer, bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        services.post_comment(session, viewer, "hi", ref="r" * 41)
    assert services.post_comment(session, viewer, "  " + "好" * 200 + " ").text == "好" * 200
    services.rate_limiter.clear()
    services.mute_viewer(actor=cast.station_staff, viewer_id=viewer.pk)
    with pytest.raises(PermissionDeniedError) as muted:
        services.post_comment(session, viewer, "你好")
    assert muted.value.message == "您已被禁言"
    services.unmute_viewer(actor=cast.station_staff, viewer_id=viewer.pk)
    assert services.post_comment(session, viewer, "你好").pk
    ended = h.make_session(cast, status=SessionStatus.ENDED, jobs=0)
    with pytest.raises(ConflictError) as not_live:
        services.post_comment(ended, h.viewer(ended), "你好")
    assert not_live.value.code == "session_not_live"


def test_rate_limit_one_a_second_burst_three(cast: Any) -> None:
    session = h.make_session(cast, jobs=0)
    viewer, other = h.viewer(session), h.viewer(session)
    for n in range(3):
        services.post_comment(session, viewer, f"第{n}条")
    with pytest.raises(RateLimitedError):
        services.post_comment(session, viewer, "第4条")
    services.post_comment(session, other, "别人不受影响")
    limiter = services._RateLimiter()
    assert [limiter.allow(1, now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(1, now=1.0) and not limiter.allow(1, now=1.5) and limiter.allow(1, now=2.6)


def test_masking_and_word_list(cast: Any, capture_events: Any) -> None:
    session = h.make_session(cast, jobs=0)
    LiveSettings.objects.create(market=cast.market, blocked_words="骗子\n垃圾")
    viewer = h.viewer(session)
    with capture_events() as sent:
        masked = services.post_comment(session, viewer, "加微信 abc12345 或打13812345678")
        hidden = services.post_comment(session, viewer, "全是骗子")
    assert masked.public_text == "加微信 ******** 或打138****5678" and masked.text.endswith("13812345678")
    assert hidden.hidden_reason == HiddenReason.WORD_LIST
    public = [(g, e) for g, e in sent.sent if g == [f"live.{session.pk}"]]
    staff = [(g, e) for g, e in sent.sent if g == [f"live_staff.{session.pk}"]]
    assert [e["id"] for _, e in public] == [masked.pk]  # the hidden one never goes to viewers
    assert "13812345678" not in str(public)
    assert [e["hidden"] for _, e in staff] == [False, True] and staff[1][1]["text"] == "全是骗子"


def test_intent_comment_leaves_one_lead_and_only_while_pinned(cast: Any) -> None:
    session = h.make_session(cast)
    viewer = h.viewer(session, cast.worker.user)
    nothing_pinned = services.submit_comment(session, viewer, "扣1")
    assert nothing_pinned.comment.is_intent and nothing_pinned.capture is None and not Lead.objects.exists()
    session_job = h.pinned(cast, session)
    services.rate_limiter.clear()
    posts = [services.submit_comment(session, viewer, "1") for _ in range(3)]
    lead = Lead.objects.get()
    assert [p.capture.created for p in posts if p.capture] == [True, False, False]
    assert (
        lead.job_id == session_job.job_id
        and lead.source == "comment"
        and lead.comment_id == posts[0].comment.pk
    )
    assert posts[0].comment.job_id == session_job.job_id
    services.rate_limiter.clear()
    assert services.submit_comment(session, viewer, "这个活几点开始").capture is None  # a question


def test_extra_phrases_count_as_intent(cast: Any) -> None:
    session = h.make_session(cast)
    h.pinned(cast, session)
    LiveSettings.objects.create(market=cast.market, intent_phrases="算我一个")
    posted = services.submit_comment(session, h.viewer(session, cast.worker.user), "算我一个")
    assert posted.comment.is_intent and posted.capture and posted.capture.created


def test_tap_for_a_job_no_longer_pinned_is_refused(cast: Any) -> None:
    session = h.make_session(cast)
    first = h.pinned(cast, session)
    h.pinned(cast, session, 1)
    viewer = h.viewer(session, cast.worker.user)
    with pytest.raises(ConflictError) as refused:
        services.signup(session, viewer, first.job_id)
    assert refused.value.code == "job_not_pinned"
    services.unpin(actor=cast.station_staff, session_id=session.pk)
    with pytest.raises(ConflictError) as nothing:
        services.signup(session, viewer, None)
    assert nothing.value.code == "nothing_pinned"
    assert not Lead.objects.exists()


def test_employer_and_staff_cannot_sign_up(cast: Any) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    for user in (cast.employer, cast.station_staff):
        with pytest.raises(PermissionDeniedError) as refused:
            services.signup(session, h.viewer(session, user), session_job.job_id)
        assert refused.value.code == "not_a_worker"
    employer_comment = services.submit_comment(session, h.viewer(session, cast.employer), "报名")
    assert employer_comment.capture is None and employer_comment.lead_error
    assert not Lead.objects.exists()


def test_consent_turns_the_lead_into_an_application(cast: Any, capture_events: Any) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    viewer = h.viewer(session, cast.worker.user)
    capture = services.signup(session, viewer, session_job.job_id)
    assert capture.created and capture.needs_consent and capture.lead
    with pytest.raises(NotFoundError):
        leads.consent(actor=cast.other_worker.user, lead_id=capture.lead.pk)
    with capture_events() as sent:
        lead = leads.consent(actor=cast.worker.user, lead_id=capture.lead.pk)
    assert lead.status == LeadStatus.APPLIED and lead.consented_at and lead.application
    application = Application.objects.get(job=session_job.job, worker=cast.worker)
    assert lead.application_id == application.pk
    assert sent.events("lead")[0]["lead"]["status"] == "applied"
    again = services.signup(session, viewer, session_job.job_id)
    assert not again.created and not again.needs_consent


def test_consent_links_an_existing_application(cast: Any) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    existing = jobs.apply(actor=cast.worker.user, job_id=session_job.job_id)
    capture = services.signup(session, h.viewer(session, cast.worker.user), session_job.job_id)
    assert capture.lead
    lead = leads.consent(actor=cast.worker.user, lead_id=capture.lead.pk)
    assert lead.application_id == existing.pk and Application.objects.count() == 1


def _code_sent_to(phone: str) -> str:
    return str([m for m in LogSender.outbox if m["phone"] == phone][-1]["params"]["code"])


def test_anonymous_viewer_leaves_a_lead_with_phone_and_code(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = h.make_session(cast)
    session_job = h.pinned(cast, session)
    viewer = h.viewer(session)
    assert services.signup(session, viewer, session_job.job_id).needs_phone
    phone = t.next_phone()
    with django_capture_on_commit_callbacks(execute=True):
        leads.send_phone_code(phone=phone)
    code = _code_sent_to(phone)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(InvalidInput):
        leads.capture_phone(session=session, viewer=viewer, phone=phone, code=wrong, source="tap")
    assert not Lead.objects.exists()
    capture = leads.capture_phone(
        session=session, viewer=viewer, phone=phone, code=code, source="tap", job_id=session_job.job_id
    )
    lead = Lead.objects.get()
    assert capture.created and lead.phone == phone and lead.phone_verified_at and lead.viewer_id == viewer.pk
    assert lead.user_id is None and lead.source == "tap"
    # The same viewer again: the existing lead, no second row.
    assert services.signup(session, viewer, session_job.job_id).lead == lead
    with pytest.raises(InvalidInput):  # the code was used
        leads.capture_phone(session=session, viewer=h.viewer(session), phone=phone, code=code, source="tap")
    assert Lead.objects.count() == 1


def test_hide_mute_and_answer(cast: Any, capture_events: Any) -> None:
    session = h.make_session(cast)
    session_job = h.first_job(session)
    viewer = h.viewer(session)
    comment = services.post_comment(session, viewer, "几点上班？")
    with pytest.raises(PermissionDeniedError):
        services.hide_comment(actor=cast.other_station_staff, comment_id=comment.pk)
    with capture_events() as sent:
        services.hide_comment(actor=cast.station_staff, comment_id=comment.pk)
        services.mute_viewer(actor=cast.station_staff, viewer_id=viewer.pk)
        answer = services.host_answer(
            actor=cast.station_staff,
            session_id=session.pk,
            text="早上8点，看这个岗位",
            answer_to=comment.pk,
            job_id=session_job.job_id,
        )
    comment.refresh_from_db()
    assert comment.hidden_reason == HiddenReason.STAFF and comment.hidden_by == cast.station_staff
    assert [e["type"] for e in sent.events()] == ["hide", "mute", "comment", "comment"]
    public = sent.events("comment")[0]
    assert public["host"] is True and public["job"]["job"] == session_job.job_id and public["nick"] == "主播"
    assert answer.answer_to_id == comment.pk and LiveComment.objects.filter(is_host=True).count() == 1
    with pytest.raises(InvalidInput):
        services.host_answer(actor=cast.station_staff, session_id=session.pk, text="x", job_id=999999)


def test_viewer_identity_and_counts(cast: Any) -> None:
    session = h.make_session(cast, jobs=0)
    request = h.request_for()
    anonymous = services.get_or_create_viewer(session, request)
    assert services.get_or_create_viewer(session, request).pk == anonymous.pk  # same browser
    assert anonymous.nickname.startswith("观众") and len(anonymous.nickname) == 6
    worker = services.get_or_create_viewer(session, h.request_for(cast.worker.user))
    assert worker.nickname == "江**"
    token = services.viewer_token(anonymous)
    assert services.viewer_from_token(token, session) == anonymous
    other = h.make_session(cast, jobs=0)
    assert services.viewer_from_token(token, other) is None
    assert services.viewer_from_token(token + "x", session) is None
    counts = services.touch_viewers([anonymous.pk, worker.pk], [session.pk])
    session.refresh_from_db()
    assert counts == {session.pk: 2} and session.peak_viewers == 2 and session.total_viewers == 2
