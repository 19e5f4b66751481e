"""Skill gaps in the API: /api/v1/skills/gaps (staff, in their scope) and /api/v1/skills/me/unlocks (a
worker's own). Thin: the figures come from ``skills.selectors``."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from lingong.accounts.access import require_role
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.models import Role
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS
from lingong.org.policy import policy_for
from lingong.skills import selectors
from lingong.skills.display import course_url, pay_text
from lingong.taxonomy.models import PayUnit
from lingong.workers.selectors import profile_of

router = Router(tags=["skills"])


class SkillGapRowOut(Schema):
    occupation_code: str
    occupation_name: str
    kind: str  # certificate | skill
    certificate_code: str
    certificate_name: str
    district_code: str
    district_name: str
    jobs: int
    places: int
    available: int
    lacking: int
    unmet: int


class SkillGapsOut(Schema):
    radius_km: int
    total_places: int
    total_unmet: int
    items: list[SkillGapRowOut]


class CertificateUnlockOut(Schema):
    certificate_code: str
    certificate_name: str
    places: int
    jobs: int
    pay_min: Decimal | None
    pay_max: Decimal | None
    pay_unit: str
    pay_unit_label: str
    pay_text: str
    job_ids: list[int]
    course_url: str


class CertificateUnlocksOut(Schema):
    radius_km: int
    items: list[CertificateUnlockOut]


@router.get(
    "/gaps",
    auth=AUTH,
    response={200: SkillGapsOut, **ERRORS},
    summary="技能缺口：各工种·证书·区县的空缺名额与附近可上岗人数（工作人员，限本人范围）",
)
def gaps(
    request: ApiRequest,
    district: str = Query("", max_length=12, description="区县代码（本市）"),
    occupation: str = Query("", max_length=64, description="工种代码"),
) -> SkillGapsOut:
    rows = selectors.gaps_for_staff(request.auth, district_code=district, occupation_code=occupation)
    return SkillGapsOut(
        radius_km=policy_for(request.auth.market_id).skill_gap_radius_km,
        total_places=sum(r.places for r in rows),
        total_unmet=sum(r.unmet for r in rows),
        items=[
            SkillGapRowOut(
                occupation_code=r.occupation_code,
                occupation_name=r.occupation_name,
                kind=r.kind,
                certificate_code=r.certificate_code,
                certificate_name=r.certificate_name,
                district_code=r.district_code,
                district_name=r.district_name,
                jobs=r.jobs,
                places=r.places,
                available=r.available,
                lacking=r.lacking,
                unmet=r.unmet,
            )
            for r in rows
        ],
    )


@router.get(
    "/me/unlocks",
    auth=AUTH,
    response={200: CertificateUnlocksOut, **ERRORS},
    summary="学个证，多接活：考取哪些证书可多接附近的岗位（求职者本人）",
)
def my_unlocks(request: ApiRequest) -> CertificateUnlocksOut:
    require_role(request.auth, Role.WORKER)
    worker = profile_of(request.auth)
    if worker is None:
        raise NotFoundError(_("请先填写求职资料。"))
    unlocks = selectors.unlocks_for_worker(worker)
    return CertificateUnlocksOut(
        radius_km=policy_for(worker.market_id).skill_gap_radius_km,
        items=[
            CertificateUnlockOut(
                certificate_code=u.certificate_code,
                certificate_name=u.certificate_name,
                places=u.places,
                jobs=u.jobs,
                pay_min=u.pay_min,
                pay_max=u.pay_max,
                pay_unit=u.pay_unit,
                pay_unit_label=str(PayUnit(u.pay_unit).label),
                pay_text=pay_text(u),
                job_ids=list(u.job_ids),
                course_url=course_url(u.certificate_code),
            )
            for u in unlocks
        ],
    )
