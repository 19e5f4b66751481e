"""Turning a sign-up in a live room (a 扣1 comment or a tap on the pinned card) into one lead.

The room side (``live.services.post_comment`` and the card's 我要报名) calls ``capture``; what happens to the
lead afterwards (the application with the worker's consent, the anonymous viewer's phone and SMS code, staff
follow-up) is in this module too, so the one rule "one lead per viewer and job" lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import ConflictError
from lingong.core.events import live_staff_group, send_event_on_commit
from lingong.core.masking import mask_phone
from lingong.live.models import Lead, LeadSource, LiveComment, LiveSession, LiveViewer, SessionStatus


@dataclass(frozen=True)
class Capture:
    """What a sign-up did: the lead (new or the viewer's existing one for that job), or, for an anonymous
    viewer, nothing yet: ``needs_phone`` asks the room page to offer the phone + SMS code form."""

    lead: Lead | None
    created: bool
    needs_phone: bool = False


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
    existing = _existing(session, pinned_job_id, viewer)
    if existing is not None:
        return Capture(lead=existing, created=False)
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
        return Capture(lead=found, created=False)
    return Capture(lead=lead, created=True)


def _existing(session: LiveSession, job_id: int, viewer: LiveViewer) -> Lead | None:
    leads = Lead.objects.filter(session=session, job_id=job_id)
    found = leads.filter(viewer=viewer).first()
    if found is None and viewer.user_id is not None:
        found = leads.filter(user_id=viewer.user_id).first()
    return found


def lead_payload(lead: Lead) -> dict[str, Any]:
    """The lead as the host's console shows it (no full phone number)."""
    return {
        "id": lead.pk,
        "job": lead.job_id,
        "source": lead.source,
        "status": lead.status,
        "nickname": lead.viewer.nickname if lead.viewer is not None else "",
        "phone": mask_phone(lead.phone) if lead.phone else "",
        "created_at": lead.created_at.isoformat(),
    }
