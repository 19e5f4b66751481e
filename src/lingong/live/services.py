"""The live room in real time (直播带岗, issue 12 section 1): starting and ending a session, pinning jobs,
viewers, comments and their moderation, the host's answers and the viewer counts.

Scheduling (creating and editing sessions, choosing jobs) is in ``live.schedule``; what a sign-up becomes
(the lead, the consent, the phone and SMS code) is in ``live.leads``. The WebSocket (``live.consumers``)
and the pages call the functions here; every event goes out after commit through ``core.events``:
``live_group`` carries what every viewer may see, ``live_staff_group`` what the host's console sees.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import (
    ConflictError,
    InvalidInput,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from lingong.core.events import live_group, live_staff_group, send_event_on_commit
from lingong.core.masking import mask_name
from lingong.jobs.models import JobPosting, JobStatus
from lingong.live import intent, leads, moderation
from lingong.live.access import can_manage_session
from lingong.live.models import (
    SESSION_LIFECYCLE,
    HiddenReason,
    LeadSource,
    LiveComment,
    LiveSession,
    LiveSettings,
    LiveViewer,
    SessionJob,
    SessionStatus,
)

MAX_COMMENT = 200
MAX_REF = 40
# A viewer counts as watching while its socket refreshed ``last_seen_at`` within this window.
CONCURRENT_WINDOW = dt.timedelta(seconds=60)
SETTINGS_TTL = 30.0


# --- Access --------------------------------------------------------------------------------------------


def session_by_code(code: str) -> LiveSession:
    session = (
        LiveSession.objects.select_related("pinned__job__enterprise", "station", "market")
        .filter(code=code)
        .first()
    )
    if session is None:
        raise NotFoundError(_("直播间不存在。"))
    return session


def require_manager(actor: Any, session: LiveSession) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if not can_manage_session(actor, session):
        raise PermissionDeniedError(_("您没有权限管理该直播间。"))


def _lock(session_id: int, actor: Any) -> LiveSession:
    session = LiveSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise NotFoundError(_("直播间不存在。"))
    require_manager(actor, session)
    return session


# --- Job cards -----------------------------------------------------------------------------------------


def job_is_promotable(job: JobPosting) -> bool:
    """A job may be shown as open in a room only while it is open and its employer verified (§4)."""
    return job.status == JobStatus.OPEN and job.enterprise.is_verified


def job_state_label(job: JobPosting) -> str:
    if job_is_promotable(job):
        return str(_("招聘中"))
    if job.status == JobStatus.FILLED:
        return str(_("已招满"))
    return str(_("已结束"))


def card(session_job: SessionJob) -> dict[str, Any]:
    """The job card viewers see (pinned, in the list, or attached to the host's answer)."""
    job = session_job.job
    return {
        "id": session_job.pk,
        "job": job.pk,
        "title": job.title,
        "pay": job.pay_display,
        "place": job.address,
        "headcount": job.headcount,
        "employer": job.enterprise.name,
        "verified": job.enterprise.is_verified,
        "open": job_is_promotable(job),
        "state": job_state_label(job),
        "url": reverse("jobs:detail", args=[job.pk]),
    }


def session_jobs(session: LiveSession) -> list[SessionJob]:
    return list(
        SessionJob.objects.filter(session=session)
        .select_related("job__enterprise")
        .order_by("position", "pk")
    )


def pinned_card(session: LiveSession) -> dict[str, Any] | None:
    if session.pinned_id is None:
        return None
    pinned = SessionJob.objects.select_related("job__enterprise").filter(pk=session.pinned_id).first()
    return card(pinned) if pinned is not None else None


# --- Session lifecycle and pinning ------------------------------------------------------------------------


def start_session(*, actor: Any, session_id: int) -> LiveSession:
    with transaction.atomic():
        session = _lock(session_id, actor)
        SESSION_LIFECYCLE.advance(
            session,
            SessionStatus.LIVE,
            actor=actor,
            stamp="started_at",
            events=[([live_group(session.pk), live_staff_group(session.pk)], {"type": "started"})],
        )
    return session


def end_session(*, actor: Any, session_id: int) -> LiveSession:
    with transaction.atomic():
        session = _lock(session_id, actor)
        session.pinned = None
        session.pinned_at = None
        SESSION_LIFECYCLE.advance(
            session,
            SessionStatus.ENDED,
            actor=actor,
            stamp="ended_at",
            fields=["pinned", "pinned_at"],
            events=[([live_group(session.pk), live_staff_group(session.pk)], {"type": "ended"})],
        )
    return session


def pin(*, actor: Any, session_id: int, session_job_id: int) -> LiveSession:
    """Show one of the session's jobs as the card every viewer can sign up for."""
    with transaction.atomic():
        session = _lock(session_id, actor)
        if session.status != SessionStatus.LIVE:
            raise ConflictError(_("直播开始后才能置顶岗位。"), code="session_not_live")
        session_job = (
            SessionJob.objects.select_for_update(of=("self",))
            .select_related("job__enterprise")
            .filter(pk=session_job_id, session=session)
            .first()
        )
        if session_job is None:
            raise NotFoundError(_("该岗位不在本场直播中。"))
        if not job_is_promotable(session_job.job):
            raise ConflictError(
                _("该岗位%(state)s，不能置顶（只有招聘中且用工单位已认证的岗位可以推介）。")
                % {"state": job_state_label(session_job.job)},
                code="job_not_open",
            )
        session.pinned = session_job
        session.pinned_at = timezone.now()
        session.save(update_fields=["pinned", "pinned_at", "updated_at"])
        SessionJob.objects.filter(pk=session_job.pk).update(pinned_count=F("pinned_count") + 1)
        trail.record(
            action="live_session.pinned",
            obj=session,
            actor=actor,
            data={"session_job": session_job.pk, "job": session_job.job_id},
        )
        send_event_on_commit(
            [live_group(session.pk), live_staff_group(session.pk)], {"type": "pin", "card": card(session_job)}
        )
    return session


def unpin(*, actor: Any, session_id: int) -> LiveSession:
    with transaction.atomic():
        session = _lock(session_id, actor)
        if session.pinned_id is None:
            return session
        previous = session.pinned_id
        session.pinned = None
        session.pinned_at = None
        session.save(update_fields=["pinned", "pinned_at", "updated_at"])
        trail.record(action="live_session.unpinned", obj=session, actor=actor, data={"session_job": previous})
        send_event_on_commit([live_group(session.pk), live_staff_group(session.pk)], {"type": "unpin"})
    return session


# --- Viewers -------------------------------------------------------------------------------------------


def _viewer_key_name(session: LiveSession) -> str:
    return f"live_viewer:{session.pk}"


def _nickname(user: Any) -> str:
    if user is None:
        return f"{_('观众')}{secrets.randbelow(10_000):04d}"
    worker = getattr(user, "worker_profile", None)
    name = (worker.real_name if worker is not None else "") or user.display_name or ""
    return (mask_name(name) or _("观众"))[:20]


def get_or_create_viewer(session: LiveSession, request: HttpRequest) -> LiveViewer:
    """The browser's viewer of this session: the key kept in its Django session, or (logged in) the
    user's viewer on any device. A new viewer counts once in ``total_viewers``."""
    user = request.user if request.user.is_authenticated else None
    key = request.session.get(_viewer_key_name(session), "")
    viewer = None
    if user is not None:
        viewer = LiveViewer.objects.filter(session=session, user=user).first()
    if viewer is None and key:
        viewer = LiveViewer.objects.filter(session=session, key=key).first()
        if viewer is not None and viewer.user_id is not None and viewer.user_id != getattr(user, "pk", None):
            viewer = None  # the browser's previous user logged out or another logged in: a new viewer
        elif viewer is not None and user is not None:
            viewer.user = user
            viewer.nickname = _nickname(user)
            viewer.save(update_fields=["user", "nickname"])
    if viewer is None:
        try:
            with transaction.atomic():
                viewer = LiveViewer.objects.create(
                    session=session, key=secrets.token_hex(16), user=user, nickname=_nickname(user)
                )
                LiveSession.objects.filter(pk=session.pk).update(total_viewers=F("total_viewers") + 1)
        except IntegrityError:  # a 128-bit key collided: practically never; one more try
            viewer = LiveViewer.objects.create(
                session=session, key=secrets.token_hex(16), user=user, nickname=_nickname(user)
            )
    request.session[_viewer_key_name(session)] = viewer.key
    return viewer


def viewer_token(viewer: LiveViewer) -> str:
    """What the room page hands its WebSocket (``?v=``): signed, so a socket speaks only as its viewer."""
    return signing.dumps({"v": viewer.pk, "s": viewer.session_id}, salt="live.viewer")


def viewer_from_token(token: str, session: LiveSession) -> LiveViewer | None:
    try:
        data = signing.loads(token or "", salt="live.viewer")
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != session.pk or not isinstance(data.get("v"), int):
        return None
    return LiveViewer.objects.select_related("user").filter(pk=int(data["v"]), session=session).first()


def concurrent_viewers(session_id: int, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - CONCURRENT_WINDOW
    return LiveViewer.objects.filter(session_id=session_id, last_seen_at__gte=since).count()


def touch_viewers(viewer_ids: list[int], session_ids: list[int]) -> dict[int, int]:
    """One batch from a server process: the viewers connected there were seen now. Returns the number
    watching each session (seen within ``CONCURRENT_WINDOW`` from any process) and keeps ``peak_viewers``."""
    now = timezone.now()
    if viewer_ids:
        LiveViewer.objects.filter(pk__in=viewer_ids).update(last_seen_at=now)
    counts = {}
    for session_id in session_ids:
        count = concurrent_viewers(session_id, now)
        LiveSession.objects.filter(pk=session_id, peak_viewers__lt=count).update(
            peak_viewers=Greatest(F("peak_viewers"), count)
        )
        counts[session_id] = count
    return counts


# --- Comments ------------------------------------------------------------------------------------------


class _RateLimiter:
    """At most one comment per second per viewer, with a burst of three (a token bucket).

    In-process: a viewer's socket lives in one server process, so its comments are counted where they
    arrive; a viewer with sockets in two processes could post twice as fast, which is harmless."""

    RATE = 1.0
    BURST = 3.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.buckets: dict[int, tuple[float, float]] = {}

    def allow(self, viewer_id: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self.lock:
            tokens, last = self.buckets.get(viewer_id, (self.BURST, now))
            tokens = min(self.BURST, tokens + (now - last) * self.RATE)
            if tokens < 1.0:
                self.buckets[viewer_id] = (tokens, now)
                return False
            self.buckets[viewer_id] = (tokens - 1.0, now)
            if len(self.buckets) > 50_000:  # forget idle viewers now and then
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 10}
            return True

    def clear(self) -> None:
        with self.lock:
            self.buckets.clear()


rate_limiter = _RateLimiter()


@dataclass(frozen=True)
class _MarketRules:
    intent_phrases: tuple[str, ...]
    blocked_words: tuple[str, ...]
    expires: float


_rules: dict[int, _MarketRules] = {}


def market_rules(market_id: int) -> _MarketRules:
    """The market's extra intent phrases and blocked words, read at most every ``SETTINGS_TTL`` seconds
    per process (a change on the settings page applies within half a minute)."""
    now = time.monotonic()
    rules = _rules.get(market_id)
    if rules is None or rules.expires < now:
        row = LiveSettings.objects.filter(market_id=market_id).first()
        rules = _MarketRules(
            intent_phrases=tuple(LiveSettings.lines(row.intent_phrases)) if row else (),
            blocked_words=tuple(LiveSettings.lines(row.blocked_words)) if row else (),
            expires=now + SETTINGS_TTL,
        )
        _rules[market_id] = rules
    return rules


def clear_rules_cache() -> None:
    _rules.clear()


def clean_text(text: Any, field: str = "text") -> str:
    if not isinstance(text, str):
        raise InvalidInput(_("请输入评论内容。"), errors={field: [_("请输入评论内容")]})
    text = text.strip()
    if not text:
        raise InvalidInput(_("请输入评论内容。"), errors={field: [_("请输入评论内容")]})
    if len(text) > MAX_COMMENT:
        raise InvalidInput(_("评论不能超过200字。"), errors={field: [_("评论过长")]})
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in text):
        raise InvalidInput(_("评论含有无法显示的字符。"), errors={field: [_("含有无效字符")]})
    return text


def clean_ref(ref: Any) -> str:
    if ref is None:
        return ""
    if not isinstance(ref, str) or len(ref) > MAX_REF or "\x00" in ref:
        raise InvalidInput(_("消息编号无效。"), errors={"ref": [_("最多40个字符")]})
    return ref


def public_payload(
    comment: LiveComment, ref: str = "", job_card: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The comment as every viewer sees it."""
    return {
        "type": "comment",
        "id": comment.pk,
        "nick": _author_nick(comment),
        "text": comment.public_text,
        "host": comment.is_host,
        "job": job_card,
        "ref": ref,
        "at": timezone.localtime(comment.created_at).isoformat(),
    }


def staff_payload(
    comment: LiveComment, ref: str = "", job_card: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The comment as the host's console sees it: raw text, who, hidden or not, sign-up intent or not."""
    return {
        **public_payload(comment, ref, job_card),
        "text": comment.text,
        "public_text": comment.public_text,
        "viewer": comment.viewer_id,
        "hidden": bool(comment.hidden_reason),
        "hidden_reason": comment.hidden_reason,
        "is_intent": comment.is_intent,
        "muted": bool(comment.viewer is not None and comment.viewer.muted),
    }


def own_hidden_payload(comment: LiveComment, ref: str = "") -> dict[str, Any]:
    """The author's own hidden comment: only its socket gets it, as typed, flagged hidden."""
    return {**public_payload(comment, ref), "text": comment.text, "hidden": True}


def _author_nick(comment: LiveComment) -> str:
    if comment.is_host:
        return str(_("主播"))
    return comment.viewer.nickname if comment.viewer is not None else ""


@dataclass(frozen=True)
class Posted:
    """A comment and, when it was a sign-up intent while a job was pinned, what the sign-up did."""

    comment: LiveComment
    capture: leads.Capture | None = None
    lead_error: str = ""


def post_comment(session: LiveSession, viewer: LiveViewer, text: str, ref: str = "") -> LiveComment:
    return submit_comment(session, viewer, text, ref).comment


def submit_comment(session: LiveSession, viewer: LiveViewer, text: Any, ref: Any = "") -> Posted:
    """A viewer's comment: checked, moderated, stored and published after commit; a sign-up intent
    (扣1) while a job is pinned leaves a lead (``leads.capture``)."""
    text = clean_text(text)
    ref = clean_ref(ref)
    fresh = (
        LiveSession.objects.select_related("pinned__job").filter(pk=session.pk).first()
    )  # the caller's copy may be old: status and pinned card as they are now
    if fresh is None or fresh.status != SessionStatus.LIVE:
        raise ConflictError(_("直播未在进行中，暂不能发言。"), code="session_not_live")
    session = fresh
    muted = LiveViewer.objects.filter(pk=viewer.pk).values_list("muted", flat=True).first()
    if muted is None:
        raise NotFoundError(_("观众不存在。"))
    if muted:
        raise PermissionDeniedError(_("您已被禁言"), code="muted")
    if not rate_limiter.allow(viewer.pk):
        raise RateLimitedError(_("发言太快了，请稍后再发。"))
    rules = market_rules(session.market_id)
    hidden = moderation.contains_blocked(text, list(rules.blocked_words))
    is_intent = intent.is_signup_intent(text, rules.intent_phrases)
    pinned_job_id = session.pinned.job_id if session.pinned is not None else None
    capture: leads.Capture | None = None
    lead_error = ""
    with transaction.atomic():
        comment = LiveComment.objects.create(
            session=session,
            viewer=viewer,
            author=viewer.user if viewer.user_id else None,
            text=text,
            public_text=moderation.public_text(text),
            hidden_reason=HiddenReason.WORD_LIST if hidden else HiddenReason.NONE,
            job_id=pinned_job_id if is_intent else None,
            is_intent=is_intent,
        )
        comment.viewer = viewer
        if is_intent and pinned_job_id is not None:
            try:
                with transaction.atomic():
                    capture = leads.capture(
                        session=session, viewer=viewer, source=LeadSource.COMMENT, comment=comment
                    )
            except (ConflictError, PermissionDeniedError) as exc:  # an employer's 扣1: a comment, no lead
                lead_error = exc.message
        if not hidden:
            send_event_on_commit([live_group(session.pk)], public_payload(comment, ref))
        send_event_on_commit([live_staff_group(session.pk)], staff_payload(comment, ref))
    return Posted(comment=comment, capture=capture, lead_error=lead_error)


def signup(session: LiveSession, viewer: LiveViewer, job_id: Any) -> leads.Capture:
    """A tap on the pinned card's 我要报名 (the page's POST and the socket's ``signup`` action)."""
    if job_id is not None and not isinstance(job_id, int):
        try:
            job_id = int(job_id)
        except (TypeError, ValueError):
            raise InvalidInput(_("岗位无效。"), errors={"job": [_("岗位无效")]}) from None
    fresh = LiveSession.objects.select_related("pinned", "market").filter(pk=session.pk).first()
    if fresh is None:
        raise NotFoundError(_("直播间不存在。"))
    return leads.capture(session=fresh, viewer=viewer, source=LeadSource.TAP, job_id=job_id)


def lead_reply(capture: leads.Capture) -> dict[str, Any]:
    """What the viewer's socket (or page) is told about its sign-up."""
    return {
        "type": "lead",
        "created": capture.created,
        "needs_phone": capture.needs_phone,
        "needs_consent": capture.needs_consent,
        "job": capture.job_id,
        "lead": capture.lead.pk if capture.lead is not None else None,
    }


# --- Moderation and the host's answers ---------------------------------------------------------------------


def _lock_comment(actor: Any, comment_id: int) -> LiveComment:
    comment = (
        LiveComment.objects.select_for_update(of=("self",))
        .select_related("session")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise NotFoundError(_("评论不存在。"))
    require_manager(actor, comment.session)
    return comment


def hide_comment(*, actor: Any, comment_id: int) -> LiveComment:
    with transaction.atomic():
        comment = _lock_comment(actor, comment_id)
        if comment.hidden_reason == HiddenReason.STAFF:
            return comment
        comment.hidden_reason = HiddenReason.STAFF
        comment.hidden_by = actor
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
        trail.record(
            action="live_comment.hidden", obj=comment, actor=actor, data={"session": comment.session_id}
        )
        send_event_on_commit(
            [live_group(comment.session_id), live_staff_group(comment.session_id)],
            {"type": "hide", "id": comment.pk},
        )
    return comment


def _set_muted(actor: Any, viewer_id: int, muted: bool) -> LiveViewer:
    with transaction.atomic():
        viewer = (
            LiveViewer.objects.select_for_update(of=("self",))
            .select_related("session")
            .filter(pk=viewer_id)
            .first()
        )
        if viewer is None:
            raise NotFoundError(_("观众不存在。"))
        require_manager(actor, viewer.session)
        if viewer.muted == muted:
            return viewer
        viewer.muted = muted
        viewer.muted_at = timezone.now() if muted else None
        viewer.muted_by = actor if muted else None
        viewer.save(update_fields=["muted", "muted_at", "muted_by"])
        trail.record(
            action="live_viewer.muted" if muted else "live_viewer.unmuted",
            obj=viewer,
            actor=actor,
            data={"session": viewer.session_id},
        )
        send_event_on_commit(
            [live_staff_group(viewer.session_id)],
            {"type": "mute", "viewer": viewer.pk, "nick": viewer.nickname, "muted": muted},
        )
    return viewer


def mute_viewer(*, actor: Any, viewer_id: int) -> LiveViewer:
    return _set_muted(actor, viewer_id, True)


def unmute_viewer(*, actor: Any, viewer_id: int) -> LiveViewer:
    return _set_muted(actor, viewer_id, False)


def host_answer(
    *, actor: Any, session_id: int, text: Any, answer_to: int | None = None, job_id: int | None = None
) -> LiveComment:
    """The host (or staff) answers in the stream, optionally to one comment and with a promoted job's
    card attached ("answer from the job card")."""
    text = clean_text(text)
    with transaction.atomic():
        session = _lock(session_id, actor)
        if session.status != SessionStatus.LIVE:
            raise ConflictError(_("直播未在进行中，暂不能发言。"), code="session_not_live")
        question = None
        if answer_to is not None:
            question = LiveComment.objects.filter(pk=answer_to, session=session).first()
            if question is None:
                raise NotFoundError(_("评论不存在。"))
        job_card = None
        session_job = None
        if job_id is not None:
            session_job = (
                SessionJob.objects.select_related("job__enterprise")
                .filter(session=session, job_id=job_id)
                .first()
            )
            if session_job is None:
                raise InvalidInput(_("该岗位不在本场直播中。"), errors={"job": [_("该岗位不在本场直播中")]})
            job_card = card(session_job)
        comment = LiveComment.objects.create(
            session=session,
            author=actor,
            is_host=True,
            answer_to=question,
            text=text,
            public_text=text,
            job=session_job.job if session_job is not None else None,
        )
        trail.record(action="live_comment.answered", obj=comment, actor=actor, data={"session": session.pk})
        send_event_on_commit([live_group(session.pk)], public_payload(comment, job_card=job_card))
        send_event_on_commit([live_staff_group(session.pk)], staff_payload(comment, job_card=job_card))
    return comment
