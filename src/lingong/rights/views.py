"""Pages: 我的数据与隐私 (everyone signed in) and the staff queue of rights requests and locked data."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError, NotFoundError
from lingong.org.policy import policy_for
from lingong.rights import export_pdf, selectors, services
from lingong.rights.models import RequestKind
from lingong.workers.models import ConsentPurpose, WorkerProfile


def _station_of(user: Any) -> Any:
    profile = WorkerProfile.objects.filter(user=user).select_related("station").first()
    return profile.station if profile is not None and profile.station_id else None


@login_required
def my_data(request: AuthedRequest) -> HttpResponse:
    user = request.user
    data = selectors.personal_data(user)
    sections = [
        {"key": key, "title": s["title"], "count": len(s["items"]), "rows": selectors.text_of(s["items"])}
        for key, s in data["sections"].items()
    ]
    consents = [
        {
            "record": c,
            "effect": selectors.WITHDRAW_EFFECTS.get(c.purpose, ""),
            "closes_account": c.purpose == ConsentPurpose.REGISTRATION,
        }
        for c in selectors.consents_of(user)
    ]
    context = {
        "sections": sections,
        "consents": consents,
        "requests": [(r, selectors.clock_of(r)) for r in selectors.requests_of(user)],
        "sla_days": policy_for(user.market_id).rights_request_sla_days,
        "station": _station_of(user),
        "is_worker": user.role == Role.WORKER,
        "is_employer": user.role == Role.EMPLOYER,
        "is_staff": is_staff(user),
        "blockers": services.deletion_blockers(user),
    }
    return render(request, "rights/my_data.html", context)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def download_json(request: AuthedRequest) -> HttpResponse:
    data = selectors.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return _no_store(response)


@login_required
def download_pdf(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(
        export_pdf.render(selectors.personal_data(request.user)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.pdf"'
    return _no_store(response)


@login_required
def withdraw_consent(request: AuthedRequest, consent_id: int) -> HttpResponse:
    """GET: what withdrawing does (and, for the registration consent, that it closes the account);
    POST: withdraw."""
    consent = selectors.consents_of(request.user).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    closes = consent.purpose == ConsentPurpose.REGISTRATION
    error = ""
    if request.method == "POST":
        try:
            services.withdraw_consent(
                actor=request.user,
                consent_id=consent_id,
                close_account=request.POST.get("close_account") == "on",
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("已撤回授权，并已提出注销账户申请。") if closes else _("已撤回授权。"),
            )
            return redirect("rights:my_data")
    return render(
        request,
        "rights/withdraw.html",
        {
            "consent": consent,
            "effect": selectors.WITHDRAW_EFFECTS.get(consent.purpose, ""),
            "closes_account": closes,
            "error": error,
        },
    )


@login_required
@require_POST
def file_request(request: AuthedRequest) -> HttpResponse:
    try:
        services.file_request(
            actor=request.user, kind=request.POST.get("kind", ""), detail=request.POST.get("detail", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("请求已提交，工作人员将在期限内答复。"))
    return redirect("rights:my_data")


@login_required
def delete_account(request: AuthedRequest) -> HttpResponse:
    blockers = services.deletion_blockers(request.user)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "on":
            error = _("请勾选确认后再提交。")
        else:
            try:
                services.request_deletion(actor=request.user, detail=request.POST.get("detail", ""))
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("注销申请已提交，工作人员将在期限内办理。"))
                return redirect("rights:my_data")
    return render(
        request,
        "rights/delete.html",
        {
            "blockers": blockers,
            "error": error,
            "sla_days": policy_for(request.user.market_id).rights_request_sla_days,
        },
    )


# --- Staff ------------------------------------------------------------------------------------------


def staff_required(view: Any) -> Any:
    @login_required
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


SHOW = ("pending", "overdue", "all")


@staff_required
def staff_requests(request: AuthedRequest) -> HttpResponse:
    show = request.GET.get("show", "pending")
    if show not in ("pending", "overdue", "all"):
        show = "pending"
    return render(
        request,
        "rights/staff_requests.html",
        {
            "items": selectors.staff_queue(request.user, show=show),
            "show": show,
            "tabs": [("pending", _("待答复")), ("overdue", _("已超时")), ("all", _("全部"))],
            "sla_days": policy_for(request.user.market_id).rights_request_sla_days,
            "overdue": selectors.overdue_count(request.user),
            "can_erase": request.user.role == Role.MARKET_ADMIN,
            "deletion": RequestKind.DELETION,
        },
    )


@staff_required
@require_POST
def staff_decide(request: AuthedRequest, request_id: int) -> HttpResponse:
    complete = request.POST.get("decision") == "complete"
    try:
        services.decide(
            actor=request.user, request_id=request_id, complete=complete, note=request.POST.get("note", "")
        )
    except NotFoundError as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已答复。"))
    show = request.POST.get("show", "pending")
    return redirect(reverse("rights:staff_requests") + f"?show={show if show in SHOW else 'pending'}")


@staff_required
def staff_locked(request: AuthedRequest) -> HttpResponse:
    return render(request, "rights/staff_locked.html", {"records": selectors.retained_records(request.user)})


@staff_required
def staff_locked_read(request: AuthedRequest, record_id: int) -> HttpResponse:
    """Reading locked data needs a reason; each read is appended to the audit trail."""
    record = selectors.retained_records(request.user).filter(pk=record_id).first()
    if record is None:
        raise Http404
    content: dict[str, Any] | None = None
    error = ""
    if request.method == "POST":
        try:
            content = services.read_locked(
                actor=request.user, record_id=record_id, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc.message
    rows: list[Any] = []
    if content is not None:
        identity = content.get("identity", {})
        rows.append((_("身份"), selectors.text_of([identity])))
        for key, items in content.items():
            if key != "identity":
                rows.append((str(selectors.SECTION_TITLES.get(key, key)), selectors.text_of(items)))
    return render(
        request,
        "rights/staff_locked_read.html",
        {"record": record, "rows": rows, "error": error, "shown": content is not None},
    )
