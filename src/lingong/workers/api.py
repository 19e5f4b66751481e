"""Worker profile API, and station staff registering walk-ins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from lingong.accounts.access import require_staff
from lingong.accounts.api import TokenOut, token_response
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import PermissionDeniedError
from lingong.core.masking import mask_id_number, mask_phone
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, ClockTime, Code, PageOut, page_dict
from lingong.workers import selectors, services
from lingong.workers.models import WorkerProfile

router = Router(tags=["求职者"])
# Sign-up lives with the profile it creates; lingong/api.py mounts this router at /auth, next to accounts'.
register_router = Router(tags=["账户"])


class WorkerRegisterIn(Schema):
    phone: str = Field(max_length=20)
    password: str = Field(max_length=128)
    display_name: str = Field("", max_length=50)
    # Consent is given only by JSON ``true``: not "yes", "true", 1 or "on", which a lax boolean would take.
    consent: StrictBool = Field(description="同意隐私政策与个人信息处理（仅接受 JSON true/false）")
    station: int | None = Field(
        None, description="扫码所在驿站的编号（驿站页面登记链接中的 station）；注册后归属该驿站"
    )


@register_router.post(
    "/register/worker",
    response={201: TokenOut, **ERRORS},
    summary="求职者注册",
    operation_id="lingong_accounts_api_register_worker",  # unchanged by the move, for generated clients
)
def register_worker(request: HttpRequest, payload: WorkerRegisterIn) -> Status:
    profile = services.register_worker(
        phone=payload.phone,
        password=payload.password,
        display_name=payload.display_name,
        consent=payload.consent,
        station_id=payload.station,
    )
    return Status(201, token_response(profile.user))


class SkillIn(Schema):
    occupation: str = Field(max_length=64)
    years: int = Field(0, ge=0, le=60)


class SlotIn(Schema):
    weekday: int = Field(ge=0, le=6)
    start_time: ClockTime
    end_time: ClockTime


class ProfileIn(Schema):
    real_name: str | None = Field(None, max_length=30)
    id_number: str | None = Field(None, max_length=30)
    home_division: str | None = Field(None, max_length=12)
    home_lat: float | None = None
    home_lon: float | None = None
    travel_radius_km: int | None = None
    expected_pay: Decimal | None = None
    expected_pay_unit: str | None = Field(None, max_length=12)
    day_type: str | None = Field(None, max_length=16)
    skills: list[SkillIn] | None = Field(None, max_length=20)
    intended_occupations: list[Code] | None = Field(None, max_length=20)
    intended_divisions: list[Code] | None = Field(None, max_length=20)
    availability: list[SlotIn] | None = Field(None, max_length=50)
    target_groups: list[Code] | None = Field(None, max_length=10)
    about: str | None = Field(None, max_length=500)


def to_input(payload: ProfileIn) -> services.ProfileInput:
    data = payload.dict(exclude_unset=True)
    if payload.skills is not None:
        data["skills"] = [(s.occupation, s.years) for s in payload.skills]
    if payload.availability is not None:
        data["availability"] = [(s.weekday, s.start_time, s.end_time) for s in payload.availability]
    return services.ProfileInput(**data)


class CertificateOut(Schema):
    id: int
    certificate_type: str
    name: str
    number: str
    expires_on: dt.date | None
    verified: bool


class ProfileOut(Schema):
    id: int
    phone: str
    real_name: str
    id_number: str
    gender: str
    birth_date: dt.date | None
    home_division: str | None
    home_lat: float | None
    home_lon: float | None
    travel_radius_km: int
    expected_pay: Decimal | None
    expected_pay_unit: str
    day_type: str
    skills: list[SkillIn]
    intended_occupations: list[str]
    intended_divisions: list[str]
    availability: list[SlotIn]
    target_groups: list[str]
    about: str
    certificates: list[CertificateOut]
    station_id: int | None
    registration_channel: str
    complete: bool


def profile_out(p: WorkerProfile, *, masked: bool) -> dict[str, Any]:
    return {
        "id": p.pk,
        "phone": mask_phone(p.user.phone) if masked else p.user.phone,
        "real_name": p.masked_name if masked else p.real_name,
        "id_number": mask_id_number(p.id_number or "") if masked else (p.id_number or ""),
        "gender": p.gender,
        "birth_date": None if masked else p.birth_date,
        "home_division": p.home_division_id,
        "home_lat": p.home_lat,
        "home_lon": p.home_lon,
        "travel_radius_km": p.travel_radius_km,
        "expected_pay": p.expected_pay,
        "expected_pay_unit": p.expected_pay_unit,
        "day_type": p.day_type,
        "skills": [{"occupation": s.occupation_id, "years": s.years} for s in p.skills.all()],
        "intended_occupations": [o.code for o in p.intended_occupations.all()],
        "intended_divisions": [d.code for d in p.intended_divisions.all()],
        "availability": [
            {"weekday": a.weekday, "start_time": a.start_time, "end_time": a.end_time}
            for a in p.availability.all()
        ],
        "target_groups": list(p.target_groups),
        "about": p.about,
        "certificates": [
            {
                "id": c.pk,
                "certificate_type": c.certificate_type_id,
                "name": c.certificate_type.name,
                "number": c.number,
                "expires_on": c.expires_on,
                "verified": c.is_verified,
            }
            for c in p.certificates.select_related("certificate_type")
        ],
        "station_id": p.station_id,
        "registration_channel": p.registration_channel,
        "complete": p.is_complete,
    }


def _my_profile(request: ApiRequest) -> WorkerProfile:
    profile = selectors.profile_of(request.auth)
    if profile is None:
        raise PermissionDeniedError("仅求职者有个人求职资料。")
    return profile


@router.get("/me", auth=AUTH, response={200: ProfileOut, **ERRORS}, summary="我的求职资料")
def my_profile(request: ApiRequest) -> dict[str, Any]:
    return profile_out(_my_profile(request), masked=False)


@router.put("/me", auth=AUTH, response={200: ProfileOut, **ERRORS}, summary="填写/修改求职资料")
def update_my_profile(request: ApiRequest, payload: ProfileIn) -> dict[str, Any]:
    profile = _my_profile(request)
    services.update_profile(actor=request.auth, worker_id=profile.pk, data=to_input(payload))
    return profile_out(_my_profile(request), masked=False)


class CertificateIn(Schema):
    certificate_type: str = Field(max_length=64)
    number: str = Field(max_length=64)
    issuer: str = Field("", max_length=100)
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@router.post(
    "/me/certificates", auth=AUTH, response={201: CertificateOut, **ERRORS}, summary="上传证书（待驿站核验）"
)
def add_my_certificate(request: ApiRequest, payload: CertificateIn) -> Status:
    profile = _my_profile(request)
    cert = services.add_certificate(actor=request.auth, worker_id=profile.pk, **payload.dict())
    return Status(
        201,
        {
            "id": cert.pk,
            "certificate_type": cert.certificate_type_id,
            "name": cert.certificate_type.name,
            "number": cert.number,
            "expires_on": cert.expires_on,
            "verified": False,
        },
    )


class WalkInIn(Schema):
    phone: str = Field(max_length=20)
    consent_channel: str = Field(max_length=16, description="sms_code（短信验证码）或 paper（纸质授权书）")
    consent_reference: str = Field("", max_length=64)
    otp_code: str = Field("", max_length=10)
    profile: ProfileIn


@router.post("/walk-in", auth=AUTH, response={201: ProfileOut, **ERRORS}, summary="驿站代为登记求职者")
def walk_in(request: ApiRequest, payload: WalkInIn) -> Status:
    profile = services.register_walk_in(
        actor=request.auth,
        phone=payload.phone,
        consent_channel=payload.consent_channel,
        consent_reference=payload.consent_reference,
        otp_code=payload.otp_code,
        data=to_input(payload.profile),
    )
    return Status(201, profile_out(profile, masked=True))


@router.get(
    "", auth=AUTH, response={200: PageOut[ProfileOut], **ERRORS}, summary="本驿站/中心的求职者（脱敏）"
)
def station_workers(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    require_staff(request.auth)
    qs = selectors.station_workers(request.auth).prefetch_related(
        "skills", "intended_occupations", "intended_divisions", "availability"
    )
    result = paginate(qs, page, page_size)
    return page_dict(result, [profile_out(p, masked=True) for p in result.items])


@router.post(
    "/certificates/{certificate_id}/verify",
    auth=AUTH,
    response={200: CertificateOut, **ERRORS},
    summary="核验证书（工作人员）",
)
def verify_certificate(request: ApiRequest, certificate_id: int) -> dict[str, Any]:
    cert = services.verify_certificate(actor=request.auth, certificate_id=certificate_id)
    return {
        "id": cert.pk,
        "certificate_type": cert.certificate_type_id,
        "name": cert.certificate_type.name,
        "number": cert.number,
        "expires_on": cert.expires_on,
        "verified": True,
    }
