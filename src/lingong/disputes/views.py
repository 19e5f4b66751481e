"""Worker pages: 我要投诉 (file a complaint, optionally from an engagement) and the complaint page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, NotFoundError
from lingong.disputes import services
from lingong.disputes.models import ComplaintKind


@login_required
def new_complaint(request: AuthedRequest) -> HttpResponse:
    engagement_raw = request.GET.get("engagement") or request.POST.get("engagement_id") or ""
    engagement_id = int(engagement_raw) if engagement_raw.isdigit() else None
    errors: dict[str, list[str]] = {}
    message = ""
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data = services.ComplaintInput(
            kind=request.POST.get("kind", "")[:20],
            what_happened=request.POST.get("what_happened", "")[:4000],
            asks_for=request.POST.get("asks_for", "")[:1000],
            amount_claimed=request.POST.get("amount_claimed", "")[:20] or None,
            engagement_id=engagement_id,
        )
        try:
            complaint = services.file_complaint(
                actor=request.user, data=data, files=request.FILES.getlist("files")
            )
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            return redirect(services.complaint_url(complaint))
    context = {
        "kinds": ComplaintKind.choices,
        "engagement_id": engagement_id,
        "errors": errors,
        "message": message,
        "values": values,
        "max_files": services.MAX_FILES,
    }
    return render(request, "disputes/new.html", context, status=422 if errors else 200)


@login_required
def complaint_page(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    try:
        complaint = services.visible_complaint(request.user, complaint_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "disputes/detail.html",
        {"complaint": complaint, "evidence": list(complaint.evidence.order_by("pk"))},
    )
