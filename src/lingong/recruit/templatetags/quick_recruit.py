"""``{% quick_recruit_card job %}``, ``{% quick_recruit_home %}``: quick-recruit on lower apps' pages.

The employer's job page and dashboard (jobs) and the worker's job list load this library by name, so the
cards render with the page while jobs imports nothing from recruit (as workflow's ``chain_todo``).
"""

from __future__ import annotations

from typing import Any

from django import template

from lingong.accounts.access import enterprise_of
from lingong.accounts.models import Role
from lingong.jobs.models import JobStatus
from lingong.recruit.models import LIVE_STATUSES, CampaignInvite, InviteState, QuickRecruit

register = template.Library()


@register.inclusion_tag("recruit/_job_card.html", takes_context=True)
def quick_recruit_card(context: template.Context, job: Any) -> dict[str, Any]:
    """A posting's campaigns and, while it is open and has none running, the button to start one."""
    campaigns = list(QuickRecruit.objects.filter(job=job).order_by("-started_at")[:5])
    running = any(c.status in LIVE_STATUSES for c in campaigns)
    return {"job": job, "campaigns": campaigns, "can_start": job.status == JobStatus.OPEN and not running}


@register.inclusion_tag("recruit/_home_card.html", takes_context=True)
def quick_recruit_home(context: template.Context) -> dict[str, Any]:
    """The role's way in: an employer's running campaigns, a worker's open invitations."""
    request = context.get("request")
    user = getattr(request, "user", None)
    out: dict[str, Any] = {"role": getattr(user, "role", ""), "campaigns": [], "waiting": 0}
    if user is None or not user.is_authenticated:
        return out
    if user.role == Role.EMPLOYER:
        enterprise = enterprise_of(user)
        if enterprise is not None:
            out["campaigns"] = list(
                QuickRecruit.objects.filter(enterprise=enterprise, status__in=LIVE_STATUSES)
                .select_related("job")
                .order_by("-started_at")[:5]
            )
    elif user.role == Role.WORKER:
        out["waiting"] = CampaignInvite.objects.filter(
            worker__user=user, state=InviteState.INVITED, campaign__status__in=LIVE_STATUSES
        ).count()
    return out


@register.inclusion_tag("recruit/_answer_card.html")
def quick_recruit_answer(job: Any) -> dict[str, Any]:
    """On the public job page: a running campaign's one-tap answer (the invitation page)."""
    campaign = QuickRecruit.objects.filter(job=job, status__in=LIVE_STATUSES).order_by("-started_at").first()
    return {"campaign": campaign}
