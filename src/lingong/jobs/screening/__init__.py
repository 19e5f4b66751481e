"""Screening postings for fakes and fee scams.

- ``rules``: the text rules (pure Python, no Django; evaluated offline by ``scripts/screening_eval.py``).
- this module: ``screen_posting`` turns the rules' hits into reasons with Chinese sentences for staff, and
  ``screen_job`` reads a saved posting (the content check "publish at once, review afterwards" uses).
- ``jobs.screening.service``: the whole risk score of a posting (content + the employer's history + user
  reports), recorded as a ``PostingScreening`` with the staff decision that follows, and the calibration.

Nothing here imports Django models at import time, so ``rules`` stays importable without settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lingong.jobs.screening.rules import (
    HOURS_PER_DAY_FALLBACK,
    Hit,
    OccupationNorm,
    PostingText,
    check_text,
)

if TYPE_CHECKING:
    from lingong.jobs.models import JobPosting
    from lingong.taxonomy.models import Occupation

__all__ = [
    "OccupationNorm",
    "PostingText",
    "RiskReason",
    "Screening",
    "posting_text",
    "screen_job",
    "screen_posting",
]


@dataclass(frozen=True)
class RiskReason:
    code: str
    message: str
    weight: int = 0


@dataclass(frozen=True)
class Screening:
    reasons: tuple[RiskReason, ...]

    @property
    def low_risk(self) -> bool:
        return not self.reasons

    @property
    def score(self) -> int:
        return min(100, sum(r.weight for r in self.reasons))

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def messages(self) -> list[str]:
        return [r.message for r in self.reasons]


_UNIT_WORDS = {"hour": "小时", "day": "天", "month": "月", "piece": "件"}


def hit_message(hit: Hit) -> str:
    """The Chinese sentence staff (and the employer of a held posting) read for one rule's hit."""
    from django.utils.translation import gettext as _

    words = "、".join(hit.words)
    if hit.code == "fee":
        return _("岗位内容提到向求职者收取费用（%(words)s），用工单位不得向求职者收费或收押金") % {
            "words": words
        }
    if hit.code == "documents":
        return _("岗位内容提到扣押或保管求职者的身份证件")
    if hit.code == "minors":
        return _("岗位内容可能招用未满16周岁的人员（“%(words)s”）") % {"words": words}
    if hit.code == "discrimination":
        return _(
            "岗位内容含有性别、户籍、民族、健康或婚育方面的限制（“%(words)s”），需核实是否属于法定例外"
        ) % {"words": words}
    if hit.code == "age_limit":
        return _("岗位内容设置了年龄上限（“%(words)s”），需核实是否为岗位安全所必需") % {"words": words}
    if hit.code == "contact":
        return _("岗位内容留有平台外的联系方式（微信、QQ或电话：%(words)s）") % {"words": words}
    if hit.code == "hype":
        return _("岗位内容含有夸大收入或刷单类宣传语（“%(words)s”）") % {"words": words}
    if hit.code == "pay_outlier" and hit.norm is not None:
        norm = hit.norm
        return _("报酬远高于%(name)s的常见水平（通常%(low)s–%(high)s元/%(unit)s），需核实是否为收费诱饵") % {
            "name": norm.name,
            "low": norm.pay_min,
            "high": norm.pay_max,
            "unit": _UNIT_WORDS.get(norm.pay_unit, norm.pay_unit),
        }
    if hit.code == "address":
        return _("工作地点不够具体，求职者无法据此找到现场")
    return hit.code


def screen_posting(posting: PostingText) -> Screening:
    """Every reason the posting's content looks risky (with its weight); none means low risk."""
    return Screening(reasons=tuple(RiskReason(h.code, hit_message(h), h.weight) for h in check_text(posting)))


def posting_text(job: JobPosting, occupations: Iterable[Occupation] | None = None) -> PostingText:
    """The rules' input from a JobPosting (its occupations prefetched, or passed in)."""
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
