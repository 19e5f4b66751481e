"""The engagement chain, driven from the top: one orchestrator calls down into every app it spans.

accept an offer   -> jobs (place taken) -> engagements (engagement, shifts) -> contracts (version 1, an
                     intent) ; after commit: render the contract PDF (task)
sign a contract   -> contracts (signature; both signed?) -> engagements (signed) -> insurance (cover
                     intent) ; after commit: render the signed PDF, buy the cover (tasks)
buy the cover     -> insurance (claim / insurer / record, each outside the other's lock) -> engagements
                     (insured, or the check-in message says the cover failed)
new terms         -> engagements (terms, schedule) -> contracts (next version) ; after commit: render
cancel            -> engagements (cancelled) -> jobs (place freed) -> insurance (pending cover voided)
no-show sweep     -> engagements (no-show or lapse) -> jobs (place freed, replacement) -> insurance
reject a check    -> engagements (shift not attended), refused by settlement when a statement pays it
pay a statement   -> settlement (payment intent, committed) -> provider (no lock) -> settlement (record)
                     -> engagements (settled) when fully paid, then rated when both sides already rated;
                     a provider that does not answer leaves it pending for a task (same key)
rate              -> ratings (rating) -> engagements (rated when settled and both sides rated)

Nothing here reaches back up: the apps below never import this one. Slow or outside calls never run
under a lock: PDF rendering and the insurer run after commit in Huey tasks keyed by their rows'
idempotency keys; the payment provider is called in the request once the intent has committed (with a
task as its retry); every result is recorded in a second short transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.contracts import services as contracts
from lingong.contracts.models import Contract, ContractSignature
from lingong.core.errors import ConflictError
from lingong.core.queue import enqueue_on_commit
from lingong.engagements import services as engagements
from lingong.engagements.access import lock_engagement, lock_for
from lingong.engagements.models import Engagement, EngagementStatus, Party, Shift
from lingong.insurance import services as insurance
from lingong.insurance.models import InsurancePolicy, PolicyStatus
from lingong.jobs import services as jobs
from lingong.jobs.models import Application
from lingong.ratings import reputation
from lingong.ratings import services as ratings
from lingong.ratings.models import Rating
from lingong.settlement import services as settlement
from lingong.settlement.models import Payment, PaymentStatus

logger = logging.getLogger("lingong.workflow")


def _after_commit(task: Callable[..., Any], *args: Any) -> None:
    """Queue a task once the surrounding transaction has committed (its rows are then visible); a
    broker that is down is logged and left to the sweeps, never turned into an error for the request."""
    enqueue_on_commit(task, *args)


def _tasks() -> Any:
    # The task module imports this one (its tasks call the steps below); import it when first used.
    from lingong.workflow import tasks

    return tasks


# --- Hiring ------------------------------------------------------------------------------------------


def accept_offer(*, actor: User, application_id: int) -> Application:
    """The worker accepts: the place is taken, the engagement and its first contract version open."""
    with transaction.atomic():
        application = jobs.accept_offer(actor=actor, application_id=application_id)
        engagement = engagements.create_for_application(application=application, actor=actor)
        contract = contracts.open_first_version(engagement=engagement, actor=actor)
        _after_commit(_tasks().render_contract, contract.pk)
    return application


def sign_contract(
    *, actor: User, contract_id: int, code: str, pdf_sha256: str, ip: str | None, user_agent: str
) -> ContractSignature:
    """One side signs; when both have, the engagement is signed and its cover is requested."""
    contract = contracts.check_signing_code(
        actor=actor, contract_id=contract_id, code=code, pdf_sha256=pdf_sha256
    )
    with transaction.atomic():
        result = contracts.record_signature(
            actor=actor,
            contract_id=contract.pk,
            engagement_id=contract.engagement_id,
            code=code,
            pdf_sha256=pdf_sha256,
            ip=ip,
            user_agent=user_agent,
        )
        if result.completed:
            _after_commit(_tasks().render_signed_contract, contract.pk)
            engagement_signed(engagement_id=result.engagement.pk, actor=actor)
    return result.signature


def engagement_signed(*, engagement_id: int, actor: User | None) -> Engagement:
    """Both sides signed the current version: the engagement is signed and, if the job needs it, its
    cover is requested (bought by a task after commit)."""
    with transaction.atomic():
        engagement = engagements.mark_signed(engagement_id=engagement_id, actor=actor)
        if engagement.insurance_required:
            _request_cover(engagement, actor)
    return engagement


def _request_cover(engagement: Engagement, actor: User | None) -> None:
    policy = insurance.request_policy(engagement=engagement, actor=actor)
    if policy.status == PolicyStatus.ISSUED:  # signed again on unchanged terms: already covered
        engagements.mark_insured(engagement_id=engagement.pk, actor=actor)
    else:
        _after_commit(_tasks().buy_cover, policy.pk)


def amend_terms(*, actor: User, engagement_id: int, changes: dict[str, Any]) -> Contract:
    """New agreed terms before work starts: the schedule changes and a new version waits for both."""
    with transaction.atomic():
        engagement, _party = lock_for(actor, engagement_id, Party.EMPLOYER, Party.STAFF)
        contracts.check_amendable(engagement, changes)
        engagements.apply_terms(engagement=engagement, changes=changes, actor=actor)
        contract = contracts.open_next_version(engagement=engagement, actor=actor)
        _after_commit(_tasks().render_contract, contract.pk)
    return contract


# --- Cover -------------------------------------------------------------------------------------------


def buy_cover(*, policy_id: int, actor: User | None = None) -> InsurancePolicy:
    """One purchase attempt: claim, call the insurer with no lock held, record the outcome."""
    attempt = insurance.claim_purchase(policy_id=policy_id)
    if attempt is None:
        return InsurancePolicy.objects.get(pk=policy_id)
    outcome = insurance.call_insurer(attempt)
    with transaction.atomic():
        recorded = insurance.record_purchase(policy_id=policy_id, outcome=outcome, actor=actor)
        engagement = recorded.engagement
        if recorded.issued and engagement.status == EngagementStatus.SIGNED:
            engagements.mark_insured(engagement_id=engagement.pk, actor=actor)
        elif recorded.newly and not recorded.issued:
            engagements.note_cover_failed(engagement_id=engagement.pk)
    return recorded.policy


def retry_cover(*, actor: User, policy_id: int) -> InsurancePolicy:
    """Staff try a failed purchase again (same idempotency key: nothing is bought twice)."""
    insurance.retryable_by_staff(actor=actor, policy_id=policy_id)
    policy = buy_cover(policy_id=policy_id, actor=actor)
    if policy.status == PolicyStatus.FAILED and policy.attempt_until is not None:
        raise ConflictError(_("正在向保险公司投保，请稍后刷新查看结果。"), code="purchase_in_progress")
    return policy


def retry_failed_covers(*, now: dt.datetime | None = None) -> int:
    """The periodic sweep: failed purchases of live engagements, with backoff. Returns how many issued."""
    issued = 0
    for policy_id in insurance.policies_due_for_retry(now=now):
        try:
            issued += buy_cover(policy_id=policy_id).status == PolicyStatus.ISSUED
        except Exception:  # one broken row must not stop the sweep
            logger.exception("Could not retry the cover of policy %s", policy_id)
    return issued


# --- Ending ------------------------------------------------------------------------------------------


def _release(engagement: Engagement, actor: User | None) -> None:
    """A cancelled engagement frees its place on the job and stops any cover still being bought."""
    jobs.release_place(application_id=engagement.application_id, actor=actor)
    insurance.void_for_cancelled(engagement=engagement, actor=actor)


def cancel_engagement(*, actor: User, engagement_id: int, reason: str) -> Engagement:
    with transaction.atomic():
        engagement = engagements.cancel(actor=actor, engagement_id=engagement_id, reason=reason)
        _release(engagement, actor)
    return engagement


def sweep_no_shows(*, now: dt.datetime | None = None) -> int:
    """Every minute: missed shifts become no-shows (or lapse); freed places go to a replacement."""
    now = now or timezone.now()
    due = engagements.due_for_no_show(now=now)
    marked = 0
    for shift_id in due.no_show_shift_ids:
        try:
            marked += _handle_no_show(shift_id, now)
        except Exception:  # one broken row must not stop the sweep
            logger.exception("Could not mark shift %s as a no-show", shift_id)
    for engagement_id in due.lapsing_engagement_ids:
        try:
            with transaction.atomic():
                cancelled = engagements.lapse_shifts(engagement_id=engagement_id, now=due.now)
                if cancelled is not None:
                    _release(cancelled, None)
        except Exception:
            logger.exception("Could not lapse the shifts of engagement %s", engagement_id)
    return marked


def _handle_no_show(shift_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        outcome = engagements.mark_no_show(shift_id=shift_id, now=now)
        if outcome is None:
            return False
        engagement = outcome.engagement
        if outcome.cancelled:
            _release(engagement, None)
            if engagement.auto_replace:
                jobs.offer_replacement(
                    job_id=engagement.job_id,
                    exclude_worker_ids={engagement.worker_id},
                    engagement_id=engagement.pk,
                )
    return True


def reject_check(*, actor: User, shift_id: int, reason: str) -> Shift:
    """Staff reject a flagged check-in: the shift is not attended and not paid, unless a statement already
    pays it (void that first; settlement refuses under the engagement and shift locks)."""
    with transaction.atomic():
        return engagements.reject_review(
            actor=actor, shift_id=shift_id, reason=reason, guard=settlement.refuse_if_on_statement
        )


# --- Pay and rate --------------------------------------------------------------------------------------


def pay_statement(*, actor: User, statement_id: int, idempotency_key: Any, reference: Any = "") -> Payment:
    """Commit the payment intent, then pay it outside any lock (the employer is waiting to see it paid).

    When the provider cannot be reached the payment stays pending and a task retries it with the same
    idempotency key after commit, so it is never paid twice.
    """
    intent = settlement.begin_payment(
        actor=actor, statement_id=statement_id, idempotency_key=idempotency_key, reference=reference
    )
    if intent.request is None:
        return Payment.objects.get(pk=intent.payment_id)
    try:
        return execute_payment(payment_id=intent.payment_id, actor=actor)
    except Exception:
        logger.exception("Payment %s: the provider did not answer; a task will retry", intent.payment_id)
        _after_commit(_tasks().execute_payment, intent.payment_id)
        return Payment.objects.get(pk=intent.payment_id)


def execute_payment(*, payment_id: int, actor: User | None = None) -> Payment:
    """Call the provider with no lock held, then record its answer and settle what is fully paid."""
    request = settlement.pending_payment_request(payment_id)
    if request is None:
        return Payment.objects.get(pk=payment_id)
    result = settlement.call_provider(request)
    with transaction.atomic():
        payment = settlement.record_payment(payment_id=payment_id, result=result, actor=actor)
        if payment.status == PaymentStatus.SUCCEEDED:
            _settle_if_fully_paid(payment.statement.engagement_id, actor or payment.paid_by)
    return payment


def _settle_if_fully_paid(engagement_id: int, actor: User | None) -> bool:
    engagement = lock_engagement(engagement_id)
    if not settlement.fully_paid(engagement):
        return False
    engagements.mark_settled(engagement_id=engagement_id, actor=actor)
    if ratings.rated_by_both(engagement_id):
        engagements.mark_rated(engagement_id=engagement_id, actor=actor)
    enterprise_id = engagement.enterprise_id
    transaction.on_commit(lambda: _refresh_employer(enterprise_id))
    return True


def _refresh_employer(enterprise_id: int) -> None:
    try:
        reputation.refresh_employer(enterprise_id)
    except Exception:  # the nightly refresh catches up; paying must not fail on it
        logger.exception("Could not refresh the reputation of enterprise %s", enterprise_id)


def settle_paid_engagements() -> int:
    """Completed engagements whose pay was all made before they completed become settled (sweep)."""
    moved = 0
    for engagement_id in settlement.completed_with_payments():
        try:
            with transaction.atomic():
                moved += _settle_if_fully_paid(engagement_id, None)
        except Exception:
            logger.exception("Could not settle engagement %s", engagement_id)
    return moved


def rate_engagement(
    *,
    actor: User,
    engagement_id: int,
    stars: Any,
    dimensions: dict[str, Any] | None = None,
    comment: Any = "",
) -> Rating:
    """Rate the other side; a settled engagement rated by both sides becomes "rated"."""
    with transaction.atomic():
        rating = ratings.rate(
            actor=actor, engagement_id=engagement_id, stars=stars, dimensions=dimensions, comment=comment
        )
        status = Engagement.objects.filter(pk=engagement_id).values_list("status", flat=True).get()
        if status == EngagementStatus.SETTLED and ratings.rated_by_both(engagement_id):
            engagements.mark_rated(engagement_id=engagement_id, actor=actor)
    return rating
