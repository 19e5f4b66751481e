"""Reads for the arbitration direct line: where a complaint goes and by when, forums, referral outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role
from lingong.arbitration.models import (
    DocumentKind,
    Forum,
    ForumKind,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from lingong.disputes import routing
from lingong.disputes.models import Complaint, ComplaintKind
from lingong.disputes.report_sections import ReportSection
from lingong.employers.models import EnterpriseKind
from lingong.jobs.models import SettlementCycle
from lingong.org.policy import policy_for

# The questions asked when the engagement cannot answer them (the worker answers yes/no).
QUESTIONS: dict[str, Any] = {
    "worker_draws_pension": gettext_lazy("您是否已经办理退休、按月领取养老金？"),
    "written_labour_contract": gettext_lazy("您和对方是否另外签订过书面劳动合同（不是平台上的劳务协议）？"),
    "under_employer_rules": gettext_lazy("对方是否规定您每天的上下班时间、考勤并用规章制度管理您？"),
    "part_of_employer_business": gettext_lazy(
        "您做的工作是不是对方公司的本职业务（例如建筑公司让您干施工）？"
    ),
}
YES = frozenset({"1", "yes", "true", "on", "是"})

# Arbitration deadlines (劳动争议调解仲裁法 art. 29 and 43).
ACCEPT_DECISION_DAYS = 5
AWARD_DAYS = 45
AWARD_EXTENSION_DAYS = 15


def parse_answers(raw: dict[str, Any]) -> dict[str, bool]:
    """Only the known questions, as booleans; anything else is dropped."""
    out: dict[str, bool] = {}
    for key in QUESTIONS:
        value = raw.get(key)
        if value is None or value == "":
            continue
        out[key] = value is True or str(value).strip().lower() in YES
    return out


@dataclass(frozen=True)
class CaseRoute:
    relation: routing.Relation
    reasons: list[str]
    route: routing.Route
    explanation: str
    forum_kind: str | None  # the forum to send documents to; None when staff must decide
    document_kind: str | None
    limitation: routing.Limitation
    knew_on: dt.date
    warning: str | None
    days_left: int | None
    questions: list[tuple[str, str, bool | None]] = field(default_factory=list)  # key, text, answer
    forum: Forum | None = None


def relation_facts(complaint: Complaint, answers: dict[str, bool], today: dt.date) -> routing.RelationFacts:
    engagement = complaint.engagement
    if engagement is None:
        return routing.RelationFacts(employer_is_household=False, **answers)
    end = min(engagement.end_date, today)
    days = max((end - engagement.start_date).days + 1, 0)
    return routing.RelationFacts(
        employer_is_household=engagement.enterprise.kind == EnterpriseKind.HOUSEHOLD,
        days_engaged=days,
        paid_monthly=engagement.settlement_cycle == SettlementCycle.MONTHLY,
        **answers,
    )


def knew_on_for(complaint: Complaint) -> dt.date:
    """When the worker knew or should have known: the last day of the engagement for a pay claim that
    has ended, else the day the complaint was filed (the earliest date the platform can vouch for)."""
    filed = timezone.localdate(complaint.filed_at)
    engagement = complaint.engagement
    if engagement is not None and complaint.kind == ComplaintKind.UNPAID_PAY:
        return min(engagement.end_date, filed)
    return filed


def forum_for(market_id: int, kind: str | None) -> Forum | None:
    if kind is None:
        return None
    return Forum.objects.filter(market_id=market_id, kind=kind, active=True).order_by("pk").first()


def case_route(
    complaint: Complaint,
    answers: dict[str, bool] | None = None,
    *,
    today: dt.date | None = None,
    relation: str | None = None,
) -> CaseRoute:
    """Classify the complaint's relation (staff may set it with ``relation``) and explain the way on."""
    today = today or timezone.localdate()
    answers = answers or {}
    facts = relation_facts(complaint, answers, today)
    if relation is not None and relation in {r.value for r in routing.Relation}:
        decided = routing.Relation(relation)
        reasons = [_("工作人员已认定双方的关系。")]
    else:
        classification = routing.classify(facts)
        decided, reasons = classification.relation, classification.reasons
    route = routing.route(decided)
    engagement = complaint.engagement
    knew_on = knew_on_for(complaint)
    ended = engagement.end_date if engagement is not None and engagement.end_date <= today else None
    limit = routing.limitation(
        decided,
        knew_on=knew_on,
        relation_ended_on=ended if engagement is not None else knew_on,
        pay_claim=complaint.kind == ComplaintKind.UNPAID_PAY,
    )
    days_left = (limit.deadline - today).days if limit.deadline is not None else None
    warn_days = policy_for(complaint.market_id).limitation_warning_days
    warning = None
    if days_left is not None and days_left <= warn_days:
        warning = routing.warning(limit, today) or _(
            "距时效届满还剩 %(left)d 天（%(day)s，如遇法定节假日顺延），请尽快申请。"
        ) % {"left": days_left, "day": limit.deadline.strftime("%Y年%m月%d日")}  # type: ignore[union-attr]
    if decided == routing.Relation.LABOUR:
        forum_kind, document_kind = ForumKind.ARBITRATION_COMMISSION, DocumentKind.ARBITRATION_APPLICATION
    elif decided == routing.Relation.LABOUR_SERVICE:
        forum_kind, document_kind = ForumKind.COURT, DocumentKind.CIVIL_COMPLAINT
    else:
        forum_kind, document_kind = None, None
    asked = {"worker_draws_pension", "written_labour_contract"}
    if engagement is not None and not facts.employer_is_household:
        asked |= {"under_employer_rules", "part_of_employer_business"}
    questions = [(key, str(QUESTIONS[key]), answers.get(key)) for key in QUESTIONS if key in asked]
    return CaseRoute(
        relation=decided,
        reasons=list(reasons),
        route=route,
        explanation=route.explanation,
        forum_kind=str(forum_kind) if forum_kind else None,
        document_kind=str(document_kind) if document_kind else None,
        limitation=limit,
        knew_on=knew_on,
        warning=warning,
        days_left=days_left,
        questions=questions,
        forum=forum_for(complaint.market_id, forum_kind),
    )


