from __future__ import annotations

from importlib import import_module

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from lingong.core.api import api

admin.site.site_header = "零工市场管理后台"
admin.site.site_title = "零工市场"
admin.site.index_title = "管理"


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Unknown paths under the API answer in the API's error shape, not Django's HTML page."""
    return JsonResponse({"code": "not_found", "message": "接口不存在", "errors": {}}, status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found),
    path("admin/", admin.site.urls),
]

# Page routes of each app, mounted when the app provides them.
for app, prefix in [
    ("core", ""),
    ("accounts", "accounts/"),
    ("jobs", "jobs/"),
    ("workers", "me/"),
    ("employers", "employer/"),
    ("org", "org/"),
    ("staff", "staff/"),
    ("notifications", "inbox/"),
    ("settlement", "tax/"),
    ("engagements", "work/"),
    ("contracts", "contracts/"),
    ("insurance", "insurance/"),
    ("settlement.statement_urls", "settlements/"),
    ("ratings", "ratings/"),
]:
    try:
        module_name = f"lingong.{app}" if "." in app else f"lingong.{app}.urls"
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    urlpatterns.append(path(prefix, include(module)))
