"""Mediation pages: the mediator's list and case page (staff side) and the party page (both sides)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.client import client_ip, user_agent
from lingong.core.errors import DomainError, NotFoundError
from lingong.disputes.services import complaint_url, visible_complaint
from lingong.mediation import selectors, services
from lingong.mediation.api import pdf_response
from lingong.mediation.models import UNSUCCESSFUL, CaseStatus, MediationCase

PAYMENT_FORM_ROWS = 4


def _case_context(case: MediationCase, side: str | None) -> dict[str, Any]:
    agreement = selectors.current_agreement(case)
    return {
        "case": case,
        "side": side,
        "complaint": case.complaint,
        "sessions": list(case.sessions.all()),
        "agreement": agreement,
        "terms": list(agreement.payment_terms.all()) if agreement is not None else [],
        "signed_by": set(agreement.signatures.values_list("party", flat=True)) if agreement else set(),
        "next_step": selectors.next_step(case) if case.status in UNSUCCESSFUL else None,
        "confirmation_note": selectors.confirmation_note(case),
        "relation": selectors.relation_of(case.complaint),
    }


@login_required
def staff_list(request: AuthedRequest) -> HttpResponse:
    mediator = selectors.mediator_of(request.user)
    cases = selectors.staff_cases(request.user)
    if mediator is None and not is_staff(request.user):
        raise Http404
    return render(
        request,
        "mediation/staff_list.html",
        {
            "mediator": mediator,
            "cases": cases,
            "waiting": selectors.waiting_complaints(request.user),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def open_case(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    try:
        case = services.open_case(actor=request.user, complaint_id=complaint_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        return render(request, "mediation/error.html", {"message": exc.message}, status=exc.status)
    return redirect(services.staff_url(case))


def _staff_action(request: AuthedRequest, case_id: int) -> tuple[dict[str, list[str]], str]:
    action = request.POST.get("action", "")
    post = request.POST
    if action == "schedule":
        data = services.SessionInput(
            starts_at=post.get("starts_at", "")[:40],
            place=post.get("place", "")[:400],
            video_url=post.get("video_url", "")[:400],
        )
        services.schedule_session(actor=request.user, case_id=case_id, data=data)
        return {}, _("已安排调解会并通知双方。")
    if action == "record":
        session_id = int(post.get("session_id", "0") or 0) if post.get("session_id", "").isdigit() else 0
        record = services.SessionRecord(
            worker_came=_yes_no(post.get("worker_came")),
            employer_came=_yes_no(post.get("employer_came")),
            others=post.get("others", "")[:600],
            notes=post.get("notes", "")[:10000],
        )
        services.record_session(actor=request.user, case_id=case_id, session_id=session_id, data=record)
        return {}, _("调解笔录已保存。")
    if action == "draft":
        rows = []
        for i in range(PAYMENT_FORM_ROWS):
            day, amount = post.get(f"due_date_{i}", "").strip()[:20], post.get(f"amount_{i}", "").strip()[:20]
            if day or amount:
                rows.append(services.PaymentRow(due_date=day, amount=amount))
        data_in = services.AgreementInput(
            facts=post.get("facts", "")[:4000], terms_text=post.get("terms_text", "")[:6000], payments=rows
        )
        services.draft_agreement(actor=request.user, case_id=case_id, data=data_in)
        return {}, _("已生成调解协议书草稿，请核对后发送双方签署。")
    if action == "send":
        services.send_agreement(actor=request.user, case_id=case_id)
        return {}, _("已发送双方签署。")
    if action == "fail":
        services.set_outcome(
            actor=request.user, case_id=case_id, outcome=CaseStatus.FAILED, note=post.get("note", "")[:2000]
        )
        return {}, _("已记录调解不成。")
    if action == "payment":
        term = post.get("term_id", "")
        services.record_payment(
            actor=request.user,
            case_id=case_id,
            term_id=int(term) if term.isdigit() else 0,
            amount=post.get("amount", "")[:20],
        )
        return {}, _("已登记付款。")
    return {"action": [_("未知操作。")]}, _("未知操作。")


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value or ""))


@login_required
def staff_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    try:
        case = selectors.managed_case(request.user, case_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    if request.method == "POST":
        try:
            errors, message = _staff_action(request, case_id)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message, status = exc.errors or {"__all__": [exc.message]}, exc.message, exc.status
        else:
            if not errors:
                return redirect(services.staff_url(case))
            status = 422
        case = selectors.managed_case(request.user, case_id)
    context = _case_context(case, None)
    context.update(
        {
            "errors": errors,
            "message": message,
            "values": request.POST if request.method == "POST" else {},
            "payment_rows": range(PAYMENT_FORM_ROWS),
        }
    )
    return render(request, "mediation/staff_case.html", context, status=status)


@login_required
def party_page(request: AuthedRequest, case_id: int) -> HttpResponse:
    try:
        case, side = selectors.party_case(request.user, case_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "request_code":
                services.request_signing_code(actor=request.user, case_id=case_id)
                message = _("验证码已发送到您的手机。")
            elif action == "sign":
                services.sign_agreement(
                    actor=request.user,
                    case_id=case_id,
                    code=request.POST.get("code", "")[:10],
                    pdf_sha256=request.POST.get("pdf_sha256", "")[:64],
                    ip=client_ip(request),
                    user_agent=user_agent(request),
                )
                return redirect(services.party_url(case))
            elif action == "confirm_payment":
                term = request.POST.get("term_id", "")
                services.record_payment(
                    actor=request.user,
                    case_id=case_id,
                    term_id=int(term) if term.isdigit() else 0,
                    amount=request.POST.get("amount", "")[:20],
                )
                return redirect(services.party_url(case))
            elif action == "withdraw":
                services.set_outcome(
                    actor=request.user,
                    case_id=case_id,
                    outcome=CaseStatus.WITHDRAWN,
                    note=request.POST.get("note", "")[:2000],
                )
                return redirect(services.party_url(case))
            else:
                errors, message, status = {"action": [_("未知操作。")]}, _("未知操作。"), 422
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message, status = exc.errors or {"__all__": [exc.message]}, exc.message, exc.status
        case, side = selectors.party_case(request.user, case_id)
    context = _case_context(case, side)
    context.update(
        {"errors": errors, "message": message, "is_filer": case.complaint.filed_by_id == request.user.pk}
    )
    return render(request, "mediation/party.html", context, status=status)


@login_required
def agreement_pdf(request: AuthedRequest, case_id: int) -> HttpResponse:
    try:
        case, _side = selectors.visible_case(request.user, case_id)
        return pdf_response(case)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


@login_required
def for_complaint(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    """The complaint page's link: the latest mediation of the complaint, for a party or for staff."""
    try:
        complaint = visible_complaint(request.user, complaint_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    case = selectors.latest_case_for_complaint(complaint.pk)
    if case is None:
        return redirect(complaint_url(complaint))
    if selectors.party_of(request.user, case) is not None:
        return redirect(services.party_url(case))
    if selectors.can_manage(request.user, case):
        return redirect(services.staff_url(case))
    raise Http404
