from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lingong.core.pagination import paginate
from lingong.notifications import selectors, services


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
