"""JSON API of the live rooms (/api/v1/live/sessions...): the public list and detail of a market's
sessions, the comment stream, and the host's actions (start, end, pin, unpin, hide, mute).

The real-time part is the room's WebSocket (``live.consumers``), documented in the detail operation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.services import user_for_token
from lingong.core.errors import NotFoundError
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.core.siteurl import absolute_url
from lingong.live import services
from lingong.live.access import can_manage_session
from lingong.live.models import LiveComment, LiveSession, LiveViewer, SessionJob, SessionStatus
from lingong.org.selectors import default_market

router = Router(tags=["直播带岗"])

# The room's public code (``secrets.token_urlsafe(8)``: 11 characters; the column holds 16).
CODE = Annotated[str, Path(max_length=16, description="直播间编号")]

WEBSOCKET_DOC = """
实时评论通过 WebSocket：`ws(s)://<host>/ws/live/{code}/?v=<观众令牌>`（房间页面 `/live/{code}/` 给出令牌，
匿名可用；无令牌或令牌无效时以 4403 关闭）。主播控制台：`/ws/live/{code}/console/`（会话登录，
仅本场主播及主办单位工作人员）。

客户端发送：`{"action":"comment","text":"…","ref":"≤40字符，可选"}`；`{"action":"signup","job":<岗位id>}`。

服务器推送给所有观众：`{"type":"comment","id","nick","text"(已打码),"host":bool,"job":岗位卡片或null,"ref","at"}`；
`{"type":"pin","card":{…}}`；`{"type":"unpin"}`；`{"type":"hide","id"}`；`{"type":"viewers","count"}`；
`{"type":"ended"}`。

仅发给本连接：`{"type":"ack","ref","id"}`；`{"type":"error","code","message","ref"}`；
`{"type":"lead","created","needs_phone","needs_consent","job","lead"}`；以及作者自己被隐藏的评论（`"hidden":true`）。

控制台收到：comment（原文、观众 id、hidden、is_intent）、lead、viewers、hide、mute、pin/unpin。
"""


class LiveJobCardOut(Schema):
    id: int = Field(description="本场推介岗位（SessionJob）id，置顶时用")
    job: int
    title: str
    pay: str
    place: str
    headcount: int
    employer: str
    verified: bool
    open: bool
    state: str
    url: str


class LiveSessionOut(Schema):
    code: str
    title: str
    description: str
    host_name: str
    starts_at: str
    planned_minutes: int
    status: str
    status_label: str
    stream_kind: str
    stream_url: str
    replay_url: str
    peak_viewers: int
    total_viewers: int
    url: str


class LiveSessionDetailOut(LiveSessionOut):
    jobs: list[LiveJobCardOut]
    pinned: LiveJobCardOut | None
    viewers: int
    websocket: str


class LiveCommentOut(Schema):
    id: int
    nick: str
    text: str = Field(description="公开内容（手机号、微信号已打码）；主办方工作人员看到原文")
    host: bool
    at: str
    job: int | None
    # Staff of the session only (null for everyone else).
    public_text: str | None = None
    viewer: int | None = None
    hidden: bool | None = None
    hidden_reason: str | None = None
    is_intent: bool | None = None


class LiveViewerOut(Schema):
    id: int
    nickname: str
    muted: bool


class LivePinIn(Schema):
    job_id: int = Field(ge=1, le=2_147_483_647, description="本场推介的岗位 id")


class LiveMuteIn(Schema):
    muted: bool = True


class LiveSessionQuery(Schema):
    status: Literal["scheduled", "live", "ended"] | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


class LiveCommentQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


def _session_out(session: LiveSession) -> dict[str, Any]:
    return {
        "code": session.code,
        "title": session.title,
        "description": session.description,
        "host_name": session.host_name,
        "starts_at": session.starts_at.isoformat(),
        "planned_minutes": session.planned_minutes,
        "status": session.status,
        "status_label": session.get_status_display(),
        "stream_kind": session.stream_kind,
        "stream_url": session.stream_url if session.status == SessionStatus.LIVE else "",
        "replay_url": session.replay_url if session.status == SessionStatus.ENDED else "",
        "peak_viewers": session.peak_viewers,
        "total_viewers": session.total_viewers,
        "url": absolute_url(f"/live/{session.code}/"),
    }


def _caller(request: HttpRequest) -> Any:
    """The signed-in user on a public operation (session or bearer token), or None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return user_for_token(header[7:].strip())
    return None


def _session(code: str) -> LiveSession:
    session = services.session_by_code(code)
    if session.status == SessionStatus.CANCELLED:
        raise NotFoundError(_("直播间不存在。"))
    return session


@router.get(
    "/live/sessions",
    response={200: PageOut[LiveSessionOut], **ERRORS},
    summary="直播带岗场次（本市场的预告、直播中、已结束）",
)
def list_sessions(request: HttpRequest, query: Query[LiveSessionQuery]) -> dict[str, Any]:
    user = _caller(request)
    market = (user.market if user is not None else None) or default_market()
    statuses = [query.status] if query.status else ["live", "scheduled", "ended"]
    sessions = LiveSession.objects.filter(market=market, status__in=statuses).order_by("-starts_at", "-pk")
    page = paginate(sessions, query.page, query.page_size)
    return page_dict(page, [_session_out(s) for s in page.items])