def expected_dates(referral: Referral) -> dict[str, dt.date | None]:
    """Arbitration: decision to accept within 5 days of submission; award within 45 (+15) days of
    acceptance. Other forums: no statutory dates shown."""
    out: dict[str, dt.date | None] = {"accept_by": None, "award_by": None, "award_by_extended": None}
    if referral.kind != ReferralKind.ARBITRATION:
        return out
    if referral.sent_at:
        out["accept_by"] = referral.sent_at + dt.timedelta(days=ACCEPT_DECISION_DAYS)
    if referral.accepted_at:
        out["award_by"] = referral.accepted_at + dt.timedelta(days=AWARD_DAYS)
        out["award_by_extended"] = referral.accepted_at + dt.timedelta(days=AWARD_DAYS + AWARD_EXTENSION_DAYS)
    return out


def forums_of(market_id: int) -> list[Forum]:
    return list(Forum.objects.filter(market_id=market_id, active=True).order_by("kind", "pk"))


def referrals_for_staff(user: Any, *, status: str = "") -> QuerySet[Referral]:
    """Referrals of the staff member's market; station and centre staff see their unit's complaints."""
    if not is_staff(user):
        return Referral.objects.none()
    qs = Referral.objects.filter(market_id=user.market_id).select_related("complaint", "forum")
    if user.role == Role.CENTRE_STAFF:
        qs = qs.filter(
            Q(complaint__centre_id=user.centre_id) | Q(complaint__station__centre_id=user.centre_id)
        )
    elif user.role == Role.STATION_STAFF:
        qs = qs.filter(complaint__station_id=user.station_id)
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def referral_outcomes(market: Any, month: str | None = None) -> dict[str, Any]:
    """Counts for the market's report: referrals created in ``month`` ("YYYY-MM"; all when None) by forum,
    status and kind, and the amounts awarded."""
    market_id = market if isinstance(market, int) else market.pk
    qs = Referral.objects.filter(market_id=market_id)
    if month:
        year, mon = (int(x) for x in month.split("-"))
        start = dt.date(year, mon, 1)
        end = dt.date(year + (mon == 12), mon % 12 + 1, 1)
        qs = qs.filter(created_at__date__gte=start, created_at__date__lt=end)
    by_forum = [
        {"forum": row["forum__name"], "count": row["n"]}
        for row in qs.values("forum__name").annotate(n=Count("pk")).order_by("forum__name")
    ]
    by_status = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk")).order_by()}
    by_kind = {row["kind"]: row["n"] for row in qs.values("kind").annotate(n=Count("pk")).order_by()}
    awarded = qs.aggregate(total=Sum("amount_awarded"))["total"]
    return {
        "month": month,
        "total": qs.count(),
        "by_forum": by_forum,
        "by_status": {s: by_status.get(s, 0) for s in ReferralStatus.values},
        "by_kind": {k: by_kind.get(k, 0) for k in ReferralKind.values},
        "amount_awarded": awarded if awarded is not None else 0,
    }


def referral_report_section(market_id: int, month: str) -> ReportSection:
    """The monthly complaint report's section on referrals: by forum, by status (results), amounts awarded."""
    outcomes = referral_outcomes(market_id, month)
    rows: list[list[Any]] = [[_("本月转出（件）"), outcomes["total"]]]
    rows += [[_("受理机构：%(name)s") % {"name": r["forum"]}, r["count"]] for r in outcomes["by_forum"]]
    rows += [
        [_("状态：%(status)s") % {"status": ReferralStatus(status).label}, count]
        for status, count in outcomes["by_status"].items()
        if count
    ]
    rows.append([_("裁决或判决金额（元）"), Decimal(outcomes["amount_awarded"] or 0)])
    return ReportSection(
        title=str(_("转仲裁与诉讼")), header=[str(_("项目")), str(_("数值"))], rows=rows, widths=[36, 16]
    )
