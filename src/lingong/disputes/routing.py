"""Where a gig dispute goes, and by when (issue 11; ../shared/design/DOMAIN-RULES.md, "Disputes").

Pure rules (Django only for translation): the relation between the parties decides the forum. Most gig
engagements are labour-service (劳务) relations, civil contracts under the Civil Code: people's mediation
(人民调解, free; the agreement can be confirmed by a court within 30 days of taking effect, 人民调解法
art. 33) or the court.
Labour arbitration (劳动人事争议仲裁) hears disputes of a labour relationship (劳动关系) and must come before
court in those (劳动争议调解仲裁法). Sending a labour-service case to arbitration as if it were a labour one
costs the worker weeks and ends in a refusal, so the router only says "labour" when the facts say so, says
"unclear" when they point both ways, and leaves that call to staff.

Time limits (the basis is named; staff check the article numbers against the official text before quoting):
- labour arbitration: 1 year from when the party knew or should have known of the infringement; pay owed
  while the labour relation lasts is not time-barred until it ends, then 1 year from the end (art. 27);
- labour-service pay and other civil claims: 3 years from when the party knew or should have known (民法典
  art. 188);
- judicial confirmation of a people's mediation agreement: within 30 days of it taking effect (art. 33);
- labour mediation without agreement within 15 days of the application may go to arbitration (art. 14).
A period that ends on a public holiday runs to the next working day (民法典 art. 203); the dates here do not
know the holiday calendar and say so ("如遇法定节假日顺延").
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Relation(StrEnum):
    LABOUR = "labour"  # 劳动关系
    LABOUR_SERVICE = "labour_service"  # 劳务关系
    UNCLEAR = "unclear"  # staff decide


class Forum(StrEnum):
    PEOPLES_MEDIATION = "peoples_mediation"  # 人民调解 (+ 司法确认)
    COURT = "court"  # 人民法院
    LABOUR_MEDIATION = "labour_mediation"  # 劳动争议调解 (optional before arbitration)
    LABOUR_ARBITRATION = "labour_arbitration"  # 劳动人事争议仲裁


@dataclass(frozen=True)
class RelationFacts:
    """What the platform knows about the engagement behind a dispute."""

    employer_is_household: bool  # a family hiring for its home is not an employing unit (用人单位)
    worker_draws_pension: bool = False  # a pensioner's paid work is a labour-service relation
    # Signs of a labour relation (劳社部发〔2005〕12号): managed under the employer's rules for a long
    # stretch, paid monthly, doing the employer's own business.
    days_engaged: int = 0  # calendar days from the engagement's start to its end (or today)
    paid_monthly: bool = False
    under_employer_rules: bool = False  # fixed daily hours set by the employer, attendance, its rules
    part_of_employer_business: bool = False
    written_labour_contract: bool = False  # a 劳动合同 (not the platform's 劳务协议)


# A platform engagement shorter than this is a gig by its nature, whatever else is said about it.
LONG_ENGAGEMENT_DAYS = 30


@dataclass(frozen=True)
class Classification:
    relation: Relation
    reasons: list[str] = field(default_factory=list)  # plain Chinese, in the order found


def classify(facts: RelationFacts) -> Classification:
    """The relation the facts show, with the reasons; UNCLEAR when they point both ways."""
    if facts.employer_is_household:
        return Classification(
            Relation.LABOUR_SERVICE,
            [_("雇主是家庭（个人），不是劳动法上的用人单位，双方是劳务关系。")],
        )
    if facts.worker_draws_pension:
        return Classification(
            Relation.LABOUR_SERVICE,
            [_("求职者已领取养老金，与用工单位之间按劳务关系处理。")],
        )
    if facts.written_labour_contract:
        return Classification(Relation.LABOUR, [_("双方签订了劳动合同，是劳动关系。")])
    signs = []
    if facts.days_engaged >= LONG_ENGAGEMENT_DAYS:
        signs.append(_("连续用工 %(days)d 天") % {"days": facts.days_engaged})
    if facts.paid_monthly:
        signs.append(_("按月发放工资"))
    if facts.under_employer_rules:
        signs.append(_("受用工单位的规章制度和考勤管理"))
    if facts.part_of_employer_business:
        signs.append(_("所做工作是用工单位的本职业务"))
    if len(signs) >= 3 and facts.days_engaged >= LONG_ENGAGEMENT_DAYS:
        return Classification(
            Relation.UNCLEAR,
            [
                _("平台签订的是劳务协议，但存在劳动关系的特征：%(signs)s。") % {"signs": "、".join(signs)},
                _("可能构成事实劳动关系，请工作人员结合证据认定后再决定走劳动仲裁还是人民调解/法院。"),
            ],
        )
    reasons = [_("双方通过零工市场签订劳务协议，按次/按天提供劳务，是劳务关系。")]
    if signs:
        reasons.append(_("虽有%(signs)s，但不足以认定为劳动关系。") % {"signs": "、".join(signs)})
    return Classification(Relation.LABOUR_SERVICE, reasons)


@dataclass(frozen=True)
class Route:
    relation: Relation
    forums: list[Forum]  # in the order to try
    explanation: str  # plain Chinese for the worker


EXPLANATIONS = {
    Relation.LABOUR_SERVICE: gettext_lazy(
        "您和用工方是劳务关系（打零工、做一次活结一次钱）。这类纠纷不归劳动仲裁管："
        "可以先申请免费的人民调解，调解达成协议后，双方可在协议生效之日起 30 日内一起向法院申请司法确认，"
        "确认后对方不履行的，可以申请法院强制执行；调解不成，可以直接向人民法院起诉。"
    ),
    Relation.LABOUR: gettext_lazy(
        "您和用人单位是劳动关系。拖欠工资、工时、社保、解除等纠纷，要先申请劳动人事争议仲裁，"
        "对仲裁结果不服的才能到法院起诉。申请仲裁前可以先调解，但调解自申请之日起 15 日内未达成协议的，"
        "可以直接申请仲裁。"
    ),
    Relation.UNCLEAR: gettext_lazy(
        "您和用工方是劳务关系还是劳动关系，目前还说不准，这决定了该去劳动仲裁还是去人民调解/法院。"
        "工作人员会根据合同、考勤和工资记录帮您认定，认定之前不会耽误您先申请调解。"
    ),
}

FORUMS = {
    Relation.LABOUR_SERVICE: [Forum.PEOPLES_MEDIATION, Forum.COURT],
    Relation.LABOUR: [Forum.LABOUR_MEDIATION, Forum.LABOUR_ARBITRATION, Forum.COURT],
    Relation.UNCLEAR: [Forum.PEOPLES_MEDIATION],  # mediation is open either way while staff decide
}


def route(relation: Relation) -> Route:
    return Route(relation, list(FORUMS[relation]), str(EXPLANATIONS[relation]))


# --- Time limits ---------------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class Limitation:
    deadline: dt.date | None  # the last day to apply; None: not running yet (pay owed in a live relation)
    basis: str  # the rule, in plain Chinese


def limitation(
    relation: Relation,
    *,
    knew_on: dt.date,
    relation_ended_on: dt.date | None = None,
    pay_claim: bool = False,
) -> Limitation:
    """The time limit to bring the dispute, counted from when the worker knew or should have known.

    UNCLEAR counts the shorter (arbitration) limit, so no worker is told they have three years when a
    labour relation would give them one.
    """
    if relation == Relation.LABOUR_SERVICE:
        return Limitation(
            add_years(knew_on, 3), "民事诉讼时效 3 年，自知道或者应当知道权利受到损害之日起计算"
        )
    if pay_claim:
        if relation_ended_on is None:
            return Limitation(
                None, "劳动关系存续期间拖欠劳动报酬的，仲裁时效不受 1 年限制；劳动关系终止后 1 年内申请"
            )
        return Limitation(add_years(relation_ended_on, 1), "劳动关系终止之日起 1 年内申请劳动仲裁")
    return Limitation(add_years(knew_on, 1), "劳动仲裁时效 1 年，自知道或者应当知道权利被侵害之日起计算")


def confirmation_deadline(agreement_effective_on: dt.date) -> dt.date:
    """Last day to ask a court to confirm a people's mediation agreement (30 days from taking effect)."""
    return agreement_effective_on + dt.timedelta(days=30)


def arbitration_open_after_mediation(applied_on: dt.date) -> dt.date:
    """The day a labour mediation without agreement may go to arbitration: 15 days after applying."""
    return applied_on + dt.timedelta(days=15)


WARN_DAYS = 90  # warn when this many days (or fewer) are left


def warning(limit: Limitation, today: dt.date) -> str | None:
    """A plain Chinese warning when the deadline is near or past; None when there is time."""
    if limit.deadline is None:
        return None
    left = (limit.deadline - today).days
    day = limit.deadline.strftime("%Y年%m月%d日")
    if left < 0:
        return _(
            "时效已于 %(day)s 届满（如遇法定节假日顺延）。请尽快咨询律师或工作人员是否有中断、中止的情形。"
        ) % {"day": day}
    if left <= WARN_DAYS:
        return _("距时效届满还剩 %(left)d 天（%(day)s，如遇法定节假日顺延），请尽快申请。") % {
            "left": left,
            "day": day,
        }
    return None
