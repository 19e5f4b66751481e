"""Quick-recruit API: start, read, cancel, answer, nominate, and a worker's invitations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import InvalidInput, NotFoundError
from lingong.core.schemas import ERRORS
from lingong.jobs import services as job_services
from lingong.jobs.api import JobIn
from lingong.recruit import selectors, services, sms_reply
from lingong.recruit.models import CampaignInvite, QuickRecruit
from lingong.workers.api import ProfileIn, to_input

router = Router(tags=["即时快招"])


class QuickRecruitIn(Schema):
    job_id: int | None = Field(None, description="用工单位已发布（招聘中）的岗位；与 job 二选一")
    job: JobIn | None = Field(None, description="新岗位（审核通过后才能发起）")
    enterprise_id: int | None = Field(None, description="工作人员代用工单位发起新岗位时")
    headcount: int
    starts_at: dt.datetime = Field(description="到岗时间，72小时以内")
    fill_deadline: dt.datetime = Field(description="招满截止时间，不晚于到岗时间")
    auto_offer: bool = True


class QuickRecruitCounts(Schema):
    invited: int
    viewed: int
    answered: int
    offered: int
    accepted: int
    standby: int


class QuickRecruitWaveOut(Schema):
    number: int
    radius_km: float
    at: str
    invited: int
    stations_linked: int


class QuickRecruitOut(Schema):
    id: int
    title: str
    enterprise: str
    occupation: str
    headcount: int
    status: str
    status_label: str
    counts: QuickRecruitCounts
    started_at: str
    starts_at: str
    fill_deadline: str
    elapsed_s: int | None
    time_to_first_answer_s: int | None
    time_to_fill_s: int | None
    lat: float
    lon: float
    radius_km: float
    waves: int
    pay: str
    answer_url: str
    wave_list: list[QuickRecruitWaveOut]
    job_id: int
    auto_offer: bool


class QuickRecruitInviteOut(Schema):
    id: int
    campaign_id: int
    title: str
    enterprise: str
    state: str
    state_label: str
    channel: str
    invited_at: dt.datetime
    viewed_at: dt.datetime | None
    answered_at: dt.datetime | None
    campaign_status: str
    answer_url: str


class QuickRecruitWalkInIn(Schema):
    consent_channel: str = Field(max_length=16, description="sms_code（短信验证码）或 paper（纸质授权书）")
    consent_reference: str = Field("", max_length=64)
    otp_code: str = Field("", max_length=10)
    profile: ProfileIn


class QuickRecruitNominationIn(Schema):
    phone: str = Field(max_length=20)
    walk_in: QuickRecruitWalkInIn | None = Field(None, description="未登记的求职者：现场登记（须本人同意）")


def campaign_out(campaign: QuickRecruit) -> dict[str, Any]:
    return {
        **selectors.campaign_summary(campaign),
        "wave_list": selectors.waves(campaign),
        "job_id": campaign.job_id,
        "auto_offer": campaign.auto_offer,
    }


def invite_out(invite: CampaignInvite) -> dict[str, Any]:
    campaign = invite.campaign
    return {
        "id": invite.pk,
        "campaign_id": campaign.pk,
        "title": campaign.job.title,
        "enterprise": campaign.enterprise.name,
        "state": invite.state,
        "state_label": invite.get_state_display(),
        "channel": invite.channel,
        "invited_at": invite.invited_at,
        "viewed_at": invite.viewed_at,
        "answered_at": invite.answered_at,
        "campaign_status": campaign.status,
        "answer_url": services.invite_url(campaign.pk),
    }


def _campaign(campaign_id: int) -> QuickRecruit:
    campaign = QuickRecruit.objects.select_related("job", "enterprise").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFoundError("快招不存在")
    return campaign


@router.post("/quick-recruits", auth=AUTH, response={201: QuickRecruitOut, **ERRORS}, summary="发起即时快招")
def start(request: ApiRequest, payload: QuickRecruitIn) -> Status:
    data = services.CampaignInput(
        headcount=payload.headcount,
        starts_at=payload.starts_at,
        fill_deadline=payload.fill_deadline,
        auto_offer=payload.auto_offer,
        job_id=payload.job_id,
        job=job_services.JobInput(**payload.job.dict()) if payload.job is not None else None,
        enterprise_id=payload.enterprise_id,
    )
    campaign = services.start_campaign(actor=request.auth, data=data)
    return Status(201, campaign_out(_campaign(campaign.pk)))


@router.get(
    "/quick-recruits/{campaign_id}", auth=AUTH, response={200: QuickRecruitOut, **ERRORS}, summary="快招进展"
)
def detail(request: ApiRequest, campaign_id: int) -> dict[str, Any]:
    campaign = _campaign(campaign_id)
    services.require_viewer(request.auth, campaign)
    return campaign_out(campaign)


@router.post(
    "/quick-recruits/{campaign_id}/cancel",
    auth=AUTH,
    response={200: QuickRecruitOut, **ERRORS},
    summary="取消快招",
)
def cancel(request: ApiRequest, campaign_id: int) -> dict[str, Any]:
    services.cancel(actor=request.auth, campaign_id=campaign_id)
    return campaign_out(_campaign(campaign_id))


@router.post(
    "/quick-recruits/{campaign_id}/answers",
    auth=AUTH,
    response={200: QuickRecruitInviteOut, **ERRORS},
    summary="求职者一键接单",
)
def answer(request: ApiRequest, campaign_id: int) -> dict[str, Any]:
    invite = services.answer(actor=request.auth, campaign_id=campaign_id)
    return invite_out(
        CampaignInvite.objects.select_related("campaign__job", "campaign__enterprise").get(pk=invite.pk)
    )


@router.post(
    "/quick-recruits/{campaign_id}/nominations",
    auth=AUTH,
    response={201: QuickRecruitInviteOut, **ERRORS},
    summary="驿站代报名（已登记求职者或现场登记）",
)
def nominate(request: ApiRequest, campaign_id: int, payload: QuickRecruitNominationIn) -> Status:
    walk_in = None
    if payload.walk_in is not None:
        walk_in = services.WalkIn(
            profile=to_input(payload.walk_in.profile),
            consent_channel=payload.walk_in.consent_channel,
            consent_reference=payload.walk_in.consent_reference,
            otp_code=payload.walk_in.otp_code,
        )
    invite = services.nominate(
        actor=request.auth, campaign_id=campaign_id, phone=payload.phone, walk_in=walk_in
    )
    invite = CampaignInvite.objects.select_related("campaign__job", "campaign__enterprise").get(pk=invite.pk)
    return Status(201, invite_out(invite))


@router.get(
    "/me/invitations",
    auth=AUTH,
    response={200: list[QuickRecruitInviteOut], **ERRORS},
    summary="我的快招邀请",
)
def my_invitations(request: ApiRequest) -> list[dict[str, Any]]:
    worker = services.worker_of(request.auth)
    return [invite_out(i) for i in selectors.invitations_of(worker.pk)]


# --- Inbound text messages (上行短信): a reply "1" to an invitation ---------------------------------------


class SmsInboundIn(Schema):
    message_id: str = Field(min_length=1, max_length=64, description="短信平台的消息编号（重复投递按此去重）")
    sender: str = Field(alias="from", min_length=1, max_length=20, description="发送方手机号")
    text: str = Field(max_length=500, description="短信内容")
    received_at: str = Field(max_length=40, description="接收时间，ISO 8601，带时区")
    signature: str = Field(
        max_length=128, description="HMAC-SHA256(密钥, message_id\\nfrom\\ntext\\nreceived_at) 十六进制"
    )


class SmsInboundOut(Schema):
    message_id: str
    outcome: str
    duplicate: bool


@router.post(
    "/sms/inbound",
    response={200: SmsInboundOut, **ERRORS},
    summary="上行短信（短信平台回调）：回复“1”接受邀请",
    description=(
        "短信平台以部署密钥签名后推送。回复 1/是/好/接 视为接受该号码最近一条有效邀请；"
        "同一消息编号只处理一次。"
    ),
)
def sms_inbound(request: HttpRequest, payload: SmsInboundIn) -> dict[str, Any]:
    sms_reply.check_signature(
        message_id=payload.message_id,
        phone=payload.sender,
        text=payload.text,
        received_at=payload.received_at,
        signature=payload.signature,
    )
    received = parse_datetime(payload.received_at)
    if received is None or received.tzinfo is None:
        raise InvalidInput(_("接收时间格式有误"), errors={"received_at": [_("请使用带时区的 ISO 8601 时间")]})
    result = sms_reply.handle_inbound(
        message_id=payload.message_id, phone=payload.sender, text=payload.text, received_at=received
    )
    return {
        "message_id": result.inbound.message_id,
        "outcome": result.inbound.outcome,
        "duplicate": result.duplicate,
    }
