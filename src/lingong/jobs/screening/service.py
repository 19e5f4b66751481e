"""The whole risk score of a posting, recorded, and the staff decisions that calibrate the thresholds.

score = content (``rules``, the text) + the employer's history + reports by users, capped at 100. The
market's policy sets two scores: at or above ``screening_hold_score`` the posting is held for staff review
(待审核 with the reasons); at or above ``screening_flag_score`` it publishes with a flag (staff see it in the
flagged filter and the post-publication queue). Each screening is a ``PostingScreening`` row; the staff
decision that follows (approve / reject, confirm / take down) is written on it, and
``calibration(market_id)`` reads those decisions to report how precise the holds were and which thresholds
the recent decisions suggest (``manage.py screening_calibration``, the staff page /staff/jobs/screening/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.employers.models import EmployerReputation
from lingong.jobs.models import (
    JobPosting,
    JobReport,
    PostingScreening,
    ReportReason,
    RiskLevel,
    ScreeningDecision,
)
from lingong.jobs.screening import RiskReason, screen_job
from lingong.org.policy import policy_for

# History and reports (content weights are in rules.WEIGHTS).
NEW_EMPLOYER_DAYS = 30
W_UNVERIFIED = 25
W_NEW_EMPLOYER = 10
W_NO_REVIEWED_POSTING = 5
W_RECENTLY_REJECTED = 10
W_COMPLAINT = 10  # per report against the employer's other postings
W_COMPLAINTS_MAX = 30
W_ARREARS = 30
W_REPORT = 20  # per person who reported this posting: three reports hold it at the default hold score
W_REPORTS_MAX = 60


@dataclass
class Assessment:
    score: int
    level: str
    reasons: list[RiskReason] = field(default_factory=list)


def history_reasons(job: JobPosting, *, now: dt.datetime | None = None) -> list[RiskReason]:
    """What the employer's record adds: not verified, new, nothing reviewed yet, rejected recently,
    complaints (reports against its other postings; the complaints app comes later) and overdue pay."""
    now = now or timezone.now()
    enterprise = job.enterprise
    reasons: list[RiskReason] = []
    if not enterprise.is_verified:
        reasons.append(RiskReason("unverified", _("用工单位尚未通过认证"), W_UNVERIFIED))
    elif enterprise.verified_at is None or enterprise.verified_at > now - dt.timedelta(
        days=NEW_EMPLOYER_DAYS
    ):
        reasons.append(
            RiskReason(
                "new_employer", _("用工单位认证不满%(n)d天") % {"n": NEW_EMPLOYER_DAYS}, W_NEW_EMPLOYER
            )
        )
    others = JobPosting.objects.filter(enterprise=enterprise).exclude(pk=job.pk)
    if not others.filter(published_at__isnull=False, reviewed_by__isnull=False).exists():
        reasons.append(
            RiskReason("no_history", _("用工单位尚无经工作人员审核发布的岗位"), W_NO_REVIEWED_POSTING)
        )
    if others.filter(rejected_at__gte=now - dt.timedelta(days=NEW_EMPLOYER_DAYS)).exists():
        reasons.append(
            RiskReason(
                "recently_rejected",
                _("该单位近%(n)d天内有岗位被退回或下架") % {"n": NEW_EMPLOYER_DAYS},
                W_RECENTLY_REJECTED,
            )
        )
    complaints = JobReport.objects.filter(job__enterprise=enterprise).exclude(job=job).count()
    if complaints:
        reasons.append(
            RiskReason(
                "complaints",
                _("该单位的其他岗位此前被举报%(n)d次") % {"n": complaints},
                min(W_COMPLAINTS_MAX, W_COMPLAINT * complaints),
            )
        )
    reputation = EmployerReputation.objects.filter(enterprise=enterprise).first()
    if reputation is not None and reputation.statements_overdue:
        reasons.append(
            RiskReason(
                "arrears",
                _("该单位有%(n)d笔逾期未付的结算") % {"n": reputation.statements_overdue},
                W_ARREARS,
            )
        )
    return reasons


def report_reasons(job: JobPosting) -> list[RiskReason]:
    rows = list(JobReport.objects.filter(job=job).values("reason").annotate(n=Count("id")).order_by("-n"))
    total = sum(r["n"] for r in rows)
    if not total:
        return []
    labels = "、".join(f"{ReportReason(r['reason']).label}{r['n']}" for r in rows)
    return [
        RiskReason(
            "reports",
            _("该岗位被%(n)d人举报（%(labels)s）") % {"n": total, "labels": labels},
            min(W_REPORTS_MAX, W_REPORT * total),
        )
    ]


def assess(job: JobPosting) -> Assessment:
    """The posting's risk score and level now, with every reason (content first)."""
    policy = policy_for(job.market_id)
    reasons = list(screen_job(job).reasons) + history_reasons(job) + report_reasons(job)
    score = min(100, sum(r.weight for r in reasons))
    if score >= policy.screening_hold_score:
        level = RiskLevel.HOLD
    elif score >= policy.screening_flag_score:
        level = RiskLevel.FLAG
    else:
        level = RiskLevel.LOW
    return Assessment(score=score, level=level, reasons=reasons)


