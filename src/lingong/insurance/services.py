"""Buying accident cover for an engagement: request on signing, purchase after commit, retry safely.

The purchase runs outside the signing transaction (a task after commit), so a slow or failing insurer never
blocks the signature. Every attempt sends the same idempotency key, so a retry never buys twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.accounts.models import User
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.engagements import services as engagements
from lingong.engagements.models import Engagement, EngagementStatus, ShiftStatus
from lingong.insurance.certificate import PolicyCertificate, render_policy_certificate
from lingong.insurance.models import InsurancePolicy, PolicyStatus
from lingong.insurance.providers import PurchaseRequest, get_provider
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

logger = logging.getLogger("lingong.insurance")

PRODUCT_NAME = "零工意外伤害保险（按日计）"
# The periodic sweep gives up after this many attempts in all (staff can still retry by hand), and waits
# RETRY_BASE_DELAY x 2^(attempts-1) after the last attempt: 10, 20, 40, 80 minutes.
MAX_AUTOMATIC_ATTEMPTS = 5
RETRY_BASE_DELAY = dt.timedelta(minutes=10)


def _scheduled_days(engagement: Engagement) -> int:
    return engagement.shifts.exclude(status=ShiftStatus.CANCELLED).count()


def premium_for(days: int, market_id: int | None = None) -> Decimal:
    """The premium for ``days`` person-days at the market's daily rate, to the fen."""
    per_day = policy_for(market_id).insurance_premium_per_day
    return (per_day * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def request_policy(*, engagement: Engagement, actor: Any) -> InsurancePolicy:
    """Called by ``engagements.services.mark_signed`` inside its transaction, engagement row locked."""
    key = f"engagement:{engagement.pk}:terms:{engagement.terms_version}"
    policy = InsurancePolicy.objects.filter(idempotency_key=key).first()
    if policy is not None:
        if policy.status == PolicyStatus.ISSUED and engagement.status == EngagementStatus.SIGNED:
            # Signed again on the same terms (nothing changed): the cover already exists.
            existing_id = policy.pk
            transaction.on_commit(lambda: _enqueue(existing_id))
        return policy
    # Earlier terms' cover no longer matches the schedule: void it (refunds are settled with the insurer).
    for old in InsurancePolicy.objects.filter(engagement=engagement).exclude(status=PolicyStatus.CANCELLED):
        old.status = PolicyStatus.CANCELLED
        old.save(update_fields=["status", "updated_at"])
        engagements.record("insurance.cancelled", engagement, actor, obj=old, version=old.terms_version)
    days = _scheduled_days(engagement)
    rules = policy_for(engagement.market_id)
    policy = InsurancePolicy.objects.create(
        engagement=engagement,
        terms_version=engagement.terms_version,
        idempotency_key=key,
        provider=settings.LINGONG_INSURANCE_PROVIDER,
        premium=premium_for(days, engagement.market_id),
        death_disability_sum=rules.insurance_death_disability_sum,
        medical_sum=rules.insurance_medical_sum,
        coverage_start=engagement.start_date,
        coverage_end=engagement.end_date,
        person_days=days,
    )
    engagements.record(
        "insurance.requested", engagement, actor, obj=policy, premium=policy.premium, days=days
    )
    transaction.on_commit(lambda: _enqueue(policy.pk))
    return policy


def _enqueue(policy_id: int) -> None:
    from lingong.insurance.tasks import purchase_policy_task

    purchase_policy_task(policy_id)


def _purchase_request(policy: InsurancePolicy, engagement: Engagement) -> PurchaseRequest:
    return PurchaseRequest(
        idempotency_key=policy.idempotency_key,
        insured_name=engagement.worker.real_name or engagement.worker.user.display_name,
        insured_id_number=engagement.worker.id_number or "",
        policyholder_name=engagement.enterprise.name,
        job_title=engagement.job.title,
        place=engagement.job.address,
        coverage_start=policy.coverage_start,
        coverage_end=policy.coverage_end,
        person_days=policy.person_days,
        premium=policy.premium,
        death_disability_sum=policy.death_disability_sum,
        medical_sum=policy.medical_sum,
    )


def _certificate(policy: InsurancePolicy, engagement: Engagement) -> bytes:
    assert policy.issued_at is not None
    return render_policy_certificate(
        PolicyCertificate(
            policy_number=policy.policy_number,
            insurer_name=policy_for(engagement.market_id).insurer_name,
            product_name=PRODUCT_NAME,
            insured_name=engagement.worker.real_name or engagement.worker.user.display_name,
            insured_id_masked=engagement.worker.masked_id_number,
            policyholder_name=engagement.enterprise.name,
            job_title=engagement.job.title,
            place=engagement.job.address,
            coverage_start=policy.coverage_start,
            coverage_end=policy.coverage_end,
            person_days=policy.person_days,
            premium=policy.premium,
            death_disability_sum=policy.death_disability_sum,
            medical_sum=policy.medical_sum,
            issued_at=policy.issued_at,
        )
    )


def _staff_to_alert(engagement: Engagement) -> list[User]:
    """The nearest staff who exist: the station's, else the centre's, else the market's admins."""
    for tier in engagements.staff_tiers(engagement):
        users = list(tier)
        if users:
            return users
    return []


@transaction.atomic
def purchase_policy(*, policy_id: int, actor: Any = None) -> InsurancePolicy:
    """One attempt to buy the cover. A failure is recorded (and committed), never raised."""
    engagement_id = (
        InsurancePolicy.objects.filter(pk=policy_id).values_list("engagement_id", flat=True).first()
    )
    if engagement_id is None:
        raise NotFoundError(_("保单不存在"))
    engagement = engagements.lock_engagement(engagement_id)  # lock order: engagement, then policy
    policy = InsurancePolicy.objects.select_for_update().get(pk=policy_id)
    if policy.status == PolicyStatus.ISSUED:
        if engagement.status == EngagementStatus.SIGNED:  # re-signed on unchanged terms: same cover
            engagements.mark_insured(engagement_id=engagement.pk, actor=actor)
        return policy
    if policy.status == PolicyStatus.CANCELLED:
        return policy
    if engagement.status == EngagementStatus.CANCELLED:
        policy.status = PolicyStatus.CANCELLED
        policy.save(update_fields=["status", "updated_at"])
        return policy
    policy.attempts += 1
    try:
        # A savepoint: whatever the provider did to the database is undone on failure, and the
        # transaction stays usable so the failure itself is recorded and committed.
        with transaction.atomic():
            result = get_provider().purchase(_purchase_request(policy, engagement))
    except Exception as exc:  # any insurer failure is recorded for staff, never lost
        logger.warning("Insurance purchase failed for policy %s: %s", policy.pk, exc)
        _record_failure(policy, engagement, actor, str(exc) or exc.__class__.__name__)
        return policy
    policy.status = PolicyStatus.ISSUED
    policy.policy_number = result.policy_number
    policy.provider_reference = result.provider_reference
    policy.premium = result.premium
    policy.issued_at = result.issued_at
    policy.last_error = ""
    pdf = _certificate(policy, engagement)
    policy.certificate_pdf = pdf
    policy.certificate_sha256 = hashlib.sha256(pdf).hexdigest()
    policy.save()
    engagements.record(
        "insurance.issued",
        engagement,
        actor,
        obj=policy,
        policy_number=policy.policy_number,
        attempts=policy.attempts,
    )
    if engagement.status == EngagementStatus.SIGNED:
        engagements.mark_insured(engagement_id=engagement.pk, actor=actor)
    body = _("保单号 %(no)s，保障期 %(start)s 至 %(end)s。") % {
        "no": policy.policy_number,
        "start": policy.coverage_start,
        "end": policy.coverage_end,
    }
    notify(
        user=engagement.worker.user, kind="insurance_issued", title=_("意外险已生效，可按时上岗"), body=body
    )
    for user in engagements.employer_users(engagement):
        notify(user=user, kind="insurance_issued", title=_("意外险已生效"), body=body, sms=False)
    return policy


def _record_failure(policy: InsurancePolicy, engagement: Engagement, actor: Any, error: str) -> None:
    policy.status = PolicyStatus.FAILED
    policy.last_error = error[:300]
    policy.save(update_fields=["status", "attempts", "last_error", "updated_at"])
    from lingong.audit import trail as audit

    audit.record(
        action="insurance.failed",
        obj=policy,
        actor=actor,
        data={"engagement_id": engagement.pk, "error": policy.last_error, "attempts": policy.attempts},
        result="error",
    )
    title = _("意外险投保失败，请处理")
    body = _("%(name)s 的“%(title)s”投保未成功（%(error)s），劳动者暂不能签到。") % {
        "name": engagement.worker.masked_name,
        "title": engagement.job.title,
        "error": policy.last_error,
    }
    for user in _staff_to_alert(engagement):
        notify(user=user, kind="insurance_failed", title=title, body=body, sms=False)
    for user in engagements.employer_users(engagement):
        notify(user=user, kind="insurance_failed", title=_("意外险投保未成功"), body=body, sms=False)


def void_for_cancelled(*, engagement: Engagement, actor: Any) -> int:
    """The engagement was cancelled (its row is locked by the caller): stop buying cover for it.

    A policy already issued stays on record as issued: a refund of unused days is settled with the insurer.
    """
    voided = 0
    for policy in InsurancePolicy.objects.select_for_update().filter(
        engagement=engagement, status__in=[PolicyStatus.PENDING, PolicyStatus.FAILED]
    ):
        policy.status = PolicyStatus.CANCELLED
        policy.save(update_fields=["status", "updated_at"])
        engagements.record("insurance.cancelled", engagement, actor, obj=policy, version=policy.terms_version)
        voided += 1
    return voided


def retry_policy(*, actor: Any, policy_id: int) -> InsurancePolicy:
    """Staff try again; the same idempotency key goes to the insurer, so nothing is bought twice."""
    require_staff(actor)
    policy = InsurancePolicy.objects.select_related("engagement").filter(pk=policy_id).first()
    party = engagements.party_of(actor, policy.engagement) if policy is not None else None
    if policy is None or party is None:
        raise NotFoundError(_("保单不存在"))
    if party != "staff":  # staff who also belong to the employer (unusual): still not their call here
        raise PermissionDeniedError(_("只有市场工作人员可以重新投保。"))
    if policy.status != PolicyStatus.FAILED:
        raise ConflictError(
            _("该保单当前为“%(s)s”，无需重新投保。") % {"s": PolicyStatus(policy.status).label},
            code="invalid_transition",
        )
    return purchase_policy(policy_id=policy_id, actor=actor)


def retry_due(policy: InsurancePolicy, now: dt.datetime) -> bool:
    """Whether the sweep should try a failed policy again: exponential backoff, a few attempts."""
    if policy.status != PolicyStatus.FAILED or policy.attempts >= MAX_AUTOMATIC_ATTEMPTS:
        return False
    delay = RETRY_BASE_DELAY * (2 ** max(policy.attempts - 1, 0))
    return policy.updated_at + delay <= now


def retry_failed_policies(*, now: dt.datetime | None = None) -> int:
    """The periodic sweep: failed policies of live engagements are retried, with backoff. Returns how
    many were issued."""
    now = now or timezone.now()
    candidates = InsurancePolicy.objects.filter(
        status=PolicyStatus.FAILED,
        attempts__lt=MAX_AUTOMATIC_ATTEMPTS,
        engagement__status=EngagementStatus.SIGNED,
        updated_at__lte=now - RETRY_BASE_DELAY,
    ).order_by("updated_at")[:200]
    issued = 0
    for policy in list(candidates):
        if not retry_due(policy, now):
            continue
        if purchase_policy(policy_id=policy.pk).status == PolicyStatus.ISSUED:
            issued += 1
    return issued
