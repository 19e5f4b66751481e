"""Buying accident cover for an engagement: an intent on signing, the purchase afterwards, retried safely.

Nothing slow runs under a lock. ``request_policy`` commits the intent (a pending policy with its
idempotency key) in the signing transaction. The purchase is three steps, driven by the orchestrator's
task (``lingong.workflow``): ``claim_purchase`` (a short transaction: count the attempt, snapshot what
the insurer needs), ``call_insurer`` (no transaction, no lock: the insurer, then the certificate PDF),
``record_purchase`` (a second short transaction: issued or failed). Every attempt sends the same
idempotency key, so a retry never buys twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.accounts.models import User
from lingong.audit.lifecycle import Lifecycle
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.core.masking import mask_id_number
from lingong.engagements import links
from lingong.engagements.access import employer_users, lock_engagement, party_of, staff_tiers
from lingong.engagements.models import Engagement, EngagementStatus, ShiftStatus
from lingong.engagements.trail import record
from lingong.insurance.certificate import PolicyCertificate, render_policy_certificate
from lingong.insurance.models import InsurancePolicy, PolicyStatus
from lingong.insurance.providers import PurchaseRequest, PurchaseResult, get_provider
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

logger = logging.getLogger("lingong.insurance")

PRODUCT_NAME = "零工意外伤害保险（按日计）"
# The periodic sweep gives up after this many attempts in all (staff can still retry by hand), and waits
# RETRY_BASE_DELAY x 2^(attempts-1) after the last attempt: 10, 20, 40, 80 minutes.
MAX_AUTOMATIC_ATTEMPTS = 5
RETRY_BASE_DELAY = dt.timedelta(minutes=10)
# How long one attempt may stay at the insurer before another may try (the insurer's own timeout is less).
ATTEMPT_LEASE = dt.timedelta(minutes=2)

P = PolicyStatus
POLICY_LIFECYCLE = Lifecycle.of(
    "insurance",
    [
        (P.PENDING, P.ISSUED),
        (P.PENDING, P.FAILED),
        (P.FAILED, P.ISSUED),  # a retry succeeded
        (P.FAILED, P.FAILED),  # a retry failed again (attempts and error change)
        (P.PENDING, P.CANCELLED),
        (P.FAILED, P.CANCELLED),
        (P.ISSUED, P.CANCELLED),  # new terms: the earlier cover no longer matches the schedule
    ],
    choices=PolicyStatus,
    subject="保单",
)


def _scheduled_days(engagement: Engagement) -> int:
    return engagement.shifts.exclude(status=ShiftStatus.CANCELLED).count()


def premium_for(days: int, market_id: int | None = None) -> Decimal:
    """The premium for ``days`` person-days at the market's daily rate, to the fen."""
    per_day = policy_for(market_id).insurance_premium_per_day
    return (per_day * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def request_policy(*, engagement: Engagement, actor: User | None) -> InsurancePolicy:
    """The intent to buy cover for the engagement's current terms (the caller holds its lock).

    Returns the existing policy for these terms when there is one: an issued one means the engagement
    was signed again on unchanged terms and is already covered.
    """
    key = f"engagement:{engagement.pk}:terms:{engagement.terms_version}"
    policy = InsurancePolicy.objects.filter(idempotency_key=key).first()
    if policy is not None:
        return policy
    # Earlier terms' cover no longer matches the schedule: void it (refunds are settled with the insurer).
    for old in InsurancePolicy.objects.filter(engagement=engagement).exclude(status=PolicyStatus.CANCELLED):
        _void(old, engagement, actor)
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
    record("insurance.requested", engagement, actor, obj=policy, premium=policy.premium, days=days)
    return policy


def _void(policy: InsurancePolicy, engagement: Engagement, actor: User | None) -> None:
    POLICY_LIFECYCLE.advance(
        policy,
        PolicyStatus.CANCELLED,
        actor=actor,
        market=engagement.market_id,
        data={"engagement_id": engagement.pk, "version": policy.terms_version},
    )


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


def _certificate(attempt: Attempt, result: PurchaseResult) -> bytes:
    request = attempt.request
    return render_policy_certificate(
        PolicyCertificate(
            policy_number=result.policy_number,
            insurer_name=policy_for(attempt.market_id).insurer_name,
            product_name=PRODUCT_NAME,
            insured_name=request.insured_name,
            insured_id_masked=mask_id_number(request.insured_id_number),
            policyholder_name=request.policyholder_name,
            job_title=request.job_title,
            place=request.place,
            coverage_start=request.coverage_start,
            coverage_end=request.coverage_end,
            person_days=request.person_days,
            premium=result.premium,
            death_disability_sum=request.death_disability_sum,
            medical_sum=request.medical_sum,
            issued_at=result.issued_at,
        )
    )


def _staff_to_alert(engagement: Engagement) -> list[User]:
    """The nearest staff who exist: the station's, else the centre's, else the market's admins."""
    for tier in staff_tiers(engagement):
        users = list(tier)
        if users:
            return users
    return []


# --- The purchase: claim (short transaction), call (no transaction), record (short transaction) ------


@dataclass(frozen=True)
class Attempt:
    policy_id: int
    market_id: int
    request: PurchaseRequest


@dataclass(frozen=True)
class Issued:
    result: PurchaseResult
    certificate_pdf: bytes


@dataclass(frozen=True)
class Refused:
    error: str


@dataclass(frozen=True)
class Recorded:
    policy: InsurancePolicy
    engagement: Engagement
    issued: bool
    newly: bool  # this attempt changed the policy (not a duplicate of one already recorded)


def claim_purchase(*, policy_id: int) -> Attempt | None:
    """Count one attempt and snapshot what the insurer needs; None when there is nothing to buy."""
    with transaction.atomic():
        policy = InsurancePolicy.objects.select_for_update().filter(pk=policy_id).first()
        if policy is None:
            raise NotFoundError(_("保单不存在"))
        if policy.status not in (PolicyStatus.PENDING, PolicyStatus.FAILED):
            return None
        engagement = (
            Engagement.objects.select_related("worker__user", "enterprise", "job")
            .filter(pk=policy.engagement_id)
            .get()
        )
        if engagement.status == EngagementStatus.CANCELLED:
            return None
        now = timezone.now()
        if policy.attempt_until is not None and policy.attempt_until > now:
            return None  # another attempt is at the insurer; it records the outcome
        policy.attempts += 1
        policy.attempt_until = now + ATTEMPT_LEASE
        policy.save(update_fields=["attempts", "attempt_until", "updated_at"])
        return Attempt(policy.pk, engagement.market_id, _purchase_request(policy, engagement))


def _purchase(request: PurchaseRequest) -> PurchaseResult:
    """Called with no transaction open (the task). When a caller already holds one (a seed, a test), a
    savepoint keeps a provider's failed database write from aborting it."""
    if not transaction.get_connection().in_atomic_block:
        return get_provider().purchase(request)
    with transaction.atomic():
        return get_provider().purchase(request)


def call_insurer(attempt: Attempt) -> Issued | Refused:
    """The insurer, then the certificate PDF: slow, outside every transaction and lock."""
    try:
        result = _purchase(attempt.request)
    except Exception as exc:  # any insurer failure is recorded for staff, never lost
        logger.warning("Insurance purchase failed for policy %s: %s", attempt.policy_id, exc)
        return Refused(str(exc) or exc.__class__.__name__)
    return Issued(result, _certificate(attempt, result))


def record_purchase(*, policy_id: int, outcome: Issued | Refused, actor: User | None = None) -> Recorded:
    """Store the outcome (the caller's transaction; lock order: engagement, then policy)."""
    engagement_id = InsurancePolicy.objects.filter(pk=policy_id).values_list("engagement_id", flat=True).get()
    engagement = lock_engagement(engagement_id)
    policy = InsurancePolicy.objects.select_for_update().get(pk=policy_id)
    if policy.attempt_until is not None:
        policy.attempt_until = None
        policy.save(update_fields=["attempt_until", "updated_at"])
    if policy.status == PolicyStatus.ISSUED:  # a concurrent attempt recorded it first
        return Recorded(policy, engagement, issued=True, newly=False)
    if policy.status == PolicyStatus.CANCELLED:
        if isinstance(outcome, Issued):  # cancelled while the insurer was issuing: staff ask for a refund
            record(
                "insurance.issued_after_cancel",
                engagement,
                actor,
                obj=policy,
                policy_number=outcome.result.policy_number,
            )
        return Recorded(policy, engagement, issued=False, newly=False)
    if isinstance(outcome, Refused):
        _record_failure(policy, engagement, actor, outcome.error)
        return Recorded(policy, engagement, issued=False, newly=True)
    _record_issue(policy, engagement, actor, outcome)
    return Recorded(policy, engagement, issued=True, newly=True)


def _record_issue(
    policy: InsurancePolicy, engagement: Engagement, actor: User | None, outcome: Issued
) -> None:
    result = outcome.result
    policy.policy_number = result.policy_number
    policy.provider_reference = result.provider_reference
    policy.premium = result.premium
    policy.issued_at = result.issued_at
    policy.last_error = ""
    policy.certificate_pdf = outcome.certificate_pdf
    policy.certificate_sha256 = hashlib.sha256(outcome.certificate_pdf).hexdigest()
    POLICY_LIFECYCLE.advance(
        policy,
        PolicyStatus.ISSUED,
        actor=actor,
        action="insurance.issued",
        market=engagement.market_id,  # the engagement's chain, also when a task records it (no actor)
        fields=(
            "policy_number",
            "provider_reference",
            "premium",
            "issued_at",
            "last_error",
            "certificate_pdf",
            "certificate_sha256",
        ),
        data={
            "engagement_id": engagement.pk,
            "policy_number": policy.policy_number,
            "attempts": policy.attempts,
        },
    )
    body = _("保单号 %(no)s，保障期 %(start)s 至 %(end)s。") % {
        "no": policy.policy_number,
        "start": policy.coverage_start,
        "end": policy.coverage_end,
    }
    # Covered: the next step for both is the engagement page (check-in opens there on the day).
    page = links.engagement_url(engagement.pk)
    notify(
        user=engagement.worker.user,
        kind="insurance_issued",
        title=_("意外险已生效，可按时上岗"),
        body=body,
        url=page,
        link_text=_("查看用工单"),
    )
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="insurance_issued",
            title=_("意外险已生效"),
            body=body,
            url=page,
            link_text=_("查看用工单"),
            sms=False,
        )


