"""Reads for personal-data rights: the copy of everything the platform holds about one person, their
requests, and the staff queue with its clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from lingong.accounts.access import require_staff, scope_to_staff
from lingong.accounts.models import LoginEvent, User
from lingong.contracts.models import Contract, ContractSignature
from lingong.core import sla
from lingong.engagements.models import Engagement, Shift
from lingong.insurance.models import InsurancePolicy
from lingong.jobs.models import Application, Invitation
from lingong.notifications.models import Notification
from lingong.org.policy import policy_for
from lingong.ratings.models import Rating
from lingong.rights.models import RequestStatus, RetainedRecord, RightsRequest
from lingong.settlement.models import Payment, Statement
from lingong.workers.models import ConsentPurpose, ConsentRecord, WorkerProfile

# The sections of the copy, in the order the page and the PDF show them.
SECTION_TITLES: dict[str, Any] = {
    "account": _l("账户"),
    "profile": _l("求职资料"),
    "skills": _l("技能"),
    "certificates": _l("证书"),
    "availability": _l("可工作时段"),
    "membership": _l("所属用工单位"),
    "applications": _l("报名记录"),
    "invitations": _l("收到的邀请"),
    "engagements": _l("用工单"),
    "attendance": _l("考勤签到记录"),
    "contracts": _l("劳务协议与签署记录"),
    "insurance": _l("意外险"),
    "statements": _l("结算单"),
    "payments": _l("支付记录"),
    "ratings_given": _l("我给出的评价"),
    "ratings_received": _l("我收到的评价"),
    "consents": _l("个人信息授权"),
    "logins": _l("登录记录"),
    "notifications": _l("站内消息"),
    "requests": _l("权利请求"),
}

# Chinese labels of the fields, for the PDF and the page.
LABELS: dict[str, Any] = {
    "id": _l("编号"),
    "phone": _l("手机号"),
    "display_name": _l("称呼"),
    "role": _l("角色"),
    "date_joined": _l("注册时间"),
    "real_name": _l("姓名"),
    "id_number": _l("身份证号码"),
    "gender": _l("性别"),
    "birth_date": _l("出生日期"),
    "home_division": _l("常住区域"),
    "home_location": _l("常住地位置（纬度,经度）"),
    "travel_radius_km": _l("愿意通勤距离（公里）"),
    "expected_pay": _l("期望报酬"),
    "day_type": _l("工作时段"),
    "intended_occupations": _l("求职意向"),
    "target_groups": _l("重点群体"),
    "about": _l("自我介绍"),
    "station": _l("服务驿站"),
    "registration_channel": _l("登记方式"),
    "created_at": _l("时间"),
    "occupation": _l("技能/工种"),
    "years": _l("从业年限"),
    "certificate_type": _l("证书类型"),
    "number": _l("编号"),
    "issuer": _l("发证机关"),
    "issued_on": _l("发证日期"),
    "expires_on": _l("有效期至"),
    "verified_at": _l("核验时间"),
    "weekday": _l("星期"),
    "start_time": _l("开始"),
    "end_time": _l("结束"),
    "enterprise": _l("用工单位"),
    "member_role": _l("角色"),
    "contact_name": _l("联系人"),
    "contact_phone": _l("联系电话"),
    "job": _l("岗位"),
    "status": _l("状态"),
    "message": _l("留言"),
    "applied_at": _l("报名时间"),
    "pay": _l("报酬"),
    "start_date": _l("开始日期"),
    "end_date": _l("结束日期"),
    "engagement": _l("用工单"),
    "date": _l("日期"),
    "check_in_at": _l("签到时间"),
    "check_in_position": _l("签到位置（纬度,经度）"),
    "check_out_at": _l("签退时间"),
    "check_out_position": _l("签退位置（纬度,经度）"),
    "check_method": _l("签到方式"),
    "worked_hours": _l("计酬工时"),
    "version": _l("版本"),
    "pdf_sha256": _l("文件SHA-256"),
    "signed_at": _l("签署时间"),
    "ip": _l("IP地址"),
    "user_agent": _l("设备信息"),
    "policy_number": _l("保单号"),
    "coverage": _l("保险期间"),
    "premium": _l("保费"),
    "period": _l("结算期间"),
    "gross": _l("应发金额"),
    "tax": _l("代扣个税"),
    "net": _l("实发金额"),
    "amount": _l("金额"),
    "paid_at": _l("支付时间"),
    "provider": _l("支付渠道"),
    "stars": _l("评分"),
    "comment": _l("评价内容"),
    "purpose": _l("目的"),
    "channel": _l("方式"),
    "notice_version": _l("告知书版本"),
    "given_at": _l("授权时间"),
    "withdrawn_at": _l("撤回时间"),
    "at": _l("时间"),
    "method": _l("方式"),
    "title": _l("标题"),
    "body": _l("内容"),
    "read_at": _l("已读时间"),
    "kind": _l("类型"),
    "detail": _l("说明"),
    "decided_at": _l("答复时间"),
    "decision_note": _l("答复说明"),
    "due": _l("答复期限"),
}

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _v(value: Any) -> Any:
    """A JSON-safe value: local ISO times, plain decimals."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(**fields: Any) -> dict[str, Any]:
    return {key: _v(value) for key, value in fields.items()}


