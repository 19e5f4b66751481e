"""Reads for insurance: the current policy, a party's policy, the staff's failed purchases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lingong.core.errors import NotFoundError
from lingong.engagements.access import party_of, staff_scope_q
from lingong.engagements.models import Engagement
from lingong.insurance.models import InsurancePolicy, PolicyStatus


def current_policy(engagement: Engagement) -> InsurancePolicy | None:
    return (
        InsurancePolicy.objects.filter(engagement=engagement)
        .exclude(status=PolicyStatus.CANCELLED)
        .filter(terms_version=engagement.terms_version)
        .order_by("-pk")
        .first()
    )


def policies_of(user: Any, engagement_id: int) -> list[InsurancePolicy]:
    engagement = Engagement.objects.filter(pk=engagement_id).first()
    if engagement is None or party_of(user, engagement) is None:
        raise NotFoundError(_("用工单不存在"))
    return list(InsurancePolicy.objects.filter(engagement=engagement).order_by("-pk"))


def failed_policies_for_staff(user: Any) -> QuerySet[InsurancePolicy]:
    return (
        InsurancePolicy.objects.filter(status=PolicyStatus.FAILED)
        .filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
        .select_related("engagement__worker", "engagement__job", "engagement__enterprise")
        .order_by("-updated_at")
    )
