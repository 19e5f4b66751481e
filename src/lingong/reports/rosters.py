"""The rosters (名录) of a unit at the end of a month: registered workers (masked) and employers.

Rows are read in chunks with their relations joined or prefetched, so a roster of the whole market costs
the same few queries per chunk however many rows it has. Personal data is masked here, once: a worker's
name keeps the surname, the phone its first three and last four digits, the ID number its first and last
few characters; nothing in a roster file carries a full number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lingong.core.masking import mask_id_number, mask_phone
from lingong.employers.models import EnterpriseKind, VerificationStatus
from lingong.reports.figures import employers_on_roll, workers_on_roll
from lingong.reports.period import LOCAL, Month
from lingong.reports.units import Unit
from lingong.workers.models import Gender, RegistrationChannel, TargetGroup

CHUNK = 500

WORKER_COLUMNS = (
    _l("序号"),
    _l("姓名"),
    _l("手机号"),
    _l("身份证号"),
    _l("性别"),
    _l("技能工种"),
    _l("常住区域"),
    _l("服务驿站"),
    _l("登记日期"),
    _l("登记方式"),
    _l("重点群体"),
)
EMPLOYER_COLUMNS = (
    _l("序号"),
    _l("单位名称"),
    _l("统一社会信用代码"),
    _l("类型"),
    _l("行业"),
    _l("所在区域"),
    _l("服务驿站"),
    _l("认证状态"),
    _l("登记日期"),
    _l("本月发布岗位"),
)


@dataclass(frozen=True)
class Roster:
    title: str
    columns: tuple[str, ...]
    rows: Iterator[tuple[str | int, ...]]


def _day(value: object) -> str:
    return timezone.localtime(value, LOCAL).date().isoformat()  # type: ignore[arg-type]


def worker_rows(unit: Unit, month: Month) -> Iterator[tuple[str | int, ...]]:
    qs = (
        workers_on_roll(unit, month)
        .select_related("user", "station", "home_division")
        .prefetch_related("skills__occupation")
        .order_by("created_at", "id")
    )
    for n, w in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
        skills = "、".join(s.occupation.name for s in w.skills.all())
        groups = "、".join(
            str(TargetGroup(g).label) for g in (w.target_groups or []) if g in TargetGroup.values
        )
        yield (
            n,
            w.masked_name,
            mask_phone(w.user.phone),
            mask_id_number(w.id_number or ""),
            str(Gender(w.gender).label) if w.gender in Gender.values else "",
            skills,
            w.home_division.name if w.home_division else "",
            w.station.name if w.station else "",
            _day(w.created_at),
            str(RegistrationChannel(w.registration_channel).label)
            if w.registration_channel in RegistrationChannel.values
            else "",
            groups,
        )


def employer_rows(unit: Unit, month: Month) -> Iterator[tuple[str | int, ...]]:
    published = Q(jobs__published_at__gte=month.start, jobs__published_at__lt=month.end)
    qs = (
        employers_on_roll(unit, month)
        .select_related("industry", "division", "station")
        .annotate(postings_in_month=Count("jobs", filter=published))
        .order_by("created_at", "id")
    )
    for n, e in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
        yield (
            n,
            e.name,
            e.credit_code or "",
            str(EnterpriseKind(e.kind).label) if e.kind in EnterpriseKind.values else "",
            e.industry.name,
            e.division.name if e.division else "",
            e.station.name if e.station else "",
            str(VerificationStatus(e.status).label) if e.status in VerificationStatus.values else e.status,
            _day(e.created_at),
            e.postings_in_month,
        )


def workers_roster(unit: Unit, month: Month) -> Roster:
    title = _("%(unit)s 求职者名录（截至%(month)s末）") % {"unit": unit.name, "month": month.label}
    return Roster(title, tuple(str(c) for c in WORKER_COLUMNS), worker_rows(unit, month))


def employers_roster(unit: Unit, month: Month) -> Roster:
    title = _("%(unit)s 用工单位名录（截至%(month)s末）") % {"unit": unit.name, "month": month.label}
    return Roster(title, tuple(str(c) for c in EMPLOYER_COLUMNS), employer_rows(unit, month))


ROSTERS = {"workers": workers_roster, "employers": employers_roster}
