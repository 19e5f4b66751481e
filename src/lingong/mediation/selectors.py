"""Reads of mediation: who may see or run a case, the lists, the relation and the next step after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import Role
from lingong.core.errors import NotFoundError
from lingong.core.pdf import format_date_cn
from lingong.disputes.models import Complaint, ComplaintStatus, Mediator
from lingong.disputes.routing import (
    Relation,
    RelationFacts,
    arbitration_open_after_mediation,
    classify,
    confirmation_deadline,
    route,
)
from lingong.disputes.services import complaint_url, staff_in_scope
from lingong.employers.models import EnterpriseKind
from lingong.jobs.models import SettlementCycle
from lingong.mediation.models import (
    ACTIVE_STATUSES,
    Agreement,
    AgreementStatus,
    CaseStatus,
    MediationCase,
    SignerSide,
)


def case_rows() -> QuerySet[MediationCase]:
    return MediationCase.objects.select_related(
        "complaint__engagement__worker__user",
        "complaint__engagement__enterprise",
        "complaint__engagement__station",
        "complaint__engagement__job",
        "complaint__filed_by",
        "mediator__user",
        "market",
    )


def party_of(user: Any, case: MediationCase) -> str | None:
    """The side of the dispute the user is on (worker or employer), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    engagement = case.complaint.engagement
    if engagement is None:
        return None
    if user.role == Role.WORKER and engagement.worker.user_id == user.pk:
        return SignerSide.WORKER
    membership = getattr(user, "membership", None)
    if membership is not None and membership.enterprise_id == engagement.enterprise_id:
        return SignerSide.EMPLOYER
    return None


def can_manage(user: Any, case: MediationCase) -> bool:
    """The case's mediator, or staff in scope of its complaint."""
    if not getattr(user, "is_authenticated", False):
        return False
    if case.mediator.user_id == user.pk:
        return True
    return staff_in_scope(user, case.complaint)


def managed_case(user: Any, case_id: int) -> MediationCase:
    case = case_rows().filter(pk=case_id).first()
    if case is None or not can_manage(user, case):
        raise NotFoundError(_("调解案件不存在"))
    return case


def party_case(user: Any, case_id: int) -> tuple[MediationCase, str]:
    case = case_rows().filter(pk=case_id).first()
    side = party_of(user, case) if case is not None else None
    if case is None or side is None:
        raise NotFoundError(_("调解案件不存在"))
    return case, side


def visible_case(user: Any, case_id: int) -> tuple[MediationCase, str | None]:
    """For reads open to both: the case and the reader's side (None for the mediator or staff)."""
    case = case_rows().filter(pk=case_id).first()
    if case is None:
        raise NotFoundError(_("调解案件不存在"))
    side = party_of(user, case)
    if side is None and not can_manage(user, case):
        raise NotFoundError(_("调解案件不存在"))
    return case, side


def latest_case_for_complaint(complaint_id: int) -> MediationCase | None:
    return case_rows().filter(complaint_id=complaint_id).order_by("-opened_at", "-pk").first()


def mediator_of(user: Any) -> Mediator | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Mediator.objects.filter(user=user).first()


def staff_cases(user: Any) -> list[MediationCase]:
    """The cases the user mediates, then the others in their scope (active first, newest first)."""
    if not getattr(user, "is_authenticated", False) or user.market_id is None:
        return []
    rows = case_rows().filter(market_id=user.market_id).order_by("-opened_at", "-pk")[:300]
    return [c for c in rows if can_manage(user, c)]


def waiting_complaints(user: Any) -> list[Complaint]:
    """Acknowledged complaints assigned to the user as mediator, with no case yet: ready to open."""
    mediator = mediator_of(user)
    if mediator is None:
        return []
    rows = (
        Complaint.objects.filter(mediator=mediator, status=ComplaintStatus.ACKNOWLEDGED)
        .exclude(mediation_cases__status__in=ACTIVE_STATUSES)
        .order_by("due_at", "pk")[:100]
    )
    return list(rows)


def current_agreement(case: MediationCase) -> Agreement | None:
    return case.agreements.exclude(status=AgreementStatus.SUPERSEDED).order_by("-version").first()


# --- The relation and what to do next --------------------------------------------------------------


def relation_of(complaint: Complaint) -> Relation:
    """What the engagement shows (disputes.routing.classify): most gigs are labour-service relations."""
    engagement = complaint.engagement
    if engagement is None:
        return Relation.UNCLEAR
    end = min(engagement.end_date, timezone.localdate())
    facts = RelationFacts(
        employer_is_household=engagement.enterprise.kind == EnterpriseKind.HOUSEHOLD,
        days_engaged=max((end - engagement.start_date).days + 1, 0),
        paid_monthly=engagement.settlement_cycle == SettlementCycle.MONTHLY,
        # Daily hours fixed by the employer for the whole stretch count as working under its rules.
        under_employer_rules=engagement.daily_start_time is not None,
    )
    return classify(facts).relation


def arbitration_url(complaint: Complaint) -> tuple[str, bool]:
    """The arbitration direct-line page for the complaint when it exists, else the complaint page."""
    try:
        return reverse("arbitration:start", args=[complaint.pk]), True
    except NoReverseMatch:
        return complaint_url(complaint), False


@dataclass(frozen=True)
class NextStep:
    relation: str
    headline: str
    text: str
    explanation: str
    url: str
    link_text: str


def next_step(case: MediationCase, relation: Relation | None = None) -> NextStep:
    """What a worker does after mediation ends without a kept agreement, in plain Chinese.

    ``relation`` defaults to what the engagement shows (``relation_of``).
    """
    complaint = case.complaint
    relation = relation or relation_of(complaint)
    explained = route(relation).explanation
    url, _exists = arbitration_url(complaint)
    opened_on = timezone.localtime(case.opened_at).date()
    if relation == Relation.LABOUR:
        day = arbitration_open_after_mediation(opened_on)
        text = _(
            "调解没有达成协议。您和用人单位是劳动关系，下一步是向劳动人事争议仲裁委员会申请仲裁；"
            "调解自申请之日起15日内未达成协议的即可申请，您从%(day)s起可以申请。"
        ) % {"day": format_date_cn(day)}
        link_text = _("申请劳动仲裁")
    elif relation == Relation.LABOUR_SERVICE:
        text = _(
            "调解没有达成协议。您和对方是劳务关系，不归劳动仲裁管：可以向人民法院起诉，"
            "也可以向人民调解委员会再申请人民调解。诉讼时效一般为3年，请保存好合同、考勤和结算记录。"
        )
        link_text = _("准备起诉材料")
    else:
        text = _(
            "调解没有达成协议。您和对方是劳动关系还是劳务关系还需要工作人员认定："
            "劳动关系去劳动仲裁，劳务关系去人民法院。工作人员会尽快联系您。"
        )
        link_text = _("查看下一步")
    return NextStep(
        relation=str(relation),
        headline=_("调解未成功，下一步怎么办"),
        text=text,
        explanation=explained,
        url=url,
        link_text=link_text,
    )


def confirmation_note(case: MediationCase) -> str | None:
    """For a signed agreement of a labour-service case: the judicial confirmation deadline."""
    if case.signed_at is None or case.status not in (CaseStatus.SIGNED, CaseStatus.FULFILLED):
        return None
    if relation_of(case.complaint) != Relation.LABOUR_SERVICE:
        return None
    effective: dt.date = timezone.localtime(case.signed_at).date()
    return _("可在协议生效之日起30日内共同向人民法院申请司法确认（截止%(day)s，如遇法定节假日顺延）。") % {
        "day": format_date_cn(confirmation_deadline(effective))
    }
