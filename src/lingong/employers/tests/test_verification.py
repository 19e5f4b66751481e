"""Enterprise verification goes through its status table: review, rejection, resubmission."""

from __future__ import annotations

from typing import Any

import pytest

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError
from lingong.employers import services
from lingong.employers.models import ENTERPRISE_VERIFICATION, Enterprise, VerificationStatus

pytestmark = pytest.mark.django_db


def _pending(cast: Any) -> tuple[Any, Enterprise]:
    employer = t.make_employer(cast.market, name="唐山新开物流有限公司", verified=False)
    return employer, t.enterprise_of(employer)


def _entries(enterprise: Enterprise, action: str) -> list[dict[str, Any]]:
    return [
        e.data for e in AuditEntry.objects.filter(action=action, object_id=str(enterprise.pk)).order_by("pk")
    ]


def test_verification_stamps_the_reviewer_and_keeps_its_audit_action(cast: Any) -> None:
    _employer, enterprise = _pending(cast)
    services.verify_enterprise(actor=cast.admin, enterprise_id=enterprise.pk)
    enterprise.refresh_from_db()
    assert enterprise.status == VerificationStatus.VERIFIED
    assert enterprise.verified_by == cast.admin and enterprise.verified_at is not None
    assert _entries(enterprise, "enterprise.verified") == [{"from": "pending", "to": "verified"}]
    with pytest.raises(ConflictError) as info:
        services.verify_enterprise(actor=cast.admin, enterprise_id=enterprise.pk)
    assert info.value.code == "invalid_transition"
    assert info.value.message == "该单位不在待审核状态"
    assert verify_chain() is None


def test_rejection_then_resubmission_goes_back_to_review(cast: Any) -> None:
    employer, enterprise = _pending(cast)
    services.reject_enterprise(actor=cast.admin, enterprise_id=enterprise.pk, reason="营业执照不清晰")
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.rejection_reason) == (VerificationStatus.REJECTED, "营业执照不清晰")
    assert _entries(enterprise, "enterprise.rejected") == [
        {"from": "pending", "to": "rejected", "reason": "营业执照不清晰"}
    ]

    services.resubmit_enterprise(actor=employer, data=t.enterprise_input("唐山新开物流股份有限公司"))
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.rejection_reason) == (VerificationStatus.PENDING, "")
    assert enterprise.name == "唐山新开物流股份有限公司"
    # Correcting again while still pending keeps it pending (no transition, one more trail entry).
    services.resubmit_enterprise(actor=employer, data=t.enterprise_input("唐山新开物流集团有限公司"))
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.name) == (VerificationStatus.PENDING, "唐山新开物流集团有限公司")
    assert _entries(enterprise, "enterprise.resubmitted") == [{"from": "rejected", "to": "pending"}, {}]

    services.verify_enterprise(actor=cast.admin, enterprise_id=enterprise.pk)
    enterprise.refresh_from_db()
    assert enterprise.status == VerificationStatus.VERIFIED
    with pytest.raises(ConflictError):
        services.resubmit_enterprise(actor=employer, data=t.enterprise_input("唐山新开物流有限公司"))


def test_the_verification_table() -> None:
    assert ENTERPRISE_VERIFICATION.sources_of(VerificationStatus.VERIFIED) == {"pending"}
    assert ENTERPRISE_VERIFICATION.sources_of(VerificationStatus.PENDING) == {"rejected"}
    assert not ENTERPRISE_VERIFICATION.allows(VerificationStatus.VERIFIED, VerificationStatus.REJECTED)
