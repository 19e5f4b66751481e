"""The worker's applications: the list, decline or withdraw (accepting is the orchestrator's: workflow)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.jobs import selectors, services
from lingong.workers.models import WorkerProfile
from lingong.workers.selectors import profile_of


def _worker_or_none(request: AuthedRequest) -> WorkerProfile | None:
    if request.user.role != Role.WORKER:
        messages.warning(request, _("该页面仅供求职者使用。"))
        return None
    return profile_of(request.user)


@login_required
def applications(request: AuthedRequest) -> HttpResponse:
    worker = _worker_or_none(request)
    if worker is None:
        return redirect("home")
    return render(
        request,
        "jobs/worker_applications.html",
        {
            "applications": selectors.applications_of_worker(worker)[:100],
        },
    )


_ACTIONS = {
    "decline": (services.decline_offer, _("已婉拒。")),
    "withdraw": (services.withdraw, _("已撤回报名。")),
}


@login_required
@require_POST
def application_action(request: AuthedRequest, application_id: int, action: str) -> HttpResponse:
    if action not in _ACTIONS:
        return redirect("jobs:worker_applications")
    func, success = _ACTIONS[action]
    try:
        func(actor=request.user, application_id=application_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("jobs:worker_applications")
