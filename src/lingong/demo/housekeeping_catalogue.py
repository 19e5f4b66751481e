"""The housekeeping catalogue of the demo market (issue 13 §3) and certified domestic workers near 王女士家.

The seven default services (``housekeeping.pricing.default_catalogue``) are installed for the market. For
each service, the nearest demo workers within the market's housekeeping radius of the household (those free
in the daytime first; at least ``PER_SERVICE``) are made able to do it: the service's occupation as a skill
(kept if they had it), the health certificate and the service's skill certificate, verified by the market
admin. The published story workers (江小军, 李师傅) are left as they are. No random draws: the choice is by
availability and distance, so the other builders' draws are unchanged.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lingong.core.geo import haversine_km
from lingong.demo.cast import DEMO_PHONES, HOUSEHOLD_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.org import Org
from lingong.employers.models import Enterprise
from lingong.housekeeping import services
from lingong.housekeeping.models import Booking, HousekeepingService, RecurringPlan
from lingong.jobs.matching_index.rows import availability_mask
from lingong.matching.config import slot_mask
from lingong.org.policy import policy_for
from lingong.workers.models import WorkerCertificate, WorkerProfile, WorkerSkill

PER_SERVICE = 6
CERT_NUMBER_PREFIX = "HKDEMO"


def delete_housekeeping_catalogue(market_id: int) -> None:
    """The market's bookings (their offers go with them), recurring plans and catalogue, in that order
    (each PROTECTs the next); called before the engagements, which bookings PROTECT, are deleted."""
    Booking.objects.filter(market_id=market_id).delete()
    RecurringPlan.objects.filter(market_id=market_id).delete()
    HousekeepingService.objects.filter(market_id=market_id).delete()


_DAYTIME = slot_mask(range(7), 8, 17)


def _free_by_day(worker: WorkerProfile) -> bool:
    slots = availability_mask((a.weekday, a.start_time, a.end_time) for a in worker.availability.all())
    return slots & _DAYTIME == _DAYTIME


def build_housekeeping_catalogue(ctx: DemoContext, org: Org) -> list[HousekeepingService]:
    catalogue = services.install_catalogue(market_id=org.market.pk, actor=org.admin)
    # The login's household: generated households may carry the same family name.
    household = Enterprise.objects.filter(market=org.market, members__user__phone=HOUSEHOLD_PHONE).first()
    if household is None:
        ctx.counts["家政服务项目"] = len(catalogue)
        return catalogue
    radius = float(policy_for(org.market.pk).housekeeping_radius_km)
    # Leave a little margin inside the radius: the engine measures on its own projection.
    reach = radius * 0.9
    workers = list(
        WorkerProfile.objects.filter(market=org.market, home_lat__isnull=False, home_lon__isnull=False)
        .exclude(real_name="")
        .exclude(user__phone__in=DEMO_PHONES)
        .select_related("user")
        .prefetch_related("skills", "availability")
        .order_by("pk")
    )
    distance = {
        w.pk: haversine_km(household.lat, household.lon, float(w.home_lat or 0), float(w.home_lon or 0))
        for w in workers
    }
    # Those free in a household's daytime on any day first: a certified worker the household can never book
    # is no candidate (which workers those are depends on the other builders' draws).
    near = sorted(
        (w for w in workers if distance[w.pk] <= reach),
        key=lambda w: (not _free_by_day(w), distance[w.pk], w.pk),
    )
    today = ctx.today
    used: set[int] = set()
    skills: list[WorkerSkill] = []
    certs: list[WorkerCertificate] = []
    held: set[tuple[int, str]] = set(
        WorkerCertificate.objects.filter(worker__in=near, verified_at__isnull=False).values_list(
            "worker_id", "certificate_type_id"
        )
    )
    for service in catalogue:
        occupation = service.occupation_id
        skilled = [w for w in near if any(s.occupation_id == occupation for s in w.skills.all())]
        # Membership by id in sets: `w in list` compares models one by one, quadratic in a large demo.
        skilled_ids = {w.pk for w in skilled}
        others = [w for w in near if w.pk not in skilled_ids and w.pk not in used]
        chosen = (skilled + others)[:PER_SERVICE]
        chosen_ids = {w.pk for w in chosen}
        chosen += [w for w in near if w.pk not in chosen_ids][: PER_SERVICE - len(chosen)]
        for w in chosen:
            used.add(w.pk)
            if w.pk not in skilled_ids:
                skills.append(WorkerSkill(worker=w, occupation_id=occupation, years=3 + w.pk % 8))
            for code in service.certificates_required.values_list("code", flat=True):
                if (w.pk, code) in held:
                    continue
                held.add((w.pk, code))
                health = code == "health_certificate"
                certs.append(
                    WorkerCertificate(
                        worker=w,
                        certificate_type_id=code,
                        number=f"{CERT_NUMBER_PREFIX}{w.pk:06d}{len(certs):03d}",
                        issuer="唐山市路南区疾病预防控制中心" if health else "唐山市职业技能鉴定指导中心",
                        issued_on=today - dt.timedelta(days=30 + w.pk % 60),
                        expires_on=today + dt.timedelta(days=300 + w.pk % 60) if health else None,
                        verified_by=org.admin,
                        verified_at=ctx.now - dt.timedelta(days=20),
                    )
                )
    WorkerSkill.objects.bulk_create(skills, ignore_conflicts=True)
    WorkerCertificate.objects.bulk_create(certs)
    # The profiles changed: the matching index re-reads them (it polls profile updated_at).
    WorkerProfile.objects.filter(pk__in=used).update(updated_at=timezone.now())
    ctx.counts["家政服务项目"] = len(catalogue)
    ctx.counts["家政持证服务人员"] = len(used)
    return catalogue
