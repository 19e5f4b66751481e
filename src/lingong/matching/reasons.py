"""Structured reasons and the Chinese sentence shown next to every match."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from lingong.matching import scoring
from lingong.matching.config import PAY_UNIT_LABELS, TARGET_GROUPS, PayUnit
from lingong.matching.jobs import JobIndex
from lingong.matching.query import JobQuery, Ranking, Reason, WorkerQuery
from lingong.matching.workers import WorkerIndex

_UNIT_WORD = {PayUnit.HOUR: "小时", PayUnit.DAY: "天", PayUnit.MONTH: "月", PayUnit.PIECE: "件"}


def _money(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _pay_phrase(expect: float, expect_unit: int, offer: float, offer_unit: int, fit: float) -> str:
    label = PAY_UNIT_LABELS[PayUnit(expect_unit)]
    if expect <= 0:
        return "未填写期望薪资"
    if offer <= 0:
        return f"期望{label} {_money(expect)} 元"
    if fit >= 1.0:
        return f"期望{label} {_money(expect)} 元与报价相符"
    offer_label = PAY_UNIT_LABELS[PayUnit(offer_unit)]
    return f"期望{label} {_money(expect)} 元，报价{offer_label} {_money(offer)} 元偏低"


def sentence(reason: Reason) -> str:
    """E.g. "装载机司机（持证）· 距离 2.1 公里 · 评分 4.8 · 期望日薪 300 元与报价相符"."""
    tag = "（持证）" if reason.certified else ("" if reason.exact else "（相关工种）")
    parts = [f"{reason.occupation_name}{tag}", f"距离 {reason.distance_km:.1f} 公里"]
    parts.append(f"评分 {reason.rating:.1f}" if reason.rating is not None else "新人")
    parts.append(
        _pay_phrase(reason.expected_pay, reason.pay_unit, reason.offer, reason.pay_unit, reason.pay_fit)
    )
    if reason.groups:
        parts.append("、".join(reason.groups) + "优先")
    # A full-width bracket already separates visually, as in the product copy: "（持证）· 距离".
    return " · ".join(parts).replace("） · ", "）· ")


def _groups(mask: int) -> tuple[str, ...]:
    return tuple(name for bit, name in enumerate(TARGET_GROUPS) if mask >> bit & 1)


def explain_workers(index: WorkerIndex, job: JobQuery, ranking: Ranking) -> list[Reason]:
    """Reasons for a top_workers ranking (call before further updates to the index)."""
    rows = index.rows_of(ranking.ids)
    tax, c = index.taxonomy, index._cols
    out = []
    for i, row in enumerate(rows.tolist()):
        occ = int(ranking.occupation[i])
        cert = int(tax.occupation_cert[occ])
        certified = cert >= 0 and bool(
            ((c["cert_type"][row] == cert) & (c["cert_expiry"][row] >= job.end_day)).any()
        )
        count = int(c["rating_count"][row])
        pay_unit = int(c["pay_unit"][row])
        reason = Reason(
            id=int(ranking.ids[i]),
            score=float(ranking.scores[i]),
            occupation=tax.codes[occ],
            occupation_name=tax.names[occ],
            exact=int(ranking.fit[i]) == scoring.EXACT,
            certified=certified,
            distance_km=float(ranking.distance_km[i]),
            rating=float(c["rating_sum"][row]) / count if count else None,
            rating_count=count,
            expected_pay=float(c["pay"][row]),
            offer=_offer_in(job.pay, job.pay_unit, pay_unit, index),
            pay_unit=pay_unit,
            pay_fit=float(ranking.pay_fit[i]),
            groups=_groups(int(c["groups"][row])),
        )
        out.append(_with_sentence(reason))
    return out


def explain_jobs(index: JobIndex, worker: WorkerQuery, ranking: Ranking) -> list[Reason]:
    """Reasons for a top_jobs ranking, from the worker's side (the job's pay against the worker's wish)."""
    rows = index.rows_of(ranking.ids)
    tax, c = index.taxonomy, index._cols
    held = {cert for cert, _ in worker.certs}
    out = []
    for i, row in enumerate(rows.tolist()):
        occ = int(ranking.occupation[i])
        needed = {int(v) for v in c["req_cert"][row] if v >= 0}
        count = int(c["emp_rating_count"][row])
        reason = Reason(
            id=int(ranking.ids[i]),
            score=float(ranking.scores[i]),
            occupation=tax.codes[occ],
            occupation_name=tax.names[occ],
            exact=int(ranking.fit[i]) == scoring.EXACT,
            certified=bool(needed) and needed <= held,
            distance_km=float(ranking.distance_km[i]),
            rating=float(c["emp_rating_sum"][row]) / count if count else None,
            rating_count=count,
            expected_pay=worker.pay,
            offer=_offer_in(float(c["pay"][row]), int(c["pay_unit"][row]), worker.pay_unit, index),
            pay_unit=worker.pay_unit,
            pay_fit=float(ranking.pay_fit[i]),
        )
        out.append(_with_sentence(reason))
    return out


def _offer_in(offer: float, offer_unit: int, unit: int, index: WorkerIndex | JobIndex) -> float:
    """The offer restated in the unit of the expectation it is compared with."""
    if offer_unit == unit or PayUnit.PIECE in (offer_unit, unit):
        return float(offer)
    per_day = scoring.per_day(np.float64(offer), np.int8(offer_unit), index.config)
    back = scoring.per_day(np.float64(1.0), np.int8(unit), index.config)
    return float(per_day / back)


def _with_sentence(reason: Reason) -> Reason:
    return replace(reason, sentence=sentence(reason))
