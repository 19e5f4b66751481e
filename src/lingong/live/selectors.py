"""Reading live sessions for the back office: the session list, the leads queue and one session's figures
(``session_stats``, the one source of the stats page, its .xlsx and the API).

Definitions (per session):
- viewers: ``peak_viewers`` (most connected at once) and ``total_viewers`` (distinct viewers), kept by the
  room while live;
- comments: viewers' comments (host answers not counted); hidden: those hidden by the word list, by staff
  or because the viewer was muted; intents: comments read as a sign-up (扣1);
- leads: every lead of the session, by job (in the session's order) and by source (comment / tap);
- applications: leads linked to an application (the worker's consent in the room, or 代为报名);
- offers: those linked applications that were offered a place (``offered_at`` set), whatever came after;
- hires: engagements of the linked applications that started (first check-in, ``started_at``) within 30
  days of the session's start (its actual start, else the scheduled time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.engagements.models import Engagement
from lingong.jobs.models import Application, JobPosting
from lingong.live.models import (
    HiddenReason,
    Lead,
    LeadSource,
    LeadStatus,
    LiveComment,
    LiveSession,
    SessionJob,
    SessionStatus,
)
from lingong.live.office_scope import session_scope_q

HIRE_WINDOW = dt.timedelta(days=30)
COUNTS = ("leads", "from_comments", "from_taps", "applications", "offers", "hires")

# The list's tabs: which statuses each shows, and in which order.
TABS = {
    "upcoming": ((SessionStatus.SCHEDULED,), "starts_at"),
    "live": ((SessionStatus.LIVE,), "-started_at"),
    "ended": ((SessionStatus.ENDED, SessionStatus.CANCELLED), "-starts_at"),
}


def sessions_for_staff(actor: Any, *, tab: str = "upcoming", q: str = "") -> QuerySet[LiveSession]:
    require_staff(actor)
    statuses, order = TABS.get(tab, TABS["upcoming"])
    qs = LiveSession.objects.filter(session_scope_q(actor), status__in=statuses)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(host_name__icontains=q) | Q(code=q))
    return (
        qs.select_related("station", "centre", "host")
        .annotate(job_count=Count("jobs", distinct=True), lead_count=Count("leads", distinct=True))
        .order_by(order, "pk")
    )


def tab_counts(actor: Any) -> dict[str, int]:
    base = LiveSession.objects.filter(session_scope_q(actor))
    return {tab: base.filter(status__in=statuses).count() for tab, (statuses, _order) in TABS.items()}


def session_jobs(session: LiveSession) -> list[SessionJob]:
    return list(session.jobs.select_related("job__enterprise").order_by("position", "pk"))


def leads_queue(
    actor: Any,
    *,
    session: LiveSession | None = None,
    status: str = "",
    job_id: int | None = None,
    session_code: str = "",
) -> QuerySet[Lead]:
    """Leads of the sessions the staff member manages, newest first, filtered."""
    require_staff(actor)
    qs = Lead.objects.filter(session_scope_q(actor, "session__"))
    if session is not None:
        qs = qs.filter(session=session)
    elif session_code:
        qs = qs.filter(session__code=session_code)
    if status in LeadStatus.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=(LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.NO_ANSWER))
    if job_id:
        qs = qs.filter(job_id=job_id)
    return qs.select_related("session", "job__enterprise", "viewer", "worker__user", "application").order_by(
        "-created_at", "-pk"
    )


def hire_window(session: LiveSession) -> tuple[dt.datetime, dt.datetime]:
    start = session.started_at or session.starts_at
    return start, start + HIRE_WINDOW


def session_stats(session: LiveSession) -> dict[str, Any]:
    """The session's figures (see the module docstring): totals, the funnel, and one row per promoted job."""
    comments = LiveComment.objects.filter(session=session, viewer__isnull=False)
    comment_counts = comments.aggregate(
        total=Count("pk"),
        hidden=Count("pk", filter=~Q(hidden_reason=HiddenReason.NONE)),
        intents=Count("pk", filter=Q(is_intent=True)),
    )
    leads = list(Lead.objects.filter(session=session).values("job_id", "source", "status", "application_id"))
    app_ids = {lead["application_id"] for lead in leads if lead["application_id"] is not None}
    offered = set(
        Application.objects.filter(pk__in=app_ids, offered_at__isnull=False).values_list("pk", flat=True)
    )
    start, end = hire_window(session)
    hired = set(
        Engagement.objects.filter(
            application_id__in=app_ids, started_at__gte=start, started_at__lt=end
        ).values_list("application_id", flat=True)
    )
    rows: list[dict[str, Any]] = []
    by_job: dict[int, dict[str, Any]] = {}
    for sj in session_jobs(session):
        row: dict[str, Any] = {
            "job_id": sj.job_id,
            "title": sj.job.title,
            "enterprise": sj.job.enterprise.name,
            "position": sj.position,
            "pinned_count": sj.pinned_count,
            "leads": 0,
            "from_comments": 0,
            "from_taps": 0,
            "applications": 0,
            "offers": 0,
            "hires": 0,
        }
        rows.append(row)
        by_job[sj.job_id] = row
    status_counts = dict.fromkeys(LeadStatus.values, 0)
    counted_apps: set[int] = set()
    for lead in leads:
        status_counts[lead["status"]] = status_counts.get(lead["status"], 0) + 1
        found = by_job.get(lead["job_id"])
        if found is not None:
            row = found
        else:  # a job taken off the session after it led to leads: still counted, on its own row
            row = by_job[lead["job_id"]] = {
                "job_id": lead["job_id"],
                "title": "",
                "enterprise": "",
                "position": 0,
                "pinned_count": 0,
                **dict.fromkeys(COUNTS, 0),
            }
            rows.append(row)
        row["leads"] += 1
        row["from_comments" if lead["source"] == LeadSource.COMMENT else "from_taps"] += 1
        app = lead["application_id"]
        if app is not None and app not in counted_apps:
            counted_apps.add(app)
            row["applications"] += 1
            row["offers"] += app in offered
            row["hires"] += app in hired
    missing = [row["job_id"] for row in rows if not row["title"]]
    for job in JobPosting.objects.filter(pk__in=missing).select_related("enterprise"):
        by_job[job.pk]["title"], by_job[job.pk]["enterprise"] = job.title, job.enterprise.name
    totals = {
        "peak_viewers": session.peak_viewers,
        "total_viewers": session.total_viewers,
        "comments": comment_counts["total"],
        "hidden_comments": comment_counts["hidden"],
        "intent_comments": comment_counts["intents"],
        "leads": len(leads),
        "leads_from_comments": sum(1 for lead in leads if lead["source"] == LeadSource.COMMENT),
        "leads_from_taps": sum(1 for lead in leads if lead["source"] == LeadSource.TAP),
        "applications": len(app_ids),
        "offers": len(offered),
        "hires": len(hired),
    }
    funnel = [
        {"key": "viewers", "label": str(_("累计观看")), "value": totals["total_viewers"]},
        {"key": "leads", "label": str(_("报名线索")), "value": totals["leads"]},
        {"key": "applications", "label": str(_("转为报名")), "value": totals["applications"]},
        {"key": "offers", "label": str(_("发出录用")), "value": totals["offers"]},
        {"key": "hires", "label": str(_("30天内上岗")), "value": totals["hires"]},
    ]
    return {
        "code": session.code,
        "title": session.title,
        "status": session.status,
        "starts_at": session.starts_at,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "hire_window_end": end,
        "totals": totals,
        "funnel": funnel,
        "by_job": rows,
        "by_status": [
            {"status": status, "label": str(LeadStatus(status).label), "count": status_counts.get(status, 0)}
            for status in LeadStatus.values
        ],
    }
