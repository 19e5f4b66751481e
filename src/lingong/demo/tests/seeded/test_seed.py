"""The demo-market seed: scale, the invariants the services enforce, idempotency, determinism, logins."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong.accounts.models import Role, User
from lingong.audit.models import AuditEntry, SensitiveRead
from lingong.audit.trail import verify_chain
from lingong.contracts.models import Contract, ContractSignature, ContractStatus, SignerParty
from lingong.core import crypto
from lingong.core.validators import parse_resident_id, validate_uscc
from lingong.demo.cast import (
    ADMIN_PHONE,
    BANK_NAME,
    CENTRE_STAFF_PHONE,
    DEMO_ENTERPRISE_NAME,
    DEMO_PASSWORD,
    DEMO_PHONES,
    EMPLOYER_PHONE,
    ENGAGEMENT_JOBS,
    JIANG_PHONE,
    LI_PHONE,
    MARKET_CODE,
    STATION_STAFF_PHONE,
)
from lingong.demo.common import live_window, worked_windows
from lingong.demo.fairs import FAIR_TITLE, NEXT_FAIR_TITLE
from lingong.demo.tests.seeding import WORKERS, seed
from lingong.demo.training import JOB_TITLE_SUFFIX as TRAINING_JOB_SUFFIX  # issue 13 training-results
from lingong.demo.training import ORDER_CODE, PROVIDER_NAME
from lingong.employers.models import Enterprise, EnterpriseKind, EnterpriseMember
from lingong.engagements import selectors as engagement_selectors
from lingong.engagements.models import (
    AttendanceCase,
    CaseStatus,
    Confirmation,
    Engagement,
    EngagementStatus,
    Party,
    ReviewStatus,
    ShiftStatus,
)
from lingong.fairs.models import Intention, JobFair
from lingong.housekeeping.models import Booking, HousekeepingService, RecurringPlan
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy, PolicyStatus
from lingong.jobs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    JobPosting,
    JobStatus,
    SourceChannel,
)
from lingong.legal.models import Consultation, LegalAdviser
from lingong.live.models import Lead, LeadStatus, LiveSession
from lingong.org.area import validate_in_market_area
from lingong.org.models import Market, ServiceCentre, Station
from lingong.ratings.models import Direction, Rating
from lingong.recruit.models import QuickRecruit
from lingong.settlement.models import Payment, PaymentStatus, Statement, StatementStatus
from lingong.training.models import TrainingOrder, TrainingProvider
from lingong.workers.models import WorkerProfile, WorkerReputation
from lingong.workers.selectors import station_workers
from lingong.workflow.selectors import engagement_story


def training_jobs() -> int:  # issue 13 training-results: the forklift jobs the training order posted
    return JobPosting.objects.filter(title__endswith=TRAINING_JOB_SUFFIX).count()


def training_order_jobs() -> list[int]:
    """The jobs the demo's training order hires its graduates for: posted by the training builder, or an
    open forklift job the employer already had (which one depends on the random demo)."""
    order = TrainingOrder.objects.get(code=ORDER_CODE)
    return [job.pk for link in order.employers.all() for job in link.jobs.all()]


# Every test here reads (or changes and rolls back) the package's one seeded demo market (conftest.py).
pytestmark = pytest.mark.xdist_group("demo_seed")


def snapshot() -> dict[str, Any]:
    """What a rerun must not change and a rebuild with the same seed must reproduce (no ids or times)."""
    return {
        "people": sorted(WorkerProfile.objects.values_list("user__phone", "real_name")),
        "titles": sorted(JobPosting.objects.values_list("title", flat=True)),
        "enterprises": sorted(Enterprise.objects.values_list("name", "credit_code")),
        "phones": sorted(User.objects.values_list("phone", flat=True)),
        "engagements": sorted(Engagement.objects.values_list("worker__real_name", "job__title")),
    }


def _added_cooks(seeded: str) -> int:
    """Cooks the quick-recruit step added near the bank, beyond the requested scale (the summary says)."""
    found = re.search(r"即时快招补充厨师 (\d+) 人", seeded)
    assert found, seeded
    return int(found.group(1))


def test_counts_match_the_requested_scale(seeded: str) -> None:
    cooks = _added_cooks(seeded)
    market = Market.objects.get(code="lunan")
    assert market.name == "路南区零工市场"
    assert market.division_id == "130202"
    assert set(ServiceCentre.objects.values_list("name", flat=True)) == {
        "万达广场服务中心",
        "南湖市民中心服务中心",
        "梁家屯路街道初心家园服务中心",
    }
    assert Station.objects.filter(market=market).count() == 6
    assert all(name.endswith("零工驿站") for name in Station.objects.values_list("name", flat=True))
    assert sorted(ServiceCentre.objects.annotate(n=Count("stations")).values_list("n", flat=True)) == [
        2,
        2,
        2,
    ]
    assert Enterprise.objects.filter(market=market).count() == 30
    assert WorkerProfile.objects.filter(market=market).count() == WORKERS + cooks
    # issue 13 hk-dispatch: a housekeeping booking's one-place posting is not one of the --jobs
    postings = JobPosting.objects.filter(market=market).exclude(source_channel=SourceChannel.HOUSEKEEPING)
    # and the bank's quick-recruit posting, and the training order's forklift jobs (issue 13 training-results)
    assert postings.count() == 60 + 1 + training_jobs()
    members = EnterpriseMember.objects.count()
    assert members >= 30
    assert User.objects.count() == 3 + members + WORKERS + cooks  # staff logins, employer members, workers
    assert f"求职者 {WORKERS} 人" in seeded
    assert "岗位 60 个" in seeded  # the engagement step's postings are part of --jobs
    assert "用工单 4 个" in seeded


def test_resident_ids_are_valid_encrypted_and_match_the_profile(seeded: str) -> None:
    table = WorkerProfile._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, id_number FROM {table}")  # noqa: S608 - fixed table name
        stored = dict(cursor.fetchall())
    today = timezone.localdate()
    profiles = list(WorkerProfile.objects.all())
    for p in profiles:
        rid = parse_resident_id(p.id_number or "")
        assert stored[p.pk] != p.id_number  # encrypted at rest
        assert crypto.decrypt(stored[p.pk]) == p.id_number
        assert p.id_number_index == crypto.blind_index(rid.number)
        assert (rid.gender, rid.birth_date) == (p.gender, p.birth_date)
        assert 18 <= rid.age_on(today) <= 60
        assert rid.area_code.startswith("1302")  # issued in Tangshan
    assert len({p.id_number_index for p in profiles}) == len(profiles)


def test_credit_codes_and_household_ids_are_valid_and_unique(seeded: str) -> None:
    enterprises = list(Enterprise.objects.all())
    companies = [e for e in enterprises if e.kind == EnterpriseKind.ENTERPRISE]
    households = [e for e in enterprises if e.kind == EnterpriseKind.HOUSEHOLD]
    assert companies and households
    for e in companies:
        assert validate_uscc(e.credit_code or "") == e.credit_code
    assert len({e.credit_code for e in companies}) == len(companies)
    for e in households:
        assert e.credit_code is None
        rid = parse_resident_id(e.contact_id_number or "", min_age=18)
        assert e.contact_id_index == crypto.blind_index(rid.number)
    assert Enterprise.objects.filter(status="rejected", rejection_reason="").count() == 0


def test_every_coordinate_is_in_the_served_area(seeded: str) -> None:
    points = [
        *Station.objects.values_list("lat", "lon"),
        *Enterprise.objects.values_list("lat", "lon"),
        *WorkerProfile.objects.values_list("home_lat", "home_lon"),
        *JobPosting.objects.exclude(source_channel=SourceChannel.HOUSEKEEPING).values_list("lat", "lon"),
    ]
    assert len(points) == 6 + 30 + WORKERS + 60 + _added_cooks(seeded) + 1 + training_jobs()
    market = Market.objects.get()
    for lat, lon in points:
        validate_in_market_area(lat, lon, market)
    lunan_jobs = JobPosting.objects.filter(division__code__startswith="130202").count()
    assert lunan_jobs > JobPosting.objects.count() / 2  # clustered around Lunan


def test_applications_respect_headcount_and_certificates(seeded: str) -> None:
    jobs = (
        JobPosting.objects.exclude(source_channel=SourceChannel.HOUSEKEEPING)
        .annotate(accepted=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)))
        .prefetch_related("certificates_required")
    )
    filled = [j for j in jobs if j.status == JobStatus.FILLED]
    assert filled, "the seed should include filled jobs"
    for job in jobs:
        assert job.accepted <= job.headcount
        if job.status == JobStatus.FILLED:
            assert job.accepted == job.headcount
        if job.status == JobStatus.OPEN:
            assert job.accepted < job.headcount
            assert job.end_date >= timezone.localdate()
    today = timezone.localdate()
    board = Application.objects.exclude(
        job__source_channel=SourceChannel.HOUSEKEEPING
    )  # issue 13 hk-dispatch
    for app in board.select_related("job").prefetch_related("worker__certificates"):
        required = {c.code for c in app.job.certificates_required.all()}
        day = max(app.job.start_date, today)
        held = {c.certificate_type_id for c in app.worker.certificates.all() if c.is_valid_on(day)}
        assert required <= held
        # The only applications on ended postings are last month's history (report_history.py), each
        # ended with its posting.
        ended = app.job.status in (JobStatus.CLOSED, JobStatus.EXPIRED)
        history = ended and app.status == ApplicationStatus.REJECTED
        assert app.job.status in (JobStatus.OPEN, JobStatus.FILLED) or history
    pairs = list(Application.objects.values_list("job_id", "worker_id"))
    assert len(pairs) == len(set(pairs))


def test_bank_story_has_cooks_applying_within_half_an_hour(seeded: str) -> None:
    job = JobPosting.objects.exclude(title__startswith="即时快招").get(enterprise__name=BANK_NAME)
    assert (job.headcount, job.is_urgent, job.status) == (2, True, JobStatus.OPEN)
    assert job.enterprise.industry.name == "金融业"  # a bank is a bank, though it hires cooks
    assert job.start_date == timezone.localdate()
    # The cooks who applied. The bank's job-fair offers may take one of them further; an offer the bank made
    # at the fair to a visitor who applied later is no part of the story.
    assert job.published_at is not None
    published = job.published_at
    fair_offers = Intention.objects.exclude(application=None)
    offered_at_fair = set(fair_offers.values_list("application_id", flat=True))

    def in_first_half_hour(app: Application) -> bool:
        return dt.timedelta(0) < app.applied_at - published <= dt.timedelta(minutes=30)

    applications = [
        a
        for a in job.applications.select_related("worker")
        if a.pk not in offered_at_fair or in_first_half_hour(a)
    ]
    # At least 10 certified cooks exist at this scale (one worker in eight, 16 at most); 11 at most apply.
    assert 10 <= len(applications) <= 11
    for app in applications:
        assert in_first_half_hour(app)
        assert app.worker.skills.filter(occupation_id="chinese_cook").exists()
    # The demo employer's four story jobs (one of which 江小军 has just been hired for) and the three jobs the
    # engagement step posted through the services, each filled by its one demo worker.
    demo_jobs = JobPosting.objects.filter(enterprise__name=DEMO_ENTERPRISE_NAME)
    story = demo_jobs.exclude(headcount=1).exclude(risk_level="hold")  # the screening step's held one
    story = story.exclude(pk__in=training_order_jobs())  # issue 13 training-results
    assert story.count() == 4
    assert all(j.status in (JobStatus.OPEN, JobStatus.FILLED) for j in story)
    assert all(j.applications.exists() for j in story)
    posted = demo_jobs.filter(headcount=1)
    assert posted.count() == ENGAGEMENT_JOBS
    assert {j.status for j in posted} == {JobStatus.FILLED}


def test_if_empty_leaves_a_loaded_market_alone(seeded: str) -> None:
    before = snapshot()
    last_job = JobPosting.objects.order_by("-pk").values_list("pk", flat=True).first()
    out = seed("--if-empty")
    assert "已有演示数据" in out
    assert snapshot() == before
    assert JobPosting.objects.order_by("-pk").values_list("pk", flat=True).first() == last_job


def test_a_second_run_without_reset_refuses(seeded: str) -> None:
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert WorkerProfile.objects.count() == WORKERS + _added_cooks(seeded)


def test_another_seed_builds_another_market(seeded: str) -> None:
    # (that the same seed rebuilds the same market is checked by the reset test below, on its one rebuild)
    before = snapshot()
    seed("--reset", "--seed", "7")
    assert Market.objects.count() == 1
    other = snapshot()
    assert other["people"] != before["people"]
    assert other["titles"] != before["titles"]


def test_demo_logins_authenticate_and_others_cannot(seeded: str) -> None:
    for phone in DEMO_PHONES:
        user = authenticate(phone=phone, password=DEMO_PASSWORD)
        assert user is not None and user.phone == phone
    admin = User.objects.get(phone=DEMO_PHONES[0])
    assert (admin.role, admin.is_staff, admin.is_superuser) == (Role.MARKET_ADMIN, True, True)
    employer = User.objects.get(phone=DEMO_PHONES[3])
    assert employer.membership.enterprise.name == DEMO_ENTERPRISE_NAME
    assert employer.membership.enterprise.is_verified
    li = WorkerProfile.objects.get(user__phone=LI_PHONE)
    assert li.age_on() == 45
    assert set(li.skills.values_list("occupation_id", flat=True)) == {"carpenter", "painter", "tiler"}
    # He signed up himself from the demo station's QR code: that station's staff see him in their list.
    station_staff = User.objects.get(phone=STATION_STAFF_PHONE)
    assert (li.station, li.registration_channel, li.registered_by) == (station_staff.station, "self", None)
    assert li in station_workers(station_staff)
    worker = WorkerProfile.objects.exclude(user__phone__in=DEMO_PHONES).first()
    assert worker is not None
    assert authenticate(phone=worker.user.phone, password=DEMO_PASSWORD) is None


def test_demo_logins_command_prints_the_table(seeded: str, settings: Any) -> None:
    # scripts/serve sets SITE_URL to the address it serves on, whatever the port.
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/accounts/login/" in text
    for phone in DEMO_PHONES:
        assert phone in text
    assert text.count(DEMO_PASSWORD) == len(DEMO_PHONES)
    assert "尚未全部生成" not in text


# --- The engagement chain (issue 4) ------------------------------------------------------------------------


def engagements_of(phone: str) -> dict[str, Engagement]:
    found = Engagement.objects.filter(worker__user__phone=phone).select_related("job", "enterprise")
    return {e.status: e for e in found}


def test_jiang_has_a_contract_to_sign_and_a_shift_he_can_check_in_to_now(seeded: str) -> None:
    mine = engagements_of(JIANG_PHONE)
    assert set(mine) == {EngagementStatus.CONTRACT_PENDING, EngagementStatus.INSURED}
    pending = mine[EngagementStatus.CONTRACT_PENDING]
    assert pending.job.title == "丰南区公路融雪铲车司机3名"
    assert pending.enterprise.name == DEMO_ENTERPRISE_NAME
    contract = Contract.objects.get(engagement=pending)
    assert contract.status == ContractStatus.PENDING
    signed_by = {(s.party, s.user.phone) for s in contract.signatures.select_related("user")}
    assert signed_by == {(SignerParty.EMPLOYER, EMPLOYER_PHONE)}  # his turn

    live = mine[EngagementStatus.INSURED]
    assert live.pay_unit == "day" and live.occupation_id == "loader_driver"
    assert Contract.objects.get(engagement=live).status == ContractStatus.SIGNED
    policy = InsurancePolicy.objects.get(engagement=live)
    assert policy.status == PolicyStatus.ISSUED and policy.policy_number
    assert policy.certificate_pdf
    first = live.shifts.order_by("starts_at").first()
    assert first is not None and first.date == timezone.localdate()
    now = timezone.now()
    assert first.status == ShiftStatus.SCHEDULED
    assert first.starts_at - dt.timedelta(hours=2) <= now <= first.ends_at  # check-in is live
    assert engagement_selectors.today_shift(live) == first
    assert engagement_selectors.current_shifts([live.pk]) == {live.pk: first}


def test_li_was_paid_and_rated_for_today_and_has_a_disputed_shift(seeded: str) -> None:
    mine = engagements_of(LI_PHONE)
    done = mine[EngagementStatus.RATED]
    shift = done.shifts.get()
    assert shift.status == ShiftStatus.CHECKED_OUT and shift.confirmation == Confirmation.CONFIRMED
    assert shift.check_out_at is not None and shift.check_out_at <= timezone.now()
    statement = Statement.objects.get(engagement=done)
    assert statement.status == StatementStatus.PAID and statement.paid_at is not None
    assert statement.gross == statement.net + statement.tax
    payment = Payment.objects.get(statement=statement)
    assert (payment.status, payment.provider, payment.amount) == (
        PaymentStatus.SUCCEEDED,
        "offline_transfer",
        statement.net,
    )
    ratings = {r.direction: r for r in Rating.objects.filter(engagement=done)}
    assert set(ratings) == {Direction.WORKER_TO_EMPLOYER, Direction.EMPLOYER_TO_WORKER}
    assert ratings[Direction.WORKER_TO_EMPLOYER].rater.phone == LI_PHONE
    assert ratings[Direction.EMPLOYER_TO_WORKER].rater.phone == EMPLOYER_PHONE
    assert WorkerReputation.objects.filter(worker=done.worker).exists()
    assert set(
        ContractSignature.objects.filter(contract__engagement=done).values_list("user_agent", flat=True)
    ) == {"演示数据生成（python manage.py seed）"}

    earlier, _later = worked_windows(timezone.now())
    ongoing = mine[EngagementStatus.IN_PROGRESS if earlier else EngagementStatus.INSURED]
    assert ongoing.shifts.count() == 3
    if earlier is None:  # seeded before 01:30: no earlier stretch today, the work starts tomorrow
        return
    disputed = ongoing.shifts.get(confirmation=Confirmation.DISPUTED)
    assert disputed.date == timezone.localdate() and disputed.check_out_at <= timezone.now()
    assert disputed.check_out_at <= shift.check_in_at  # one job after the other, never both at once
    case = AttendanceCase.objects.get(shift=disputed)
    assert case.status == CaseStatus.OPEN and case.claimed_hours < disputed.worked_hours
    station_staff = User.objects.get(phone=STATION_STAFF_PHONE)
    assert list(engagement_selectors.open_cases_for_staff(station_staff)) == [case]
    # Checked in at the far gate: the staff can clear or reject it.
    assert disputed.review_status == ReviewStatus.PENDING and disputed.check_in_distance_m > 1000
    assert list(engagement_selectors.flagged_shifts_for_staff(station_staff)) == [disputed]


def test_jiangs_snow_job_tells_his_whole_story_and_the_boss_sees_who_is_invited(seeded: str) -> None:
    pending = engagements_of(JIANG_PHONE)[EngagementStatus.CONTRACT_PENDING]
    story = engagement_story(pending, Party.WORKER)
    actions = [item.action for item in story]
    steps = ["worker.registered", "worker.consent_given", "job.worker_invited", "application.applied"]
    steps += ["application.shortlisted", "application.offered", "application.accepted", "engagement.created"]
    assert [a for a in actions if a in steps] == sorted(
        (a for a in actions if a in steps), key=lambda a: steps.index(a)
    )
    assert set(steps) <= set(actions)
    assert story[0].label == "驿站工作人员代为求职登记"  # his mother brought him to the station
    invited = Invitation.objects.filter(job=pending.job)
    assert pending.worker_id in {i.worker_id for i in invited}
    if pending.job.status == JobStatus.OPEN:  # places left: one more candidate shows as invited
        assert invited.count() == 2


def test_the_chain_went_through_the_services_and_the_trail_is_intact(seeded: str) -> None:
    done = engagements_of(LI_PHONE)[EngagementStatus.RATED]
    actions = [item.action for item in engagement_selectors.timeline(done)]
    for action in (
        "engagement.created",
        "contract.signed",
        "engagement.signed",
        "insurance.issued",
        "engagement.insured",
        "shift.checked_in",
        "shift.checked_out",
        "engagement.completed",
        "shift.confirmed",
        "settlement.issued",
        "payment.recorded",
        "engagement.settled",
        "rating.created",
        "engagement.rated",
    ):
        assert action in actions
    assert verify_chain() is None


def demo_parts() -> dict[str, int]:
    """Rows of each part of the demo that a reset removes and builds again: the same counts after it."""
    market = {"market__code": MARKET_CODE}
    return {
        "legal advisers": LegalAdviser.objects.count(),
        "legal consultations": Consultation.objects.count(),
        "fair today": JobFair.objects.filter(title=FAIR_TITLE).count(),
        "fair next week": JobFair.objects.filter(title=NEXT_FAIR_TITLE).count(),
        "live sessions": LiveSession.objects.count(),
        "hired live leads": Lead.objects.filter(status=LeadStatus.HIRED).count(),
        "one-off housekeeping bookings": Booking.objects.filter(**market, plan__isnull=True).count(),
        "housekeeping plans": RecurringPlan.objects.filter(**market).count(),
        "housekeeping services": HousekeepingService.objects.filter(**market).count(),
        "training orders": TrainingOrder.objects.filter(code=ORDER_CODE).count(),
        "training providers": TrainingProvider.objects.filter(name=PROVIDER_NAME).count(),
    }


def test_reset_rebuilds_the_same_market_replaces_the_chain_and_keeps_the_trail(seeded: str) -> None:
    trail = AuditEntry.objects.count()
    assert trail > 0
    parts = demo_parts()
    assert all(parts.values()), parts
    before = snapshot()
    # One rebuild over the seeded market: a second would check nothing the first does not (each part is
    # counted against the first build), and costs a whole demo seed.
    out = seed("--reset")
    assert snapshot() == before  # the same seed rebuilds the same market
    assert demo_parts() == parts  # every part rebuilt once, none left twice
    assert "用工单 4 个" in out
    # The chain's four, those the bank's quick-recruit hired (accepted offers, contracts pending) and the
    # offer 江小军 accepted at today's job fair (issue 12).
    quick = Engagement.objects.filter(job__title__startswith="即时快招")
    at_fair = Engagement.objects.filter(application__in=Intention.objects.values("application"))
    assert at_fair.count() == 1
    trained = Engagement.objects.filter(job__in=training_order_jobs())  # issue 13 training-results
    # issue 13 hk-dispatch: housekeeping bookings' engagements (demo/housekeeping.py) are counted apart
    home = Engagement.objects.filter(job__source_channel=SourceChannel.HOUSEKEEPING)
    assert Engagement.objects.count() - quick.count() - at_fair.count() - trained.count() - home.count() == 4
    assert quick.count() == QuickRecruit.objects.get().invites.filter(state="accepted").count()
    assert Statement.objects.exclude(engagement__in=home).count() == 1
    assert Payment.objects.exclude(statement__engagement__in=home).count() == 1
    assert Rating.objects.exclude(engagement__in=home).count() == 2
    assert InsurancePolicy.objects.exclude(engagement__in=home).count() == 3
    home_cover = InsurancePolicy.objects.filter(engagement__in=home).values("idempotency_key")
    assert LocalIssuedPolicy.objects.exclude(idempotency_key__in=home_cover).count() == 3  # old cover went
    assert ContractSignature.objects.exclude(contract__engagement__in=home).count() == 7
    assert AuditEntry.objects.count() > trail  # appended to, never cut
    assert verify_chain() is None


@pytest.mark.parametrize(
    ("now", "earlier", "later"),
    [
        ("15:12", ("06:30", "10:30"), ("11:00", "15:00")),
        ("09:00", ("00:30", "04:30"), ("05:00", "09:00")),
        ("02:00", ("00:30", "01:00"), ("01:30", "02:00")),
        ("01:10", None, ("00:00", "01:00")),
        ("00:10", None, ("00:00", "00:30")),
    ],
)
def test_worked_windows(now: str, earlier: tuple[str, str] | None, later: tuple[str, str]) -> None:
    def clock(pair: Any) -> Any:
        return pair and tuple(dt.time.fromisoformat(t) for t in pair)

    moment = timezone.make_aware(dt.datetime.combine(dt.date(2026, 11, 29), dt.time.fromisoformat(now)))
    assert worked_windows(moment) == (clock(earlier), clock(later))


def test_worked_windows_are_over_and_apart_at_every_minute_of_the_day() -> None:
    midnight = timezone.make_aware(dt.datetime(2026, 11, 29))
    for minute in range(24 * 60):
        now = midnight + dt.timedelta(minutes=minute)
        earlier, later = worked_windows(now)
        end = timezone.make_aware(dt.datetime.combine(now.date(), later[1]))
        assert later[0] < later[1] and (end <= now or minute < 30)
        if earlier is not None:
            assert earlier[0] < earlier[1]
            gap = dt.datetime.combine(now.date(), later[0]) - dt.datetime.combine(now.date(), earlier[1])
            assert gap == dt.timedelta(minutes=30)
        else:
            assert minute < 90


@pytest.mark.parametrize(
    ("now", "window"),
    [("15:23", ("16:30", "00:30")), ("07:00", ("08:00", "16:00")), ("23:10", ("23:30", "07:30"))],
)
def test_live_window(now: str, window: tuple[str, str]) -> None:
    moment = timezone.make_aware(dt.datetime.combine(dt.date(2026, 11, 29), dt.time.fromisoformat(now)))
    assert live_window(moment) == tuple(dt.time.fromisoformat(t) for t in window)


def test_screening_is_in_the_demo(seeded: str) -> None:
    """Held postings with their reasons (one the demo employer sees), a rejected one (a staff decision for
    the calibration), one published with a flag, and one reported by the demo workers."""
    from lingong.jobs.models import JobReport, PostingScreening, RiskLevel, ScreeningDecision

    held = JobPosting.objects.filter(status=JobStatus.PENDING_REVIEW, risk_level=RiskLevel.HOLD)
    assert held.count() >= 3
    boss_held = held.get(enterprise__name=DEMO_ENTERPRISE_NAME)
    assert any("押金" in r for r in boss_held.held_reasons)
    assert JobPosting.objects.filter(status=JobStatus.OPEN, risk_level=RiskLevel.FLAG).exists()
    assert PostingScreening.objects.filter(decision=ScreeningDecision.REJECTED).exists()
    reported = set(JobReport.objects.values_list("job", flat=True))
    assert len(reported) == 1
    assert JobPosting.objects.get(pk=reported.pop()).risk_level in (RiskLevel.FLAG, RiskLevel.HOLD)


def test_rights_requests_in_each_state_and_a_withdrawn_consent(seeded: str) -> None:
    from lingong.accounts.models import LoginEvent
    from lingong.rights import selectors as rights_selectors
    from lingong.rights.models import RightsRequest
    from lingong.workers.models import ConsentRecord

    jiang = User.objects.get(phone=JIANG_PHONE)
    assert RightsRequest.objects.filter(user=jiang, kind="access", status="pending").exists()
    staff = User.objects.get(phone=STATION_STAFF_PHONE)
    overdue = rights_selectors.staff_queue(staff, show="overdue")
    assert [(i.request.kind, i.clock.overdue) for i in overdue] == [("deletion", True)]
    assert RightsRequest.objects.filter(status="completed").count() == 1
    assert ConsentRecord.objects.filter(user__phone=LI_PHONE, withdrawn_at__isnull=False).exists()
    assert LoginEvent.objects.filter(user=jiang).count() == 2


def test_the_demo_has_logged_reads_of_full_numbers(seeded: str) -> None:
    """Issue 9: the boss's payroll export (full ID numbers, for the withholding declaration) and two staff
    look-ups with their reasons; each staff member finds their own read from the staff home page."""
    reads = SensitiveRead.objects.order_by("pk")
    assert [(r.actor.phone, r.field, r.reason) for r in reads] == [
        (EMPLOYER_PHONE, "id_number", "tax_withholding"),
        (STATION_STAFF_PHONE, "phone", "contact_worker"),
        (CENTRE_STAFF_PHONE, "id_number", "verify_identity"),
    ]
    assert reads[0].count >= 1 and all(r.market_id == reads[0].market_id for r in reads)
    client = Client()
    for phone, expected in ((STATION_STAFF_PHONE, 1), (CENTRE_STAFF_PHONE, 2), (ADMIN_PHONE, 3)):
        assert client.login(phone=phone, password=DEMO_PASSWORD)
        home = client.get(reverse("staff:dashboard")).content.decode()
        assert reverse("staff:sensitive_reads") in home
        page = client.get(reverse("staff:sensitive_reads")).content.decode()
        assert page.count('data-testid="sensitive-read"') == expected, phone


def test_the_bank_has_a_live_quick_recruit_for_cooks_filling(seeded: str) -> None:
    from lingong.recruit.models import Wave
    from lingong.recruit.selectors import campaign_summary, live_campaigns

    campaign = QuickRecruit.objects.get(enterprise__name=BANK_NAME)
    assert campaign.headcount == 11 and campaign.status == "filling"
    summary = campaign_summary(campaign)
    counts = summary["counts"]
    assert counts["invited"] >= 22 and counts["answered"] >= 1 and 1 <= counts["accepted"] < 11
    assert summary["occupation"] == "中式烹调师"
    assert Wave.objects.filter(campaign=campaign).count() >= 2
    assert [c["id"] for c in live_campaigns(campaign.market_id)] == [campaign.pk]
    assert campaign.next_wave_at is not None  # the waves go on live


def test_a_labour_service_case_is_referred_to_the_court_with_its_bundle(seeded: str) -> None:
    from lingong.arbitration.models import CaseDocuments, DocumentKind, Forum, Referral, ReferralStatus
    from lingong.disputes.models import ComplaintStatus

    assert Forum.objects.filter(name="唐山市路南区劳动人事争议仲裁委员会").exists()
    referral = Referral.objects.select_related("complaint", "forum").get()
    assert referral.forum.name == "唐山市路南区人民法院"
    assert referral.status == ReferralStatus.SUBMITTED and referral.kind == "court"
    assert referral.complaint.status == ComplaintStatus.REFERRED
    assert referral.complaint.filed_by.phone == LI_PHONE
    docs = CaseDocuments.objects.get(complaint=referral.complaint)
    assert docs.document_kind == DocumentKind.CIVIL_COMPLAINT and docs.relation == "labour_service"
    assert bytes(docs.bundle_pdf).startswith(b"%PDF") and len(docs.zip_sha256) == 64


def test_complaints_and_mediators_are_in_the_demo(seeded: str) -> None:
    """Issue 11: two mediators; a complaint waiting for acknowledgement, one escalated to the centre, a wage
    complaint with the station's mediator and one closed as paid; the station staff's queue shows them."""
    from lingong.disputes import selectors as complaint_selectors
    from lingong.disputes.models import Complaint, Mediator

    assert Mediator.objects.count() == 2
    complaints = {c.kind + ":" + c.status: c for c in Complaint.objects.all()}
    assert complaints["safety:filed"].level == "station"
    assert complaints["fees:filed"].level == "centre" and complaints["fees:filed"].escalated_at is not None
    # The wage complaint with the station's mediator went on into mediation (demo/mediation.py).
    wage = Complaint.objects.get(kind="unpaid_pay", status="mediating", mediation_cases__status="open")
    assert wage.mediator is not None and wage.mediator.user.phone == STATION_STAFF_PHONE
    assert complaint_selectors.wage_position(wage).applies
    paid = complaints["unpaid_pay:closed"]
    assert paid.close_reason == "paid" and paid.amount_recovered > 0
    staff = User.objects.get(phone=STATION_STAFF_PHONE)
    assert set(complaint_selectors.queue(staff)) == set(Complaint.objects.all())
    client = Client()
    client.force_login(staff)
    assert client.get(f"/staff/complaints/{wage.pk}/").status_code == 200
    assert verify_chain() is None


def test_mediation_in_the_demo(seeded: str) -> None:
    """Issue 11: a complaint in mediation with a session held, and a signed agreement being paid."""
    from lingong.mediation.models import MediationCase, TermStatus

    held = MediationCase.objects.get(status="open")
    assert held.sessions.filter(recorded_at__isnull=False).exclude(notes="").exists()
    signed = MediationCase.objects.get(status="signed")
    agreement = signed.agreements.get(status="signed")
    assert agreement.signatures.count() == 2 and agreement.signed_pdf_sha256
    terms = list(agreement.payment_terms.order_by("seq"))
    assert [t.status for t in terms] == [TermStatus.PAID, TermStatus.DUE]
    assert terms[1].due_date == timezone.localdate() + dt.timedelta(days=7)
    assert signed.mediator.user.phone == STATION_STAFF_PHONE
