"""Who may see an insurance policy: the parties of its engagement and the staff in scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lingong.core.errors import NotFoundError
from lingong.engagements.access import party_of
from lingong.insurance.models import InsurancePolicy


def access_policy_for(user: Any, policy_id: int) -> tuple[InsurancePolicy, str]:
    """Fetch the policy and the user's party in its engagement; 404 for anyone who may not see it."""
    policy = (
        InsurancePolicy.objects.select_related("engagement__worker", "engagement__job")
        .filter(pk=policy_id)
        .first()
    )
    party = party_of(user, policy.engagement) if policy is not None else None
    if policy is None or party is None:
        raise NotFoundError(_("保单不存在"))
    return policy, party
