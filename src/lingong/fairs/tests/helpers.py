"""Test helpers: a published on-site fair of the cast's station, open all day today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lingong.fairs import services
from lingong.fairs.models import JobFair


def fair_input(**overrides: Any) -> services.FairInput:
    today = timezone.localdate()
    data = services.FairInput(
        title="路南区春风行动招聘会",
        mode="both",
        starts_on=today,
        ends_on=today,
        venue="路南区人力资源市场",
        address="唐山市路南区新华西道68号",
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
        floor_width=12,
        floor_height=8,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def make_fair(staff: Any, *, booths: int = 6, publish: bool = True, **overrides: Any) -> JobFair:
    fair = services.create_fair(actor=staff, data=fair_input(**overrides))
    if booths and fair.is_onsite:
        services.generate_booths(actor=staff, fair_id=fair.pk, count=booths)
    if publish:
        services.publish_fair(actor=staff, fair_id=fair.pk)
    fair.refresh_from_db()
    return fair
