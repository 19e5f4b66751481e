"""Insurance providers: the interface, the built-in local provider and a failing one for drills and tests.

A provider's ``purchase`` must be idempotent on ``PurchaseRequest.idempotency_key``: asked twice with the
same key it returns the policy it issued the first time and charges nothing more.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lingong.insurance.models import LocalIssuedPolicy


@dataclass(frozen=True)
class PurchaseRequest:
    idempotency_key: str
    insured_name: str
    insured_id_number: str
    policyholder_name: str
    job_title: str
    place: str
    coverage_start: dt.date
    coverage_end: dt.date
    person_days: int
    premium: Decimal
    death_disability_sum: Decimal
    medical_sum: Decimal


@dataclass(frozen=True)
class PurchaseResult:
    policy_number: str
    premium: Decimal
    issued_at: dt.datetime
    provider_reference: str


class ProviderError(Exception):
    """The insurer refused or could not be reached; the message is shown to staff."""


class InsuranceProvider(ABC):
    """An insurer integration. Configure one with ``settings.LINGONG_INSURANCE_PROVIDER`` (dotted path)."""

    @abstractmethod
    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        """Buy the cover, or return the policy already bought for ``request.idempotency_key``.

        Must be idempotent on the key: the platform retries with the same key after timeouts and
        failures, and a retry must never buy (or charge) a second policy. Raise ``ProviderError`` when
        the insurer refuses or cannot be reached.
        """


class LocalInsuranceProvider(InsuranceProvider):
    """Issues policy numbers from the platform's own book; for markets without an insurer integration yet."""

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        existing = LocalIssuedPolicy.objects.filter(idempotency_key=request.idempotency_key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = LocalIssuedPolicy.objects.create(
                        idempotency_key=request.idempotency_key,
                        premium=request.premium,
                        insured_name=request.insured_name[:30],
                        coverage_start=request.coverage_start,
                        coverage_end=request.coverage_end,
                    )
                    day = timezone.localtime(existing.created_at).strftime("%Y%m%d")
                    existing.policy_number = f"LGBX{day}{existing.pk:07d}"
                    existing.save(update_fields=["policy_number"])
            except IntegrityError:  # a concurrent attempt with the same key issued it first
                existing = LocalIssuedPolicy.objects.get(idempotency_key=request.idempotency_key)
        return PurchaseResult(
            policy_number=existing.policy_number,
            premium=existing.premium,
            issued_at=existing.created_at,
            provider_reference=f"local:{existing.pk}",
        )


class FailingInsuranceProvider(InsuranceProvider):
    """Always refuses: for tests and fire drills of the failure path. Never configure it in production."""

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        raise ProviderError("保险公司接口暂不可用（演练）")


def get_provider() -> InsuranceProvider:
    provider = import_string(settings.LINGONG_INSURANCE_PROVIDER)()
    if not callable(getattr(provider, "purchase", None)):  # subclassing InsuranceProvider is advised
        raise ImproperlyConfigured(
            f"LINGONG_INSURANCE_PROVIDER={settings.LINGONG_INSURANCE_PROVIDER!r} is not an InsuranceProvider"
        )
    return provider