def record_screening(job: JobPosting, *, trigger: str) -> PostingScreening:
    """Screen the posting now and keep the result: a new row (earlier undecided ones are superseded) and
    the score and level on the posting for the queues' filters. Call inside the caller's transaction."""
    result = assess(job)
    policy = policy_for(job.market_id)
    PostingScreening.objects.filter(job=job, decision=ScreeningDecision.PENDING).update(
        decision=ScreeningDecision.NONE
    )
    row = PostingScreening.objects.create(
        job=job,
        market_id=job.market_id,
        trigger=trigger,
        score=result.score,
        level=result.level,
        reasons=[{"code": r.code, "weight": r.weight, "message": r.message} for r in result.reasons],
        hold_score=policy.screening_hold_score,
        flag_score=policy.screening_flag_score,
        decision=ScreeningDecision.PENDING,
    )
    JobPosting.objects.filter(pk=job.pk).update(risk_score=result.score, risk_level=result.level)
    job.risk_score, job.risk_level = result.score, result.level
    return row


def latest_screening(job: JobPosting) -> PostingScreening | None:
    return PostingScreening.objects.filter(job=job).order_by("-created_at", "-id").first()


def record_decision(job: JobPosting, *, actor: Any, approved: bool) -> None:
    """A reviewer approved (or confirmed) or rejected (or took down) the posting: written on its latest
    undecided screening, which the calibration reads."""
    row = PostingScreening.objects.filter(job=job, decision=ScreeningDecision.PENDING).order_by("-id").first()
    if row is None:
        return
    row.decision = ScreeningDecision.APPROVED if approved else ScreeningDecision.REJECTED
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.save(update_fields=["decision", "decided_by", "decided_at"])


def held_reasons(job: JobPosting) -> list[str]:
    """The reasons a posting is held (its latest screening), for the employer's "待审核：…" line."""
    return job.held_reasons


# --- Calibration --------------------------------------------------------------------------------------

CALIBRATION_DAYS = 90
TARGET_HOLD_PRECISION = 0.9  # of the postings held, this share should be rejected by staff
TARGET_FLAG_PRECISION = 0.5  # a flag only asks staff to look
MIN_DECISIONS = 5  # fewer decisions than this at or above a threshold: too few to suggest it


@dataclass
class ThresholdRow:
    threshold: int
    decided: int  # decisions on postings scored at or above it
    rejected: int
    precision: float | None  # rejected / decided
    recall: float | None  # rejected at or above / all rejected


@dataclass
class Calibration:
    market_id: int
    days: int
    decided: int
    rejected: int
    hold_score: int
    flag_score: int
    hold_precision: float | None
    flag_precision: float | None
    rows: list[ThresholdRow]
    suggested_hold: int | None
    suggested_flag: int | None


def calibration(
    market_id: int, *, days: int = CALIBRATION_DAYS, now: dt.datetime | None = None
) -> Calibration:
    """How precise recent holds and flags were, and the lowest thresholds that reach the targets.

    Honest limits: only postings a person decided on count; low-risk postings that no one reviewed are not
    in it, so recall is of the rejections staff made, not of every scam; and a suggestion needs at least
    MIN_DECISIONS decisions at or above it, otherwise none is made.
    """
    now = now or timezone.now()
    policy = policy_for(market_id)
    decided = list(
        PostingScreening.objects.filter(
            market_id=market_id,
            decision__in=[ScreeningDecision.APPROVED, ScreeningDecision.REJECTED],
            decided_at__gte=now - dt.timedelta(days=days),
        ).values_list("score", "level", "decision")
    )
    rejected_total = sum(1 for _s, _l, d in decided if d == ScreeningDecision.REJECTED)

    def precision_of(level: str) -> float | None:
        rows = [d for _s, lvl, d in decided if lvl == level]
        return sum(1 for d in rows if d == ScreeningDecision.REJECTED) / len(rows) if rows else None

    table = []
    for threshold in range(10, 101, 5):
        above = [d for s, _l, d in decided if s >= threshold]
        rejected = sum(1 for d in above if d == ScreeningDecision.REJECTED)
        table.append(
            ThresholdRow(
                threshold=threshold,
                decided=len(above),
                rejected=rejected,
                precision=rejected / len(above) if above else None,
                recall=rejected / rejected_total if rejected_total else None,
            )
        )

    def lowest(target: float) -> int | None:
        for row in table:
            if row.decided >= MIN_DECISIONS and row.precision is not None and row.precision >= target:
                return row.threshold
        return None

    return Calibration(
        market_id=market_id,
        days=days,
        decided=len(decided),
        rejected=rejected_total,
        hold_score=policy.screening_hold_score,
        flag_score=policy.screening_flag_score,
        hold_precision=precision_of(RiskLevel.HOLD),
        flag_precision=precision_of(RiskLevel.FLAG),
        rows=table,
        suggested_hold=lowest(TARGET_HOLD_PRECISION),
        suggested_flag=lowest(TARGET_FLAG_PRECISION),
    )
