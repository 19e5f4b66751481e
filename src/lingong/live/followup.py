"""Staff follow up the leads a live room left (跟进): contacted, no answer, not interested, with a note;
"代为报名" (apply for the worker, with the worker's consent) links the lead to a real application; a lead
becomes HIRED only when that application's engagement starts (``hire_from_engagement``, called by the
receiver in ``live.receivers``), never by typing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import require_staff
from lingong.accounts.models import OtpPurpose
from lingong.audit import sensitive, trail
from lingong.audit.models import SensitiveField
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import live_staff_group, send_event_on_commit
from lingong.core.masking import mask_phone
from lingong.engagements.models import Engagement
from lingong.jobs import services as jobs
from lingong.jobs.models import ACTIVE_APPLICATION_STATUSES, Application
from lingong.live.leads import lead_payload
from lingong.live.models import LEAD_LIFECYCLE, Lead, LeadFollowUp, LeadStatus
from lingong.live.office_scope import can_manage_session, session_scope_q
from lingong.workers.models import ConsentChannel, WorkerProfile

# What staff may set by hand; APPLIED comes from 代为报名 (or the worker's own consent in the room),
# HIRED from the engagement.
FOLLOW_UP_STATUSES = (LeadStatus.CONTACTED, LeadStatus.NO_ANSWER, LeadStatus.NOT_INTERESTED)
NOTE_MAX = 300
REFERENCE_MAX = 64


def leads_for_staff(actor: Any) -> Any:
    require_staff(actor)
    return Lead.objects.filter(session_scope_q(actor, "session__"))


def lead_for_staff(actor: Any, lead_id: int) -> Lead:
    """A lead of a session the staff member manages, else 404."""
    lead = (
        leads_for_staff(actor)
        .select_related("session__station", "job__enterprise", "viewer", "worker__user", "application")
        .filter(pk=lead_id)
        .first()
    )
    if lead is None:
        raise NotFoundError(_("线索不存在"))
    return lead


def _lock(actor: Any, lead_id: int) -> Lead:
    lead_for_staff(actor, lead_id)
    lead = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("session__station", "viewer")
        .get(pk=lead_id)
    )
    if not can_manage_session(actor, lead.session):
        raise NotFoundError(_("线索不存在"))
    return lead


def _clean_note(note: Any) -> str:
    text = " ".join(str(note or "").split())
    if len(text) > NOTE_MAX:
        raise InvalidInput(
            _("备注不能超过%(n)d个字") % {"n": NOTE_MAX},
            errors={"note": [_("备注不能超过%(n)d个字") % {"n": NOTE_MAX}]},
        )
    return text


def _event(lead: Lead) -> tuple[list[str], dict[str, Any]]:
    return [live_staff_group(lead.session_id)], {"type": "lead_update", "lead": lead_payload(lead)}


def follow_up(*, actor: Any, lead_id: int, status: str, note: str = "") -> Lead:
    """One follow-up step: the new status (contacted, no answer, not interested; the same status again just
    adds the note) and a note, as a LeadFollowUp row and on the lead."""
    require_staff(actor)
    text = _clean_note(note)
    if status not in FOLLOW_UP_STATUSES:
        message = (
            _("“已报名”请用“代为报名”，“已录用上岗”由实际用工自动记录，不能手工填写。")
            if status in (LeadStatus.APPLIED, LeadStatus.HIRED)
            else _("请选择跟进结果")
        )
        raise InvalidInput(message, errors={"status": [message]})
    with transaction.atomic():
        lead = _lock(actor, lead_id)
        now = timezone.now()
        lead.note, lead.followed_by, lead.followed_at = text or lead.note, actor, now
        fields = ["note", "followed_by", "followed_at"]
        if lead.status == status:
            lead.save(update_fields=[*fields, "updated_at"])
            trail.record(
                action="live_lead.noted",
                obj=lead,
                actor=actor,
                data={"status": status, "note": text},
                market=lead.market_id,
            )
            send_event_on_commit(*_event(lead))
        else:
            LEAD_LIFECYCLE.advance(
                lead,
                status,
                actor=actor,
                fields=fields,
                data={"note": text},
                market=lead.market_id,
                events=[_event(lead)],
            )
        LeadFollowUp.objects.create(lead=lead, status=status, note=text, actor=actor, created_at=now)
    return lead


def worker_for_lead(lead: Lead) -> WorkerProfile | None:
    """The registered worker behind the lead: the logged-in viewer's profile, else the worker of the market
    whose login is the lead's phone (registered since, e.g. on the spot at the station)."""
    if lead.worker_id is not None:
        return WorkerProfile.objects.select_related("user").filter(pk=lead.worker_id).first()
    if lead.phone:
        return (
            WorkerProfile.objects.select_related("user")
            .filter(user__phone=lead.phone, market_id=lead.market_id)
            .first()
        )
    return None


