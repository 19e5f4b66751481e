"""Order-based training in the demo (订单式培训, issue 13).

The training school 路南区职业技能培训学校; a forklift order (叉车司机 N1) placed by two demo enterprises
with open forklift jobs; a course that ended last week (12 learners: 8 passed with certificates, 6 of
them with the official N1 number recorded, 4 of those hired by the ordering employers; 2 failed, 2
withdrew); and a second course starting next week, full, with a waiting list. The school has no login
of its own: the demo station's staff (13800000003) run the courses (classroom QR codes, rolls, results)
since the courses belong to their station.

Results, certificates, official numbers and hires go through the services (audit entries, the profile
certificate, the engagement chain). Certificate PDFs are rendered by the task queued after the seed
commits, or on first download when no task worker runs. Its own random stream: no other builder's draws
change.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lingong.accounts.models import User
from lingong.core.errors import DomainError
from lingong.demo.cast import JIANG_PHONE, LI_PHONE, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.employers import EmployerRow, Employers
from lingong.demo.org import Org
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting, JobStatus
from lingong.taxonomy.models import Occupation
from lingong.training import certificates, results
from lingong.training.models import (
    Attendance,
    AttendanceMethod,
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    TrainingCertificate,
    TrainingOrder,
    TrainingOrderEmployer,
    TrainingProvider,
)
from lingong.workers.models import WorkerCertificate, WorkerProfile
from lingong.workflow import chain as workflow

PROVIDER_NAME = "路南区职业技能培训学校"
ORDER_CODE = "TO-LN-2026-01"
COURSE_TITLE = "叉车司机（N1）订单班（第一期）"
NEXT_COURSE_TITLE = "叉车司机（N1）订单班（第二期）"
FORKLIFT = "special_equipment_forklift"
JOB_TITLE_SUFFIX = (
    "叉车司机（订单培训定向岗位）"  # marks the jobs this builder posts (the seed tests count them)
)
PASSED, FAILED, WITHDRAWN = 8, 2, 2
OFFICIAL, HIRED = 6, 4
NEXT_CAPACITY, NEXT_WAITING = 6, 3
SEED_OFFSET = 1313


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _ordering_employers(employers: Employers) -> list[EmployerRow]:
    """The demo employer (13800000004) and one other verified employer with a login, a logistics or
    manufacturing one if the market has it (they hire forklift drivers)."""
    others = [
        r
        for r in employers.rows
        if not r.household
        and r is not employers.xinda
        and r is not employers.bank
        and r is not employers.kindergarten
        and r.enterprise.is_verified
    ]
    rank = {"logistics": 0, "manufacturing": 1, "retail": 2}
    others.sort(key=lambda r: (rank.get(r.industry, 9), r.enterprise.pk))
    return [employers.xinda, others[0]]


def _forklift_job(ctx: DemoContext, org: Org, row: EmployerRow, near: WorkerProfile) -> JobPosting:
    """An open job of the employer that asks for the forklift certificate and no other (the graduates hold
    only that one), near the demo's learners; posted (and approved) if none."""
    candidates = (
        JobPosting.objects.filter(
            enterprise=row.enterprise, status=JobStatus.OPEN, certificates_required__code=FORKLIFT
        )
        .order_by("pk")
        .prefetch_related("certificates_required")
    )
    for found in candidates:
        if {c.code for c in found.certificates_required.all()} == {FORKLIFT}:
            return found
    today = ctx.today
    lat, lon = (near.home_lat or org.market.lat) + 0.01, (near.home_lon or org.market.lon) + 0.01
    data = job_services.JobInput(
        title=f"{row.enterprise.name[:10]}{JOB_TITLE_SUFFIX}",
        description="仓库装卸、货物转运，需持特种设备作业人员证（N1 叉车司机）。",
        occupations=["forklift_driver"],
        certificates_required=[FORKLIFT],
        headcount=3,
        # A fixed address: ctx.address would draw from the shared stream and move every later builder.
        address=f"唐山市{ctx.geo.nearest(lat, lon).name}{row.enterprise.name[:6]}仓库",
        division=ctx.geo.nearest(lat, lon).code,
        lat=lat,
        lon=lon,
        start_date=today + dt.timedelta(days=2),
        end_date=today + dt.timedelta(days=61),
        pay_unit="day",
        pay_amount=Decimal("260"),
    )
    job = job_services.create_job(actor=row.admin, data=data)
    if job.status == JobStatus.PENDING_REVIEW:
        job = job_services.approve_job(actor=org.admin, job_id=job.pk)
    return job


