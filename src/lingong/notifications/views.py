from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lingong.core.pagination import paginate
from lingong.notifications import selectors, services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.inbox(request.user), request.GET.get("page", 1), 30)
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def read(request: HttpRequest, notification_id: int) -> HttpResponse:
    note = selectors.inbox(request.user).filter(pk=notification_id).first()
    services.mark_read(user=request.user, notification_id=notification_id)
    if note and note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:inbox")
