"""A small fair for the intention tests: published today (no daily hours unless given), organised by the
cast's station, with two approved exhibitors (the cast's two employers), each with one open job, and the
cast's worker registered and checked in."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.fairs.models import (
    Booth,
    BoothApplication,
    BoothStatus,
    FairMode,
    FairRegistration,
    FairStatus,
    JobFair,
    RegistrationChannel,
)
from lingong.jobs.models import JobPosting
from lingong.workers.models import WorkerProfile

_n = itertools.count(1)


@dataclass
class FairWorld:
    fair: JobFair
    exhibitor: BoothApplication  # the cast's employer, booth A01
    other_exhibitor: BoothApplication  # the cast's other employer, booth A02
    job: JobPosting
    other_job: JobPosting
    registration: FairRegistration  # the cast's worker, checked in


def make_fair(
    cast: Any, *, mode: str = FairMode.ONSITE, title: str = "路南区春风行动招聘会", **extra: Any
) -> JobFair:
    today = timezone.localdate()
    n = next(_n)
    values: dict[str, Any] = {
        "market": cast.market,
        "station": cast.station,
        "code": f"F{n:05d}T",
        "title": title,
        "mode": mode,
        "venue": "路南区人力资源市场",
        "address": "唐山市路南区新华道",
        "starts_on": today,
        "ends_on": today,
        "status": FairStatus.PUBLISHED,
        **extra,
    }
    return JobFair.objects.create(**values)


def exhibit(fair: JobFair, employer: Any, number: str, jobs: list[JobPosting]) -> BoothApplication:
    booth = Booth.objects.create(fair=fair, number=number)
    exhibitor = BoothApplication.objects.create(
        fair=fair,
        enterprise=t.enterprise_of(employer),
        status=BoothStatus.APPROVED,
        booth=booth,
        qr_token=f"qr{fair.code}{number}".lower()[:24],
    )
    exhibitor.jobs.set(jobs)
    return exhibitor


def register(
    fair: JobFair,
    worker: WorkerProfile,
    *,
    checked_in: bool = True,
    channel: str = RegistrationChannel.SELF,
    at: dt.datetime | None = None,
) -> FairRegistration:
    return FairRegistration.objects.create(
        fair=fair,
        worker=worker,
        code=f"C{next(_n):07d}",
        channel=channel,
        checked_in_at=(at or timezone.now()) if checked_in else None,
    )


def build(cast: Any, *, mode: str = FairMode.ONSITE, headcount: int = 2, **extra: Any) -> FairWorld:
    fair = make_fair(cast, mode=mode, **extra)
    job = t.make_job(cast.employer, admin=cast.admin, title="装载机司机", headcount=headcount)
    other_job = t.make_job(cast.other_employer, admin=cast.admin, title="后厨帮工")
    return FairWorld(
        fair=fair,
        exhibitor=exhibit(fair, cast.employer, "A01", [job]),
        other_exhibitor=exhibit(fair, cast.other_employer, "A02", [other_job]),
        job=job,
        other_job=other_job,
        registration=register(fair, cast.worker),
    )
