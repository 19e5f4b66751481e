"""The live back office (/staff/live/...): scheduling, the session page with its QR code and share card,
leads follow-up (per session and market-wide), the session's stats (+ .xlsx) and the market's word lists.

Thin views: the rules are in ``schedule``, ``followup``, ``office_settings`` and ``selectors``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.client import client_ip
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.core.masking import mask_phone
from lingong.core.pagination import paginate
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.live import followup, office_settings, schedule, selectors, xlsx
from lingong.live.models import Lead, LeadStatus, LiveSession, SessionStatus
from lingong.live.office_forms import (
    SCHEDULE_FIELDS,
    ApplyOnBehalfForm,
    FollowUpForm,
    RevealForm,
    ScheduleForm,
    SettingsForm,
    TryForm,
)
from lingong.workers.models import ConsentChannel


def staff_required(view: Any) -> Any:
    @login_required
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _session(request: AuthedRequest, code: str) -> LiveSession:
    try:
        return schedule.session_for_staff(request.user, code)
    except DomainError as exc:
        raise Http404 from exc


def room_path(session: LiveSession) -> str:
    return f"/live/{session.code}/"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- Sessions -------------------------------------------------------------------------------------------


@staff_required
def sessions(request: AuthedRequest) -> HttpResponse:
    counts = selectors.tab_counts(request.user)
    tab = request.GET.get("tab", "")
    if tab not in selectors.TABS:  # open on the sessions live now, if any
        tab = "live" if counts["live"] else "upcoming"
    q = request.GET.get("q", "").strip()[:30]
    page = paginate(selectors.sessions_for_staff(request.user, tab=tab, q=q), request.GET.get("page", 1), 20)
    return render(request, "live/office/sessions.html", {"page": page, "tab": tab, "q": q, "counts": counts})


def _schedule_form_context(
    form: ScheduleForm, jobs: list[Any], session: LiveSession | None
) -> dict[str, Any]:
    return {"form": form, "chosen_jobs": jobs, "session": session}


def _chosen_jobs(ids: list[int], market_id: int) -> list[Any]:
    from_db = {j.pk: j for j in schedule.JobPosting.objects.filter(pk__in=ids, market_id=market_id)}
    return [from_db[i] for i in ids if i in from_db]


def _apply_errors(form: ScheduleForm, exc: DomainError) -> None:
    placed = False
    for name, errors in exc.errors.items():
        field = SCHEDULE_FIELDS.get(name, name)
        if field in form.fields:
            for message in errors:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@staff_required
def session_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    hosts = schedule.host_choices(user)
    initial = {"host": user.pk, "host_name": user.display_name, "stream_kind": "none", "planned_minutes": 60}
    form = ScheduleForm(request.POST or None, hosts=hosts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = schedule.create_session(actor=user, data=form.to_input())
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("直播已创建。把直播间二维码发给求职者吧。"))
            return redirect("live:office_session", code=session.code)
    ids = form.cleaned_data.get("jobs", []) if form.is_bound and hasattr(form, "cleaned_data") else []
    return render(
        request,
        "live/office/schedule.html",
        _schedule_form_context(form, _chosen_jobs(ids, user.market_id or 0), None),
    )


@staff_required
def session_edit(request: AuthedRequest, code: str) -> HttpResponse:
    session = _session(request, code)
    hosts = schedule.host_choices(request.user, session.station, session.centre_id)
    if not any(h.pk == session.host_id for h in hosts):
        hosts.append(session.host)
    form = ScheduleForm(request.POST or None, hosts=hosts, initial=ScheduleForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if session.status != SessionStatus.SCHEDULED:
            data.starts_at = data.planned_minutes = data.host_id = None
            data.job_ids = None
        try:
            schedule.update_session(actor=request.user, code=code, data=data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("直播信息已保存。"))
            return redirect("live:office_session", code=code)
    if form.is_bound and hasattr(form, "cleaned_data"):
        ids = form.cleaned_data.get("jobs", [])
    else:
        ids = ScheduleForm.initial_for(session)["jobs"]
    return render(
        request,
        "live/office/schedule.html",
        _schedule_form_context(form, _chosen_jobs(ids, session.market_id), session),
    )


@staff_required
def job_search(request: AuthedRequest) -> HttpResponse:
    """The job picker's search: open jobs of verified employers of the market (title or employer)."""
    q = request.GET.get("q", "").strip()[:30]
    jobs = schedule.promotable_jobs(request.user.market_id or 0)
    if q:
        jobs = jobs.filter(title__icontains=q) | jobs.filter(enterprise__name__icontains=q)
    return render(request, "live/office/_job_results.html", {"jobs": jobs[:20], "q": q})