def _learners(market_id: int, n: int, exclude: set[int]) -> list[WorkerProfile]:
    """Complete profiles without a forklift certificate, the story workers left out; drivers first."""
    holders = WorkerCertificate.objects.filter(certificate_type_id=FORKLIFT).values("worker_id")
    qs = (
        WorkerProfile.objects.filter(market_id=market_id, home_lat__isnull=False)
        .exclude(real_name="")
        .exclude(user__phone__in=[JIANG_PHONE, LI_PHONE])
        .exclude(pk__in=holders)
        .exclude(pk__in=exclude)
    )
    drivers = list(
        qs.filter(skills__occupation__code__in=["forklift_driver", "loader_driver", "warehouse_keeper"])
        .distinct()
        .order_by("pk")[:n]
    )
    rest = list(qs.exclude(pk__in=[w.pk for w in drivers]).order_by("pk")[: n - len(drivers)])
    return drivers + rest


def _course(
    org: Org,
    provider: TrainingProvider,
    order: TrainingOrder,
    code: str,
    title: str,
    start: dt.date,
    status: str,
    capacity: int,
) -> Course:
    station = org.demo_station
    return Course.objects.create(
        market=org.market,
        order=order,
        provider=provider,
        code=code,
        title=title,
        occupation=Occupation.objects.get(code="forklift_driver"),
        certificate_type_id=FORKLIFT,
        syllabus="叉车构造与原理；特种设备安全法规；安全操作规程；场地实操（倒库、绕桩、码垛）；理论与实操考核。",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        place="唐山市路南区职业技能培训学校实训场（新华西道68号院内）",
        division=station.division,
        lat=station.lat,
        lon=station.lon,
        capacity=capacity,
        cost_per_person=Decimal("1600.00"),
        subsidy_per_person=Decimal("1200.00"),
        subsidy_groups=["registered_unemployed", "rural_migrant"],
        subsidy_note="取得证书后按职业技能培训补贴政策申领，补贴直接抵扣培训费。",
        exam_date=start + dt.timedelta(days=4),
        exam_place="唐山市特种设备作业人员考试点",
        exam_note="理论（机考）+ 实操，60分合格",
        pass_score=Decimal("60"),
        station=station,
        status=status,
        started_at=_at(start, 8) if status != CourseStatus.ENROLLING else None,
        completed_at=_at(start + dt.timedelta(days=4), 17) if status == CourseStatus.COMPLETED else None,
    )


def _sessions(course: Course) -> list[CourseSession]:
    rows = []
    for i in range(5):
        day = course.start_date + dt.timedelta(days=i)
        rows.append(
            CourseSession.objects.create(
                course=course,
                seq=i + 1,
                topic=("安全法规", "叉车构造", "操作规程", "场地实操", "考前复习")[i],
                starts_at=_at(day, 9),
                ends_at=_at(day, 12),
                checkin_token=secrets.token_urlsafe(32),
            )
        )
    return rows


