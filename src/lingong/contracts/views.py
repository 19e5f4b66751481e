"""Contract pages: a phone-first signing page, PDF downloads, and the employer's change of terms.

Signing and amending complete steps of the engagement chain, so their pages take the orchestrator's
function as an argument (``lingong.workflow.views`` passes it); this app never imports the orchestrator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.contracts import services
from lingong.contracts.api import pdf_response
from lingong.contracts.forms import AmendForm, SignForm
from lingong.contracts.models import Contract, ContractStatus
from lingong.core.client import client_ip, user_agent
from lingong.core.errors import DomainError, NotFoundError
from lingong.core.forms import add_domain_error
from lingong.core.pdf import format_date_cn
from lingong.engagements.models import EngagementStatus, Party


def _summary(contract: Contract) -> list[tuple[str, str]]:
    terms = services.terms_from_json(contract.terms)
    if terms.daily_start_time and terms.daily_end_time:
        daily = f"{terms.daily_start_time:%H:%M}—{terms.daily_end_time:%H:%M}"
    else:
        daily = ""
    days = (terms.end_date - terms.start_date).days + 1
    hours = f"{terms.daily_hours.normalize():f}"
    return [
        (
            _("甲方（用工方）"),
            f"{terms.employer.name}（{terms.employer.id_label} {terms.employer.id_masked}）",
        ),
        (_("乙方（劳务提供方）"), f"{terms.worker.name}（{terms.worker.id_label} {terms.worker.id_masked}）"),
        (_("工作内容"), f"{terms.job_title}：{terms.work_content}"),
        (_("工作地点"), terms.place),
        (
            _("劳务期限"),
            _("%(start)s 至 %(end)s，共 %(days)s 日")
            % {
                "start": format_date_cn(terms.start_date),
                "end": format_date_cn(terms.end_date),
                "days": days,
            },
        ),
        (_("工作时间"), _("%(daily)s 每日 %(hours)s 小时") % {"daily": daily, "hours": hours}),
        (_("劳务报酬"), terms.pay_text),
        (_("结算方式"), f"{terms.settlement_cycle_label}：{terms.settlement_date_text}"),
        (_("加班"), terms.overtime_text),
        (_("保险"), terms.insurance_text),
        (
            _("争议解决"),
            _("先协商，再由%(market)s调解，然后可向%(body)s申请仲裁")
            % {"market": terms.market_name, "body": terms.arbitration_body},
        ),
    ]


def _page(
    request: AuthedRequest,
    contract: Contract,
    party: str,
    *,
    sign_form: SignForm | None = None,
    amend_form: AmendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    signatures = services.signatures_of(contract)
    engagement = contract.engagement
    pending = contract.status == ContractStatus.PENDING
    can_sign = pending and party in (Party.WORKER, Party.EMPLOYER) and party not in signatures
    pay_missing = engagement.pay_amount <= 0
    can_amend = (
        party in (Party.EMPLOYER, Party.STAFF)
        and contract.is_current
        and engagement.status in services.AMENDABLE_STATUSES
    )
    if can_amend and amend_form is None:
        amend_form = AmendForm(initial=_current_terms(engagement))
    latest = services.current_contract(engagement) if not contract.is_current else None
    context: dict[str, Any] = {
        "contract": contract,
        "engagement": engagement,
        "party": party,
        "summary": _summary(contract),
        "signatures": [signatures.get("employer"), signatures.get("worker")],
        "signed_employer": signatures.get("employer"),
        "signed_worker": signatures.get("worker"),
        "can_sign": can_sign and not pay_missing and engagement.status == EngagementStatus.CONTRACT_PENDING,
        "pay_missing": pay_missing and pending,
        "sign_form": sign_form or SignForm(initial={"pdf_sha256": contract.pdf_sha256}),
        "can_amend": can_amend,
        "amend_form": amend_form,
        "latest": latest,
        "is_staff_view": party == Party.STAFF,
        "you_signed": party in signatures,
    }
    return render(request, "contracts/detail.html", context, status=status)


def _current_terms(engagement: Any) -> dict[str, Any]:
    return {
        "pay_amount": engagement.pay_amount,
        "pay_unit": engagement.pay_unit,
        "overtime_rate": engagement.overtime_rate,
        "start_date": engagement.start_date,
        "end_date": engagement.end_date,
        "daily_start_time": engagement.daily_start_time,
        "daily_end_time": engagement.daily_end_time,
        "daily_hours": engagement.daily_hours,
        "settlement_cycle": engagement.settlement_cycle,
    }


def _load(request: AuthedRequest, contract_id: int) -> tuple[Contract, str]:
    try:
        return services.access_contract_for(request.user, contract_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


@login_required
def contract_detail(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract, party = _load(request, contract_id)
    # The page shows the signed file's hash: render it now if its task has not run yet (no lock held).
    contract = services.ensure_signed_rendered(contract_id=contract.pk)
    return _page(request, contract, party)


@login_required
def for_engagement(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    try:
        contract, _party = services.current_for_engagement(request.user, engagement_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    return redirect("contracts:detail", contract_id=contract.pk)


@login_required
@require_POST
def send_code(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract, _party = _load(request, contract_id)
    try:
        services.request_signing_code(actor=request.user, contract_id=contract.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("验证码已发送至 %(phone)s，5分钟内有效。") % {"phone": request.user.masked_phone}
        )
    return redirect("contracts:detail", contract_id=contract.pk)


def sign_page(request: AuthedRequest, contract_id: int, *, sign: Callable[..., Any]) -> HttpResponse:
    """POST of the signing form; ``sign`` is ``workflow.chain.sign_contract``."""
    contract, party = _load(request, contract_id)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            sign(
                actor=request.user,
                contract_id=contract.pk,
                code=form.cleaned_data["code"],
                pdf_sha256=form.cleaned_data["pdf_sha256"],
                ip=client_ip(request),
                user_agent=user_agent(request),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            contract.refresh_from_db()
            if contract.status == ContractStatus.SIGNED:
                messages.success(request, _("签署成功，协议已由双方签署完成。"))
            else:
                messages.success(request, _("签署成功，等待对方签署。"))
            return redirect("contracts:detail", contract_id=contract.pk)
    contract, party = _load(request, contract_id)
    return _page(request, contract, party, sign_form=form, status=422)


def amend_page(request: AuthedRequest, contract_id: int, *, amend: Callable[..., Any]) -> HttpResponse:
    """POST of the change-of-terms form; ``amend`` is ``workflow.chain.amend_terms``."""
    contract, party = _load(request, contract_id)
    form = AmendForm(request.POST)
    if form.is_valid():
        changes = form.changes(_current_terms(contract.engagement))
        try:
            new = amend(actor=request.user, engagement_id=contract.engagement_id, changes=changes)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已生成第 %(v)s 版协议，请双方重新签署。") % {"v": new.version})
            return redirect("contracts:detail", contract_id=new.pk)
    return _page(request, contract, party, amend_form=form, status=422)


@login_required
def contract_pdf(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract, _party = _load(request, contract_id)
    return pdf_response(contract.pdf, f"contract-{contract.engagement.number}-v{contract.version}.pdf")


@login_required
def signed_contract_pdf(request: AuthedRequest, contract_id: int) -> HttpResponse:
    contract, _party = _load(request, contract_id)
    contract = services.ensure_signed_rendered(contract_id=contract.pk)
    if contract.signed_pdf is None or contract.status == ContractStatus.PENDING:
        raise Http404(_("协议尚未由双方签署完成"))
    return pdf_response(
        contract.signed_pdf, f"contract-{contract.engagement.number}-v{contract.version}-signed.pdf"
    )
