"""Retries never buy twice (also under concurrency), the sweep backs off, failures reach someone, and
the premium and provider configuration behave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError, PermissionDeniedError
from lingong.engagements.models import EngagementStatus
from lingong.insurance import services
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy, PolicyStatus
from lingong.insurance.providers import (
    InsuranceProvider,
    LocalInsuranceProvider,
    ProviderError,
    PurchaseRequest,
    PurchaseResult,
    get_provider,
)
from lingong.org.policy_defaults import DEFAULT_POLICY
from lingong.workflow import chain

FAILING = "lingong.insurance.providers.FailingInsuranceProvider"
COUNTING = "lingong.insurance.tests.test_retries.CountingProvider"
BROKEN_DB = "lingong.insurance.tests.test_retries.WritesThenFailsProvider"
THREADS = 6


class CountingProvider(InsuranceProvider):
    """The local provider, counting calls (across threads) to prove every attempt reuses one key."""

    calls: list[str] = []
    lock = threading.Lock()

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        with CountingProvider.lock:
            CountingProvider.calls.append(request.idempotency_key)
        return LocalInsuranceProvider().purchase(request)


class WritesThenFailsProvider(InsuranceProvider):
    """Writes to the database, then breaks it: the failure must still be recorded and committed."""

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        LocalIssuedPolicy.objects.create(
            idempotency_key=request.idempotency_key,
            premium=request.premium,
            insured_name="x",
            coverage_start=request.coverage_start,
            coverage_end=request.coverage_end,
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_for_insurance_tests")
        raise AssertionError("unreachable")


class NotAProvider:
    pass


def _sign_failing(cast: Any, days: int = 3) -> tuple[Any, InsurancePolicy]:
    engagement = t.make_engagement(cast.worker, cast.employer, days=days, insurance_required=True)
    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
        # In a non-transactional test the on-commit purchase does not run: attempt it as the task would.
        policy = InsurancePolicy.objects.get(engagement=engagement)
        if policy.status == PolicyStatus.PENDING:
            chain.buy_cover(policy_id=policy.pk)
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.FAILED
    return engagement, policy


def race(target: Callable[[int], Any]) -> tuple[list[Any], list[str], list[BaseException]]:
    barrier = threading.Barrier(THREADS, timeout=30)
    results: list[Any] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            value = target(i)
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced by the caller's assertion
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                results.append(value)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(thread.is_alive() for thread in threads)
    return results, refused, unexpected


@pytest.mark.django_db(transaction=True)
def test_concurrent_purchases_and_retries_buy_exactly_one_policy(cast: Any) -> None:
    engagement, policy = _sign_failing(cast)
    CountingProvider.calls = []
    with override_settings(LINGONG_INSURANCE_PROVIDER=COUNTING):
        results, refused, unexpected = race(
            lambda i: (
                (
                    chain.buy_cover(policy_id=policy.pk)
                    if i % 2
                    else chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk)
                ).policy_number
            )
        )
    assert unexpected == []
    # Retries that saw the policy issued are refused as invalid, or as in progress while another attempt
    # was at the insurer; the purchase task returns at once then (no number yet). One policy in all.
    assert set(refused) <= {"invalid_transition", "purchase_in_progress"}
    assert len(results) + len(refused) == THREADS
    assert len(set(results) - {""}) == 1
    assert CountingProvider.calls == [policy.idempotency_key]
    assert LocalIssuedPolicy.objects.count() == 1
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.ISSUED
    assert policy.attempts == 2  # the failed attempt and the one that succeeded
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED
    assert AuditEntry.objects.filter(action="insurance.issued").count() == 1
    assert AuditEntry.objects.filter(action="engagement.insured").count() == 1
    assert verify_chain() is None


@pytest.mark.django_db
def test_the_sweep_backs_off_and_stops_after_a_few_attempts(cast: Any) -> None:
    engagement, policy = _sign_failing(cast)
    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        # Just failed: not due yet.
        assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=5)) == 0
        policy.refresh_from_db()
        assert policy.attempts == 1
        # 10 minutes after the first failure it is tried again.
        chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=11))
        policy.refresh_from_db()
        assert policy.attempts == 2
        # The second wait is 20 minutes: 15 is too early, 21 is due.
        chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=15))
        policy.refresh_from_db()
        assert policy.attempts == 2
        chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=21))
        policy.refresh_from_db()
        assert policy.attempts == 3
        for _ in range(5):
            chain.retry_failed_covers(now=timezone.now() + dt.timedelta(days=1))
        policy.refresh_from_db()
        assert policy.attempts == services.MAX_AUTOMATIC_ATTEMPTS
        assert policy.status == PolicyStatus.FAILED
    # The insurer is back, but the sweep has given up: staff retry by hand.
    assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(days=2)) == 0
    policy.refresh_from_db()
    assert policy.attempts == services.MAX_AUTOMATIC_ATTEMPTS
    assert chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk).status == PolicyStatus.ISSUED
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED


@pytest.mark.django_db
def test_the_sweep_issues_once_the_insurer_recovers(cast: Any) -> None:
    engagement, policy = _sign_failing(cast)
    assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(minutes=11)) == 1
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.ISSUED
    assert policy.attempts == 2
    assert chain.retry_failed_covers(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert LocalIssuedPolicy.objects.count() == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED


@pytest.mark.django_db
def test_a_provider_that_breaks_the_database_still_leaves_a_failure_record(cast: Any) -> None:
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=True)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    policy = InsurancePolicy.objects.get(engagement=engagement)
    with override_settings(LINGONG_INSURANCE_PROVIDER=BROKEN_DB):
        chain.buy_cover(policy_id=policy.pk)
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.FAILED
    assert policy.attempts == 1
    assert "no_such_table" in policy.last_error
    # Inside a caller's transaction (this test's) a savepoint undoes the provider's half-done write; the
    # task calls the insurer with no transaction open at all.
    assert LocalIssuedPolicy.objects.count() == 0
    failed = AuditEntry.objects.get(action="insurance.failed")
    assert failed.result == "error"
    assert failed.data["engagement_id"] == engagement.pk


@pytest.mark.django_db
def test_without_station_staff_the_centre_then_the_market_admins_are_alerted(cast: Any) -> None:
    cast.station_staff.is_active = False
    cast.station_staff.save(update_fields=["is_active"])
    _sign_failing(cast)
    assert cast.centre_staff.notifications.filter(kind="insurance_failed").count() == 1
    assert not cast.admin.notifications.filter(kind="insurance_failed").exists()
    assert not cast.other_station_staff.notifications.filter(kind="insurance_failed").exists()

    cast.centre_staff.is_active = False
    cast.centre_staff.save(update_fields=["is_active"])
    _sign_failing(cast)
    assert cast.admin.notifications.filter(kind="insurance_failed").count() == 1


@pytest.mark.django_db
def test_only_staff_in_scope_may_retry(cast: Any) -> None:
    _engagement, policy = _sign_failing(cast)
    for outsider in (cast.worker.user, cast.other_worker.user, cast.employer):
        with pytest.raises(PermissionDeniedError):
            chain.retry_cover(actor=outsider, policy_id=policy.pk)
    from lingong.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        chain.retry_cover(actor=cast.other_station_staff, policy_id=policy.pk)
    with pytest.raises(NotFoundError):
        chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk + 1000)
    # Centre staff and the market admin cover the station too.
    assert chain.retry_cover(actor=cast.centre_staff, policy_id=policy.pk).status == PolicyStatus.ISSUED


@pytest.mark.django_db
def test_a_pending_policy_cannot_be_retried_by_hand(cast: Any) -> None:
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=True)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.status == PolicyStatus.PENDING
    with pytest.raises(ConflictError) as exc:
        chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk)
    assert exc.value.code == "invalid_transition"
    assert "办理中" in exc.value.message


@pytest.mark.parametrize(
    ("per_day", "days", "expected"),
    [("3.00", 3, "9.00"), ("2.345", 1, "2.35"), ("0.125", 1, "0.13"), ("1.005", 2, "2.01")],
)
def test_premium_is_per_day_times_days_rounded_half_up(
    per_day: str, days: int, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = dataclasses.replace(DEFAULT_POLICY, insurance_premium_per_day=Decimal(per_day))
    monkeypatch.setattr(services, "policy_for", lambda market_id: rules)
    assert services.premium_for(days) == Decimal(expected)


@pytest.mark.django_db
def test_cancelled_shifts_are_not_insured(cast: Any) -> None:
    from lingong.engagements.models import ShiftStatus

    engagement = t.make_engagement(cast.worker, cast.employer, days=4, insurance_required=True)
    last = engagement.shifts.order_by("-date").first()
    last.status = ShiftStatus.CANCELLED
    last.save(update_fields=["status"])
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.person_days == 3
    assert policy.premium == Decimal("9.00")


def test_get_provider_loads_the_setting_and_rejects_other_classes() -> None:
    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        provider = get_provider()
        with pytest.raises(ProviderError):
            provider.purchase(None)  # type: ignore[arg-type]
    not_a_provider = "lingong.insurance.tests.test_retries.NotAProvider"
    with override_settings(LINGONG_INSURANCE_PROVIDER=not_a_provider), pytest.raises(ImproperlyConfigured):
        get_provider()
    with pytest.raises(TypeError):
        InsuranceProvider()  # type: ignore[abstract]
