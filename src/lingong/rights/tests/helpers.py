"""A worker with a paid engagement (contract, attendance, statement, payment), through the real services."""

from __future__ import annotations

from typing import Any

from lingong.engagements.models import Engagement
from lingong.ratings.tests.helpers import completed, pay_all


def paid_engagement(worker: Any, employer: Any) -> Engagement:
    engagement = pay_all(completed(worker, employer), employer)
    assert engagement.status == "settled", engagement.status
    return engagement
