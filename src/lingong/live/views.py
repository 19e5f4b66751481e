"""The live room's pages: the room a viewer opens on a phone (/live/<code>/) with its sign-up sheets, and
the host's console (/staff/live/<code>/console/). Real-time parts run over the room's WebSocket
(``live.consumers``) and ``lingong/live-room.js``; the pages here render the first state and answer the
sheets' htmx posts."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lingong.accounts.access import is_staff
from lingong.core.errors import DomainError, InvalidInput
from lingong.live import leads, services
from lingong.live.access import can_manage_session
from lingong.live.models import (
    HiddenReason,
    Lead,
    LeadSource,
    LiveComment,
    LiveSession,
    SessionStatus,
    StreamKind,
)
from lingong.notifications.senders import is_log_sender

STREAM_COMMENTS = 50
CONSOLE_COMMENTS = 100
CONSOLE_LEADS = 50


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _public_comments(session: LiveSession, limit: int | None) -> list[dict[str, Any]]:
    qs = (
        LiveComment.objects.filter(session=session, hidden_reason=HiddenReason.NONE)
        .select_related("viewer")
        .order_by("-created_at", "-pk")
    )
    rows = list(qs[:limit] if limit else qs[:2000])
    rows.reverse()
    return [services.public_payload(c) for c in rows]


@require_GET
def room(request: HttpRequest, code: str) -> HttpResponse:
    session = services.session_by_code(code)
    if session.status == SessionStatus.CANCELLED:
        return render(request, "live/room_cancelled.html", {"session": session})
    jobs = [services.card(sj) for sj in services.session_jobs(session)]
    context: dict[str, Any] = {
        "session": session,
        "jobs": jobs,
        "pinned": services.pinned_card(session),
        "is_live": session.status == SessionStatus.LIVE,
        "is_ended": session.status == SessionStatus.ENDED,
        "stream_kind": session.stream_kind,
        "hls": session.stream_kind == StreamKind.HLS and bool(session.stream_url),
        "external": session.stream_kind == StreamKind.EXTERNAL and bool(session.stream_url),
        "can_manage": can_manage_session(request.user, session),
    }
    if session.status == SessionStatus.LIVE:
        viewer = services.get_or_create_viewer(session, request)
        context["viewers"] = services.concurrent_viewers(session.pk)
        context["viewer"] = viewer
        context["ws_path"] = f"/ws/live/{session.code}/?v={services.viewer_token(viewer)}"
        context["comments"] = _public_comments(session, STREAM_COMMENTS)
    elif session.status == SessionStatus.ENDED:
        context["comments"] = _public_comments(session, None)
    return render(request, "live/room.html", context)


def _viewer_of(request: HttpRequest, session: LiveSession) -> Any:
    return services.get_or_create_viewer(session, request)


def _sheet(request: HttpRequest, session: LiveSession, **context: Any) -> HttpResponse:
    context.setdefault("demo_sms", is_log_sender())
    return render(request, "live/_sheet.html", {"session": session, **context})


@require_POST
def signup(request: HttpRequest, code: str) -> HttpResponse:
    """我要报名 on the pinned card (and the sheet a 扣1's lead reply opens): the lead, or the sheet it
    needs first (consent for a logged-in worker, phone + SMS code for an anonymous viewer)."""
    session = services.session_by_code(code)
    source = request.POST.get("source", LeadSource.TAP)
    source = source if source in LeadSource.values else LeadSource.TAP
    try:
        capture = services.signup(
            session, _viewer_of(request, session), _int_or_none(request.POST.get("job"))
        )
    except DomainError as exc:
        return _sheet(request, session, error=exc.message)
    if capture.needs_phone:
        pinned = services.pinned_card(session)
        return _sheet(request, session, step="phone", job=pinned, source=source)
    assert capture.lead is not None
    job = _job_card(session, capture.lead.job_id)
    if capture.needs_consent:
        return _sheet(request, session, step="consent", lead=capture.lead, job=job)
    return _sheet(request, session, step="done", lead=capture.lead, job=job)


def _job_card(session: LiveSession, job_id: int) -> dict[str, Any] | None:
    for sj in services.session_jobs(session):
        if sj.job_id == job_id:
            return services.card(sj)
    return None


@require_POST
def consent(request: HttpRequest, code: str) -> HttpResponse:
    session = services.session_by_code(code)
    lead_id = _int_or_none(request.POST.get("lead"))
    try:
        if lead_id is None or request.POST.get("agree") != "1":
            raise InvalidInput("", errors={"agree": [""]})
        lead = leads.consent(actor=request.user, lead_id=lead_id)
    except InvalidInput:
        found = Lead.objects.filter(pk=lead_id or 0, user_id=request.user.pk or 0).first()
        return _sheet(
            request,
            session,
            step="consent",
            lead=found,
            job=_job_card(session, found.job_id) if found else None,
            consent_error=True,
        )
    except DomainError as exc:
        return _sheet(request, session, error=exc.message)
    return _sheet(request, session, step="done", lead=lead, job=_job_card(session, lead.job_id), applied=True)


@require_POST
def phone_code(request: HttpRequest, code: str) -> HttpResponse:
    """Send the SMS code to the anonymous viewer's phone (throttled per number)."""
    session = services.session_by_code(code)
    phone = request.POST.get("phone", "").strip()[:20]
    source = request.POST.get("source", LeadSource.TAP)
    context: dict[str, Any] = {
        "step": "phone",
        "job": services.pinned_card(session),
        "phone": phone,
        "source": source,
    }
    try:
        leads.send_phone_code(phone=phone)
    except DomainError as exc:
        return _sheet(request, session, phone_error=exc.errors.get("phone", [exc.message])[0], **context)
    return _sheet(request, session, sent=True, **context)


@require_POST
def phone_lead(request: HttpRequest, code: str) -> HttpResponse:
    session = services.session_by_code(code)
    phone = request.POST.get("phone", "").strip()[:20]
    source = request.POST.get("source", LeadSource.TAP)
    source = source if source in LeadSource.values else LeadSource.TAP
    job_id = _int_or_none(request.POST.get("job"))
    try:
        capture = leads.capture_phone(
            session=session,
            viewer=_viewer_of(request, session),
            phone=phone,
            code=request.POST.get("code", "").strip()[:10],
            source=source,
            job_id=job_id,
        )
    except InvalidInput as exc:
        message = (exc.errors.get("code") or exc.errors.get("phone") or [exc.message])[0]
        context = {"step": "phone", "job": services.pinned_card(session), "phone": phone, "source": source}
        return _sheet(request, session, sent=True, code_error=message, **context)
    except DomainError as exc:
        return _sheet(request, session, error=exc.message)
    assert capture.lead is not None
    return _sheet(
        request, session, step="done", lead=capture.lead, job=_job_card(session, capture.lead.job_id)
    )


# --- The host's console ------------------------------------------------------------------------------


def _managed(request: HttpRequest, code: str) -> LiveSession:
    session = services.session_by_code(code)
    services.require_manager(request.user, session)
    return session


@require_GET
def console(request: HttpRequest, code: str) -> HttpResponse:
    session = _managed(request, code)
    comments = list(
        LiveComment.objects.filter(session=session)
        .select_related("viewer")
        .order_by("-created_at", "-pk")[:CONSOLE_COMMENTS]
    )
    comments.reverse()
    recent_leads = list(
        Lead.objects.filter(session=session)
        .select_related("viewer", "job")
        .order_by("-created_at")[:CONSOLE_LEADS]
    )
    jobs = {sj.job_id: sj.job.title for sj in services.session_jobs(session)}
    context = {
        "session": session,
        "jobs": [services.card(sj) for sj in services.session_jobs(session)],
        "comments": [services.staff_payload(c) for c in comments],
        "leads": [
            {**leads.lead_payload(lead), "job_title": jobs.get(lead.job_id, "")} for lead in recent_leads
        ],
        "job_titles_json": json.dumps({str(k): v for k, v in jobs.items()}, ensure_ascii=False),
        "viewers": services.concurrent_viewers(session.pk),
        "is_live": session.status == SessionStatus.LIVE,
        "is_staff": is_staff(request.user),
    }
    return render(request, "live/console.html", context)


def _console_action(request: HttpRequest, code: str, action: Any) -> HttpResponse:
    """The console's htmx buttons: the change arrives on the console's socket; the answer here is only a
    message (empty when all went well)."""
    session = _managed(request, code)
    try:
        action(session)
    except DomainError as exc:
        return render(request, "live/_console_message.html", {"error": exc.message})
    return render(request, "live/_console_message.html", {})


@require_POST
def console_start(request: HttpRequest, code: str) -> HttpResponse:
    session = _managed(request, code)
    services.start_session(actor=request.user, session_id=session.pk)
    return redirect("live:console", code=code)


@require_POST
def console_end(request: HttpRequest, code: str) -> HttpResponse:
    session = _managed(request, code)
    services.end_session(actor=request.user, session_id=session.pk)
    return redirect("live:console", code=code)


@require_POST
def console_pin(request: HttpRequest, code: str, session_job_id: int) -> HttpResponse:
    return _console_action(
        request,
        code,
        lambda s: services.pin(actor=request.user, session_id=s.pk, session_job_id=session_job_id),
    )


@require_POST
def console_unpin(request: HttpRequest, code: str) -> HttpResponse:
    return _console_action(request, code, lambda s: services.unpin(actor=request.user, session_id=s.pk))


@require_POST
def console_hide(request: HttpRequest, code: str, comment_id: int) -> HttpResponse:
    def hide(session: LiveSession) -> None:
        if not LiveComment.objects.filter(pk=comment_id, session=session).exists():
            raise InvalidInput(_not_here())
        services.hide_comment(actor=request.user, comment_id=comment_id)

    return _console_action(request, code, hide)


@require_POST
def console_mute(request: HttpRequest, code: str, viewer_id: int) -> HttpResponse:
    muted = request.POST.get("muted", "1") != "0"

    def mute(session: LiveSession) -> None:
        if not session.viewers.filter(pk=viewer_id).exists():
            raise InvalidInput(_not_here())
        if muted:
            services.mute_viewer(actor=request.user, viewer_id=viewer_id)
        else:
            services.unmute_viewer(actor=request.user, viewer_id=viewer_id)

    return _console_action(request, code, mute)


@require_POST
def console_answer(request: HttpRequest, code: str) -> HttpResponse:
    def answer(session: LiveSession) -> None:
        services.host_answer(
            actor=request.user,
            session_id=session.pk,
            text=request.POST.get("text", ""),
            answer_to=_int_or_none(request.POST.get("answer_to")),
            job_id=_int_or_none(request.POST.get("job")),
        )

    return _console_action(request, code, answer)


def _not_here() -> str:
    return _("不属于本场直播。")