@staff_required
@require_POST
def session_cancel(request: AuthedRequest, code: str) -> HttpResponse:
    _session(request, code)
    try:
        schedule.cancel_session(actor=request.user, code=code)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("直播已取消。"))
    return redirect("live:office_session", code=code)


@staff_required
def session_detail(request: AuthedRequest, code: str) -> HttpResponse:
    session = _session(request, code)
    url = absolute_url(room_path(session))
    stats = selectors.session_stats(session)
    return render(
        request,
        "live/office/session.html",
        {
            "session": session,
            "jobs": selectors.session_jobs(session),
            "room_url": url,
            "room_path": room_path(session),
            "console_path": f"/staff/live/{session.code}/console/",
            "qr": qr_svg(url, title=session.title),
            "totals": stats["totals"],
            "can_cancel": session.status == SessionStatus.SCHEDULED,
        },
    )


@staff_required
def share_card(request: AuthedRequest, code: str) -> HttpResponse:
    """A printable card: title, time, host, the jobs and the room's QR code."""
    session = _session(request, code)
    url = absolute_url(room_path(session))
    return render(
        request,
        "live/office/card.html",
        {
            "session": session,
            "jobs": selectors.session_jobs(session),
            "room_url": url,
            "qr": qr_svg(url, scale=8, title=session.title),
        },
    )


# --- Leads ----------------------------------------------------------------------------------------------


def _lead_rows(leads: list[Lead]) -> list[dict[str, Any]]:
    return [
        {
            "lead": lead,
            "who": lead.viewer.nickname if lead.viewer is not None else "",
            "worker": lead.worker.masked_name if lead.worker is not None else "",
            "phone": mask_phone(followup.lead_phone(lead)) if followup.lead_phone(lead) else "",
        }
        for lead in leads
    ]


def _leads_page(request: AuthedRequest, session: LiveSession | None) -> HttpResponse:
    status = request.GET.get("status", "")
    job = request.GET.get("job", "")
    job_id = int(job) if job.isdigit() else None
    code = request.GET.get("session", "").strip()[:16] if session is None else ""
    qs = selectors.leads_queue(request.user, session=session, status=status, job_id=job_id, session_code=code)
    page = paginate(qs, request.GET.get("page", 1), 50)
    context = {
        "session": session,
        "page": page,
        "rows": _lead_rows(page.items),
        "status": status,
        "job": job_id,
        "session_code": code,
        "statuses": [(s.value, s.label) for s in LeadStatus],
        "jobs": selectors.session_jobs(session) if session is not None else [],
        "query": request.GET.urlencode(),
    }
    if request.GET.get("partial"):
        return _no_store(render(request, "live/office/_leads.html", context))
    return _no_store(render(request, "live/office/leads.html", context))


@staff_required
def session_leads(request: AuthedRequest, code: str) -> HttpResponse:
    return _leads_page(request, _session(request, code))


@staff_required
def leads_queue(request: AuthedRequest) -> HttpResponse:
    return _leads_page(request, None)


def _lead(request: AuthedRequest, lead_id: int) -> Lead:
    try:
        return followup.lead_for_staff(request.user, lead_id)
    except DomainError as exc:
        raise Http404 from exc


