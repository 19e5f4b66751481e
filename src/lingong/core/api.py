"""The JSON API: one NinjaAPI, token or session auth, every error as {code, message, errors}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from lingong.accounts.models import User
from lingong.accounts.services import user_for_token
from lingong.core.errors import DomainError, errors_from_validation


class ApiRequest(HttpRequest):
    """What an endpoint with ``auth=AUTH`` receives: ``auth`` is the signed-in user."""

    auth: User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """Session cookie auth for pages (CSRF-checked by ninja for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [TokenAuth(), SessionAuth(csrf=True)]

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


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    import logging

    logging.getLogger("lingong.api").exception("Unhandled API error")
    return error_response(request, 500, "server_error", _("服务器开小差了，请稍后再试。"))


def register_routers() -> None:
    """Each app's api.py defines ``router``; they are mounted here once."""
    from importlib import import_module

    # Matching spans /jobs/..., /me/... and /parse/..., so it is mounted at the root; first, so that
    # /jobs/recommended is not taken for /jobs/{job_id}.
    api.add_router("", import_module("lingong.jobs.matching_api").router)
    for app, prefix in [
        ("accounts", "/auth"),
        ("org", "/org"),
        ("org.policy_api", "/markets"),
        ("taxonomy", "/taxonomy"),
        ("workers", "/workers"),
        ("employers", "/employers"),
        ("jobs", "/jobs"),
        ("notifications", "/notifications"),
        ("settlement", "/tax"),
        ("engagements", "/engagements"),
        ("contracts", "/contracts"),
        ("insurance", "/insurance"),
        ("settlement.statement_api", "/settlements"),
        ("ratings", "/ratings"),
    ]:
        try:
            module_name = f"lingong.{app}" if "." in app else f"lingong.{app}.api"
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        api.add_router(prefix, module.router)


register_routers()