def _position(lat: float | None, lon: float | None) -> str | None:
    return None if lat is None or lon is None else f"{lat:.6f},{lon:.6f}"


def _account(user: User) -> list[dict[str, Any]]:
    return [
        _row(
            id=user.pk,
            phone=user.phone,
            display_name=user.display_name,
            role=str(user.get_role_display()),
            date_joined=user.date_joined,
            station=str(user.station) if user.station_id else "",
        )
    ]


def _profile_sections(profile: WorkerProfile) -> dict[str, list[dict[str, Any]]]:
    return {
        "profile": [
            _row(
                real_name=profile.real_name,
                id_number=profile.id_number or "",
                gender=str(profile.get_gender_display()) if profile.gender else "",
                birth_date=profile.birth_date,
                home_division=str(profile.home_division) if profile.home_division_id else "",
                home_location=_position(profile.home_lat, profile.home_lon),
                travel_radius_km=profile.travel_radius_km,
                expected_pay=(
                    f"{profile.expected_pay} / {profile.get_expected_pay_unit_display()}"
                    if profile.expected_pay is not None
                    else ""
                ),
                day_type=str(profile.get_day_type_display()),
                intended_occupations="、".join(o.name for o in profile.intended_occupations.all()),
                target_groups="、".join(profile.target_groups or []),
                about=profile.about,
                station=str(profile.station) if profile.station_id else "",
                registration_channel=str(profile.get_registration_channel_display()),
                created_at=profile.created_at,
            )
        ],
        "skills": [
            _row(occupation=s.occupation.name, years=s.years)
            for s in profile.skills.select_related("occupation").order_by("pk")
        ],
        "certificates": [
            _row(
                certificate_type=c.certificate_type.name,
                number=c.number,
                issuer=c.issuer,
                issued_on=c.issued_on,
                expires_on=c.expires_on,
                verified_at=c.verified_at,
            )
            for c in profile.certificates.select_related("certificate_type").order_by("pk")
        ],
        "availability": [
            _row(weekday=WEEKDAYS[a.weekday], start_time=a.start_time, end_time=a.end_time)
            for a in profile.availability.all()
        ],
        "applications": [
            _row(
                id=a.pk,
                job=a.job.title,
                enterprise=a.job.enterprise.name,
                status=str(a.get_status_display()),
                message=a.message,
                applied_at=a.applied_at,
            )
            for a in Application.objects.filter(worker=profile)
            .select_related("job__enterprise")
            .order_by("pk")
        ],
        "invitations": [
            _row(job=i.job.title, enterprise=i.job.enterprise.name, created_at=i.created_at)
            for i in Invitation.objects.filter(worker=profile)
            .select_related("job__enterprise")
            .order_by("pk")
        ],
    }


