"""Every app's pages and the API, each mounted by an explicit import so a missing module fails at start-up."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from lingong.accounts import urls as accounts_urls
from lingong.accounts.views import home
from lingong.api import api
from lingong.arbitration import urls as arbitration_urls
from lingong.core import urls as core_urls
from lingong.disputes import urls as disputes_urls
from lingong.employers import urls as employers_urls
from lingong.fairs import urls as fairs_urls
from lingong.housekeeping import urls as housekeeping_urls
from lingong.jobs import urls as jobs_urls
from lingong.legal import urls as legal_urls
from lingong.live import urls as live_urls
from lingong.mediation import urls as mediation_urls
from lingong.notifications import urls as notifications_urls
from lingong.ops import urls as ops_urls
from lingong.org import urls as org_urls
from lingong.recruit import urls as recruit_urls
from lingong.reports import urls as reports_urls
from lingong.rights import urls as rights_urls
from lingong.settlement import urls as settlement_urls
from lingong.simulation import urls as simulation_urls
from lingong.skills import urls as skills_urls
from lingong.staff import urls as staff_urls
from lingong.stats import urls as stats_urls
from lingong.training import urls as training_urls
from lingong.workers import urls as workers_urls
from lingong.workflow import engagement_urls
from lingong.workflow import urls as workflow_urls

admin.site.site_header = "零工市场管理后台"
admin.site.site_title = "零工市场"
admin.site.index_title = "管理"


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Unknown paths under the API answer in the API's error shape, not Django's HTML page."""
    return JsonResponse({"code": "not_found", "message": "接口不存在", "errors": {}}, status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    # Any other path under /api/ (a wrong version, a typo) is the API's JSON 404 too, never an HTML page.
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("", home, name="home"),
    path("", include(core_urls)),
    path("", include(ops_urls)),  # /healthz, /readyz, /metrics
    path("accounts/", include(accounts_urls)),
    # jobs and workers spell out their prefixes: their pages are under jobs/, employer/, me/, org/, accounts/.
    path("", include(jobs_urls)),
    path("", include(workers_urls)),
    path("employer/", include(employers_urls)),
    path("org/", include(org_urls)),
    # Personal-data rights: me/privacy/ (everyone signed in) and staff/rights/ (the staff queue).
    path("", include(rights_urls)),
    # Complaints: me/complaints/new/ and me/complaints/<id>/ (the page its notifications link to).
    path("", include(disputes_urls)),
    # Legal help and the policy library: legal/, me/consultations/, staff/legal/.
    path("", include(legal_urls)),
    # Live rooms (直播带岗): live/<code>/, staff/live/; job fairs (招聘会): fairs/, staff/fairs/.
    path("", include(live_urls)),
    path("", include(fairs_urls)),
    # Skill gaps (staff/skills/...), order-based training (training/..., me/training/..., staff/training/...)
    # and housekeeping bookings (home-services/..., me/home-services/..., staff/home-services/...).
    path("", include(skills_urls)),
    path("", include(simulation_urls)),
    path("", include(training_urls)),
    path("", include(housekeeping_urls)),
    path("", include(arbitration_urls)),
    # Mediation: staff/mediations/... (before staff/) and me/mediations/<id>/ for both sides.
    path("", include(mediation_urls)),
    # The labour bureau's reports, on the staff side (before staff/ so its paths are not taken there).
    path("staff/reports/", include(reports_urls)),
    # Quick-recruit pages: quick-recruit/..., me/quick-recruits/, staff/quick-recruits/ (before staff/).
    path("", include(recruit_urls)),
    path("staff/", include(staff_urls)),
    path("screen/", include(stats_urls)),
    path("inbox/", include(notifications_urls)),
    path("tax/", include(settlement_urls)),
    # The engagement chain's pages are composed at the top, by the orchestrator's app (workflow/urls.py):
    # their namespaces and paths are those of the apps they belong to.
    path("work/", include(engagement_urls)),
    path("flow/", include(workflow_urls.workflow_patterns)),
    path("contracts/", include(workflow_urls.contract_patterns)),
    path("insurance/", include(workflow_urls.insurance_patterns)),
    path("settlements/", include(workflow_urls.settlement_patterns)),
    path("ratings/", include(workflow_urls.rating_patterns)),
]

# 503 (Retry-After) when the database is away, 500 otherwise; JSON under /api/ (core.views.server_error).
handler500 = "lingong.core.views.server_error"