@router.get(
    "/live/sessions/{code}",
    response={200: LiveSessionDetailOut, **ERRORS},
    summary="直播间详情（岗位、当前置顶卡片、实时接口说明）",
    description=WEBSOCKET_DOC,
)
def session_detail(request: HttpRequest, code: CODE) -> dict[str, Any]:
    session = _session(code)
    return {
        **_session_out(session),
        "jobs": [services.card(sj) for sj in services.session_jobs(session)],
        "pinned": services.pinned_card(session),
        "viewers": services.concurrent_viewers(session.pk),
        "websocket": f"/ws/live/{session.code}/",
    }


def _manage(request: ApiRequest, code: str) -> LiveSession:
    session = _session(code)
    services.require_manager(request.auth, session)
    return session


@router.post(
    "/live/sessions/{code}/start", auth=AUTH, response={200: LiveSessionOut, **ERRORS}, summary="开始直播"
)
def start(request: ApiRequest, code: CODE) -> dict[str, Any]:
    session = _manage(request, code)
    return _session_out(services.start_session(actor=request.auth, session_id=session.pk))


@router.post(
    "/live/sessions/{code}/end", auth=AUTH, response={200: LiveSessionOut, **ERRORS}, summary="结束直播"
)
def end(request: ApiRequest, code: CODE) -> dict[str, Any]:
    session = _manage(request, code)
    return _session_out(services.end_session(actor=request.auth, session_id=session.pk))


@router.post(
    "/live/sessions/{code}/pin",
    auth=AUTH,
    response={200: LiveJobCardOut, **ERRORS},
    summary="置顶岗位卡片（只有招聘中且用工单位已认证的岗位）",
)
def pin(request: ApiRequest, code: CODE, payload: LivePinIn) -> dict[str, Any]:
    session = _manage(request, code)
    session_job = SessionJob.objects.filter(session=session, job_id=payload.job_id).first()
    if session_job is None:
        raise NotFoundError(_("该岗位不在本场直播中。"))
    services.pin(actor=request.auth, session_id=session.pk, session_job_id=session_job.pk)
    card = services.pinned_card(LiveSession.objects.get(pk=session.pk))
    assert card is not None
    return card


@router.post(
    "/live/sessions/{code}/unpin", auth=AUTH, response={200: LiveSessionOut, **ERRORS}, summary="取消置顶"
)
def unpin(request: ApiRequest, code: CODE) -> dict[str, Any]:
    session = _manage(request, code)
    return _session_out(services.unpin(actor=request.auth, session_id=session.pk))


def _comment_out(comment: LiveComment, staff: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": comment.pk,
        "nick": services.public_payload(comment)["nick"],
        "text": comment.text if staff else comment.public_text,
        "host": comment.is_host,
        "at": comment.created_at.isoformat(),
        "job": comment.job_id if comment.is_host else None,
    }
    if staff:
        out.update(
            public_text=comment.public_text,
            viewer=comment.viewer_id,
            hidden=bool(comment.hidden_reason),
            hidden_reason=comment.hidden_reason,
            is_intent=comment.is_intent,
            job=comment.job_id,
        )
    return out


@router.get(
    "/live/sessions/{code}/comments",
    response={200: PageOut[LiveCommentOut], **ERRORS},
    summary="评论（最新在前；主办方工作人员看到原文和被隐藏的评论）",
)
def comments(request: HttpRequest, code: CODE, query: Query[LiveCommentQuery]) -> dict[str, Any]:
    session = _session(code)
    user = _caller(request)
    staff = user is not None and is_staff(user) and can_manage_session(user, session)
    staff = staff or (user is not None and user.pk == session.host_id)
    rows = LiveComment.objects.filter(session=session).select_related("viewer").order_by("-created_at", "-pk")
    if not staff:
        rows = rows.filter(hidden_reason="")
    page = paginate(rows, query.page, query.page_size)
    return page_dict(page, [_comment_out(c, staff) for c in page.items])


@router.post(
    "/live/sessions/{code}/comments/{comment_id}/hide",
    auth=AUTH,
    response={200: LiveCommentOut, **ERRORS},
    summary="隐藏评论",
)
def hide(request: ApiRequest, code: CODE, comment_id: int) -> dict[str, Any]:
    session = _manage(request, code)
    if not LiveComment.objects.filter(pk=comment_id, session=session).exists():
        raise NotFoundError(_("评论不存在。"))
    comment = services.hide_comment(actor=request.auth, comment_id=comment_id)
    return _comment_out(comment, staff=True)


@router.post(
    "/live/sessions/{code}/viewers/{viewer_id}/mute",
    auth=AUTH,
    response={200: LiveViewerOut, **ERRORS},
    summary="禁言或解除禁言观众",
)
def mute(request: ApiRequest, code: CODE, viewer_id: int, payload: LiveMuteIn) -> dict[str, Any]:
    session = _manage(request, code)
    if not LiveViewer.objects.filter(pk=viewer_id, session=session).exists():
        raise NotFoundError(_("观众不存在。"))
    if payload.muted:
        viewer = services.mute_viewer(actor=request.auth, viewer_id=viewer_id)
    else:
        viewer = services.unmute_viewer(actor=request.auth, viewer_id=viewer_id)
    return {"id": viewer.pk, "nickname": viewer.nickname, "muted": viewer.muted}
