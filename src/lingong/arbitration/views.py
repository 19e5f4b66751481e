"""Pages: the worker's "what next" page (下一步：仲裁或起诉) and the staff referral list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.arbitration import selectors, services
from lingong.arbitration.models import CaseDocuments, Referral, ReferralKind, ReferralStatus
from lingong.core.errors import DomainError, NotFoundError
from lingong.disputes.services import staff_in_scope


def _answers_from(data: Any) -> dict[str, Any]:
    return {k: data.get(k, "")[:5] for k in selectors.QUESTIONS if data.get(k, "") != ""}


@login_required
def start(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    try:
        complaint = services.case_for(request.user, complaint_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "build":
                services.build_documents(
                    actor=request.user,
                    complaint_id=complaint.pk,
                    answers=_answers_from(request.POST),
                    relation=request.POST.get("relation", "")[:16],
                )
            elif action == "referral":
                services.create_referral(
                    actor=request.user,
                    complaint_id=complaint.pk,
                    forum_id=request.POST.get("forum_id", "")[:12],
                    kind=request.POST.get("kind", "")[:32],
                    sent_at=request.POST.get("sent_at", "")[:10] or None,
                    case_number=request.POST.get("case_number", "")[:100],
                )
            else:
                raise Http404
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message, status = exc.errors, exc.message, 422
        else:
            return redirect(services.start_url(complaint.pk))
    answers = _answers_from(request.GET) if request.method == "GET" else _answers_from(request.POST)
    route = services.route_for(request.user, complaint.pk, answers)
    docs = CaseDocuments.objects.filter(complaint=complaint).first()
    referrals = list(Referral.objects.filter(complaint=complaint).select_related("forum").order_by("pk"))
    context = {
        "complaint": complaint,
        "route": route,
        "docs": docs,
        "referrals": [(r, selectors.expected_dates(r)) for r in referrals],
        "forums": selectors.forums_of(complaint.market_id),
        "referral_kinds": ReferralKind.choices,
        "is_staff": staff_in_scope(request.user, complaint),
        "errors": errors,
        "message": message,
        "today": timezone.localdate(),
    }
    return render(request, "arbitration/start.html", context, status=status)


def _staff_only(request: AuthedRequest) -> None:
    if not is_staff(request.user):
        raise Http404


def _staff_context(request: AuthedRequest, status_filter: str, month: str) -> dict[str, Any]:
    all_rows = selectors.referrals_for_staff(request.user)
    rows = selectors.referrals_for_staff(request.user, status=status_filter)[:200]
    if not (
        len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit() and 1 <= int(month[5:]) <= 12
    ):
        month = timezone.localdate().strftime("%Y-%m")
    return {
        "rows": [(r, selectors.expected_dates(r)) for r in rows],
        "status_filter": status_filter,
        "statuses": ReferralStatus.choices,
        "counts": [(label, all_rows.filter(status=s).count()) for s, label in ReferralStatus.choices],
        "outcomes": selectors.referral_outcomes(request.user.market_id, month),
        "month": month,
        "errors": {},
        "message": "",
        "failed_id": None,
    }


@login_required
def staff_referrals(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    context = _staff_context(request, request.GET.get("status", "")[:12], request.GET.get("month", "")[:7])
    return render(request, "arbitration/staff_referrals.html", context)


@login_required
@require_POST
def staff_referral_update(request: AuthedRequest, referral_id: int) -> HttpResponse:
    _staff_only(request)
    data = {
        key: request.POST.get(key, "")[:1000]
        for key in (
            "status",
            "sent_at",
            "accepted_at",
            "result_at",
            "result",
            "amount_awarded",
            "case_number",
        )
    }
    try:
        services.update_referral(actor=request.user, referral_id=referral_id, data=data)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        context = _staff_context(request, "", "")
        context.update(errors=exc.errors, message=exc.message, failed_id=referral_id)
        return render(request, "arbitration/staff_referrals.html", context, status=422)
    return redirect(reverse("arbitration:staff_referrals"))
