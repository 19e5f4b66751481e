"""Nothing slow or outside runs under a lock: the contract PDF, the insurer and the payment provider.

The orchestrator commits an intent first, calls the slow or outside party with no transaction open, and
records the outcome in a second short transaction. These tests commit for real (``transaction=True``)
so that on SQLite, where a write transaction locks the whole database, a held lock would show.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from lingong import testing as t
from lingong.contracts.models import Contract
from lingong.engagements.models import Engagement, EngagementStatus
from lingong.insurance.models import InsurancePolicy, PolicyStatus
from lingong.insurance.providers import LocalInsuranceProvider, PurchaseRequest, PurchaseResult
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus
from lingong.settlement.models import PaymentStatus
from lingong.settlement.providers import OfflineTransferProvider, PaymentRequest, PaymentResult
from lingong.workflow import chain

GATED = "lingong.workflow.tests.test_nothing_slow_under_a_lock.GatedInsurer"
WATCHED_PAYMENTS = "lingong.workflow.tests.test_nothing_slow_under_a_lock.WatchedPayments"


class GatedInsurer(LocalInsuranceProvider):
    """An insurer that does not answer until the test lets it (a slow insurer, made deterministic)."""

    entered = threading.Event()
    gate = threading.Event()
    in_transaction: ClassVar[list[bool]] = []

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        GatedInsurer.in_transaction.append(connection.in_atomic_block)
        GatedInsurer.entered.set()
        GatedInsurer.gate.wait(timeout=20)
        return super().purchase(request)


class WatchedPayments(OfflineTransferProvider):
    in_transaction: ClassVar[list[bool]] = []

    def pay(self, request: PaymentRequest) -> PaymentResult:
        WatchedPayments.in_transaction.append(connection.in_atomic_block)
        return super().pay(request)


def _in_thread(target: Any) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = target()
        except Exception as exc:  # reported to the test, which fails on it
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
def test_a_slow_insurer_does_not_hold_up_other_accepts_on_the_same_job(cast: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, headcount=2, insurance_required=True)
    first = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    second = job_services.apply(actor=cast.other_worker.user, job_id=job.pk)
    for application in (first, second):
        job_services.offer(actor=cast.employer, application_id=application.pk)
    chain.accept_offer(actor=cast.worker.user, application_id=first.pk)
    engagement = Engagement.objects.get(application=first)
    GatedInsurer.entered.clear()
    GatedInsurer.gate.clear()
    GatedInsurer.in_transaction.clear()
    with override_settings(LINGONG_INSURANCE_PROVIDER=GATED):
        # Both signed: the cover is requested and its purchase starts (a task, immediate in tests) and waits
        # at the insurer.
        signing, signed = _in_thread(
            lambda: chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
        )
        assert GatedInsurer.entered.wait(timeout=20), "the purchase never reached the insurer"
        # Meanwhile the second worker accepts a place on the same job.
        accepting, accepted = _in_thread(
            lambda: chain.accept_offer(actor=cast.other_worker.user, application_id=second.pk)
        )
        accepting.join(timeout=15)
        finished_while_insurer_waited = not accepting.is_alive()
        GatedInsurer.gate.set()
        accepting.join(timeout=20)
        signing.join(timeout=20)
    assert finished_while_insurer_waited, "an accept on the same job waited for the insurer"
    assert "error" not in accepted and "error" not in signed, (accepted, signed)
    assert GatedInsurer.in_transaction == [False]  # the insurer was called with no transaction open
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.ACCEPTED
    assert InsurancePolicy.objects.get(engagement=engagement).status == PolicyStatus.ISSUED
    assert Engagement.objects.get(pk=engagement.pk).status == EngagementStatus.INSURED


@pytest.mark.django_db
def test_accepting_commits_the_contract_as_an_intent_and_renders_it_after_commit(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, headcount=1, insurance_required=False)
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    contract = Contract.objects.get(engagement__application=application)
    assert contract.pdf_sha256 == "" and bytes(contract.pdf) == b""  # nothing rendered in the transaction
    for callback in callbacks:
        callback()  # what runs once the transaction has committed: the rendering task
    contract.refresh_from_db()
    assert len(contract.pdf_sha256) == 64 and bytes(contract.pdf).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_the_payment_provider_is_called_with_no_transaction_open(cast: Any) -> None:
    from lingong.engagements import services as engagements
    from lingong.settlement import services as settlement

    engagement = t.make_engagement(cast.worker, cast.employer, days=1, insurance_required=False)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    shift = engagement.shifts.get()
    start = timezone.now() - dt.timedelta(hours=9)
    type(shift).objects.filter(pk=shift.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=8))
    lat, lon = engagement.site_lat, engagement.site_lon
    engagements.check_in(actor=cast.worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=start)
    engagements.check_out(
        actor=cast.worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=start + dt.timedelta(hours=8)
    )
    engagements.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    statement = settlement.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key="settle-0001"
    )
    WatchedPayments.in_transaction.clear()
    with override_settings(LINGONG_PAYMENT_PROVIDER=WATCHED_PAYMENTS):
        payment = chain.pay_statement(
            actor=cast.employer, statement_id=statement.pk, idempotency_key="pay-00001"
        )
    assert payment.status == PaymentStatus.SUCCEEDED and payment.amount == statement.net > Decimal(0)
    assert WatchedPayments.in_transaction == [False]
    assert Engagement.objects.get(pk=engagement.pk).status == EngagementStatus.SETTLED
