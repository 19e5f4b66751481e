"""Personal-data rights: withdrawing consent, filing and answering requests, closing an account (erasing
or anonymising personal data and locking what the law keeps), reading locked data and purging it when its
retention period ends. What happens to each model is tabled in docs/privacy-rights.md."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff, market_id_of, require_staff, staff_can_see_station
from lingong.accounts.models import ApiToken, LoginEvent, OtpCode, Role, User
from lingong.audit import trail as audit
from lingong.audit.lifecycle import Lifecycle
from lingong.contracts.models import Contract, ContractSignature
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements.models import Engagement, Shift
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy
from lingong.jobs.models import Application, Invitation
from lingong.notifications.models import Notification, OutboundMessage
from lingong.ratings.models import Rating
from lingong.rights import selectors
from lingong.rights.models import (
    RequestKind,
    RequestStatus,
    RetainedRecord,
    RetentionCategory,
    RightsRequest,
)
from lingong.settlement.models import Payment, Statement
from lingong.workers import services as worker_services
from lingong.workers.models import (
    Availability,
    ConsentPurpose,
    ConsentRecord,
    WorkerCertificate,
    WorkerProfile,
    WorkerSkill,
)

# Retention after an account is closed (DOMAIN-RULES "keep what tax law requires, locked"):
# - tax: statements, payments and the withholding figures are accounting and tax records: kept 10 years
#   (税收征收管理法实施细则 art. 29: 账簿、记账凭证、完税凭证及其他涉税资料 10 years);
# - contract: signed labour-service contracts, their signature evidence (time, IP, browser, hash) and the
#   insurance taken for the engagement: kept 3 years after the engagement ended, the civil limitation
#   period for a claim under them (Civil Code art. 188).
TAX_RETENTION_YEARS = 10
CONTRACT_RETENTION_YEARS = 3
BASIS: dict[str, str] = {
    RetentionCategory.TAX: "税收征收管理法实施细则第二十九条：涉税资料保存10年",
    RetentionCategory.CONTRACT: "民法典第一百八十八条：诉讼时效3年，自用工结束起算",
}
REASON_MIN = 5

REQUEST_LIFECYCLE = Lifecycle.of(
    "rights_request",
    [
        (RequestStatus.PENDING, RequestStatus.COMPLETED),
        (RequestStatus.PENDING, RequestStatus.REFUSED),
    ],
    choices=RequestStatus,
    subject="个人信息权利请求",
)
DETAIL_MAX = 500


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _station_of(user: User) -> Any:
    profile = WorkerProfile.objects.filter(user=user).first()
    return profile.station if profile is not None and profile.station_id else user.station


# --- Consents -------------------------------------------------------------------------------------


def _own_consent(actor: User, consent_id: int) -> ConsentRecord:
    if not getattr(actor, "is_authenticated", False):
        raise NotFoundError(_("授权记录不存在"))
    consent = ConsentRecord.objects.filter(pk=consent_id, user_id=actor.pk).first()
    if consent is None:
        raise NotFoundError(_("授权记录不存在"))
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, consent_id: int, close_account: bool = False) -> ConsentRecord:
    """Withdraw one consent the actor gave (someone else's: 404).

    The registration consent is what the account rests on: withdrawing it is asking to close the account,
    so it needs ``close_account`` (the page and the API explain this first) and files a deletion request.
    """
    consent = _own_consent(actor, consent_id)
    if consent.withdrawn_at is not None:
        raise ConflictError(_("该授权已撤回。"), code="already_withdrawn")
    if consent.purpose == ConsentPurpose.REGISTRATION:
        if not close_account:
            raise ConflictError(
                str(selectors.WITHDRAW_EFFECTS[ConsentPurpose.REGISTRATION])
                + _("如确认，请勾选“撤回并申请注销账户”后再提交。"),
                code="closes_account",
            )
        request_deletion(actor=actor, detail=_("撤回求职登记授权"))
    worker_services.withdraw_consent(actor=actor, purpose=consent.purpose)
    consent.refresh_from_db()
    return consent


# --- Requests -------------------------------------------------------------------------------------


def _file(*, actor: User, kind: str, detail: str) -> RightsRequest:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    detail = (detail or "").strip()
    if len(detail) > DETAIL_MAX:
        raise InvalidInput(_("说明最多500字。"), errors={"detail": [_("说明最多500字")]})
    if kind == RequestKind.CORRECTION and not detail:
        raise InvalidInput(
            _("请写明哪项信息不正确、应改为什么。"), errors={"detail": [_("请写明需要更正的内容")]}
        )
    if RightsRequest.objects.filter(user=actor, kind=kind, status=RequestStatus.PENDING).exists():
        raise ConflictError(_("您已有一件同类请求正在处理，请等待答复。"), code="request_pending")
    try:
        with transaction.atomic():
            request = RightsRequest.objects.create(
                user=actor,
                market_id=market_id_of(actor),
                station=_station_of(actor),
                kind=kind,
                detail=detail,
            )
    except IntegrityError as exc:  # two submissions racing
        raise ConflictError(_("您已有一件同类请求正在处理，请等待答复。"), code="request_pending") from exc
    audit.record(action=f"rights.{kind}_requested", obj=request, actor=actor, data={"kind": kind})
    return request


@transaction.atomic
def file_request(*, actor: User, kind: str, detail: str = "") -> RightsRequest:
    """An access (copy) or correction request; deletion goes through ``request_deletion``."""
    if kind not in (RequestKind.ACCESS, RequestKind.CORRECTION):
        raise InvalidInput(_("请求类型无效"), errors={"kind": [_("请求类型无效")]})
    return _file(actor=actor, kind=kind, detail=detail)


def deletion_blockers(user: User) -> list[str]:
    """Why the account cannot be closed now (empty: it can)."""
    if is_staff(user):
        return [_("工作人员账户由本市场管理员办理停用，请联系管理员。")]
    profile = WorkerProfile.objects.filter(user=user).first()
    return [
        _("用工单 %(id)s「%(title)s」尚未结束或尚未结清") % {"id": e.pk, "title": e.job.title}
        for e in selectors.live_engagements(profile)
    ]


@transaction.atomic
def request_deletion(*, actor: User, detail: str = "") -> RightsRequest:
    blockers = deletion_blockers(actor)
    if blockers:
        raise ConflictError(
            _("暂时不能注销：%(why)s。用工结束并结清报酬后可再次申请（您仍可撤回其他授权）。")
            % {"why": "；".join(blockers)},
            code="deletion_blocked",
            errors={"__all__": blockers},
        )
    return _file(actor=actor, kind=RequestKind.DELETION, detail=detail)


def _request_in_scope(actor: User, request_id: int, *, lock: bool = False) -> RightsRequest:
    require_staff(actor)
    rows = RightsRequest.objects.select_related("user", "station")
    if lock:
        rows = rows.select_for_update(of=("self",))
    request = rows.filter(pk=request_id, market_id=market_id_of(actor)).first()
    if request is None or not (
        actor.role == Role.MARKET_ADMIN or staff_can_see_station(actor, request.station)
    ):
        raise NotFoundError(_("请求不存在"))
    return request


@transaction.atomic
def decide(*, actor: User, request_id: int, complete: bool, note: str) -> RightsRequest:
    """Staff answer a request: complete it (a deletion closes the account) or refuse it with a reason."""
    request = _request_in_scope(actor, request_id, lock=True)
    if request.status != RequestStatus.PENDING:
        raise ConflictError(_("该请求已答复。"), code="already_decided")  # clearer than invalid_transition
    note = (note or "").strip()
    if not complete and len(note) < REASON_MIN:
        raise InvalidInput(_("不予办理须写明理由（至少5个字）。"), errors={"note": [_("请写明理由")]})
    if len(note) > DETAIL_MAX:
        raise InvalidInput(_("说明最多500字。"), errors={"note": [_("说明最多500字")]})
    if complete and request.kind == RequestKind.DELETION:
        if actor.role != Role.MARKET_ADMIN:
            raise PermissionDeniedError(_("注销账户由市场管理员办理。"))
        erase_account(actor=actor, user_id=request.user_id)
    to = RequestStatus.COMPLETED if complete else RequestStatus.REFUSED
    request.decided_by = actor
    request.decision_note = note
    REQUEST_LIFECYCLE.advance(
        request,
        to,
        actor=actor,
        action=f"rights.request_{to}",
        stamp="decided_at",
        fields=("decided_by", "decision_note"),
        data={"kind": request.kind, "overdue": selectors.clock_of(request).overdue},
    )
    return request


# --- Closing an account ---------------------------------------------------------------------------


def _lock(
    user: User,
    profile: WorkerProfile,
    category: str,
    retain_until: dt.date,
    content: dict[str, Any],
    object_ids: dict[str, list[int]],
) -> RetainedRecord:
    return RetainedRecord.objects.create(
        user=user,
        market_id=profile.market_id,
        station=profile.station,
        category=category,
        basis=BASIS[category],
        snapshot=json.dumps(content, ensure_ascii=False),
        object_ids=object_ids,
        retain_until=retain_until,
    )


def _lock_retained(user: User, profile: WorkerProfile) -> list[RetainedRecord]:
    """Snapshot what tax and contract law keep, with the identity it needs, before the profile is erased."""
    data = selectors.personal_data(user)["sections"]
    identity = {
        "real_name": profile.real_name,
        "id_number": profile.id_number or "",
        "phone": user.phone,
        "user_id": user.pk,
        "worker_id": profile.pk,
    }
    locked = []
    statements = list(Statement.objects.filter(worker=profile).order_by("pk"))
    if statements:
        last = max(timezone.localtime(s.paid_at or s.created_at).date() for s in statements)
        locked.append(
            _lock(
                user,
                profile,
                RetentionCategory.TAX,
                _years_after(dt.date(last.year, 12, 31), TAX_RETENTION_YEARS),
                {
                    "identity": identity,
                    "statements": data.get("statements", {}).get("items", []),
                    "payments": data.get("payments", {}).get("items", []),
                },
                {
                    "statements": [s.pk for s in statements],
                    "payments": list(
                        Payment.objects.filter(statement__in=statements).values_list("pk", flat=True)
                    ),
                },
            )
        )
    engagements = list(Engagement.objects.filter(worker=profile))
    contracts = list(Contract.objects.filter(engagement__in=engagements).values_list("pk", flat=True))
    if contracts:
        ended = max(
            timezone.localtime(e.cancelled_at).date() if e.cancelled_at else e.end_date for e in engagements
        )
        locked.append(
            _lock(
                user,
                profile,
                RetentionCategory.CONTRACT,
                _years_after(ended, CONTRACT_RETENTION_YEARS),
                {
                    "identity": identity,
                    "engagements": data.get("engagements", {}).get("items", []),
                    "contracts": data.get("contracts", {}).get("items", []),
                    "insurance": data.get("insurance", {}).get("items", []),
                },
                {
                    "engagements": [e.pk for e in engagements],
                    "contracts": contracts,
                    "insurance": list(
                        InsurancePolicy.objects.filter(engagement__in=engagements).values_list(
                            "pk", flat=True
                        )
                    ),
                },
            )
        )
    return locked


def _placeholder_phone(user: User) -> str:
    """Unique, never a mobile number (those start with 1), so nobody can sign in with it."""
    return f"0{user.pk:010d}"[-11:]


@transaction.atomic
def erase_account(*, actor: User, user_id: int) -> User:
    """Close the account: erase or anonymise its personal data, lock what the law keeps (see the table in
    docs/privacy-rights.md). Refused while an engagement is not ended and settled."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(_("账户不存在"))
    if user.erased_at is not None:
        raise ConflictError(_("该账户已注销。"), code="already_erased")
    blockers = deletion_blockers(user)
    if blockers:
        raise ConflictError(
            _("暂时不能注销：%(why)s。") % {"why": "；".join(blockers)},
            code="deletion_blocked",
            errors={"__all__": blockers},
        )
    now = timezone.now()
    old_phone = user.phone
    profile = WorkerProfile.objects.filter(user=user).first()
    locked = _lock_retained(user, profile) if profile is not None else []
    if profile is not None:
        engagement_ids = list(Engagement.objects.filter(worker=profile).values_list("pk", flat=True))
        WorkerSkill.objects.filter(worker=profile).delete()
        WorkerCertificate.objects.filter(worker=profile).delete()
        Availability.objects.filter(worker=profile).delete()
        Invitation.objects.filter(worker=profile).delete()
        Application.objects.filter(worker=profile, engagement__isnull=True).delete()
        Application.objects.filter(worker=profile).update(message="", reason="")
        # Precise positions are sensitive; the times and hours stay (they are what was paid).
        Shift.objects.filter(engagement_id__in=engagement_ids).update(
            check_in_lat=None, check_in_lon=None, check_out_lat=None, check_out_lon=None
        )
        Rating.objects.filter(engagement_id__in=engagement_ids, direction="employer_to_worker").update(
            comment=""
        )
        profile.intended_occupations.clear()
        profile.intended_divisions.clear()
        WorkerProfile.objects.filter(pk=profile.pk).update(
            real_name="",
            id_number="",
            id_number_index=None,
            gender="",
            birth_date=None,
            home_division=None,
            home_lat=None,
            home_lon=None,
            expected_pay=None,
            target_groups=[],
            about="",
            updated_at=now,  # the matching index polls updated_at: it drops the worker within a second
        )
    membership = getattr(user, "membership", None)
    if membership is not None:
        membership.delete()
    Rating.objects.filter(rater=user).update(comment="")
    ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    ApiToken.objects.filter(user=user).delete()
    LoginEvent.objects.filter(user=user).delete()
    OtpCode.objects.filter(phone=old_phone).delete()
    Notification.objects.filter(user=user).delete()
    OutboundMessage.objects.filter(user=user).update(phone="", params={})
    OutboundMessage.objects.filter(phone=old_phone).update(phone="", params={})
    RightsRequest.objects.filter(user=user).update(detail="")
    user.phone = _placeholder_phone(user)
    user.display_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.erased_at = now
    user.save(update_fields=["phone", "display_name", "password", "is_active", "is_staff", "erased_at"])
    audit.record(
        action="rights.account_erased",
        obj=user,
        actor=actor,
        data={"locked": [{"id": r.pk, "category": r.category, "until": str(r.retain_until)} for r in locked]},
        market=user.market_id,
    )
    return user


# --- Locked data ----------------------------------------------------------------------------------


def _record_in_scope(actor: User, record_id: int) -> RetainedRecord:
    require_staff(actor)
    record = (
        RetainedRecord.objects.select_related("station")
        .filter(pk=record_id, market_id=market_id_of(actor), purged_at__isnull=True)
        .first()
    )
    if record is None or not (
        actor.role == Role.MARKET_ADMIN or staff_can_see_station(actor, record.station)
    ):
        raise NotFoundError(_("锁定记录不存在"))
    return record


@transaction.atomic
def read_locked(*, actor: User, record_id: int, reason: str) -> dict[str, Any]:
    """Staff read locked data, giving a reason that goes into the audit trail with who and when."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise InvalidInput(
            _("查看依法锁定的信息须写明事由（至少5个字），事由将被记录。"),
            errors={"reason": [_("请写明事由")]},
        )
    record = _record_in_scope(actor, record_id)
    audit.record(
        action="rights.locked_data_read",
        obj=record,
        actor=actor,
        data={"reason": reason[:200], "category": record.category, "user": record.user_id},
    )
    return json.loads(record.snapshot or "{}")


def purge_expired(*, today: dt.date | None = None) -> int:
    """Erase locked records whose retention period has ended (the daily task). Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for record_id in RetainedRecord.objects.filter(
        purged_at__isnull=True, retain_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            record = (
                RetainedRecord.objects.select_for_update()
                .filter(pk=record_id, purged_at__isnull=True)
                .first()
            )
            if record is None:
                continue
            _purge(record)
            count += 1
    return count


def _purge(record: RetainedRecord) -> None:
    ids = record.object_ids or {}
    if record.category == RetentionCategory.TAX:
        Statement.objects.filter(pk__in=ids.get("statements", [])).update(
            lines=[], tax_calc={}, invoice_note=""
        )
        Payment.objects.filter(pk__in=ids.get("payments", [])).update(reference="")
    else:
        contracts = ids.get("contracts", [])
        Contract.objects.filter(pk__in=contracts).update(pdf=b"", signed_pdf=None, terms={})
        ContractSignature.objects.filter(contract_id__in=contracts).update(ip=None, user_agent="")
        policies = InsurancePolicy.objects.filter(pk__in=ids.get("insurance", []))
        LocalIssuedPolicy.objects.filter(
            idempotency_key__in=list(policies.values_list("idempotency_key", flat=True))
        ).update(insured_name="")
        policies.update(certificate_pdf=None)
    record.snapshot = ""
    record.purged_at = timezone.now()
    record.save(update_fields=["snapshot", "purged_at"])
    audit.record(
        action="rights.locked_data_purged",
        obj=record,
        data={"category": record.category, "retain_until": str(record.retain_until)},
        market=record.market_id,
    )


def purge_login_history(*, now: dt.datetime | None = None, keep_days: int = 183) -> int:
    """Login records are a security log kept at least 6 months (Cybersecurity Law art. 21), then deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    deleted, _rows = LoginEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