def _engagement_sections(profile: WorkerProfile) -> dict[str, list[dict[str, Any]]]:
    engagements = list(
        Engagement.objects.filter(worker=profile).select_related("job", "enterprise").order_by("pk")
    )
    ids = [e.pk for e in engagements]
    shifts = Shift.objects.filter(engagement_id__in=ids).order_by("engagement_id", "date")
    contracts = Contract.objects.filter(engagement_id__in=ids).order_by("engagement_id", "version")
    signatures = ContractSignature.objects.filter(contract__engagement_id__in=ids, user=profile.user)
    signed = {s.contract_id: s for s in signatures}
    statements = Statement.objects.filter(worker=profile).order_by("pk")
    return {
        "engagements": [
            _row(
                id=e.pk,
                job=e.job.title,
                enterprise=e.enterprise.name,
                status=str(e.get_status_display()),
                pay=f"{e.pay_amount} / {e.get_pay_unit_display()}",
                start_date=e.start_date,
                end_date=e.end_date,
            )
            for e in engagements
        ],
        "attendance": [
            _row(
                engagement=s.engagement_id,
                date=s.date,
                status=str(s.get_status_display()),
                check_in_at=s.check_in_at,
                check_in_position=_position(s.check_in_lat, s.check_in_lon),
                check_out_at=s.check_out_at,
                check_out_position=_position(s.check_out_lat, s.check_out_lon),
                check_method=str(s.get_check_in_method_display()) if s.check_in_method else "",
                worked_hours=s.worked_hours,
            )
            for s in shifts
        ],
        "contracts": [
            _row(
                engagement=c.engagement_id,
                version=c.version,
                status=str(c.get_status_display()),
                pdf_sha256=c.signed_pdf_sha256 or c.pdf_sha256,
                signed_at=signed[c.pk].signed_at if c.pk in signed else None,
                ip=signed[c.pk].ip if c.pk in signed else None,
                user_agent=signed[c.pk].user_agent if c.pk in signed else "",
            )
            for c in contracts
        ],
        "insurance": [
            _row(
                engagement=p.engagement_id,
                status=str(p.get_status_display()),
                policy_number=p.policy_number,
                coverage=f"{p.coverage_start} ~ {p.coverage_end}",
                premium=p.premium,
            )
            for p in InsurancePolicy.objects.filter(engagement_id__in=ids).order_by("pk")
        ],
        "statements": [
            _row(
                number=s.number,
                engagement=s.engagement_id,
                period=f"{s.period_start} ~ {s.period_end}",
                gross=s.gross,
                tax=s.tax,
                net=s.net,
                status=str(s.get_status_display()),
            )
            for s in statements
        ],
        "payments": [
            _row(
                number=p.statement.number,
                amount=p.amount,
                status=str(p.get_status_display()),
                paid_at=p.paid_at,
            )
            for p in Payment.objects.filter(statement__worker=profile)
            .select_related("statement")
            .order_by("pk")
        ],
        "ratings_received": [
            _row(
                engagement=r.engagement_id,
                stars=r.stars,
                comment="" if r.hidden else r.comment,
                created_at=r.created_at,
            )
            for r in Rating.objects.filter(engagement_id__in=ids, direction="employer_to_worker").order_by(
                "pk"
            )
        ],
    }


