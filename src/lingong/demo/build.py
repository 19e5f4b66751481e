"""Building the demo market: reference data, then each builder in turn on one shared context."""

from __future__ import annotations

from lingong.demo.arbitration import build_arbitration
from lingong.demo.cast import LUNAN, MARKET_CODE
from lingong.demo.chain import ChainBuilder
from lingong.demo.common import Progress, SeedOptions
from lingong.demo.complaints import build_complaints
from lingong.demo.context import DemoContext
from lingong.demo.elder import build_elder
from lingong.demo.employers import EmployerBuilder
from lingong.demo.fair_intentions import build_fair_intentions
from lingong.demo.fairs import build_fairs
from lingong.demo.housekeeping import build_housekeeping  # issue 13 hk-dispatch
from lingong.demo.housekeeping_catalogue import build_housekeeping_catalogue  # issue 13 hk-booking
from lingong.demo.jobs import JobBuilder
from lingong.demo.legal import build_legal
from lingong.demo.live import build_live
from lingong.demo.mediation import build_mediation
from lingong.demo.org import Org, build_org
from lingong.demo.privacy import add_sensitive_reads
from lingong.demo.quick_recruit import build_quick_recruit
from lingong.demo.report_history import add_last_month_applications
from lingong.demo.rights import build_rights
from lingong.demo.screening import ScreeningBuilder
from lingong.demo.simulation import build_simulation  # issue 14: a finished run on the staff page
from lingong.demo.story_jobs import add_story_jobs
from lingong.demo.training import build_training  # issue 13 training-results
from lingong.demo.workers import WorkerBuilder
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.jobs.models import JobPosting, JobStatus
from lingong.org.models import Division
from lingong.org.reference import sync_divisions
from lingong.stats.counters import rebuild as rebuild_counters
from lingong.taxonomy.models import Occupation
from lingong.taxonomy.reference import sync_taxonomy
from lingong.workers.models import WorkerProfile


def market_is_loaded() -> bool:
    """The demo market counts as loaded once it has workers."""
    return WorkerProfile.objects.filter(market__code=MARKET_CODE).exists()


def ensure_reference_data() -> None:
    """Divisions and occupations arrive with migrate; load them if this database lacks them."""
    if not Division.objects.filter(code=LUNAN).exists():
        sync_divisions()
    if not Occupation.objects.exists():
        sync_taxonomy()


def build_demo_market(options: SeedOptions, progress: Progress | None = None) -> dict[str, int]:
    """Build the market and return the counts of what was made; the caller wraps this (and any reset) in
    one transaction. The order of the steps is the order of the draws: changing it changes the market."""
    ensure_reference_data()
    ctx = DemoContext.start(options, progress)
    org = build_org(ctx)
    employers = EmployerBuilder(ctx, org).build()
    workers = WorkerBuilder(ctx, org, employers.li_home).build()
    jobs = JobBuilder(ctx, org, employers, workers).build(add_story_jobs)
    ChainBuilder(ctx, employers, jobs).build()
    give_demo_station_its_queue(org)
    ScreeningBuilder(ctx, employers, jobs).build()
    build_rights(ctx)
    add_sensitive_reads(ctx)
    add_last_month_applications(ctx, MARKET_CODE)
    build_complaints(ctx, org)
    build_mediation(ctx)
    build_arbitration(ctx)
    build_legal(ctx)
    build_elder(ctx)
    build_fairs(ctx, org)
    build_fair_intentions(ctx)  # needs the fair of today that build_fairs made
    build_live(ctx, org, employers)
    build_housekeeping_catalogue(ctx, org)  # issue 13 hk-booking
    build_training(ctx, org, employers)  # issue 13 training-results
    # The bulk-written rows wrote no audit entries: count them for the live screens (lingong.stats).
    rebuild_counters(org.market.pk)
    build_quick_recruit(ctx, org, employers)  # last: its draws change nothing above
    # issue 13 hk-dispatch: bookings in every state and a plan (no draws; its workers are then busy)
    build_housekeeping(ctx, org, employers)
    build_simulation(ctx)  # no draws; its own seed
    return ctx.counts


def give_demo_station_its_queue(org: Org) -> None:
    """The station staff login acts only for the employers of its station (staff scope): give that station
    a few of its centre's employers waiting for verification and with postings waiting for review (as if
    its staff had registered them), so its lists and its centre's queues show them. No draw: the rest of
    the market is unchanged."""
    station = org.demo_station
    near = Enterprise.objects.filter(market=org.market, station__centre=station.centre).exclude(
        station=station
    )
    pending = near.filter(status=VerificationStatus.PENDING).order_by("pk")[:2]
    waiting = near.filter(
        pk__in=JobPosting.objects.filter(status=JobStatus.PENDING_REVIEW).values("enterprise_id")
    ).order_by("pk")[:2]
    ids = [e.pk for e in pending] + [e.pk for e in waiting]
    Enterprise.objects.filter(pk__in=ids).update(station=station)
