"""A small, explicit risk check of a posting's content, for "publish at once, review afterwards".

``screen_posting`` is a pure function: it reads the words and figures of a posting (no database, no clock)
and returns the reasons it looks risky, each with a code and a Chinese sentence for staff. A posting with
no reasons is "low risk" and may skip the review before publication (the employer's record is checked
separately, in ``jobs.selectors.auto_publish_blockers``). It is deliberately simple and easy to audit; the
trust issue's scam screening can replace it behind the same signature.

What it looks for comes from the rules on postings that are not allowed (就业促进法; 人力资源市场暂行条例;
就业服务与就业管理规定; see docs/architecture.md): fees or deposits asked of workers, keeping identity
documents, recruiting under 16, discrimination, contact details that lead off the platform, pay far above
the trade's usual range, hype about easy money, and a workplace nobody could find.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:  # the check itself reads no models; only the adapter at the end names them
    from lingong.jobs.models import JobPosting
    from lingong.taxonomy.models import Occupation

# Pay above this multiple of the top of an occupation's usual range is suspicious (a classic fee scam:
# "日结800，先交200元服装费").
PAY_OUTLIER_FACTOR = Decimal("2")
HOURS_PER_DAY_FALLBACK = Decimal("8")
MIN_ADDRESS_CHARS = 6

# Money asked of the worker. "不收押金", "无需体检费", "体检费公司报销" are fine: see _is_negated.
_FEE = re.compile(
    r"押金|保证金|培训费|服装费|工装费|工服费|体检费|报名费|中介费|介绍费|资料费|办卡费|先交费|交费上岗|先交钱|先付款"
)
_CLAUSE = r"[^，。；、,.;\s]"  # a character within the same clause
_NEGATION_BEFORE = re.compile(
    r"(不收|不交|不要|无需|无须|不需|不用|免收|免|无|零|没有)" + _CLAUSE + r"{0,2}$"
)
_NEGATION_AFTER = re.compile(
    r"^" + _CLAUSE + r"{0,6}?(全免|免收|报销|承担|公司出|单位出|我方出|由单位|由公司)"
)
_DOCUMENTS = re.compile(r"扣押?身份证|押身份证|身份证(原件)?\S{0,4}(押|保管|上交|交给)|押证")
_CONTACT = re.compile(r"微信|威信|薇信|V信|加[vV]|[vVwW][xX]|[qQ]{2}|1[3-9]\d{9}")
_MINORS = re.compile(r"童工|未满\s*16|不满\s*16|1[0-5]\s*周?岁(以上|即可|可)")
_DISCRIMINATION = re.compile(
    r"限男|限女|只招男|只招女|仅限男|仅限女|男性优先|女性优先|男士优先|女士优先|"
    r"限本地户口|限本地人|外地人勿|乙肝勿|拒绝乙肝|不要农村|限汉族"
)
_HYPE = re.compile(r"日赚|躺赚|月入过万|月入上万|轻松赚|无需经验.{0,4}高薪|高薪.{0,4}无需经验|稳赚")
_VAGUE_PLACE = re.compile(r"另行通知|电话联系|详询|私聊|待定|面议")


@dataclass(frozen=True)
class OccupationNorm:
    """What an occupation usually pays (from the taxonomy), in its usual unit."""

    name: str
    pay_unit: str
    pay_min: int
    pay_max: int


@dataclass(frozen=True)
class PostingText:
    """The parts of a posting the check reads."""

    title: str
    description: str
    address: str
    pay_amount: Decimal | None
    pay_unit: str
    occupations: tuple[OccupationNorm, ...] = ()
    daily_hours: Decimal = HOURS_PER_DAY_FALLBACK


@dataclass(frozen=True)
class RiskReason:
    code: str
    message: str


@dataclass(frozen=True)
class Screening:
    reasons: tuple[RiskReason, ...]

    @property
    def low_risk(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def messages(self) -> list[str]:
        return [r.message for r in self.reasons]


def screen_posting(posting: PostingText) -> Screening:
    """Every reason the posting looks risky; none means low risk."""
    text = f"{posting.title}\n{posting.description}"
    checks = (
        _fees(text),
        _documents(text),
        _minors(text),
        _discrimination(text),
        _contact(text),
        _hype(text),
        _pay_outlier(posting),
        _vague_address(posting.address),
    )
    return Screening(reasons=tuple(reason for reason in checks if reason is not None))


def _fees(text: str) -> RiskReason | None:
    found = [m.group() for m in _FEE.finditer(text) if not _is_negated(text, m)]
    if not found:
        return None
    words = "、".join(dict.fromkeys(found))
    message = _("岗位内容提到向求职者收取费用（%(words)s），用工单位不得向求职者收费或收押金")
    return RiskReason("fee", message % {"words": words})


def _is_negated(text: str, match: re.Match[str]) -> bool:
    """ "不收押金", "无需体检费", "体检费由单位承担": the fee is not asked of the worker."""
    before = text[max(0, match.start() - 4) : match.start()]
    after = text[match.end() : match.end() + 8]
    return bool(_NEGATION_BEFORE.search(before) or _NEGATION_AFTER.search(after))


def _documents(text: str) -> RiskReason | None:
    if not _DOCUMENTS.search(text):
        return None
    return RiskReason("documents", _("岗位内容提到扣押或保管求职者的身份证件"))


def _minors(text: str) -> RiskReason | None:
    if not _MINORS.search(text):
        return None
    return RiskReason("minors", _("岗位内容可能招用未满16周岁的人员"))


def _discrimination(text: str) -> RiskReason | None:
    match = _DISCRIMINATION.search(text)
    if match is None:
        return None
    return RiskReason(
        "discrimination",
        _("岗位内容含有性别、户籍、民族或健康方面的限制（“%(words)s”），需核实是否属于法定例外")
        % {"words": match.group()},
    )


def _contact(text: str) -> RiskReason | None:
    if not _CONTACT.search(text):
        return None
    return RiskReason("contact", _("岗位内容留有平台外的联系方式（微信、QQ或手机号）"))


def _hype(text: str) -> RiskReason | None:
    match = _HYPE.search(text)
    if match is None:
        return None
    return RiskReason("hype", _("岗位内容含有夸大收入的宣传语（“%(words)s”）") % {"words": match.group()})


def _vague_address(address: str) -> RiskReason | None:
    address = (address or "").strip()
    if len(address) >= MIN_ADDRESS_CHARS and not _VAGUE_PLACE.search(address):
        return None
    return RiskReason("address", _("工作地点不够具体，求职者无法据此找到现场"))


def _pay_outlier(posting: PostingText) -> RiskReason | None:
    if posting.pay_amount is None:
        return None
    for norm in posting.occupations:
        ceiling = _usual_ceiling(norm, posting.pay_unit, posting.daily_hours)
        if ceiling is not None and posting.pay_amount > ceiling * PAY_OUTLIER_FACTOR:
            return RiskReason(
                "pay_outlier",
                _("报酬远高于%(name)s的常见水平（通常%(low)s–%(high)s元/%(unit)s），需核实是否为收费诱饵")
                % {
                    "name": norm.name,
                    "low": norm.pay_min,
                    "high": norm.pay_max,
                    "unit": _UNIT_WORDS.get(norm.pay_unit, norm.pay_unit),
                },
            )
    return None


_UNIT_WORDS = {"hour": "小时", "day": "天", "month": "月", "piece": "件"}


def _usual_ceiling(norm: OccupationNorm, unit: str, daily_hours: Decimal) -> Decimal | None:
    """The top of the occupation's usual pay in the posting's unit; None when the two cannot be compared."""
    if norm.pay_max <= 0:
        return None
    top = Decimal(norm.pay_max)
    hours = daily_hours if daily_hours > 0 else HOURS_PER_DAY_FALLBACK
    if norm.pay_unit == unit:
        return top
    if norm.pay_unit == "hour" and unit == "day":
        return top * hours
    if norm.pay_unit == "day" and unit == "hour":
        return top / hours
    return None


# --- The adapter from a saved posting ------------------------------------------------------------------


def posting_text(job: JobPosting, occupations: Iterable[Occupation] | None = None) -> PostingText:
    """The check's input from a JobPosting (its occupations prefetched, or passed in)."""
    occs = job.occupations.all() if occupations is None else occupations
    return PostingText(
        title=job.title,
        description=job.description,
        address=job.address,
        pay_amount=job.pay_amount,
        pay_unit=job.pay_unit,
        daily_hours=Decimal(str(job.daily_hours or HOURS_PER_DAY_FALLBACK)),
        occupations=tuple(
            OccupationNorm(
                name=o.name, pay_unit=o.default_pay_unit, pay_min=o.typical_pay_min, pay_max=o.typical_pay_max
            )
            for o in occs
        ),
    )


def screen_job(job: JobPosting) -> Screening:
    return screen_posting(posting_text(job))
