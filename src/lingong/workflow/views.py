"""Page actions that complete a step of the engagement chain.

Each passes the orchestrator's function to the page of the app it belongs to (that app never imports
the orchestrator), or, for the offer, calls it directly.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.contracts import views as contract_views
from lingong.core.errors import DomainError
from lingong.insurance import views as insurance_views
from lingong.ratings import views as rating_views
from lingong.settlement import statement_views
from lingong.workflow import chain


@login_required
@require_POST
def accept_offer(request: AuthedRequest, application_id: int) -> HttpResponse:
    """Accepting opens the engagement and its contract; signing the contract is the worker's next step
    (nobody may start work before both sides signed), so that is where they go."""
    try:
        application = chain.accept_offer(actor=request.user, application_id=application_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:worker_applications")
    messages.success(request, _("已接受录用。开工前请先签署劳务协议：获取验证码后签署。"))
    return redirect("contracts:for_engagement", engagement_id=application.engagement.pk)


@login_required
@require_POST
def sign_contract(request: AuthedRequest, contract_id: int) -> HttpResponse:
    return contract_views.sign_page(request, contract_id, sign=chain.sign_contract)


@login_required
@require_POST
def amend_terms(request: AuthedRequest, contract_id: int) -> HttpResponse:
    return contract_views.amend_page(request, contract_id, amend=chain.amend_terms)


@login_required
@require_POST
def pay_statement(request: AuthedRequest, statement_id: int) -> HttpResponse:
    return statement_views.pay_page(request, statement_id, pay=chain.pay_statement)


@login_required
def rate(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    return rating_views.rate_page(request, engagement_id, rate=chain.rate_engagement)


@login_required
@require_POST
def retry_cover(request: AuthedRequest, policy_id: int) -> HttpResponse:
    return insurance_views.retry_page(request, policy_id, retry=chain.retry_cover)
