"""The JSON API: one NinjaAPI, token or session auth, every error as {code, message, errors}.

Each app's router is mounted here by an explicit import, so a missing or misspelt module fails at start-up.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lingong.accounts.api import router as accounts_router
from lingong.accounts.auth import AUTH
from lingong.arbitration.api import router as arbitration_router
from lingong.contracts.api import router as contracts_router
from lingong.core.errors import DomainError, errors_from_validation
from lingong.core.views import DATABASE_UNAVAILABLE, UNAVAILABLE_CODE, retry_later, unavailable_message
from lingong.disputes.api import router as disputes_router
from lingong.employers.api import register_router as employer_register_router
from lingong.employers.api import router as employers_router
from lingong.engagements.api import router as engagements_router
from lingong.fairs.api import router as fairs_router
from lingong.fairs.intention_api import router as fair_intention_router
from lingong.housekeeping.api import router as housekeeping_router
from lingong.housekeeping.dispatch_api import router as housekeeping_dispatch_router
from lingong.insurance.api import router as insurance_router
from lingong.jobs.api import router as jobs_router
from lingong.jobs.matching_api import router as matching_router
from lingong.legal.api import router as legal_router
from lingong.live.api import router as live_router
from lingong.live.lead_api import router as live_lead_router
from lingong.mediation.api import router as mediation_router
from lingong.notifications.api import router as notifications_router
from lingong.org.api import router as org_router
from lingong.org.policy_api import router as policy_router
from lingong.ratings.api import router as ratings_router
from lingong.recruit.api import router as recruit_router
from lingong.reports.api import router as reports_router
from lingong.rights.api import router as rights_router
from lingong.settlement.api import router as tax_router
from lingong.settlement.statement_api import router as statements_router
from lingong.skills.api import router as skills_router
from lingong.staff.api import router as staff_org_router
from lingong.staff.privacy_api import router as staff_privacy_router
from lingong.stats.api import router as stats_router
from lingong.taxonomy.api import router as taxonomy_router
from lingong.training.api import router as training_router
from lingong.training.certificate_api import router as training_certificate_router
from lingong.workers.api import register_router as worker_register_router
from lingong.workers.api import router as workers_router
from lingong.workflow.api import router as workflow_router

api = NinjaAPI(
    title="Lingong 零工 API",
    version="1",
    description=(
        "零工市场开放接口：求职者、用工单位、驿站工作人员与市场管理员。错误统一返回 {code, message, errors}。"
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, errors: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.errors)


@api.exception_handler(ValidationError)
def on_django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid_input", _("提交的数据有误"), errors_from_validation(exc))


def _loc_name(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        errors.setdefault(_loc_name(item.get("loc", [])), []).append(str(item.get("msg", "")))
    return error_response(request, 422, "invalid_input", _("提交的数据格式有误，请检查后重试。"), errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "not_authenticated", _("请先登录。"))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Registered explicitly: ninja's own Http404 handler ({"detail": ...}) would win over the catch-all.
    return error_response(request, 404, "not_found", _("请求的资源不存在"))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Usually answered by core.middleware.RequestSizeLimitMiddleware from the Content-Length already.
    return error_response(request, 413, "request_too_large", _("提交的内容过大，请缩短后重试。"))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, DATABASE_UNAVAILABLE):  # restarting or refused: retry shortly, nothing was saved
        logging.getLogger("lingong.api").error("Database unavailable: %s: %s", type(exc).__name__, exc)
        return retry_later(error_response(request, 503, UNAVAILABLE_CODE, unavailable_message()))
    logging.getLogger("lingong.api").exception("Unhandled API error")
    return error_response(request, 500, "server_error", _("服务器开小差了，请稍后再试。"))


# Matching spans /jobs/..., /me/... and /parse/..., so it is mounted at the root; first, so that
# /jobs/recommended is not taken for /jobs/{job_id}.
api.add_router("", matching_router)
# The engagement chain's cross-app actions (accept, sign, amend, cancel, retry cover, pay, rate), before the
# jobs router so that /jobs/applications/{id}/accept is not taken for /jobs/applications/{id}/{action}.
api.add_router("", workflow_router)
api.add_router("/auth", accounts_router)
# Sign-up endpoints live with the profile they create (workers, employers) under the same /auth prefix.
api.add_router("/auth", worker_register_router)
api.add_router("/auth", employer_register_router)
api.add_router("/org", org_router)
# Each market's policy (business rules) is edited by its admins.
api.add_router("/markets", policy_router)
# Market-wide figures count workers, enterprises and jobs, so they live above those apps (staff).
api.add_router("/org", staff_org_router)
api.add_router("/taxonomy", taxonomy_router)
api.add_router("/workers", workers_router)
api.add_router("/employers", employers_router)
api.add_router("/jobs", jobs_router)
# The inbox is below accounts, so its endpoints get the sign-in requirement here rather than importing it.
api.add_router("/notifications", notifications_router, auth=AUTH)
api.add_router("/tax", tax_router)
api.add_router("/engagements", engagements_router)
api.add_router("/contracts", contracts_router)
# Complaints span /complaints/... and /me/complaints, so they are mounted at the root.
api.add_router("", disputes_router)
api.add_router("", legal_router)
api.add_router("", live_router)
api.add_router("", live_lead_router)
api.add_router("", fairs_router)
api.add_router("", fair_intention_router)
# The arbitration direct line: /complaints/{id}/routing, documents, referrals.
api.add_router("", arbitration_router)
api.add_router("", mediation_router)
api.add_router("/insurance", insurance_router)
api.add_router("/settlements", statements_router)
api.add_router("/ratings", ratings_router)
api.add_router("/stats", stats_router)
# Quick-recruit: /quick-recruits... and the worker's /me/invitations.
api.add_router("", recruit_router)
# A person's rights over their data (copy, consents, requests, closing the account).
api.add_router("/me", rights_router)
# Full numbers on request (with a reason, logged) and the log of such reads, for staff.
api.add_router("/staff", staff_privacy_router)
api.add_router("/reports", reports_router)
api.add_router("/skills", skills_router)
api.add_router("/training", training_router)
api.add_router("/training", training_certificate_router)
api.add_router("/housekeeping", housekeeping_router)
api.add_router("/housekeeping", housekeeping_dispatch_router)
