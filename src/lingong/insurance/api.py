"""Insurance API: an engagement's policies, the certificate PDF, staff retries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS
from lingong.insurance import selectors
from lingong.insurance.access import access_policy_for
from lingong.insurance.models import InsurancePolicy, PolicyStatus

router = Router(tags=["意外伤害保险"])


class PolicyOut(Schema):
    id: int
    engagement_id: int
    terms_version: int
    status: str
    status_label: str
    policy_number: str
    premium: Decimal
    death_disability_sum: Decimal
    medical_sum: Decimal
    coverage_start: dt.date
    coverage_end: dt.date
    person_days: int
    attempts: int
    last_error: str
    issued_at: dt.datetime | None
    certificate_sha256: str
    certificate_url: str | None


def policy_out(p: InsurancePolicy) -> dict[str, Any]:
    return {
        "id": p.pk,
        "engagement_id": p.engagement_id,
        "terms_version": p.terms_version,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "policy_number": p.policy_number,
        "premium": p.premium,
        "death_disability_sum": p.death_disability_sum,
        "medical_sum": p.medical_sum,
        "coverage_start": p.coverage_start,
        "coverage_end": p.coverage_end,
        "person_days": p.person_days,
        "attempts": p.attempts,
        "last_error": p.last_error,
        "issued_at": p.issued_at,
        "certificate_sha256": p.certificate_sha256,
        "certificate_url": f"/api/v1/insurance/policies/{p.pk}/certificate.pdf"
        if p.status == PolicyStatus.ISSUED
        else None,
    }


@router.get("/policies", auth=AUTH, response={200: list[PolicyOut], **ERRORS}, summary="用工单的保单")
def list_policies(request: ApiRequest, engagement_id: int) -> list[dict[str, Any]]:
    return [policy_out(p) for p in selectors.policies_of(request.auth, engagement_id)]


@router.get("/policies/{policy_id}", auth=AUTH, response={200: PolicyOut, **ERRORS}, summary="保单详情")
def detail(request: ApiRequest, policy_id: int) -> dict[str, Any]:
    policy, _party = access_policy_for(request.auth, policy_id)
    return policy_out(policy)


@router.get(
    "/policies/{policy_id}/certificate.pdf", auth=AUTH, response={200: None, **ERRORS}, summary="保险凭证"
)
def certificate(request: ApiRequest, policy_id: int) -> HttpResponse:
    policy, _party = access_policy_for(request.auth, policy_id)
    if policy.status != PolicyStatus.ISSUED or not policy.certificate_pdf:
        raise NotFoundError(_("保单尚未生效，暂无保险凭证"))
    response = HttpResponse(bytes(policy.certificate_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="policy-{policy.policy_number}.pdf"'
    return response
