"""Fair intentions API (/api/v1/fairs/...): a worker's scan of a booth, the booth's scan of a worker's code,
投递 online, a booth's intentions (its enterprise, or the fair's staff), an offer from an intention, and the
fair report."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.masking import mask_phone
from lingong.core.schemas import ERRORS
from lingong.fairs import intentions as services
from lingong.fairs import report
from lingong.fairs.access import can_manage_fair
from lingong.fairs.intention_rules import age_band
from lingong.fairs.models import Intention, JobFair
from lingong.jobs.models import ApplicationStatus

router = Router(tags=["招聘会"])


class FairIntentionScanIn(Schema):
    code: str = Field(max_length=200, description="求职者的入场码（扫码所得或手工输入）")


class FairIntentionJobIn(Schema):
    job: int = Field(ge=1, le=2_147_483_647, description="本展位的岗位")


class FairIntentionOut(Schema):
    id: int
    fair: str = Field(description="招聘会编号")
    exhibitor_id: int
    booth: str
    enterprise: str
    source: str
    source_label: str
    status: str
    status_label: str
    job_id: int | None
    application_id: int | None
    created_at: str


class FairIntentionWorkerOut(Schema):
    name: str = Field(description="脱敏姓名")
    age_band: str
    skills: list[str]
    certificates: list[str] = Field(description="已核验且在有效期内的证书")
    area: str
    phone: str = Field(description="接受录用前为脱敏号码")


class FairIntentionDetailOut(FairIntentionOut):
    worker: FairIntentionWorkerOut


class FairIntentionListOut(Schema):
    items: list[FairIntentionDetailOut]


class FairReportHourOut(Schema):
    hour: str
    count: int


class FairReportAttendanceOut(Schema):
    registered: int
    checked_in: int
    walk_ins: int
    by_hour: list[FairReportHourOut]


class FairReportIndustryOut(Schema):
    industry: str
    count: int


class FairReportBoothsOut(Schema):
    approved: int
    by_industry: list[FairReportIndustryOut]


class FairReportSourceOut(Schema):
    source: str
    label: str
    count: int


class FairReportBoothRowOut(Schema):
    exhibitor: int
    booth: str
    enterprise: str
    intentions: int
    offers: int
    accepted: int
    hires: int


class FairReportIntentionsOut(Schema):
    total: int
    by_source: list[FairReportSourceOut]
    per_booth: list[FairReportBoothRowOut]


class FairReportFairOut(Schema):
    code: str
    title: str
    starts_on: str
    ends_on: str
    mode: str
    mode_label: str


class FairReportOut(Schema):
    fair: FairReportFairOut
    attendance: FairReportAttendanceOut
    booths: FairReportBoothsOut
    intentions: FairReportIntentionsOut
    offers: int
    accepted: int
    hires_30d: int = Field(description="开工日期在招聘会首日起30天内、未取消的用工单")


def intention_out(intention: Intention) -> dict[str, Any]:
    exhibitor = intention.exhibitor
    return {
        "id": intention.pk,
        "fair": exhibitor.fair.code,
        "exhibitor_id": exhibitor.pk,
        "booth": exhibitor.booth.number if exhibitor.booth else "",
        "enterprise": exhibitor.enterprise.name,
        "source": intention.source,
        "source_label": intention.get_source_display(),
        "status": intention.status,
        "status_label": intention.get_status_display(),
        "job_id": intention.job_id,
        "application_id": intention.application_id,
        "created_at": intention.created_at.isoformat(),
    }


def _loaded(intention_id: int) -> Intention:
    return Intention.objects.select_related(
        "exhibitor__fair", "exhibitor__booth", "exhibitor__enterprise"
    ).get(pk=intention_id)


def _detail(intention: Intention) -> dict[str, Any]:
    worker = intention.worker
    today = timezone.localdate()
    accepted = (
        intention.application is not None and intention.application.status == ApplicationStatus.ACCEPTED
    )
    return {
        **intention_out(intention),
        "worker": {
            "name": worker.masked_name,
            "age_band": age_band(worker.birth_date, today),
            "skills": [s.occupation.name for s in worker.skills.all()],
            "certificates": [
                c.certificate_type.name for c in worker.certificates.all() if c.is_valid_on(today)
            ],
            "area": worker.home_division.name if worker.home_division else "",
            "phone": worker.user.phone if accepted else mask_phone(worker.user.phone),
        },
    }


@router.post(
    "/fairs/booths/{qr_token}/intention",
    auth=AUTH,
    response={201: FairIntentionOut, **ERRORS},
    summary="求职者扫展位码投递面试意向",
)
def scan_booth(request: ApiRequest, qr_token: str = Path(..., max_length=24)) -> Any:
    intention = services.scan_booth(actor=request.auth, qr_token=qr_token)
    return Status(201, intention_out(_loaded(intention.pk)))


@router.post(
    "/fairs/exhibitors/{exhibitor_id}/scan",
    auth=AUTH,
    response={201: FairIntentionOut, **ERRORS},
    summary="展位扫求职者入场码记录面试意向",
)
def booth_scan(request: ApiRequest, exhibitor_id: int, payload: FairIntentionScanIn) -> Any:
    intention = services.booth_scans_worker(actor=request.auth, exhibitor_id=exhibitor_id, code=payload.code)
    return Status(201, intention_out(_loaded(intention.pk)))


@router.post(
    "/fairs/exhibitors/{exhibitor_id}/apply",
    auth=AUTH,
    response={201: FairIntentionOut, **ERRORS},
    summary="线上招聘会投递岗位",
)
def apply_online(request: ApiRequest, exhibitor_id: int, payload: FairIntentionJobIn) -> Any:
    intention = services.apply_online(actor=request.auth, exhibitor_id=exhibitor_id, job_id=payload.job)
    return Status(201, intention_out(_loaded(intention.pk)))


@router.get(
    "/fairs/exhibitors/{exhibitor_id}/intentions",
    auth=AUTH,
    response={200: FairIntentionListOut, **ERRORS},
    summary="展位的面试意向（本单位或招聘会工作人员）",
)
def list_intentions(request: ApiRequest, exhibitor_id: int) -> Any:
    exhibitor = services.exhibitor_for(request.auth, exhibitor_id)
    rows = (
        Intention.objects.filter(exhibitor=exhibitor)
        .select_related(
            "exhibitor__fair",
            "exhibitor__booth",
            "exhibitor__enterprise",
            "worker__user",
            "worker__home_division",
            "application",
        )
        .prefetch_related("worker__skills__occupation", "worker__certificates__certificate_type")
        .order_by("-created_at", "-pk")
    )
    return {"items": [_detail(i) for i in rows]}


@router.post(
    "/fairs/intentions/{intention_id}/offer",
    auth=AUTH,
    response={200: FairIntentionOut, **ERRORS},
    summary="由面试意向发出录用",
)
def make_offer(request: ApiRequest, intention_id: int, payload: FairIntentionJobIn) -> Any:
    intention = services.make_offer(actor=request.auth, intention_id=intention_id, job_id=payload.job)
    return intention_out(_loaded(intention.pk))


@router.get(
    "/fairs/{code}/report",
    auth=AUTH,
    response={200: FairReportOut, **ERRORS},
    summary="招聘会报告",
)
def fair_report(request: ApiRequest, code: str = Path(..., max_length=16)) -> Any:
    fair = JobFair.objects.select_related("station").filter(code=code).first()
    if fair is None or not can_manage_fair(request.auth, fair):
        raise NotFoundError(_("招聘会不存在"))
    return report.fair_report(fair)
