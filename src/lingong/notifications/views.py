from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lingong.core.pagination import paginate
from lingong.core.validators import normalize_phone
from lingong.notifications import selectors, services
from lingong.notifications.senders import LogSender, is_log_sender

DEMO_SMS_MINUTES = 10


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.inbox(request.user), request.GET.get("page", 1), 30)
    return render(request, "notifications/inbox.html", {"page": page})


def _follow(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go to its next step (only a page of this site)."""
    note = selectors.inbox(request.user).filter(pk=notification_id).first()
    if note is None:
        raise Http404
    services.mark_read(user=request.user, notification_id=notification_id)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
def open_link(request: HttpRequest, notification_id: int) -> HttpResponse:
    """The link shown in the inbox and sent in the text message (``/inbox/<id>/``): someone who is not
    signed in logs in first and then arrives at the step. Marking read is the only effect, and it is
    idempotent, so a link prefetch does no harm."""
    return _follow(request, notification_id)


@login_required
@require_POST
def read(request: HttpRequest, notification_id: int) -> HttpResponse:
    return _follow(request, notification_id)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:inbox")


def demo_sms(request: HttpRequest) -> HttpResponse:
    """The demo's simulated phone: the one-time codes the log-only sender kept in this process for the
    phone number asked for, from the last few minutes. Only while no real SMS gateway is configured
    (production refuses the log sender), so codes never have to be read from a log."""
    if not is_log_sender():
        raise Http404
    raw = request.GET.get("phone", "").strip()
    try:
        phone = normalize_phone(raw) if raw else ""
    except ValidationError:
        phone = ""
    since = timezone.now() - dt.timedelta(minutes=DEMO_SMS_MINUTES)
    messages = [
        {"at": m["at"], "template": m["template"], "code": m["params"].get("code", "")}
        for m in reversed(LogSender.outbox)
        if phone and m["phone"] == phone and m.get("at") and m["at"] >= since and "code" in m["params"]
    ][:10]
    context = {"phone": raw, "messages": messages, "minutes": DEMO_SMS_MINUTES}
    return render(request, "notifications/demo_sms.html", context)
