"""Turning a sign-up in a live room (a 扣1 comment or a tap on the pinned card) into one lead.

The room side (``live.services.post_comment`` and the card's 我要报名) calls ``capture``; what happens to the
lead afterwards (the application with the worker's consent, the anonymous viewer's phone and SMS code, staff
follow-up) is in this module too, so the one rule "one lead per viewer and job" lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import is_staff
from lingong.accounts.models import OtpPurpose, Role
from lingong.audit import trail
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.core.events import live_staff_group, send_event_on_commit
from lingong.core.masking import mask_phone
from lingong.jobs import services as jobs
from lingong.jobs.models import Application, ApplicationStatus
from lingong.live.models import (
    LEAD_LIFECYCLE,
    Lead,
    LeadSource,
    LeadStatus,
    LiveComment,
    LiveSession,
    LiveViewer,
    SessionStatus,
)


@dataclass(frozen=True)
class Capture:
    """What a sign-up did: the lead (new or the viewer's existing one for that job), or, for an anonymous
    viewer, nothing yet: ``needs_phone`` asks the room page to offer the phone + SMS code form."""

    lead: Lead | None
    created: bool
    needs_phone: bool = False
    # A logged-in worker's lead waits for the consent sheet (name, phone, skills go to the employer);
    # with it the lead becomes an application (``consent``).
    needs_consent: bool = False

    @property
    def job_id(self) -> int | None:
        return self.lead.job_id if self.lead is not None else None


def _needs_consent(lead: Lead) -> bool:
    return lead.user_id is not None and lead.consented_at is None and lead.application_id is None


def refuse_non_worker(viewer: LiveViewer) -> None:
    """Employers and staff watch the room but cannot sign up (they would leave leads nobody can follow)."""
    user = viewer.user
    if user is None:
        return
    if is_staff(user) or user.role != Role.WORKER:
        raise PermissionDeniedError(
            _("用工单位和工作人员账号不能报名，请使用求职者账号或退出登录后报名。"), code="not_a_worker"
        )


def _pinned_job_id(session: LiveSession) -> int:
    if session.status != SessionStatus.LIVE:
        raise ConflictError(_("直播未在进行中，暂不能报名。"), code="session_not_live")
    if session.pinned_id is None:
        raise ConflictError(_("主播还没有置顶岗位，请等岗位卡片出现后再报名。"), code="nothing_pinned")
    return int(session.pinned.job_id)  # type: ignore[union-attr]


def capture(
    *,
    session: LiveSession,
    viewer: LiveViewer,
    source: str,
    comment: LiveComment | None = None,
    job_id: int | None = None,
) -> Capture:
    """Record the viewer's sign-up for the job pinned now (``job_id``, when given, must be that job: a tap
    on a card the host has since unpinned is refused). Idempotent per (session, job, viewer)."""
    pinned_job_id = _pinned_job_id(session)
    if job_id is not None and job_id != pinned_job_id:
        raise ConflictError(_("该岗位已不在置顶，请对当前置顶的岗位报名。"), code="job_not_pinned")
    refuse_non_worker(viewer)
    existing = _existing(session, pinned_job_id, viewer)
    if existing is not None:
        return Capture(lead=existing, created=False, needs_consent=_needs_consent(existing))
    if viewer.user_id is None:
        return Capture(lead=None, created=False, needs_phone=True)
    worker = getattr(viewer.user, "worker_profile", None)
    try:
        with transaction.atomic():
            lead = Lead.objects.create(
                market_id=session.market_id,
                session=session,
                job_id=pinned_job_id,
                viewer=viewer,
                user_id=viewer.user_id,
                worker=worker,
                source=LeadSource(source),
                comment=comment,
            )
            trail.record(
                action="live_lead.created",
                obj=lead,
                actor=viewer.user,
                data={"session": session.pk, "job": pinned_job_id, "source": str(source)},
                market=session.market,
            )
            send_event_on_commit([live_staff_group(session.pk)], {"type": "lead", "lead": lead_payload(lead)})
    except IntegrityError:  # the same viewer (or user) at once from two sockets: the first one won
        found = _existing(session, pinned_job_id, viewer)
        if found is None:
            raise
        return Capture(lead=found, created=False, needs_consent=_needs_consent(found))
    return Capture(lead=lead, created=True, needs_consent=_needs_consent(lead))


def consent(*, actor: Any, lead_id: int) -> Lead:
    """The worker agreed on the consent sheet: the lead becomes a jobs Application at once (an existing
    application for that job is linked instead) and moves to APPLIED. One transaction: a refused
    application (profile incomplete, job closed) leaves the lead as it was."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(pk=lead_id).first()
        if lead is None or lead.user_id is None or lead.user_id != getattr(actor, "pk", None):
            raise NotFoundError(_("报名线索不存在。"))
        if lead.application_id is not None:
            return lead
        application = (
            Application.objects.filter(job_id=lead.job_id, worker__user=actor)
            .exclude(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED])
            .first()
        )
        if application is None:
            application = jobs.apply(actor=actor, job_id=lead.job_id)
        lead.application = application
        lead.consented_at = timezone.now()
        fields = ["application", "consented_at"]
        event = (
            [live_staff_group(lead.session_id)],
            {"type": "lead", "lead": lead_payload(lead, status=LeadStatus.APPLIED)},
        )
        if LEAD_LIFECYCLE.allows(lead.status, LeadStatus.APPLIED):
            LEAD_LIFECYCLE.advance(
                lead,
                LeadStatus.APPLIED,
                actor=actor,
                action="live_lead.consented",
                data={"application": application.pk},
                fields=fields,
                events=[event],
            )
        else:
            lead.save(update_fields=[*fields, "updated_at"])
            trail.record(
                action="live_lead.consented", obj=lead, actor=actor, data={"application": application.pk}
            )
    return lead


