"""Accident cover: bought after signing, blocks check-in until issued, retried without buying twice."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.core.tests.test_pdf import extract_text
from lingong.engagements import services as engagements
from lingong.engagements.access import lock_engagement
from lingong.engagements.models import EngagementStatus
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy, PolicyStatus
from lingong.insurance.providers import PurchaseRequest, PurchaseResult
from lingong.org.policy import set_policy
from lingong.workflow import chain

pytestmark = pytest.mark.django_db

FAILING = "lingong.insurance.providers.FailingInsuranceProvider"
COUNTING = "lingong.insurance.tests.test_policies.CountingProvider"


class CountingProvider:
    """Wraps the local provider and counts calls, to prove retries reuse the key."""

    calls: list[str] = []

    def purchase(self, request: PurchaseRequest) -> PurchaseResult:
        from lingong.insurance.providers import LocalInsuranceProvider

        CountingProvider.calls.append(request.idempotency_key)
        return LocalInsuranceProvider().purchase(request)


def _signed(cast, capture, days=3):
    engagement = t.make_engagement(cast.worker, cast.employer, days=days, insurance_required=True)
    with capture(execute=True):
        chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _check_in(cast, engagement):
    shift = engagement.shifts.order_by("date").first()
    return engagements.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=shift.starts_at + dt.timedelta(minutes=1),
    )


def test_signing_buys_the_cover_and_the_engagement_becomes_insured(cast, django_capture_on_commit_callbacks):
    engagement = _signed(cast, django_capture_on_commit_callbacks, days=3)
    assert engagement.status == EngagementStatus.INSURED
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.status == PolicyStatus.ISSUED
    assert policy.premium == Decimal("9.00")  # 3.00 per person-day x 3 days
    assert policy.person_days == 3
    assert policy.policy_number.startswith("LGBX")
    text = extract_text(bytes(policy.certificate_pdf))
    assert policy.policy_number in text
    assert cast.worker.real_name in text
    assert cast.worker.masked_id_number in text
    assert LocalIssuedPolicy.objects.count() == 1
    assert cast.worker.user.notifications.filter(kind="insurance_issued").exists()
    assert _check_in(cast, engagement).status == "checked_in"


def test_premium_per_day_is_the_markets_policy(cast, django_capture_on_commit_callbacks):
    set_policy(cast.market.pk, insurance_premium_per_day=Decimal("2.50"))
    engagement = _signed(cast, django_capture_on_commit_callbacks, days=4)
    assert InsurancePolicy.objects.get(engagement=engagement).premium == Decimal("10.00")


@override_settings(LINGONG_INSURANCE_PROVIDER=FAILING)
def test_a_failed_purchase_blocks_check_in_and_alerts_staff(cast, django_capture_on_commit_callbacks):
    engagement = _signed(cast, django_capture_on_commit_callbacks)
    assert engagement.status == EngagementStatus.SIGNED
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.status == PolicyStatus.FAILED
    assert policy.attempts == 1
    assert "演练" in policy.last_error
    assert cast.station_staff.notifications.filter(kind="insurance_failed").count() == 1
    assert cast.employer.notifications.filter(kind="insurance_failed").count() == 1
    with pytest.raises(ConflictError) as exc:
        _check_in(cast, engagement)
    assert exc.value.code == "insurance_not_active"
    assert "投保未成功" in exc.value.message
    from lingong.insurance.selectors import failed_policies_for_staff

    assert list(failed_policies_for_staff(cast.station_staff)) == [policy]
    assert list(failed_policies_for_staff(cast.other_station_staff)) == []


def test_pending_cover_blocks_check_in_with_its_own_message(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=True)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)  # purchase not run yet
    engagement.refresh_from_db()
    assert InsurancePolicy.objects.get(engagement=engagement).status == PolicyStatus.PENDING
    with pytest.raises(ConflictError) as exc:
        _check_in(cast, engagement)
    assert "办理中" in exc.value.message


def test_retry_after_the_insurer_recovers_buys_exactly_once(cast, django_capture_on_commit_callbacks):
    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        engagement = _signed(cast, django_capture_on_commit_callbacks)
    policy = InsurancePolicy.objects.get(engagement=engagement)
    CountingProvider.calls = []
    with override_settings(LINGONG_INSURANCE_PROVIDER=COUNTING):
        with pytest.raises(NotFoundError):
            chain.retry_cover(actor=cast.other_station_staff, policy_id=policy.pk)
        with pytest.raises(PermissionDeniedError):
            chain.retry_cover(actor=cast.employer, policy_id=policy.pk)
        retried = chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk)
        assert retried.status == PolicyStatus.ISSUED
        with pytest.raises(ConflictError):
            chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk)
        # The periodic task and a duplicate task delivery change nothing either.
        chain.buy_cover(policy_id=policy.pk)
        assert chain.retry_failed_covers() == 0
    assert CountingProvider.calls == [policy.idempotency_key]
    assert LocalIssuedPolicy.objects.count() == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED


def test_the_local_provider_never_issues_twice_for_one_key(cast):
    from lingong.insurance.providers import LocalInsuranceProvider

    request = PurchaseRequest(
        idempotency_key="engagement:1:terms:1",
        insured_name="江小军",
        insured_id_number="",
        policyholder_name="唐山鑫达路桥工程有限公司",
        job_title="铲车司机",
        place="丰南",
        coverage_start=dt.date(2026, 12, 1),
        coverage_end=dt.date(2026, 12, 3),
        person_days=3,
        premium=Decimal("9.00"),
        death_disability_sum=Decimal("600000"),
        medical_sum=Decimal("50000"),
    )
    first = LocalInsuranceProvider().purchase(request)
    second = LocalInsuranceProvider().purchase(request)
    assert first == second
    assert LocalIssuedPolicy.objects.count() == 1


def test_new_terms_void_the_old_cover_and_buy_new(cast, django_capture_on_commit_callbacks):
    engagement = _signed(cast, django_capture_on_commit_callbacks, days=3)
    first = InsurancePolicy.objects.get(engagement=engagement)
    locked = lock_engagement(engagement.pk)
    engagements.apply_terms(
        engagement=locked,
        changes={"end_date": engagement.end_date + dt.timedelta(days=2)},
        actor=cast.employer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    first.refresh_from_db()
    assert first.status == PolicyStatus.CANCELLED
    second = InsurancePolicy.objects.get(engagement=engagement, terms_version=2)
    assert second.status == PolicyStatus.ISSUED
    assert second.person_days == 5
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.INSURED


def test_api_lists_policies_serves_the_certificate_and_retries(cast, django_capture_on_commit_callbacks):
    client = Client()

    def call(method, path, user, body=None):
        headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"}
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(path, data=data, content_type="application/json", headers=headers)

    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        engagement = _signed(cast, django_capture_on_commit_callbacks)
    listed = call("get", f"/api/v1/insurance/policies?engagement_id={engagement.pk}", cast.worker.user)
    assert listed.status_code == 200
    [policy] = listed.json()
    assert policy["status"] == "failed"
    assert policy["certificate_url"] is None
    assert call("get", f"/api/v1/insurance/policies/{policy['id']}", cast.other_employer).status_code == 404
    assert (
        call("post", f"/api/v1/insurance/policies/{policy['id']}/retry", cast.worker.user).status_code == 403
    )
    retried = call("post", f"/api/v1/insurance/policies/{policy['id']}/retry", cast.station_staff)
    assert retried.status_code == 200
    assert retried.json()["status"] == "issued"
    pdf = call("get", retried.json()["certificate_url"], cast.employer)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert retried.json()["policy_number"] in extract_text(pdf.content)


def test_staff_page_lists_failed_purchases_and_retries(cast, django_capture_on_commit_callbacks):
    with override_settings(LINGONG_INSURANCE_PROVIDER=FAILING):
        engagement = _signed(cast, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(cast.station_staff)
    page = client.get("/insurance/failed/").content.decode()
    assert 'data-testid="failed-policy"' in page
    policy = InsurancePolicy.objects.get(engagement=engagement)
    response = client.post(f"/insurance/policies/{policy.pk}/retry/", follow=True)
    assert "投保成功" in response.content.decode()
    client.force_login(cast.worker.user)
    assert client.get("/insurance/failed/").status_code == 403
    assert client.get(f"/insurance/policies/{policy.pk}/certificate.pdf").status_code == 200
    client.force_login(cast.other_worker.user)
    assert client.get(f"/insurance/policies/{policy.pk}/certificate.pdf").status_code == 404


@override_settings(LINGONG_INSURANCE_PROVIDER=FAILING)
def test_cancelling_the_engagement_stops_retries(cast, django_capture_on_commit_callbacks):
    engagement = _signed(cast, django_capture_on_commit_callbacks)
    policy = InsurancePolicy.objects.get(engagement=engagement)
    assert policy.status == PolicyStatus.FAILED
    chain.cancel_engagement(actor=cast.employer, engagement_id=engagement.pk, reason="项目取消")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.CANCELLED
    assert chain.retry_failed_covers() == 0
    with pytest.raises(ConflictError):
        chain.retry_cover(actor=cast.station_staff, policy_id=policy.pk)