def build_training(ctx: DemoContext, org: Org, employers: Employers) -> dict[str, Any]:
    ctx.progress.set_description("订单式培训")
    rng = random.Random(ctx.opts.seed + SEED_OFFSET)
    market = org.market
    staff = User.objects.get(phone=STATION_STAFF_PHONE)
    today = ctx.today
    provider = TrainingProvider.objects.create(
        market=market,
        name=PROVIDER_NAME,
        licence_number="1302023000123",
        contact_name="刘老师",
        contact_phone="0315-2856123",
        address="唐山市路南区新华西道68号",
    )
    learners = _learners(market.pk, PASSED + FAILED + WITHDRAWN, set())
    waiting = _learners(market.pk, NEXT_CAPACITY + NEXT_WAITING, {w.pk for w in learners})
    ordering = _ordering_employers(employers)
    jobs = [_forklift_job(ctx, org, row, learners[0]) for row in ordering]
    order = TrainingOrder.objects.create(
        market=market,
        code=ORDER_CODE,
        title="叉车司机订单培训（物流仓储）",
        occupation=Occupation.objects.get(code="forklift_driver"),
        certificate_type_id=FORKLIFT,
        skill_note="持 N1 叉车证，能完成仓库装卸、码垛",
        station=org.demo_station,
        status=OrderStatus.SCHEDULED,
        created_by=staff,
        created_at=ctx.now - dt.timedelta(days=30),
        scheduled_at=ctx.now - dt.timedelta(days=25),
    )
    for row, job in zip(ordering, jobs, strict=True):
        link = TrainingOrderEmployer.objects.create(order=order, enterprise=row.enterprise, places=3)
        link.jobs.add(job)

    # The first course ended last week: attendance, results, certificates.
    done = _course(
        org,
        provider,
        order,
        "TC-LN-2026-01",
        COURSE_TITLE,
        today - dt.timedelta(days=12),
        CourseStatus.COMPLETED,
        12,
    )
    sessions = _sessions(done)
    outcome = (
        [EnrolmentStatus.PASSED] * PASSED
        + [EnrolmentStatus.FAILED] * FAILED
        + [EnrolmentStatus.WITHDRAWN] * WITHDRAWN
    )
    enrolments: list[Enrolment] = []
    for worker, fate in zip(learners, outcome, strict=False):
        enrolment = Enrolment.objects.create(
            course=done,
            worker=worker,
            status=EnrolmentStatus.WITHDRAWN
            if fate == EnrolmentStatus.WITHDRAWN
            else EnrolmentStatus.ENROLLED,
            enrolled_by=staff,
            created_at=_at(done.start_date - dt.timedelta(days=10), 10),
            enrolled_at=_at(done.start_date - dt.timedelta(days=10), 10),
            withdrawn_at=_at(done.start_date, 8) if fate == EnrolmentStatus.WITHDRAWN else None,
        )
        enrolments.append(enrolment)
        if fate == EnrolmentStatus.WITHDRAWN:
            continue
        for session in sessions:
            if rng.random() < 0.9 or session.seq == 1:
                Attendance.objects.create(
                    session=session,
                    enrolment=enrolment,
                    method=AttendanceMethod.QR if rng.random() < 0.85 else AttendanceMethod.STAFF,
                    recorded_by=staff,
                    checked_in_at=session.starts_at - dt.timedelta(minutes=rng.randint(1, 25)),
                )
    certs: list[TrainingCertificate] = []
    for enrolment, fate in zip(enrolments, outcome, strict=False):
        if fate == EnrolmentStatus.WITHDRAWN:
            continue
        score = rng.randint(68, 96) if fate == EnrolmentStatus.PASSED else rng.randint(35, 55)
        results.enter_result(actor=staff, enrolment_id=enrolment.pk, score=score, note="")
        exam_at = _at(done.end_date, 16)
        if fate == EnrolmentStatus.PASSED:
            Enrolment.objects.filter(pk=enrolment.pk).update(passed_at=exam_at)
            cert = TrainingCertificate.objects.get(enrolment=enrolment)
            TrainingCertificate.objects.filter(pk=cert.pk).update(
                issued_on=done.end_date,
                expires_on=done.end_date.replace(year=done.end_date.year + 4),
                created_at=exam_at,
            )
            certs.append(cert)
        else:
            Enrolment.objects.filter(pk=enrolment.pk).update(failed_at=exam_at)

    # Staff recorded the official N1 numbers of six after the authority's exam.
    official: list[TrainingCertificate] = []
    for n, cert in enumerate(certs[:OFFICIAL], start=1):
        try:
            official.append(
                certificates.record_official(
                    actor=staff,
                    certificate_id=cert.pk,
                    number=f"TS-N1-{today.year}-{7100 + n}",
                    expires_on=done.end_date.replace(year=done.end_date.year + 4),
                )
            )
        except DomainError:
            continue
    # Four of them hired by the ordering employers (the engagement chain: apply, offer, accept).
    hired = 0
    for i, cert in enumerate(official[:HIRED]):
        row, job = ordering[i % 2], jobs[i % 2]
        worker = cert.enrolment.worker
        try:
            application = job_services.apply(actor=worker.user, job_id=job.pk)
            job_services.offer(actor=row.admin, application_id=application.pk)
            workflow.accept_offer(actor=worker.user, application_id=application.pk)
        except DomainError:
            continue
        if Engagement.objects.filter(application_id=application.pk).exists():
            hired += 1

    # The second course starts next week: full, with a waiting list.
    start = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    nxt = _course(
        org, provider, order, "TC-LN-2026-02", NEXT_COURSE_TITLE, start, CourseStatus.ENROLLING, NEXT_CAPACITY
    )
    _sessions(nxt)
    for i, worker in enumerate(waiting):
        seated = i < NEXT_CAPACITY
        Enrolment.objects.create(
            course=nxt,
            worker=worker,
            status=EnrolmentStatus.ENROLLED if seated else EnrolmentStatus.WAITLISTED,
            recommended=i % 2 == 0,
            created_at=ctx.now - dt.timedelta(days=6 - min(i, 5), hours=i),
            enrolled_at=ctx.now - dt.timedelta(days=6 - min(i, 5), hours=i) if seated else None,
        )
    ctx.counts["training_certificates"] = len(certs)
    ctx.counts["training_hired"] = hired
    return {
        "provider": provider,
        "order": order,
        "courses": [done, nxt],
        "certificates": certs,
        "hired": hired,
    }