@staff_required
def lead_detail(request: AuthedRequest, lead_id: int) -> HttpResponse:
    """One lead: who, the follow-up form, 代为报名 and the history."""
    lead = _lead(request, lead_id)
    follow_form = FollowUpForm(prefix="f")
    apply_form = ApplyOnBehalfForm(prefix="a")
    if request.method == "POST" and "follow_up" in request.POST:
        follow_form = FollowUpForm(request.POST, prefix="f")
        if follow_form.is_valid():
            try:
                followup.follow_up(
                    actor=request.user,
                    lead_id=lead.pk,
                    status=follow_form.cleaned_data["status"],
                    note=follow_form.cleaned_data["note"],
                )
            except DomainError as exc:
                add_domain_error(follow_form, exc)
            else:
                messages.success(request, _("跟进已记录。"))
                return redirect("live:office_lead", lead_id=lead.pk)
    elif request.method == "POST" and "send_code" in request.POST:
        apply_form = ApplyOnBehalfForm(request.POST, prefix="a")
        try:
            masked = followup.send_consent_code(actor=request.user, lead_id=lead.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.info(
                request, _("验证码已发送到求职者手机 %(phone)s，请让求职者告诉您验证码。") % {"phone": masked}
            )
    elif request.method == "POST" and "apply" in request.POST:
        apply_form = ApplyOnBehalfForm(request.POST, prefix="a")
        if apply_form.is_valid():
            data = apply_form.cleaned_data
            try:
                followup.apply_on_behalf(
                    actor=request.user,
                    lead_id=lead.pk,
                    consent_channel=data["consent_channel"],
                    otp_code=data["otp_code"],
                    consent_reference=data["consent_reference"],
                    note=data["note"],
                )
            except DomainError as exc:
                add_domain_error(apply_form, exc)
            else:
                messages.success(request, _("已代为报名，线索已关联报名记录。"))
                return redirect("live:office_lead", lead_id=lead.pk)
    lead = _lead(request, lead_id)
    worker = followup.worker_for_lead(lead)
    phone = followup.lead_phone(lead)
    return _no_store(
        render(
            request,
            "live/office/lead.html",
            {
                "lead": lead,
                "row": _lead_rows([lead])[0],
                "worker": worker,
                "masked_phone": mask_phone(phone) if phone else "",
                "follow_form": follow_form,
                "apply_form": apply_form,
                "can_apply": worker is not None and lead.status in _APPLY_FROM,
                "needs_registration": worker is None and bool(phone),
                "history": list(lead.follow_ups.select_related("actor").order_by("-created_at", "-pk")),
                "sms": ConsentChannel.SMS_CODE,
            },
        )
    )


_APPLY_FROM = {
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.NO_ANSWER,
    LeadStatus.NOT_INTERESTED,
}


@staff_required
def lead_reveal(request: AuthedRequest, lead_id: int) -> HttpResponse:
    """GET: the masked number and the reason form; POST: log the read and show the number once."""
    lead = _lead(request, lead_id)
    phone = followup.lead_phone(lead)
    if not phone:
        raise Http404
    form = RevealForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "lead": lead, "masked": mask_phone(phone)}
    if request.method == "POST" and form.is_valid():
        try:
            context["value"] = followup.reveal_phone(
                actor=request.user,
                lead_id=lead.pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
    return _no_store(render(request, "live/office/reveal.html", context))


# --- Stats ----------------------------------------------------------------------------------------------


@staff_required
def session_stats(request: AuthedRequest, code: str) -> HttpResponse:
    session = _session(request, code)
    stats = selectors.session_stats(session)
    chart = {"funnel": stats["funnel"], "title": str(_("转化漏斗"))}
    return render(request, "live/office/stats.html", {"session": session, "stats": stats, "chart": chart})


@staff_required
def session_stats_xlsx(request: AuthedRequest, code: str) -> HttpResponse:
    session = _session(request, code)
    response = HttpResponse(
        xlsx.stats_workbook(selectors.session_stats(session)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="live-{session.code}.xlsx"'
    return response


# --- Settings -------------------------------------------------------------------------------------------


@staff_required
def live_settings(request: AuthedRequest) -> HttpResponse:
    """The market's word lists: market admins edit, other staff read; a "试一试" box for everyone."""
    user = request.user
    row = office_settings.settings_for(user.market_id or 0)
    editable = office_settings.can_edit(user)
    initial = {"intent_phrases": row.intent_phrases, "blocked_words": row.blocked_words}
    form = SettingsForm(initial=initial)
    try_form = TryForm()
    trial = None
    if request.method == "POST" and "try" in request.POST:
        try_form = TryForm(request.POST)
        if try_form.is_valid():
            trial = office_settings.try_comment(user.market_id or 0, try_form.cleaned_data["sample"])
    elif request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                office_settings.save_settings(
                    actor=user,
                    intent_phrases=form.cleaned_data["intent_phrases"],
                    blocked_words=form.cleaned_data["blocked_words"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("直播带岗设置已保存。"))
                return redirect("live:office_settings")
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "live/office/settings.html",
        {"form": form, "try_form": try_form, "trial": trial, "editable": editable, "row": row},
    )
