"""Small known worlds for the skill-gap tests: postings and workers at set distances (1 degree of
latitude is 111.19 km, so 0.05 is 5.6 km, 0.095 is 10.6 km: just outside the default 10 km)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.employers.models import Enterprise
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting
from lingong.org.models import Division, Market, Station
from lingong.workers.models import WorkerCertificate, WorkerProfile, WorkerSkill
from lingong.workflow import chain

FORKLIFT = "special_equipment_forklift"
HEALTH = "health_certificate"
KM = 1 / 111.19  # degrees of latitude per km


@dataclass
class World:
    market: Market
    admin: User
    employer: User
    station: Station
    other_station: Station
    lat: float
    lon: float
    today: dt.date
    jobs: dict[str, JobPosting] = field(default_factory=dict)
    workers: dict[str, WorkerProfile] = field(default_factory=dict)


def base_world() -> World:
    market = t.make_market()
    centre = t.make_centre(market)
    other_centre = t.make_centre(market, "南湖市民中心服务中心")
    station = t.make_station(centre, "友谊里社区零工驿站")
    other_station = t.make_station(other_centre, "四合里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    employer = t.make_employer(market, admin=admin, name="唐山港华物流有限公司")
    Enterprise.objects.filter(pk=t.enterprise_of(employer).pk).update(station=station)
    lunan = Division.objects.get(code=t.LUNAN)
    return World(market, admin, employer, station, other_station, lunan.lat, lunan.lon, timezone.localdate())


def job(w: World, key: str, *, north_km: float = 0, days: int = 10, **overrides: Any) -> JobPosting:
    today = timezone.localdate()
    overrides.setdefault("occupations", ["forklift_driver"])
    overrides.setdefault("division", t.LUNAN)
    overrides.setdefault("pay_amount", Decimal("250"))
    posting = t.make_job(
        w.employer,
        admin=w.admin,
        title=f"叉车司机{key}",
        lat=w.lat + north_km * KM,
        lon=w.lon,
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=days),
        **overrides,
    )
    w.jobs[key] = posting
    return posting


def worker(
    w: World,
    key: str,
    *,
    north_km: float = 0,
    skills: list[str] | None = None,
    intended: list[str] | None = None,
    certificates: list[tuple[str, bool, dt.date | None]] = (),  # type: ignore[assignment]
) -> WorkerProfile:
    """A worker ``north_km`` north of the world's centre with exactly these skills, intended occupations
    and certificates (code, verified, expires_on)."""
    profile = t.make_worker(w.market, name=f"工人{key}", lat=w.lat + north_km * KM, lon=w.lon)
    WorkerSkill.objects.filter(worker=profile).delete()
    for code in skills or []:
        WorkerSkill.objects.create(worker=profile, occupation_id=code, years=3)
    profile.intended_occupations.set(intended or [])
    for n, (code, verified, expires) in enumerate(certificates):
        WorkerCertificate.objects.create(
            worker=profile,
            certificate_type_id=code,
            number=f"T{profile.pk:05d}{n}",
            expires_on=expires,
            verified_at=timezone.now() if verified else None,
            verified_by=w.admin if verified else None,
        )
    w.workers[key] = profile
    return profile


def hire(w: World, posting: JobPosting, profile: WorkerProfile) -> None:
    """The worker applies, is offered and accepts: one of the posting's places is taken."""
    application = job_services.apply(actor=profile.user, job_id=posting.pk)
    job_services.offer(actor=w.employer, application_id=application.pk)
    chain.accept_offer(actor=profile.user, application_id=application.pk)


def gap_world() -> World:
    """Forklift postings in 路南区 (one in a subdistrict of it, one 16.7 km north) and a cleaning posting.

    Row (叉车司机, N1, 路南区): places (5 - 1 hired) + 3 = 7; available: near, near-the-second-only,
    free-after = 3; lacking: expired, unverified (intended only), no certificate = 3; unmet 4.
    Row (保洁员, skill, 路南区): places 2; available: the unverified one, who cleans = 1; unmet 1.
    """
    w = base_world()
    today = timezone.localdate()
    valid = [(FORKLIFT, True, None)]
    first = job(w, "A", headcount=5, division="130202002")  # 友谊街道, a subdistrict of 路南区
    job(w, "B", north_km=16.7, headcount=3)
    job(w, "C", occupations=["cleaner"], headcount=2, pay_amount=Decimal("25"), pay_unit="hour")
    worker(w, "near", north_km=5.6, skills=["forklift_driver"], certificates=valid)
    worker(w, "second_only", north_km=10.6, certificates=valid)  # 10.6 km from A, 6.1 km from B
    worker(w, "outside", north_km=-10.6, skills=["forklift_driver"], certificates=valid)
    worker(
        w, "expired", skills=["forklift_driver"], certificates=[(FORKLIFT, True, today)]
    )  # A starts tomorrow
    worker(
        w,
        "unverified",
        skills=["cleaner"],
        intended=["forklift_driver"],
        certificates=[(FORKLIFT, False, None)],
    )
    worker(w, "no_certificate", skills=["forklift_driver"])
    busy = worker(w, "busy", skills=["forklift_driver"], certificates=valid)
    free_after = worker(w, "free_after", certificates=valid)
    inactive = worker(w, "inactive", skills=["forklift_driver"], certificates=valid)
    User.objects.filter(pk=inactive.user_id).update(is_active=False)
    far = worker(w, "far_hired", north_km=-40, skills=["forklift_driver"], certificates=valid)
    hire(w, first, far)
    # Live engagements elsewhere: one over A's and B's dates, one after them (other postings, now full).
    hire(w, job(w, "busy_job", occupations=["loader_driver"], north_km=-60, days=3), busy)
    later = job(w, "later_job", occupations=["loader_driver"], north_km=-60, days=30)
    JobPosting.objects.filter(pk=later.pk).update(start_date=today + dt.timedelta(days=20))
    hire(w, later, free_after)
    return w