def _membership(user: User) -> list[dict[str, Any]]:
    membership = getattr(user, "membership", None)
    if membership is None:
        return []
    enterprise = membership.enterprise
    is_contact = enterprise.contact_phone == user.phone
    return [
        _row(
            enterprise=enterprise.name,
            member_role=str(membership.get_role_display()),
            contact_name=enterprise.contact_name if is_contact else "",
            contact_phone=enterprise.contact_phone if is_contact else "",
        )
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user`` (and nobody else): the copy for download."""
    sections: dict[str, list[dict[str, Any]]] = {"account": _account(user)}
    profile = WorkerProfile.objects.filter(user=user).first()
    if profile is not None:
        sections.update(_profile_sections(profile))
        sections.update(_engagement_sections(profile))
    membership = _membership(user)
    if membership:
        sections["membership"] = membership
    sections["ratings_given"] = [
        _row(engagement=r.engagement_id, stars=r.stars, comment=r.comment, created_at=r.created_at)
        for r in Rating.objects.filter(rater=user).order_by("pk")
    ]
    sections["consents"] = [consent_row(c) for c in consents_of(user)]
    sections["logins"] = [
        _row(at=e.at, method=str(e.get_method_display()), ip=e.ip, user_agent=e.user_agent)
        for e in LoginEvent.objects.filter(user=user)[:200]
    ]
    sections["notifications"] = [
        _row(title=n.title, body=n.body, created_at=n.created_at, read_at=n.read_at)
        for n in Notification.objects.filter(user=user).order_by("-created_at")[:500]
    ]
    sections["requests"] = [request_row(r) for r in requests_of(user)]
    ordered = {key: sections[key] for key in SECTION_TITLES if key in sections}
    return {
        "generated_at": _v(timezone.now()),
        "user_id": user.pk,
        "sections": {
            key: {"title": str(SECTION_TITLES[key]), "items": items} for key, items in ordered.items()
        },
    }


# --- Consents -------------------------------------------------------------------------------------


# What withdrawing each consent does, told before the person confirms.
WITHDRAW_EFFECTS: dict[str, Any] = {
    ConsentPurpose.REGISTRATION: _l(
        "求职登记与岗位匹配是使用本平台的前提。撤回后平台将无法继续为您服务：撤回即提出注销账户申请，"
        "工作人员在期限内为您注销并删除个人信息（依法须保存的结算、协议记录锁定保存）。"
    ),
    ConsentPurpose.SENSITIVE: _l(
        "撤回后平台不再为新的用工使用您的身份证号码，需要实名的签约、投保和结算将无法进行；"
        "已签署协议和已结算记录中的号码依法保存。"
    ),
    ConsentPurpose.SHARE_CONTACT: _l("撤回后用工单位将看不到您的完整手机号，只能通过平台站内消息联系您。"),
}


def consents_of(user: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-given_at", "-pk")


def consent_row(c: ConsentRecord) -> dict[str, Any]:
    return _row(
        id=c.pk,
        purpose=str(c.get_purpose_display()),
        channel=str(c.get_channel_display()),
        notice_version=c.notice_version,
        given_at=c.given_at,
        withdrawn_at=c.withdrawn_at,
    )


# --- Requests and the staff queue -----------------------------------------------------------------


def requests_of(user: User) -> QuerySet[RightsRequest]:
    return RightsRequest.objects.filter(user=user).order_by("-created_at", "-pk")


def allowed_time(market_id: int | None) -> dt.timedelta:
    return dt.timedelta(days=policy_for(market_id).rights_request_sla_days)


def clock_of(request: RightsRequest, now: dt.datetime | None = None) -> sla.SlaClock:
    return sla.clock(request.created_at, allowed_time(request.market_id), now)


def request_row(r: RightsRequest) -> dict[str, Any]:
    return _row(
        id=r.pk,
        kind=str(r.get_kind_display()),
        detail=r.detail,
        status=str(r.get_status_display()),
        created_at=r.created_at,
        due=clock_of(r).deadline,
        decided_at=r.decided_at,
        decision_note=r.decision_note,
    )


@dataclass(frozen=True)
class QueueItem:
    request: RightsRequest
    clock: sla.SlaClock


def staff_requests(actor: User) -> QuerySet[RightsRequest]:
    """The requests a staff member may see: their market, through the person's station for station and
    centre staff (a person with no station is the market admins')."""
    require_staff(actor)
    return scope_to_staff(RightsRequest.objects.all(), actor).select_related("user", "station")


def staff_queue(actor: User, *, show: str = "pending") -> list[QueueItem]:
    """``show``: "pending" (oldest first), "overdue" (pending past their deadline) or "all" (newest first)."""
    rows = staff_requests(actor)
    now = timezone.now()
    if show == "all":
        items = [QueueItem(r, clock_of(r, now)) for r in rows.order_by("-created_at", "-pk")[:200]]
        return items
    items = [QueueItem(r, clock_of(r, now)) for r in rows.filter(status=RequestStatus.PENDING)]
    if show == "overdue":
        items = [i for i in items if i.clock.overdue]
    return items


def overdue_count(actor: User) -> int:
    """Pending requests past their deadline in the staff member's scope (the staff home page's badge)."""
    return sum(1 for item in staff_queue(actor, show="overdue"))


def pending_count(actor: User) -> int:
    return staff_requests(actor).filter(status=RequestStatus.PENDING).count()


def retained_records(actor: User, *, include_purged: bool = False) -> QuerySet[RetainedRecord]:
    require_staff(actor)
    rows = scope_to_staff(RetainedRecord.objects.all(), actor).select_related("station")
    return rows if include_purged else rows.filter(purged_at__isnull=True)


def live_engagements(profile: WorkerProfile | None) -> list[Engagement]:
    """Engagements that block closing the account: not ended yet, or ended with pay still to settle."""
    if profile is None:
        return []
    return list(
        Engagement.objects.filter(worker=profile)
        .filter(Q(status__in=("contract_pending", "signed", "insured", "in_progress", "completed")))
        .select_related("job")
        .order_by("pk")
    )


def text_of(items: Iterable[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    """Each item as (Chinese label, text) pairs, for the page and the PDF."""
    out = []
    for item in items:
        out.append([(str(LABELS.get(k, k)), "" if v is None else str(v)) for k, v in item.items()])
    return out