def _record_failure(policy: InsurancePolicy, engagement: Engagement, actor: User | None, error: str) -> None:
    policy.last_error = error[:300]
    POLICY_LIFECYCLE.advance(
        policy,
        PolicyStatus.FAILED,
        actor=actor,
        action="insurance.failed",
        fields=("last_error",),
        market=engagement.market_id,
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
        notify(
            user=user,
            kind="insurance_failed",
            title=title,
            body=body,
            url=reverse("insurance:failed"),
            link_text=_("去处理投保失败"),
            sms=False,
        )
    for user in employer_users(engagement):
        notify(
            user=user,
            kind="insurance_failed",
            title=_("意外险投保未成功"),
            body=body,
            url=links.engagement_url(engagement.pk),
            link_text=_("查看用工单"),
            sms=False,
        )


def void_for_cancelled(*, engagement: Engagement, actor: User | None) -> int:
    """The engagement was cancelled (its row is locked by the caller): stop buying cover for it.

    A policy already issued stays on record as issued: a refund of unused days is settled with the insurer.
    """
    voided = 0
    for policy in InsurancePolicy.objects.select_for_update().filter(
        engagement=engagement, status__in=[PolicyStatus.PENDING, PolicyStatus.FAILED]
    ):
        _void(policy, engagement, actor)
        voided += 1
    return voided


def retryable_by_staff(*, actor: User, policy_id: int) -> InsurancePolicy:
    """Staff may try a failed purchase again; the same key goes to the insurer, nothing is bought twice."""
    require_staff(actor)
    policy = InsurancePolicy.objects.select_related("engagement").filter(pk=policy_id).first()
    party = party_of(actor, policy.engagement) if policy is not None else None
    if policy is None or party is None:
        raise NotFoundError(_("保单不存在"))
    if party != "staff":  # staff who also belong to the employer (unusual): still not their call here
        raise PermissionDeniedError(_("只有市场工作人员可以重新投保。"))
    if policy.status != PolicyStatus.FAILED:
        raise ConflictError(
            _("该保单当前为“%(s)s”，无需重新投保。") % {"s": PolicyStatus(policy.status).label},
            code="invalid_transition",
        )
    return policy


def retry_due(policy: InsurancePolicy, now: dt.datetime) -> bool:
    """Whether the sweep should try a failed policy again: exponential backoff, a few attempts."""
    if policy.status != PolicyStatus.FAILED or policy.attempts >= MAX_AUTOMATIC_ATTEMPTS:
        return False
    delay = RETRY_BASE_DELAY * (2 ** max(policy.attempts - 1, 0))
    return policy.updated_at + delay <= now


def policies_due_for_retry(*, now: dt.datetime | None = None) -> list[int]:
    """Failed purchases of live engagements whose backoff has passed, and pending ones nobody is buying
    any more (the orchestrator retries them; the idempotency key never buys twice)."""
    now = now or timezone.now()
    candidates = InsurancePolicy.objects.filter(
        status=PolicyStatus.FAILED,
        attempts__lt=MAX_AUTOMATIC_ATTEMPTS,
        engagement__status=EngagementStatus.SIGNED,
        updated_at__lte=now - RETRY_BASE_DELAY,
    ).order_by("updated_at")[:200]
    due = [policy.pk for policy in candidates if retry_due(policy, now)]
    # A purchase whose queued task was lost (the broker was down when the contract was signed) or whose
    # attempt died without recording an outcome: still pending, no attempt at the insurer now.
    lost = (
        InsurancePolicy.objects.filter(
            Q(attempt_until__isnull=True) | Q(attempt_until__lte=now),
            status=PolicyStatus.PENDING,
            attempts__lt=MAX_AUTOMATIC_ATTEMPTS,
            engagement__status=EngagementStatus.SIGNED,
            updated_at__lte=now - RETRY_BASE_DELAY,
        )
        .order_by("updated_at")
        .values_list("pk", flat=True)[:200]
    )
    return due + list(lost)