def send_consent_code(*, actor: Any, lead_id: int) -> str:
    """Text the worker behind the lead a consent code (代为报名授权); returns the masked number."""
    lead = lead_for_staff(actor, lead_id)
    worker = worker_for_lead(lead)
    if worker is None:
        raise ConflictError(_("该线索的手机号尚未登记为求职者，请先现场登记。"), code="worker_not_registered")
    accounts.send_otp(phone=worker.user.phone, purpose=OtpPurpose.CONSENT)
    return mask_phone(worker.user.phone)


def _consent_errors(channel: str, otp_code: str, reference: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if channel == ConsentChannel.SMS_CODE:
        if not (otp_code or "").strip():
            errors["otp_code"] = [_("请填写求职者收到的验证码")]
    elif channel == ConsentChannel.PAPER:
        if not (reference or "").strip():
            errors["consent_reference"] = [_("请填写纸质授权书编号")]
        elif len(reference.strip()) > REFERENCE_MAX:
            errors["consent_reference"] = [_("编号不能超过%(n)d个字符") % {"n": REFERENCE_MAX}]
    else:
        errors["consent_channel"] = [_("请选择求职者的授权方式")]
    return errors


def apply_on_behalf(
    *,
    actor: Any,
    lead_id: int,
    consent_channel: str,
    otp_code: str = "",
    consent_reference: str = "",
    note: str = "",
) -> Lead:
    """代为报名: staff apply for the job on the worker's behalf with the worker's consent (a code
    texted to the worker's phone, or a signed paper form's number) and link the application; the lead
    becomes APPLIED. An application the worker already has for the job is linked as it is."""
    require_staff(actor)
    text = _clean_note(note)
    lead = lead_for_staff(actor, lead_id)
    worker = worker_for_lead(lead)
    if worker is None:
        raise ConflictError(_("该线索的手机号尚未登记为求职者，请先现场登记。"), code="worker_not_registered")
    if not LEAD_LIFECYCLE.allows(lead.status, LeadStatus.APPLIED):
        raise ConflictError(LEAD_LIFECYCLE.refusal(lead.status), code="invalid_transition")
    errors = _consent_errors(consent_channel, otp_code, consent_reference)
    if errors:
        raise InvalidInput(_("请先取得求职者本人的授权。"), errors=errors)
    if consent_channel == ConsentChannel.SMS_CODE:
        # Checked before the transaction so that a wrong guess counts even though nothing is written.
        accounts.verify_otp(
            phone=worker.user.phone, code=otp_code.strip(), purpose=OtpPurpose.CONSENT, consume=False
        )
    with transaction.atomic():
        lead = _lock(actor, lead_id)
        if not LEAD_LIFECYCLE.allows(lead.status, LeadStatus.APPLIED):
            raise ConflictError(LEAD_LIFECYCLE.refusal(lead.status), code="invalid_transition")
        if consent_channel == ConsentChannel.SMS_CODE:
            accounts.verify_otp(phone=worker.user.phone, code=otp_code.strip(), purpose=OtpPurpose.CONSENT)
        application = Application.objects.filter(
            job_id=lead.job_id, worker=worker, status__in=ACTIVE_APPLICATION_STATUSES
        ).first()
        created = application is None
        if application is None:
            # The worker consented: the application is theirs, made with their account (the audit entry
            # below records the staff member who made it for them).
            application = jobs.apply(
                actor=worker.user, job_id=lead.job_id, message=str(_("驿站代为报名（直播带岗）"))
            )
        now = timezone.now()
        lead.application, lead.worker = application, worker
        lead.note = text or lead.note
        lead.followed_by, lead.followed_at = actor, now
        LEAD_LIFECYCLE.advance(
            lead,
            LeadStatus.APPLIED,
            actor=actor,
            action="live_lead.applied_on_behalf",
            fields=["application", "worker", "note", "followed_by", "followed_at"],
            data={
                "application": application.pk,
                "created": created,
                "consent_channel": consent_channel,
                "consent_reference": consent_reference.strip()
                if consent_channel == ConsentChannel.PAPER
                else "",
            },
            market=lead.market_id,
            events=[_event(lead)],
        )
        LeadFollowUp.objects.create(
            lead=lead, status=LeadStatus.APPLIED, note=text or str(_("代为报名")), actor=actor, created_at=now
        )
        _hire_if_started(lead)
    return lead


def reveal_phone(*, actor: Any, lead_id: int, reason: str, note: str = "", ip: str | None = None) -> str:
    """The lead's full phone number for staff in scope, logged as a sensitive read (reason required)."""
    lead = lead_for_staff(actor, lead_id)
    worker = worker_for_lead(lead) if lead.worker_id else None
    phone = lead.phone or (worker.user.phone if worker is not None else "")
    if not phone:
        raise NotFoundError(_("该线索没有手机号"))
    with transaction.atomic():
        read = sensitive.record_read(
            actor=actor,
            field=SensitiveField.PHONE,
            subject=lead,
            subject_user=worker.user if worker is not None else None,
            subject_label=mask_phone(phone),
            reason=reason,
            note=note,
            market_id=lead.market_id,
            ip=ip,
        )
        trail.record(
            action="sensitive.revealed",
            obj=lead,
            actor=actor,
            data={"field": read.field, "reason": read.reason, "read_id": read.pk},
            market=lead.market_id,
        )
    return phone


def lead_phone(lead: Lead) -> str:
    """The number staff call: the one left in the room, else the worker's login."""
    if lead.phone:
        return lead.phone
    if lead.worker_id is not None and lead.worker is not None:
        return str(lead.worker.user.phone)
    return ""


# --- HIRED, from real engagements only ------------------------------------------------------------------


def _hire_if_started(lead: Lead) -> bool:
    """Inside the caller's transaction, the lead locked: HIRED when its application's engagement started."""
    if lead.application_id is None or lead.status != LeadStatus.APPLIED:
        return False
    engagement = Engagement.objects.filter(
        application_id=lead.application_id, started_at__isnull=False
    ).first()
    if engagement is None:
        return False
    LEAD_LIFECYCLE.advance(
        lead,
        LeadStatus.HIRED,
        actor=None,
        action="live_lead.hired",
        data={"engagement": engagement.pk},
        market=lead.market_id,
        events=[_event(lead)],
    )
    LeadFollowUp.objects.create(lead=lead, status=LeadStatus.HIRED, note=str(_("已上岗（用工单已开工）")))
    return True


def hire_from_engagement(*, application_id: int) -> int:
    """The engagement of this application started: its APPLIED leads become HIRED. Runs in the transaction
    that started it (the receiver). Returns how many leads moved."""
    ids = list(
        Lead.objects.filter(application_id=application_id, status=LeadStatus.APPLIED).values_list(
            "pk", flat=True
        )
    )
    moved = 0
    for lead_id in ids:
        lead = Lead.objects.select_for_update().get(pk=lead_id)
        moved += _hire_if_started(lead)
    return moved
