"""Replies to an invitation by text message (上行短信, issue 12 §3): a worker who answers "1" to the text of
an invitation applies, as if they had tapped its link.

The SMS provider posts each inbound message to ``POST /api/v1/sms/inbound`` with ``{message_id, from, text,
received_at, signature}``; ``signature`` is the lowercase hex HMAC-SHA256, keyed with the deployment's
``LINGONG_SMS_INBOUND_SECRET``, of ``message_id + "\\n" + from + "\\n" + text + "\\n" + received_at`` (the
strings exactly as sent). In the demo and in tests ``python manage.py sms_reply PHONE 1`` feeds the same
handler.

A yes ("1", "１", "是", "好", "接", after removing spaces and punctuation) goes to the phone's most recent
open invitation: a quick-recruit invite (answered through ``recruit.services.answer`` with channel SMS) or
an employer's invitation to apply (``jobs.services.apply``), whichever is newer and still valid. Anything
else, or nothing open, gets a text back saying so. A provider that delivers one message twice finds its
first row by ``message_id`` and nothing happens twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lingong.accounts.models import Role
from lingong.audit import trail as audit
from lingong.core.errors import DomainError, PermissionDeniedError
from lingong.core.validators import normalize_phone
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, Invitation, JobStatus
from lingong.notifications.services import send_text
from lingong.recruit import services
from lingong.recruit.models import (
    LIVE_STATUSES,
    CampaignInvite,
    CampaignStatus,
    InboundOutcome,
    InboundSms,
    InviteChannel,
    InviteState,
)
from lingong.workers.models import WorkerProfile

YES_REPLIES = frozenset({"1", "是", "好", "接"})
# An employer's invitation to apply can be answered by text for this long after it was sent.
INVITATION_REPLY_DAYS = 7
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def is_yes(text: str) -> bool:
    """ "1", full-width "１", "是", "好", "接" (spaces and punctuation ignored) say yes; nothing else does."""
    clean = _STRIP.sub("", unicodedata.normalize("NFKC", text or ""))
    return clean in YES_REPLIES


def signature_for(*, message_id: str, phone: str, text: str, received_at: str, secret: str) -> str:
    payload = "\n".join([message_id, phone, text, received_at]).encode()
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def check_signature(*, message_id: str, phone: str, text: str, received_at: str, signature: str) -> None:
    secret = settings.LINGONG_SMS_INBOUND_SECRET
    expected = signature_for(
        message_id=message_id, phone=phone, text=text, received_at=received_at, secret=secret or ""
    )
    given = (signature or "").lower().encode("utf-8", "replace")  # any text: compared as bytes
    if not secret or not hmac.compare_digest(expected.encode(), given):
        raise PermissionDeniedError(_("短信平台签名无效。"), code="bad_signature")


@dataclass(frozen=True)
class Result:
    inbound: InboundSms
    duplicate: bool


def _worker_for(phone: str) -> WorkerProfile | None:
    try:
        clean = normalize_phone(phone)
    except ValidationError:  # a malformed sender number is simply nobody we know
        return None
    return (
        WorkerProfile.objects.select_related("user")
        .filter(user__phone=clean, user__role=Role.WORKER, user__is_active=True)
        .first()
    )


def _open_campaign_invite(worker: WorkerProfile, now: dt.datetime) -> CampaignInvite | None:
    return (
        CampaignInvite.objects.select_related("campaign", "campaign__job")
        .filter(
            worker=worker,
            answered_at__isnull=True,
            state=InviteState.INVITED,
            campaign__status__in=[*LIVE_STATUSES, CampaignStatus.FILLED],
            campaign__starts_at__gt=now,
        )
        .order_by("-invited_at", "-id")
        .first()
    )


def _open_invitation(worker: WorkerProfile, now: dt.datetime) -> Invitation | None:
    answered = Application.objects.filter(worker=worker).exclude(status=ApplicationStatus.WITHDRAWN)
    return (
        Invitation.objects.select_related("job")
        .filter(
            worker=worker,
            job__status=JobStatus.OPEN,
            created_at__gte=now - dt.timedelta(days=INVITATION_REPLY_DAYS),
        )
        .exclude(job_id__in=answered.values("job_id"))
        .order_by("-created_at", "-id")
        .first()
    )


def _reply(inbound: InboundSms, text: str) -> None:
    send_text(
        phone=inbound.phone,
        template="sms_reply",
        params={"text": text},
        idempotency_key=f"sms-reply:{inbound.message_id}"[:100],
        user=inbound.worker.user if inbound.worker else None,
    )


def handle_inbound(
    *, message_id: str, phone: str, text: str, received_at: dt.datetime, now: dt.datetime | None = None
) -> Result:
    """Record one inbound message and act on it once (see the module's docstring)."""
    now = now or services.clock()
    existing = InboundSms.objects.filter(message_id=message_id).first()
    if existing is not None:
        return Result(existing, duplicate=True)
    try:
        with transaction.atomic():
            inbound = InboundSms.objects.create(
                message_id=message_id,
                phone=phone[:20],
                text=text[:500],
                received_at=received_at,
                outcome=InboundOutcome.NOT_UNDERSTOOD,
            )
            _act(inbound, now)
    except IntegrityError:  # the same message delivered twice at once: the other delivery acted
        return Result(InboundSms.objects.get(message_id=message_id), duplicate=True)
    return Result(inbound, duplicate=False)


def _act(inbound: InboundSms, now: dt.datetime) -> None:
    worker = _worker_for(inbound.phone)
    inbound.worker = worker
    if worker is None:
        _finish(
            inbound,
            InboundOutcome.UNKNOWN_PHONE,
            _("您的号码尚未注册零工平台。请到附近驿站登记，或打开短信中的链接注册。"),
        )
        return
    if not is_yes(inbound.text):
        _finish(
            inbound,
            InboundOutcome.NOT_UNDERSTOOD,
            _("没有看懂您的回复。想报名请回复数字1；也可以打开邀请短信中的链接，或打电话给驿站。"),
        )
        return
    invite = _open_campaign_invite(worker, now)
    invitation = _open_invitation(worker, now)
    if invite is not None and invitation is not None:
        # The newer of the two is what the worker just read.
        if invitation.created_at > invite.invited_at:
            invite = None
        else:
            invitation = None
    if invite is None and invitation is None:
        _finish(
            inbound,
            InboundOutcome.NOTHING_OPEN,
            _("您目前没有可以回复报名的邀请（可能已过期或已报名）。可在平台上“找工作”或打电话给驿站。"),
        )
        return
    try:
        with transaction.atomic():  # a refusal undoes the attempt but keeps the inbound row
            if invite is not None:
                inbound.campaign_invite = invite
                answered = services.answer(
                    actor=worker.user, campaign_id=invite.campaign_id, now=now, channel=InviteChannel.SMS
                )
                inbound.application = answered.application
                title = invite.campaign.job.title
                outcome = InboundOutcome.ANSWERED
                if answered.state == InviteState.OFFERED:
                    message = _("已为您接单“%(title)s”，已录用，请打开平台确认。") % {"title": title}
                else:
                    message = _("已为您接单“%(title)s”，名额已满，您在候补名单中。") % {"title": title}
            else:
                assert invitation is not None
                inbound.invitation = invitation
                inbound.application = job_services.apply(actor=worker.user, job_id=invitation.job_id)
                outcome = InboundOutcome.APPLIED
                message = _("已为您报名“%(title)s”，用工单位会尽快联系您。") % {"title": invitation.job.title}
    except DomainError as exc:
        inbound.application = None
        _finish(inbound, InboundOutcome.REFUSED, _("没能为您报名：%(reason)s") % {"reason": exc.message})
        return
    _finish(inbound, outcome, message)


def _finish(inbound: InboundSms, outcome: str, message: str) -> None:
    inbound.outcome = outcome
    inbound.detail = message[:200]
    inbound.save()
    audit.record(
        action="sms.inbound",
        obj=inbound,
        actor=inbound.worker.user if inbound.worker else None,
        data={"outcome": outcome, "message_id": inbound.message_id},
        market=inbound.worker.market_id if inbound.worker else None,
    )
    _reply(inbound, message)
