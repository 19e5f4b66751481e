"""Endpoints whose effect spans apps of the engagement chain; they call the orchestrator.

Mounted at the API root (``lingong/api.py``) before the jobs router, so that
``/jobs/applications/{id}/accept`` is served here and not by the jobs router's generic
``/jobs/applications/{id}/{action}``. Paths and response shapes are those of the apps they belong to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.contracts import services as contract_services
from lingong.contracts.api import AmendIn, ContractOut, SignIn, contract_out
from lingong.core.client import client_ip, user_agent
from lingong.core.schemas import ERRORS
from lingong.engagements.access import access_engagement_for
from lingong.engagements.api import EngagementDetailOut, ReasonIn, ShiftOut, engagement_detail_out, shift_out
from lingong.insurance.api import PolicyOut, policy_out
from lingong.jobs.api import ApplicationOut, application_out
from lingong.ratings.api import EngagementRatingsOut, RatingIn, RatingOut, engagement_ratings_out, rating_out
from lingong.settlement.statement_api import PayIn, PaymentOut, idempotency_key_of, payment_out
from lingong.workflow import chain
from lingong.workflow.selectors import engagement_story

router = Router(tags=["用工流程"])


@router.post(
    "/jobs/applications/{application_id}/accept",
    auth=AUTH,
    response={200: ApplicationOut, **ERRORS},
    summary="接受录用（生成用工单与劳务协议）",
)
def accept_offer(request: ApiRequest, application_id: int) -> dict[str, Any]:
    return application_out(chain.accept_offer(actor=request.auth, application_id=application_id))


@router.post(
    "/contracts/{contract_id}/sign", auth=AUTH, response={200: ContractOut, **ERRORS}, summary="签署协议"
)
def sign_contract(request: ApiRequest, contract_id: int, payload: SignIn) -> dict[str, Any]:
    chain.sign_contract(
        actor=request.auth,
        contract_id=contract_id,
        code=payload.code,
        pdf_sha256=payload.pdf_sha256,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    contract, party = contract_services.access_contract_for(request.auth, contract_id)
    return contract_out(contract, party)


@router.post(
    "/contracts/by-engagement/{engagement_id}/amend",
    auth=AUTH,
    response={200: ContractOut, **ERRORS},
    summary="修改条款（生成新版本协议，双方需重新签署）",
)
def amend_terms(request: ApiRequest, engagement_id: int, payload: AmendIn) -> dict[str, Any]:
    # Only fields sent are changed; an explicit null is kept for overtime_rate (back to "not agreed").
    changes = payload.model_dump(exclude_unset=True)
    contract = chain.amend_terms(actor=request.auth, engagement_id=engagement_id, changes=changes)
    contract, party = contract_services.access_contract_for(request.auth, contract.pk)
    return contract_out(contract, party)


@router.post(
    "/engagements/{engagement_id}/cancel",
    auth=AUTH,
    response={200: EngagementDetailOut, **ERRORS},
    summary="取消用工",
)
def cancel_engagement(request: ApiRequest, engagement_id: int, payload: ReasonIn) -> dict[str, Any]:
    chain.cancel_engagement(actor=request.auth, engagement_id=engagement_id, reason=payload.reason)
    return engagement_detail_out(request, engagement_id)


@router.post(
    "/engagements/shifts/{shift_id}/reject-review",
    auth=AUTH,
    response={200: ShiftOut, **ERRORS},
    summary="驳回待复核的考勤（工作人员；该班次按未到岗处理，不计报酬）",
)
def reject_check(request: ApiRequest, shift_id: int, payload: ReasonIn) -> dict[str, Any]:
    return shift_out(chain.reject_check(actor=request.auth, shift_id=shift_id, reason=payload.reason))


@router.post(
    "/insurance/policies/{policy_id}/retry",
    auth=AUTH,
    response={200: PolicyOut, **ERRORS},
    summary="重新投保（工作人员）",
)
def retry_cover(request: ApiRequest, policy_id: int) -> dict[str, Any]:
    return policy_out(chain.retry_cover(actor=request.auth, policy_id=policy_id))


@router.post(
    "/settlements/statements/{statement_id}/pay",
    auth=AUTH,
    response={201: PaymentOut, **ERRORS},
    summary="支付结算单（同一幂等键重试返回同一笔支付；已支付的结算单不会重复支付）",
)
def pay_statement(request: ApiRequest, statement_id: int, payload: PayIn) -> Status:
    payment = chain.pay_statement(
        actor=request.auth,
        statement_id=statement_id,
        idempotency_key=idempotency_key_of(request, payload.idempotency_key),
        reference=payload.reference,
    )
    return Status(201, payment_out(payment))


@router.post(
    "/ratings/engagements/{engagement_id}",
    auth=AUTH,
    response={200: RatingOut, 201: RatingOut, **ERRORS},
    summary="评价对方（完工后；提交后7天内可修改）",
)
def rate(request: ApiRequest, engagement_id: int, payload: RatingIn) -> Status:
    rating = chain.rate_engagement(
        actor=request.auth,
        engagement_id=engagement_id,
        stars=payload.stars,
        dimensions=payload.dimensions,
        comment=payload.comment,
    )
    return Status(201 if rating.was_created else 200, rating_out(request, rating))


# The GET shares the POST's path, so it is mounted here too (one URL pattern serves both methods).
@router.get(
    "/ratings/engagements/{engagement_id}",
    auth=AUTH,
    response={200: EngagementRatingsOut, **ERRORS},
    summary="用工单的双方评价（双方与工作人员可见）",
)
def engagement_ratings(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    return engagement_ratings_out(request, engagement_id)


class StoryItemOut(Schema):
    at: dt.datetime
    action: str
    label: str
    actor: str
    detail: str
    seq: int | None  # number in the market's audit chain; None for a consent (kept in its own table)
    phase: str  # worker (registration, consent) | hiring | engagement
    phase_label: str


@router.get(
    "/engagements/{engagement_id}/timeline",
    auth=AUTH,
    response={200: list[StoryItemOut], **ERRORS},
    summary="全程留痕：从求职登记、授权、报名录用到签约、上岗、结算、评价",
)
def timeline(request: ApiRequest, engagement_id: int) -> list[dict[str, Any]]:
    engagement, party = access_engagement_for(request.auth, engagement_id)
    story = engagement_story(engagement, party)
    return [{**item.__dict__, "phase_label": item.phase_label} for item in story]