def send_phone_code(*, phone: str) -> None:
    """An anonymous viewer's phone: the SMS code (throttled per number as every code is)."""
    accounts.send_otp(phone=phone, purpose=OtpPurpose.LIVE_LEAD)


def capture_phone(
    *, session: LiveSession, viewer: LiveViewer, phone: str, code: str, source: str, job_id: int | None = None
) -> Capture:
    """An anonymous viewer confirmed a phone number with its SMS code: the lead for the pinned job (one per
    session, job and phone; a second device with the same number finds the first lead)."""
    pinned_job_id = _pinned_job_id(session)
    if job_id is not None and job_id != pinned_job_id:
        raise ConflictError(_("该岗位已不在置顶，请对当前置顶的岗位报名。"), code="job_not_pinned")
    phone = accounts.clean_phone(phone)
    accounts.verify_otp(phone=phone, code=code, purpose=OtpPurpose.LIVE_LEAD, consume=False)
    leads = Lead.objects.filter(session=session, job_id=pinned_job_id)
    found = leads.filter(phone=phone).first() or leads.filter(viewer=viewer).first()
    if found is not None:
        accounts.verify_otp(phone=phone, code=code, purpose=OtpPurpose.LIVE_LEAD)
        return Capture(lead=found, created=False)
    try:
        with transaction.atomic():
            accounts.verify_otp(phone=phone, code=code, purpose=OtpPurpose.LIVE_LEAD)
            lead = Lead.objects.create(
                market_id=session.market_id,
                session=session,
                job_id=pinned_job_id,
                viewer=viewer,
                phone=phone,
                phone_verified_at=timezone.now(),
                source=LeadSource(source),
            )
            trail.record(
                action="live_lead.created",
                obj=lead,
                actor=None,
                data={"session": session.pk, "job": pinned_job_id, "source": str(source), "phone": True},
                market=session.market_id,
            )
            send_event_on_commit([live_staff_group(session.pk)], {"type": "lead", "lead": lead_payload(lead)})
    except IntegrityError:
        found = leads.filter(phone=phone).first() or leads.filter(viewer=viewer).first()
        if found is None:
            raise
        return Capture(lead=found, created=False)
    return Capture(lead=lead, created=True)


def _existing(session: LiveSession, job_id: int, viewer: LiveViewer) -> Lead | None:
    leads = Lead.objects.filter(session=session, job_id=job_id)
    found = leads.filter(viewer=viewer).first()
    if found is None and viewer.user_id is not None:
        found = leads.filter(user_id=viewer.user_id).first()
    return found


def lead_payload(lead: Lead, status: str | None = None) -> dict[str, Any]:
    """The lead as the host's console shows it (no full phone number)."""
    return {
        "id": lead.pk,
        "job": lead.job_id,
        "source": lead.source,
        "status": str(status or lead.status),
        "nickname": lead.viewer.nickname if lead.viewer is not None else "",
        "phone": mask_phone(lead.phone) if lead.phone else "",
        "created_at": lead.created_at.isoformat(),
    }
