"""Staff scope, as a matrix: every staff-facing endpoint that names an employer, a posting or an
application (or lists them) x every role, in and out of scope (docs/architecture.md, "Staff scope").

One market with two centres (A, B), one station in each (A1, B1), an employer at each station, postings
and pending employers at each; the roles: market admin, centre A and B staff, station A1 and B1 staff,
employer A and B, a worker, an anonymous visitor and the admin of another market. Every case acts on
side A. In scope: the expected success. Out of scope: 401/403/404 (staff: 404, which does not reveal
that the row exists) and nothing changed in the database; a list shows nothing of side A.

The list of API operations is read from the OpenAPI schema: a new operation must be added either to
the matrix or to ``NOT_IN_MATRIX`` with the reason, or ``test_every_api_operation_is_classified`` fails.

The world is built once per module inside a transaction that is rolled back at the end; each case runs
in a savepoint of its own (pytest-django's ``db``), so a success does not leak into the next case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.api import api
from lingong.audit.models import AuditEntry, SensitiveRead
from lingong.disputes import services as complaint_services
from lingong.disputes.models import Complaint, Mediator
from lingong.employers import services as employer_services
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.fairs import services as fair_services  # issue 12 fairs-a
from lingong.fairs.models import (  # issue 12 fairs-b
    BoothApplication,
    BoothStatus,
    FairRegistration,
    FairStatus,
    Intention,
    JobFair,
)
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, Invitation, JobPosting, JobStatus, PostReviewStatus
from lingong.live.models import Lead, LiveSession, SessionJob  # issue 12 live-office
from lingong.notifications.models import Notification
from lingong.org.models import Division, Market, ServiceCentre, Station
from lingong.recruit import services as recruit_services
from lingong.recruit.models import CampaignInvite, QuickRecruit
from lingong.training import services as training_services  # issue 13 training-courses
from lingong.training.models import (  # issue 13 training-courses  # issue 13 training-results
    Course,
    Enrolment,
    EnrolmentStatus,
    TrainingCertificate,
    TrainingOrder,
    TrainingProvider,
)
from lingong.training.tests import certificate_factories as training_f  # issue 13 training-results
from lingong.training.tests import helpers as training_helpers  # issue 13 training-courses

ROLES = (
    "market_admin",
    "centre_a",
    "centre_b",
    "station_a",
    "station_b",
    "employer_a",
    "employer_b",
    "worker",
    "anonymous",
    "other_market_admin",
)
STAFF_A = {"market_admin", "centre_a", "station_a"}  # staff whose scope holds side A
REVIEWERS_A = {"market_admin", "centre_a"}  # reviewers (station staff do not review) of side A
MANAGERS_A = STAFF_A | {"employer_a"}  # who manages side A's postings
PAYROLL_A = {"market_admin", "employer_a"}  # the payroll export: the employer and the market admins


@dataclass
class World:
    users: dict[str, User | None]
    tokens: dict[str, str | None]
    stations: dict[str, Station]
    enterprise: dict[str, Enterprise]  # a, b: verified employers at stations A1 and B1
    pending_enterprise: dict[str, Enterprise]  # pa, pb: waiting for verification
    job: dict[str, JobPosting]  # pending (review), post (post-publication check), open, draft
    application: Application
    invitee_id: int  # a candidate of the open posting who has not applied
    campaign_id: int  # a quick-recruit on side A's post-review posting, before its first wave
    complaint_id: int  # the worker's complaint, handled at station A1
    complaint2_id: int  # another of side A (a merge target)
    mediator_id: int  # an active mediator of the market
    fair_b: dict[str, Any] = dataclasses.field(default_factory=dict)  # issue 12 fairs-b: station A1's fair


def _station(centre: ServiceCentre, name: str, division_code: str) -> Station:
    division = Division.objects.get(code=division_code)
    return Station.objects.create(
        market=centre.market,
        centre=centre,
        name=name,
        address=f"唐山市路南区{name}",
        division=division,
        lat=division.lat,
        lon=division.lon,
    )


def _employer_at(station: Station, name: str, admin: User) -> User:
    """An employer registering on its own at the station's location: the nearest station serves it."""
    data = t.enterprise_input(name, lat=station.lat, lon=station.lon)
    enterprise = employer_services.register_employer(phone=t.next_phone(), password=t.PASSWORD, data=data)
    assert enterprise.station_id == station.pk
    employer_services.verify_enterprise(actor=admin, enterprise_id=enterprise.pk)
    return User.objects.get(membership__enterprise=enterprise)


def _build() -> World:
    market = t.make_market()
    centre_a = t.make_centre(market, "A服务中心")
    centre_b = t.make_centre(market, "B服务中心")
    a1 = _station(centre_a, "A1社区零工驿站", "130202002")  # 友谊街道
    b1 = _station(centre_b, "B1社区零工驿站", "130202102")  # 稻地镇
    lunan = Division.objects.get(code=t.LUNAN)
    other = Market.objects.create(
        code="other", name="另一零工市场", address="另一市", division=lunan, lat=lunan.lat, lon=lunan.lon
    )
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    users: dict[str, User | None] = {
        "market_admin": admin,
        "centre_a": t.make_staff(Role.CENTRE_STAFF, market, centre=centre_a, name="A中心"),
        "centre_b": t.make_staff(Role.CENTRE_STAFF, market, centre=centre_b, name="B中心"),
        "station_a": t.make_staff(Role.STATION_STAFF, market, centre=centre_a, station=a1, name="A1驿站"),
        "station_b": t.make_staff(Role.STATION_STAFF, market, centre=centre_b, station=b1, name="B1驿站"),
        "employer_a": _employer_at(a1, "唐山A路桥工程有限公司", admin),
        "employer_b": _employer_at(b1, "唐山B餐饮管理有限公司", admin),
        "anonymous": None,
        "other_market_admin": t.make_staff(Role.MARKET_ADMIN, other, name="另一市场管理员"),
    }
    worker = t.make_worker(market, name="江小军", station=a1)
    invitee = t.make_worker(market, name="李建国", station=a1)
    users["worker"] = worker.user
    enterprise = {k: t.enterprise_of(users[f"employer_{k}"]) for k in ("a", "b")}  # type: ignore[arg-type]
    pending = {}
    for key, staff in (("pa", "station_a"), ("pb", "station_b")):
        data = t.enterprise_input(f"待认证{key.upper()}装卸服务有限公司")
        pending[key] = employer_services.register_enterprise_by_staff(actor=users[staff], data=data)  # type: ignore[arg-type]
    assert pending["pa"].station_id == a1.pk and pending["pb"].station_id == b1.pk
    place = {"division": t.LUNAN, "lat": lunan.lat, "lon": lunan.lon}
    jobs: dict[str, JobPosting] = {}
    for side in ("a", "b"):
        employer = users[f"employer_{side}"]
        pending_job = job_services.create_job(
            actor=employer, data=t.job_input(title=f"{side}待审核岗位", **place)
        )  # type: ignore[arg-type]
        assert pending_job.status == JobStatus.PENDING_REVIEW  # verified today: reviewed first
        jobs[f"pending_{side}"] = pending_job
        post = t.make_job(employer, admin=admin, title=f"{side}事后复核岗位", **place)  # type: ignore[arg-type]
        JobPosting.objects.filter(pk=post.pk).update(post_review_status=PostReviewStatus.PENDING)
        jobs[f"post_{side}"] = post
        jobs[f"open_{side}"] = t.make_job(employer, admin=admin, title=f"{side}招聘中岗位", **place)  # type: ignore[arg-type]
        jobs[f"draft_{side}"] = job_services.create_job(
            actor=employer,  # type: ignore[arg-type]
            data=t.job_input(title=f"{side}草稿岗位", **place),
            submit=False,
        )
    application = job_services.apply(actor=worker.user, job_id=jobs["open_a"].pk)
    campaign = recruit_services.start_campaign(
        actor=users["employer_a"], data=_campaign_input(jobs["post_a"].pk)
    )  # type: ignore[arg-type]
    complaints = []
    for what in ("老板拖欠三天工钱。", "同一件事再投诉一次。"):
        data = complaint_services.ComplaintInput(kind="unpaid_pay", what_happened=what, asks_for="结清工钱")
        complaint = complaint_services.file_complaint(actor=worker.user, data=data)
        Complaint.objects.filter(pk=complaint.pk).update(station=a1, centre=centre_a)
        complaints.append(complaint.pk)
    volunteer = t.make_worker(market, name="调解志愿者")
    mediator = Mediator.objects.create(market=market, user=volunteer.user, display_name="调解员老张")
    FAIR_WORLD.update(_fair_world(users, jobs))  # issue 12 fairs-a
    TRAINING_WORLD.update(_training_world(a1, users, worker))  # issue 13 training-courses
    tokens = {role: (at.token_of(u) if u is not None else None) for role, u in users.items()}
    return World(
        users=users,
        tokens=tokens,
        stations={"a": a1, "b": b1},
        enterprise=enterprise,
        pending_enterprise=pending,
        job={k: JobPosting.objects.get(pk=v.pk) for k, v in jobs.items()},
        application=application,
        invitee_id=invitee.pk,
        campaign_id=campaign.pk,
        complaint_id=complaints[0],
        complaint2_id=complaints[1],
        mediator_id=mediator.pk,
        fair_b=_fair_b_side_a(a1, users, jobs["open_a"], worker, invitee),  # issue 12 fairs-b
    )


def _campaign_input(job_id: int) -> Any:
    starts = timezone.localtime() + dt.timedelta(days=1)
    starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
    return recruit_services.CampaignInput(
        headcount=1, starts_at=starts, fill_deadline=starts - dt.timedelta(hours=1), job_id=job_id
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    yield from t.built_once_for_module(django_db_blocker, _build)


def _snapshot() -> tuple[Any, ...]:
    """What any of the cases could change."""
    return (
        sorted(JobPosting.objects.values_list("pk", "status", "post_review_status", "title", "reviewed_by")),
        sorted(Enterprise.objects.values_list("pk", "status", "verified_by")),
        sorted(Application.objects.values_list("pk", "status")),
        Invitation.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
        SensitiveRead.objects.count(),
        sorted(QuickRecruit.objects.values_list("pk", "status")),
        sorted(CampaignInvite.objects.values_list("pk", "state")),
        sorted(BoothApplication.objects.values_list("pk", "status", "booth")),  # issue 12 fairs-a
        sorted(FairRegistration.objects.values_list("pk", "checked_in_at")),  # issue 12 fairs-a
        sorted(TrainingOrder.objects.values_list("pk", "status", "employers__enterprise")),  # issue 13
        sorted(Course.objects.values_list("pk", "status", "capacity", "title")),  # issue 13 training-courses
        sorted(Enrolment.objects.values_list("pk", "status")),  # issue 13 training-courses
        sorted(
            Complaint.objects.values_list(
                "pk", "status", "urgent", "mediator", "merged_into", "station", "centre", "close_reason"
            )
        ),
    )


# --- The API matrix ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    op: str  # "METHOD /path" as in the OpenAPI schema
    allowed: frozenset[str]
    path: Callable[[World], str]  # the concrete path under /api/v1
    body: Callable[[World], Any] = lambda w: None
    status: int = 200  # the success status
    # A list: in scope it shows side A's row (the id this returns), out of scope it does not.
    listed: Callable[[World], int] | None = None
    query: Callable[[World], dict[str, Any]] = lambda w: {}
    # Roles whose outcome is not "side A or refused", checked by a test of their own.
    elsewhere: frozenset[str] = frozenset()


def _month() -> str:
    return timezone.localdate().strftime("%Y-%m")


CASES = [
    Case(
        "POST /api/v1/jobs",
        frozenset(MANAGERS_A),
        lambda w: "/jobs",
        lambda w: at.job_body(title="代发新岗位", enterprise_id=w.enterprise["a"].pk),
        status=201,
        # An employer always posts for its own enterprise, whatever id it sends:
        # test_an_employer_naming_another_enterprise_posts_for_its_own.
        elsewhere=frozenset({"employer_b"}),
    ),
    Case(
        "PUT /api/v1/jobs/{job_id}",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['pending_a'].pk}",
        lambda w: at.job_body(title="修改后的岗位"),
    ),
    Case("GET /api/v1/jobs/{job_id}", frozenset(MANAGERS_A), lambda w: f"/jobs/{w.job['pending_a'].pk}"),
    Case(
        "POST /api/v1/jobs/{job_id}/submit",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['draft_a'].pk}/submit",
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/approve",
        frozenset(REVIEWERS_A),
        lambda w: f"/jobs/{w.job['pending_a'].pk}/approve",
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/reject",
        frozenset(REVIEWERS_A),
        lambda w: f"/jobs/{w.job['pending_a'].pk}/reject",
        lambda w: {"reason": "工作地点不明确"},
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/post-review/confirm",
        frozenset(REVIEWERS_A),
        lambda w: f"/jobs/{w.job['post_a'].pk}/post-review/confirm",
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/take-down",
        frozenset(REVIEWERS_A),
        lambda w: f"/jobs/{w.job['post_a'].pk}/take-down",
        lambda w: {"reason": "涉嫌收取押金"},
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/close",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['open_a'].pk}/close",
    ),
    Case(
        "GET /api/v1/jobs/{job_id}/applications",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['open_a'].pk}/applications",
    ),
    Case(
        "GET /api/v1/jobs/{job_id}/candidates",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['open_a'].pk}/candidates",
    ),
    Case(
        "POST /api/v1/jobs/{job_id}/invite",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['open_a'].pk}/invite",
        lambda w: {"worker_id": w.invitee_id},
        status=201,
    ),
    Case(
        "POST /api/v1/jobs/applications/{application_id}/{action}",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/applications/{w.application.pk}/shortlist",
    ),
    Case(
        "GET /api/v1/jobs/reviews",
        frozenset(STAFF_A),
        lambda w: "/jobs/reviews",
        listed=lambda w: w.job["pending_a"].pk,
    ),
    Case(
        "GET /api/v1/jobs/staff",
        frozenset(STAFF_A),
        lambda w: "/jobs/staff",
        listed=lambda w: w.job["open_a"].pk,
    ),
    Case(
        "GET /api/v1/employers/pending",
        frozenset(STAFF_A),
        lambda w: "/employers/pending",
        listed=lambda w: w.pending_enterprise["pa"].pk,
    ),
    Case(
        "GET /api/v1/employers/verified",
        frozenset(STAFF_A),
        lambda w: "/employers/verified",
        listed=lambda w: w.enterprise["a"].pk,
        query=lambda w: {"page_size": 100},
    ),
    Case(
        "POST /api/v1/employers/{enterprise_id}/verify",
        frozenset(REVIEWERS_A),
        lambda w: f"/employers/{w.pending_enterprise['pa'].pk}/verify",
    ),
    Case(
        "POST /api/v1/employers/{enterprise_id}/reject",
        frozenset(REVIEWERS_A),
        lambda w: f"/employers/{w.pending_enterprise['pa'].pk}/reject",
        lambda w: {"reason": "营业执照模糊"},
    ),
    Case(
        "GET /api/v1/settlements/payroll.xlsx",
        frozenset(PAYROLL_A),
        lambda w: "/settlements/payroll.xlsx",
        query=lambda w: {"enterprise_id": w.enterprise["a"].pk, "month": _month()},
    ),
    Case(
        "GET /api/v1/reports/monthly",
        frozenset(STAFF_A),
        lambda w: "/reports/monthly",
        query=lambda w: {"month": _month(), "unit": "station", "unit_id": w.stations["a"].pk},
    ),
    Case(
        "POST /api/v1/staff/workers/{worker_id}/reveal/{field}",
        frozenset(STAFF_A),
        lambda w: f"/staff/workers/{w.users['worker'].worker_profile.pk}/reveal/phone",  # type: ignore[union-attr]
        lambda w: {"reason": "contact_worker"},
    ),
    Case(
        "POST /api/v1/staff/enterprises/{enterprise_id}/reveal-contact",
        frozenset(STAFF_A),
        lambda w: f"/staff/enterprises/{w.enterprise['a'].pk}/reveal-contact",
        lambda w: {"reason": "contact_employer"},
    ),
    # The figures of centre A's area (the big-data screen): its centre's staff and the market admins.
    Case(
        "GET /api/v1/stats/overview",
        frozenset({"market_admin", "centre_a"}),
        lambda w: "/stats/overview",
        query=lambda w: {"centre": w.stations["a"].centre_id},
    ),
    Case(
        "POST /api/v1/quick-recruits",
        frozenset(MANAGERS_A),
        lambda w: "/quick-recruits",
        lambda w: {
            "job_id": w.job["open_a"].pk,
            "headcount": 1,
            "starts_at": _campaign_input(0).starts_at.isoformat(),
            "fill_deadline": _campaign_input(0).fill_deadline.isoformat(),
        },
        status=201,
    ),
    Case(
        "GET /api/v1/quick-recruits/{campaign_id}",
        frozenset(MANAGERS_A),
        lambda w: f"/quick-recruits/{w.campaign_id}",
    ),
    Case(
        "POST /api/v1/quick-recruits/{campaign_id}/cancel",
        frozenset(MANAGERS_A),
        lambda w: f"/quick-recruits/{w.campaign_id}/cancel",
    ),
    Case(
        "POST /api/v1/quick-recruits/{campaign_id}/nominations",
        frozenset(STAFF_A),
        lambda w: f"/quick-recruits/{w.campaign_id}/nominations",
        lambda w: {"phone": w.users["worker"].phone},  # type: ignore[union-attr]
        status=201,
    ),
]
# Complaints (disputes): staff by unit (station A1 -> centre A -> market admin); the filer reads the wage.
COMPLAINT_CASES = [
    Case(
        "GET /api/v1/complaints",
        frozenset(STAFF_A),
        lambda w: "/complaints",
        listed=lambda w: w.complaint_id,
    ),
    Case(
        "POST /api/v1/complaints/{complaint_id}/assign",
        frozenset(STAFF_A),
        lambda w: f"/complaints/{w.complaint_id}/assign",
        lambda w: {"mediator_id": w.mediator_id},
    ),
    Case(
        "POST /api/v1/complaints/{complaint_id}/urgent",
        frozenset(STAFF_A),
        lambda w: f"/complaints/{w.complaint_id}/urgent",
        lambda w: {"urgent": True},
    ),
    Case(
        "POST /api/v1/complaints/{complaint_id}/merge",
        frozenset(STAFF_A),
        lambda w: f"/complaints/{w.complaint_id}/merge",
        lambda w: {"into_id": w.complaint2_id},
    ),
    Case(
        "POST /api/v1/complaints/{complaint_id}/close",
        frozenset(STAFF_A),
        lambda w: f"/complaints/{w.complaint_id}/close",
        lambda w: {"reason": "resolved", "resolution": "已协商解决"},
    ),
    Case(
        "GET /api/v1/complaints/{complaint_id}/wage",
        frozenset(STAFF_A | {"worker"}),
        lambda w: f"/complaints/{w.complaint_id}/wage",
    ),
]
CASES += COMPLAINT_CASES


def _fair_b_side_a(
    station: Station, users: dict[str, User | None], job: JobPosting, *workers: Any
) -> dict[str, Any]:
    """Issue 12 fairs-b: a fair of station A1 open today, employer A exhibiting its open posting, the worker
    and the invitee registered and checked in, the worker's intention at employer A's booth."""
    today = timezone.localdate()
    fair = JobFair.objects.create(
        market=station.market,
        station=station,
        code="MATRIXB1",
        title="A1招聘会",
        starts_on=today,
        ends_on=today,
        status=FairStatus.PUBLISHED,
    )
    exhibitor = BoothApplication.objects.create(
        fair=fair,
        enterprise=users["employer_a"].membership.enterprise,  # type: ignore[union-attr]
        status=BoothStatus.APPROVED,
        qr_token="matrixbooth-a",
    )
    exhibitor.jobs.set([job])
    codes = []
    for n, worker in enumerate(workers):
        registration = FairRegistration.objects.create(
            fair=fair, worker=worker, code=f"MATRIX{n}", channel="self", checked_in_at=timezone.now()
        )
        codes.append(registration.code)
    intention = Intention.objects.create(
        fair=fair, exhibitor=exhibitor, worker=workers[0], source="worker_scan"
    )
    return {"fair": fair, "exhibitor": exhibitor, "intention": intention.pk, "code": codes[1]}


# Job fair intentions (issue 12 fairs-b): the exhibiting employer and staff who manage the fair (station A1).
FAIR_B_CASES = [
    Case(
        "POST /api/v1/fairs/exhibitors/{exhibitor_id}/scan",
        frozenset(MANAGERS_A),
        lambda w: f"/fairs/exhibitors/{w.fair_b['exhibitor'].pk}/scan",
        lambda w: {"code": w.fair_b["code"]},
        status=201,
    ),
    Case(
        "GET /api/v1/fairs/exhibitors/{exhibitor_id}/intentions",
        frozenset(MANAGERS_A),
        lambda w: f"/fairs/exhibitors/{w.fair_b['exhibitor'].pk}/intentions",
    ),
    Case(
        "POST /api/v1/fairs/intentions/{intention_id}/offer",
        frozenset(MANAGERS_A),
        lambda w: f"/fairs/intentions/{w.fair_b['intention']}/offer",
        lambda w: {"job": w.job["open_a"].pk},
    ),
    Case(
        "GET /api/v1/fairs/{code}/report",
        frozenset(STAFF_A),
        lambda w: f"/fairs/{w.fair_b['fair'].code}/report",
    ),
]
CASES += FAIR_B_CASES
# Job fairs (issue 12 fairs-a): a published fair organised by station A1, open all day today; employer A
# applied for a booth; the worker registered. Staff of the organising unit (A1, centre A, the market admin).
FAIR_WORLD: dict[str, Any] = {}


def _fair_world(users: dict[str, User | None], jobs: dict[str, JobPosting]) -> dict[str, Any]:
    today = timezone.localdate()
    data = fair_services.FairInput(
        title="A1驿站招聘会", mode="both", starts_on=today, ends_on=today, venue="A1社区活动中心",
        address="唐山市路南区友谊里", opens_at=dt.time(0, 0), closes_at=dt.time(23, 59),
    )  # fmt: skip
    station_a = users["station_a"]
    assert station_a is not None
    fair = fair_services.create_fair(actor=station_a, data=data)
    fair_services.generate_booths(actor=station_a, fair_id=fair.pk, count=4)
    fair_services.publish_fair(actor=station_a, fair_id=fair.pk)
    application = fair_services.apply_for_booth(
        actor=users["employer_a"],  # type: ignore[arg-type]
        fair_id=fair.pk,
        job_ids=[jobs["open_a"].pk],
        contact_name="A经理",
    )
    registration = fair_services.register_self(actor=users["worker"], fair_id=fair.pk)  # type: ignore[arg-type]
    return {"code": fair.code, "application": application.pk, "entry_code": registration.code}


FAIR_CASES = [
    Case(
        "POST /api/v1/fairs/booth-applications/{application_id}/approve",
        frozenset(STAFF_A),
        lambda w: f"/fairs/booth-applications/{FAIR_WORLD['application']}/approve",
        lambda w: {},
    ),
    Case(
        "POST /api/v1/fairs/booth-applications/{application_id}/reject",
        frozenset(STAFF_A),
        lambda w: f"/fairs/booth-applications/{FAIR_WORLD['application']}/reject",
        lambda w: {"reason": "展位已满"},
    ),
    Case(
        "POST /api/v1/fairs/{code}/registrations",
        frozenset(STAFF_A),
        lambda w: f"/fairs/{FAIR_WORLD['code']}/registrations",
        lambda w: {"worker_id": w.invitee_id},  # a worker of station A1
        status=201,
    ),
    Case(
        "POST /api/v1/fairs/{code}/check-in",
        frozenset(STAFF_A),
        lambda w: f"/fairs/{FAIR_WORLD['code']}/check-in",
        lambda w: {"code": FAIR_WORLD["entry_code"]},
    ),
]
CASES += FAIR_CASES


# issue 12 live-office: a live session organised by station A1 promoting side A's open posting, with one
# lead. Made with the ORM (no audit entry) inside the case's own savepoint, so the snapshot is unchanged.
def _live_a(w: World) -> Any:
    session, created = LiveSession.objects.get_or_create(
        code="matrixLiveA",
        defaults={
            "market_id": w.stations["a"].market_id,
            "station": w.stations["a"],
            "centre_id": w.stations["a"].centre_id,
            "title": "A1驿站直播带岗",
            "host": w.users["station_a"],
            "starts_at": timezone.now() + dt.timedelta(days=1),
        },
    )
    if created:
        SessionJob.objects.create(session=session, job=w.job["open_a"], position=1)
    return session


def _live_lead_a(w: World) -> int:
    session = _live_a(w)
    lead, _created = Lead.objects.get_or_create(
        session=session,
        job=w.job["open_a"],
        phone="13900000001",
        defaults={"market_id": session.market_id, "source": "comment"},
    )
    return int(lead.pk)


LIVE_OFFICE_CASES = [  # issue 12 live-office
    Case(
        "PATCH /api/v1/live/office/sessions/{code}",
        frozenset(STAFF_A),
        lambda w: f"/live/office/sessions/{_live_a(w).code}",
        lambda w: {"title": "改过的直播标题"},
    ),
    Case(
        "POST /api/v1/live/office/sessions/{code}/cancel",
        frozenset(STAFF_A),
        lambda w: f"/live/office/sessions/{_live_a(w).code}/cancel",
    ),
    Case(
        "GET /api/v1/live/sessions/{code}/leads",
        frozenset(STAFF_A),
        lambda w: f"/live/sessions/{_live_a(w).code}/leads",
    ),
    Case(
        "POST /api/v1/live/leads/{lead_id}/follow-up",
        frozenset(STAFF_A),
        lambda w: f"/live/leads/{_live_lead_a(w)}/follow-up",
        lambda w: {"status": "contacted", "note": "已电话联系"},
    ),
    Case(
        "GET /api/v1/live/sessions/{code}/stats",
        frozenset(STAFF_A),
        lambda w: f"/live/sessions/{_live_a(w).code}/stats",
    ),
]
CASES += LIVE_OFFICE_CASES


# issue 13 training-courses: employer A's order (station A1) made into a course by station A1's staff, the
# worker enrolled; a second order still submitted; a second verified employer at station A1 to add.
TRAINING_WORLD: dict[str, Any] = {}  # issue 13 training-courses


def _training_world(a1: Station, users: dict[str, User | None], worker: Any) -> dict[str, Any]:  # issue 13
    admin, employer, station = users["market_admin"], users["employer_a"], users["station_a"]
    assert admin is not None and employer is not None and station is not None
    provider_data = training_services.ProviderInput(name="唐山矩阵技工学校")
    provider = training_services.create_provider(actor=admin, data=provider_data)
    data = training_helpers.order_input(job_ids=[])
    order = training_services.submit_order(actor=employer, data=data)
    submitted = training_services.submit_order(actor=employer, data=data)
    course_data = training_helpers.course_input(provider, capacity=5)
    course = training_services.create_course(actor=station, data=course_data, order_id=order.pk)
    enrolment = training_services.enrol(actor=worker.user, course_id=course.pk)
    other = _employer_at(a1, "唐山A2物流有限公司", admin)
    return {
        "order": order.pk, "submitted": submitted.pk, "course": course.pk, "provider": provider.pk,
        "enrolment": enrolment.pk, "other_enterprise": t.enterprise_of(other).pk,
    }  # fmt: skip


def _course_update_body(w: World) -> dict[str, Any]:  # issue 13 training-courses
    return {  # issue 13 training-courses
        "provider_id": TRAINING_WORLD["provider"], "title": "改过的叉车班", "occupation": "forklift_driver",
        "syllabus": "叉车安全操作", "start_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "end_date": (timezone.localdate() + dt.timedelta(days=17)).isoformat(), "place": "A1驿站培训室",
        "capacity": 6, "cost_per_person": "1000", "subsidy_per_person": "0",
    }  # fmt: skip  # issue 13 training-courses


TRAINING_CASES = [  # issue 13 training-courses
    Case(
        "GET /api/v1/training/orders/{order_id}",
        frozenset(STAFF_A | {"employer_a"}),
        lambda w: f"/training/orders/{TRAINING_WORLD['order']}",
    ),
    Case(
        "POST /api/v1/training/orders/{order_id}/employers",
        frozenset(STAFF_A),
        lambda w: f"/training/orders/{TRAINING_WORLD['order']}/employers",
        lambda w: {"enterprise_id": TRAINING_WORLD["other_enterprise"], "places": 2},
        status=201,
    ),
    Case(
        "POST /api/v1/training/orders/{order_id}/cancel",
        frozenset(STAFF_A | {"employer_a"}),
        lambda w: f"/training/orders/{TRAINING_WORLD['submitted']}/cancel",
        lambda w: {"reason": "不需要了"},
    ),
    Case(
        "PUT /api/v1/training/courses/{course_id}",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}",
        _course_update_body,
    ),
    Case(
        "POST /api/v1/training/courses/{course_id}/sessions",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}/sessions",
        lambda w: {
            "topic": "实操",
            "starts_at": f"{timezone.localdate() + dt.timedelta(days=8)}T09:00:00+08:00",
            "ends_at": f"{timezone.localdate() + dt.timedelta(days=8)}T12:00:00+08:00",
        },
        status=201,
    ),
    Case(
        "POST /api/v1/training/courses/{course_id}/start",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}/start",
    ),
    Case(
        "POST /api/v1/training/courses/{course_id}/cancel",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}/cancel",
        lambda w: {"reason": "场地问题"},
    ),
    Case(
        "GET /api/v1/training/courses/{course_id}/enrolments",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}/enrolments",
    ),
    Case(
        "POST /api/v1/training/courses/{course_id}/enrolments",
        frozenset(STAFF_A),
        lambda w: f"/training/courses/{TRAINING_WORLD['course']}/enrolments",
        lambda w: {"worker_id": w.invitee_id},  # a worker of station A1
        status=201,
    ),
    Case(
        "POST /api/v1/training/enrolments/{enrolment_id}/withdraw",
        frozenset(STAFF_A | {"worker"}),
        lambda w: f"/training/enrolments/{TRAINING_WORLD['enrolment']}/withdraw",
    ),
]  # issue 13 training-courses
CASES += TRAINING_CASES  # issue 13 training-courses


# issue 13 training-results: a course of station A1 (run by a school without a login) for an order of
# employer A, with the worker enrolled and a session on now; a second course where the worker passed and
# holds a certificate. ORM rows only (no audit entry), in the case's own savepoint.
def _training_a(w: World, *, passed: bool = False) -> dict[str, Any]:  # issue 13 training-results
    code = "MXA2" if passed else "MXA1"
    course = Course.objects.filter(code=code).first()
    worker = w.users["worker"].worker_profile  # type: ignore[union-attr]
    if course is None:
        market = w.stations["a"].market
        cast = dataclasses.make_dataclass("C", ["market", "station"])(market, w.stations["a"])
        provider = TrainingProvider.objects.create(market=market, name=f"矩阵培训学校{code}")
        order = training_f.make_order(cast, [(w.enterprise["a"], 2)])
        course = training_f.make_course(cast, provider, order=order)
        Course.objects.filter(pk=course.pk).update(code=code)
        training_f.make_session(course)
        enrolment = training_f.enrol(
            course, worker, EnrolmentStatus.PASSED if passed else EnrolmentStatus.ENROLLED
        )
        if passed:
            TrainingCertificate.objects.create(
                enrolment=enrolment,
                number=f"LGMX-{code}",
                verify_token=f"matrix-{code}",
                issued_on=timezone.localdate(),
            )
    enrolment = Enrolment.objects.get(course=course, worker=worker)
    return {
        "course": course,
        "order": course.order,
        "session": course.sessions.first(),
        "enrolment": enrolment,
        "certificate": TrainingCertificate.objects.filter(enrolment=enrolment).first(),
    }


TRAINING_CASES = [  # issue 13 training-results
    Case(
        "POST /api/v1/training/sessions/{session_id}/attendance",
        frozenset(STAFF_A),
        lambda w: f"/training/sessions/{_training_a(w)['session'].pk}/attendance",
        lambda w: {"enrolment_id": _training_a(w)["enrolment"].pk},
    ),
    Case(
        "POST /api/v1/training/enrolments/{enrolment_id}/result",
        frozenset(STAFF_A),
        lambda w: f"/training/enrolments/{_training_a(w)['enrolment'].pk}/result",
        lambda w: {"score": 82, "note": ""},
    ),
    Case(
        "POST /api/v1/training/certificates/{certificate_id}/official",
        frozenset(STAFF_A),
        lambda w: f"/training/certificates/{_training_a(w, passed=True)['certificate'].pk}/official",
        lambda w: {
            "number": "TZN1-MATRIX-1",
            "expires_on": (timezone.localdate() + dt.timedelta(days=900)).isoformat(),
        },
    ),
    Case(
        "POST /api/v1/training/certificates/{certificate_id}/revoke",
        frozenset(STAFF_A),
        lambda w: f"/training/certificates/{_training_a(w, passed=True)['certificate'].pk}/revoke",
        lambda w: {"reason": "矩阵测试撤销"},
    ),
    Case(
        "GET /api/v1/training/orders/{order_id}/promise",
        frozenset(STAFF_A | {"employer_a"}),
        lambda w: f"/training/orders/{_training_a(w)['order'].pk}/promise",
    ),
]
CASES += TRAINING_CASES  # issue 13 training-results
CASE_OPS = {c.op for c in CASES}

# Operations deliberately outside this matrix, with the reason. Anything else in the schema fails the
# coverage test below.
_OWN = "acts on the caller's own account, profile or enterprise only; takes no other party's id"
_PUBLIC = "public reference data or public listings; no scope"
_ENGAGEMENT = (
    "engagement chain: scoped by engagements.access.party_of (the engagement's station), tested in "
    "engagements/contracts/insurance/settlement/ratings/workflow tests"
)
_COMPLAINT = (
    "complaints: the filer, the other party and staff of the complaint's unit (station, centre, market) "
    "or its mediator; others 404 - disputes/tests/test_complaints.py, test_triage.py"
)
_LEGAL = (
    "legal consultations: the booking worker and any staff of the booking's market (legal help is "
    "market-wide, not per station or employer); others 404 - legal/tests/test_consultations.py"
)
_CASE_FILE = (
    "arbitration direct line: the complaint's filer and staff in scope of it "
    "(disputes.services.staff_in_scope); others 404 - arbitration/tests/test_arbitration.py"
    "::test_only_the_filer_and_staff_in_scope_get_the_documents"
)
_MEDIATION = (
    "mediation: the case's mediator and staff in scope of its complaint manage it, the two parties read and "
    "sign; others 404 - mediation/tests/test_mediation.py"
)
_MEDIATION_PARTY = "mediation: a party of the case only (worker or employer); others 404 - mediation/tests"
_SMS_INBOUND = (  # issue 12 elder
    "the SMS provider's callback, signed with the deployment secret; acts only on the sending phone's own "
    "invitation; recruit/tests/test_sms_reply.py"
)
_FAIR_PUBLIC = "published fairs are public; a draft only to its staff (others 404) - fairs/tests/test_api.py"
_FAIR_CREATE = "staff create a fair organised by their own unit (or a station they see) - fairs/tests"
_FAIR_APPLY = "a verified employer applies for itself to a published fair of its market - fairs/tests"
_TR_PROVIDERS = (  # issue 13 training-courses
    "training providers are market-wide: market admins and centre staff maintain them, staff of the market "
    "read them; training/tests/test_api.py::test_provider_api"
)  # issue 13 training-courses
_TR_ORDERS = (  # issue 13 training-courses
    "the employer's own orders, or staff's by training.access.scope_q (not paged: no items); "
    "training/tests/test_api.py::test_order_api_for_the_employer_and_staff"
)  # issue 13 training-courses
_TR_ORDER = (  # issue 13 training-courses
    "an employer orders for itself; staff on behalf of an employer in their scope "
    "(require_enterprise_in_scope, others 404); training/tests/test_services.py"
)  # issue 13 training-courses
_TR_ENROL = "a worker enrols themself in an enrolling course of their market; training/tests"  # issue 13
_TR_COURSE = (  # issue 13 training-courses
    "staff open a course for their own unit or from an order they manage (others 404); training/tests"
)  # issue 13 training-courses
_TR_COMPLETE = (  # issue 13 training-courses
    "the guard of start and cancel (in the matrix: training.services.managed_course) on a started "
    "course; training/tests/test_services.py::test_course_transitions"
)  # issue 13 training-courses
_HK_PLAN = (  # issue 13 hk-dispatch
    "the household, or staff in scope of it, others 404 (housekeeping/tests/test_dispatch_api.py::test_scope)"
)  # issue 13 hk-dispatch
_HK_CATALOGUE = (  # issue 13 hk-booking
    "the active housekeeping catalogue of the caller's own market; no other party's row"
)
_HK_OWN = (  # issue 13 hk-booking
    "a household acts on its own bookings only (others 403/404) - housekeeping/tests/test_booking_api.py"
)
_HK_BOOKING = (  # issue 13 hk-booking
    "a booking: its household and staff in scope of the household's station (enterprise_scope_q); others "
    "404 - housekeeping/tests/test_booking_api.py::test_staff_scope_of_bookings"
)
_HK_STAFF_CATALOGUE = (  # issue 13 hk-booking
    "market admins and centre staff edit their own market's catalogue (station staff 403, other markets "
    "404) - housekeeping/tests/test_catalogue.py"
)
_TRAINING_CHECKIN = (
    "a worker's own check-in by the classroom token - training/tests"  # issue 13 training-results
)
_TRAINING_VERIFY = (
    "public verification by a secret token, masked name only - training/tests"  # issue 13 training-results
)
NOT_IN_MATRIX: dict[str, str] = {
    "GET /api/v1/legal/advisers": _PUBLIC,
    "GET /api/v1/legal/slots": _PUBLIC,
    "GET /api/v1/legal/arbitration-days": _PUBLIC,
    "GET /api/v1/legal/policies": _PUBLIC,
    "GET /api/v1/legal/policies/{slug}": _PUBLIC,
    "POST /api/v1/legal/check": "computes from the answers and the caller's own profile; writes nothing",
    "POST /api/v1/legal/slots/{slot_id}/book": "a worker books for themself in their own market "
    "(another market's slot is 404) - legal/tests/test_consultations.py",
    "POST /api/v1/legal/consultations/{consultation_id}/cancel": _LEGAL,
    "POST /api/v1/legal/consultations/{consultation_id}/advice": _LEGAL,
    "GET /api/v1/me/consultations": _OWN,
    "GET /api/v1/complaints/{complaint_id}/routing": _CASE_FILE,
    "POST /api/v1/complaints/{complaint_id}/documents": _CASE_FILE,
    "GET /api/v1/complaints/{complaint_id}/application.pdf": _CASE_FILE,
    "GET /api/v1/complaints/{complaint_id}/bundle.pdf": _CASE_FILE,
    "GET /api/v1/complaints/{complaint_id}/bundle.zip": _CASE_FILE,
    "POST /api/v1/complaints/{complaint_id}/referrals": _CASE_FILE,
    "POST /api/v1/referrals/{referral_id}": "staff in scope of the referral's complaint only (the filer and "
    "others 404) - arbitration/tests/test_arbitration.py::test_referral_lifecycle_closes_the_complaint",
    "GET /api/v1/referrals": "staff only: the market's referrals, narrowed to the centre's or station's "
    "complaints (arbitration.selectors.referrals_for_staff); others 404",
    "POST /api/v1/complaints/{complaint_id}/mediation": _MEDIATION,
    "GET /api/v1/mediations/{case_id}": _MEDIATION,
    "POST /api/v1/mediations/{case_id}/sessions": _MEDIATION,
    "POST /api/v1/mediations/{case_id}/sessions/{session_id}/record": _MEDIATION,
    "POST /api/v1/mediations/{case_id}/agreement": _MEDIATION,
    "POST /api/v1/mediations/{case_id}/agreement/send": _MEDIATION,
    "GET /api/v1/mediations/{case_id}/agreement.pdf": _MEDIATION,
    "POST /api/v1/mediations/{case_id}/agreement/signing-code": _MEDIATION_PARTY,
    "POST /api/v1/mediations/{case_id}/agreement/sign": _MEDIATION_PARTY,
    "POST /api/v1/mediations/{case_id}/payments/{term_id}": "mediation: the worker confirms receipt, the "
    "mediator or staff in scope record it; the employer 403, others 404 - mediation/tests",
    "POST /api/v1/mediations/{case_id}/outcome": "mediation: withdrawn by the filer, failed by the mediator "
    "or staff in scope; others 403/404 - mediation/tests",
    "POST /api/v1/complaints": "a party files about their own engagement (another's is 404, nothing written) "
    "- disputes/tests/test_complaints.py",
    "GET /api/v1/complaints/{complaint_id}": _COMPLAINT,
    "POST /api/v1/complaints/{complaint_id}/acknowledge": _COMPLAINT,
    "GET /api/v1/complaints/{complaint_id}/evidence/{evidence_id}": _COMPLAINT,
    "GET /api/v1/me/complaints": _OWN,
    "POST /api/v1/complaints/{complaint_id}/withdraw": "the filer only (others 404, the other party 403) "
    "- disputes/tests/test_triage.py::test_close_and_withdraw",
    "GET /api/v1/complaints/report": "figures over the caller's own unit, takes no unit id "
    "- disputes/tests/test_triage.py::test_report_figures",
    "POST /api/v1/employers": "staff register an employer: it belongs to the registering staff member's "
    "station (or their centre's nearest), test_staff_registration_lands_in_the_registrars_scope",
    "GET /api/v1/jobs/recommended": _OWN,
    "GET /api/v1/me/recommended-jobs": _OWN,
    "POST /api/v1/parse/job": "pure text parsing, no data",
    "POST /api/v1/parse/worker": "pure text parsing, no data",
    "POST /api/v1/jobs/applications/{application_id}/accept": "the worker's own offer (workflow tests)",
    "POST /api/v1/contracts/{contract_id}/sign": _ENGAGEMENT,
    "POST /api/v1/contracts/by-engagement/{engagement_id}/amend": _ENGAGEMENT,
    "POST /api/v1/engagements/{engagement_id}/cancel": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/reject-review": _ENGAGEMENT,
    "POST /api/v1/insurance/policies/{policy_id}/retry": _ENGAGEMENT,
    "POST /api/v1/settlements/statements/{statement_id}/pay": _ENGAGEMENT,
    "POST /api/v1/ratings/engagements/{engagement_id}": _ENGAGEMENT,
    "GET /api/v1/ratings/engagements/{engagement_id}": _ENGAGEMENT,
    "GET /api/v1/engagements/{engagement_id}/timeline": _ENGAGEMENT,
    "POST /api/v1/jobs/{job_id}/reports": "any signed-in user reports a posting they can see (举报); "
    "jobs/tests/test_screening_flow.py",
    "GET /api/v1/me/data": _OWN,
    "GET /api/v1/me/data.pdf": _OWN,
    "GET /api/v1/me/consents": _OWN,
    "POST /api/v1/me/consents/{consent_id}/withdraw": _OWN,
    "GET /api/v1/me/requests": _OWN,
    "POST /api/v1/me/requests": _OWN,
    "POST /api/v1/me/deletion-request": _OWN,
    "GET /api/v1/staff/sensitive-reads": "the log of full-number reads: scoped by who read (own reads, the "
    "centre's staff, the market), staff/tests/test_sensitive_reads.py",
    "POST /api/v1/auth/login": _OWN,
    "POST /api/v1/auth/otp": _OWN,
    "POST /api/v1/auth/login/otp": _OWN,
    "POST /api/v1/auth/logout": _OWN,
    "GET /api/v1/auth/me": _OWN,
    "POST /api/v1/auth/register/worker": _OWN,
    "POST /api/v1/auth/register/employer": _OWN,
    "GET /api/v1/org/divisions": _PUBLIC,
    "GET /api/v1/org/stations": _PUBLIC,
    "GET /api/v1/org/stations/{station_id}": _PUBLIC,
    "GET /api/v1/org/stations/{station_id}/qr.svg": _PUBLIC,
    "GET /api/v1/markets/{market_id}/policy": "market-level: staff of that market (org tests)",
    "PATCH /api/v1/markets/{market_id}/policy": "market-level: that market's admin only (org tests)",
    "GET /api/v1/markets/{market_id}/area": "market-level: staff of that market (org tests)",
    "PUT /api/v1/markets/{market_id}/area": "market-level: that market's admin only (org tests)",
    "GET /api/v1/org/totals": "market-level headline counts for admins and centre staff, no rows",
    "GET /api/v1/taxonomy/industries": _PUBLIC,
    "GET /api/v1/taxonomy/certificates": _PUBLIC,
    "GET /api/v1/workers/me": _OWN,
    "PUT /api/v1/workers/me": _OWN,
    "POST /api/v1/workers/me/certificates": _OWN,
    "POST /api/v1/workers/walk-in": "registers the walk-in at the staff member's own station (workers tests)",
    "GET /api/v1/workers": "workers of the staff member's station/centre: scope_to_staff on the worker's "
    "station (workers tests)",
    "POST /api/v1/workers/certificates/{certificate_id}/verify": "scoped by the worker's station "
    "(workers.services, staff_can_see_station; workers tests)",
    "GET /api/v1/employers/me": _OWN,
    "PUT /api/v1/employers/me": _OWN,
    "GET /api/v1/jobs": _PUBLIC,
    "GET /api/v1/jobs/mine": _OWN,
    "GET /api/v1/jobs/{job_id}/qr.svg": "public postings only (same visibility as the job page)",
    "POST /api/v1/jobs/{job_id}/apply": "a worker applies to a public posting",
    "GET /api/v1/jobs/applications/mine": _OWN,
    "GET /api/v1/notifications": _OWN,
    "GET /api/v1/notifications/unread-count": _OWN,
    "POST /api/v1/notifications/read": _OWN,
    "GET /api/v1/tax/labour-remuneration": _PUBLIC,
    "GET /api/v1/engagements": _ENGAGEMENT,
    "GET /api/v1/engagements/{engagement_id}": _ENGAGEMENT,
    "POST /api/v1/engagements/{engagement_id}/end-early": _ENGAGEMENT,
    "POST /api/v1/engagements/{engagement_id}/end-early/respond": _ENGAGEMENT,
    "POST /api/v1/engagements/{engagement_id}/complete": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/check-in": _ENGAGEMENT,
    "GET /api/v1/engagements/shifts/{shift_id}/check-out-preview": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/check-out": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/extra-time": _ENGAGEMENT,
    "POST /api/v1/engagements/{engagement_id}/site-code": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/confirm": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/dispute": _ENGAGEMENT,
    "POST /api/v1/engagements/shifts/{shift_id}/review": _ENGAGEMENT,
    "GET /api/v1/engagements/staff/flagged-shifts": _ENGAGEMENT,
    "GET /api/v1/engagements/staff/cases": _ENGAGEMENT,
    "POST /api/v1/engagements/cases/{case_id}/resolve": _ENGAGEMENT,
    "GET /api/v1/contracts/by-engagement/{engagement_id}": _ENGAGEMENT,
    "GET /api/v1/contracts/{contract_id}": _ENGAGEMENT,
    "GET /api/v1/contracts/{contract_id}/pdf": _ENGAGEMENT,
    "GET /api/v1/contracts/{contract_id}/signed.pdf": _ENGAGEMENT,
    "POST /api/v1/contracts/{contract_id}/signing-code": _ENGAGEMENT,
    "GET /api/v1/insurance/policies": _ENGAGEMENT,
    "GET /api/v1/insurance/policies/{policy_id}": _ENGAGEMENT,
    "GET /api/v1/insurance/policies/{policy_id}/certificate.pdf": _ENGAGEMENT,
    "POST /api/v1/settlements/engagements/{engagement_id}/settle": _ENGAGEMENT,
    "GET /api/v1/settlements/statements": _ENGAGEMENT,
    "GET /api/v1/settlements/statements/{statement_id}": _ENGAGEMENT,
    "POST /api/v1/settlements/statements/{statement_id}/void": _ENGAGEMENT,
    "GET /api/v1/settlements/statements/{statement_id}/receipt.pdf": _ENGAGEMENT,
    "GET /api/v1/settlements/arrears": "arrears flags, by the engagement's scope (settlement tests)",
    "POST /api/v1/settlements/arrears/{flag_id}/waive": "arrears flags (settlement tests)",
    "GET /api/v1/ratings/workers/{worker_id}/reputation": "reputation summaries (ratings tests)",
    "GET /api/v1/ratings/enterprises/{enterprise_id}/reputation": "reputation summaries (ratings tests)",
    "POST /api/v1/ratings/{rating_id}/hide": _ENGAGEMENT,
    "POST /api/v1/quick-recruits/{campaign_id}/answers": "a worker answers for themself (any worker of the "
    "market may answer a live campaign); recruit/tests/test_api.py",
    "GET /api/v1/me/invitations": _OWN,
    "POST /api/v1/sms/inbound": _SMS_INBOUND,  # issue 12 elder
    "POST /api/v1/fairs/booths/{qr_token}/intention": "a worker for themself at a booth of a fair they are "
    "registered and checked in at; fairs/tests/test_intentions.py",  # issue 12 fairs-b
    "POST /api/v1/fairs/exhibitors/{exhibitor_id}/apply": "a worker 投递 for themself at an online fair "
    "(public exhibitors and jobs); fairs/tests/test_intentions.py::test_apply_online",  # issue 12 fairs-b
    "GET /api/v1/fairs": _PUBLIC,  # issue 12 fairs-a
    "POST /api/v1/training/checkin": _TRAINING_CHECKIN,  # issue 13 training-results
    "GET /api/v1/training/verify/{token}": _TRAINING_VERIFY,  # issue 13 training-results
    "GET /api/v1/fairs/{code}": _FAIR_PUBLIC,  # issue 12 fairs-a
    "POST /api/v1/fairs": _FAIR_CREATE,  # issue 12 fairs-a
    "POST /api/v1/fairs/{code}/booth-applications": _FAIR_APPLY,  # issue 12 fairs-a
    "GET /api/v1/live/sessions": _PUBLIC,  # issue 12 live-room
    "GET /api/v1/live/sessions/{code}": _PUBLIC,  # issue 12 live-room
    "GET /api/v1/live/sessions/{code}/comments": "public masked stream; raw and "  # issue 12 live-room
    "hidden comments for the room's managers only (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/start": "live room: its host and staff of the "  # issue 12 live-room
    "organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/end": "live room: its host and staff of the "  # issue 12 live-room
    "organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/pin": "live room: its host and staff of the "  # issue 12 live-room
    "organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/unpin": "live room: its host and staff of the "  # issue 12 live-room
    "organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/comments/{comment_id}/hide": "live room: its "  # issue 12 live-room
    "host and staff of the organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    "POST /api/v1/live/sessions/{code}/viewers/{viewer_id}/mute": "live room: its "  # issue 12 live-room
    "host and staff of the organising unit only, others 403 (live/tests/test_api.py)",  # issue 12 live-room
    # issue 12 live-office
    "POST /api/v1/live/office/sessions": "staff schedule for their own unit; live/tests/test_schedule.py",
    "GET /api/v1/training/providers": _TR_PROVIDERS,  # issue 13 training-courses
    "POST /api/v1/training/providers": _TR_PROVIDERS,  # issue 13 training-courses
    "PUT /api/v1/training/providers/{provider_id}": _TR_PROVIDERS,  # issue 13 training-courses
    "GET /api/v1/training/orders": _TR_ORDERS,  # issue 13 training-courses
    "POST /api/v1/training/orders": _TR_ORDER,  # issue 13 training-courses
    "GET /api/v1/training/courses": _PUBLIC,  # issue 13 training-courses
    "GET /api/v1/training/courses/{course_id}": _PUBLIC,  # issue 13 training-courses
    "GET /api/v1/training/courses/recommended": _OWN,  # issue 13 training-courses
    "GET /api/v1/training/me/enrolments": _OWN,  # issue 13 training-courses
    "POST /api/v1/training/courses/{course_id}/enrol": _TR_ENROL,  # issue 13 training-courses
    "POST /api/v1/training/courses": _TR_COURSE,  # issue 13 training-courses
    "POST /api/v1/training/courses/{course_id}/complete": _TR_COMPLETE,  # issue 13 training-courses
    "GET /api/v1/housekeeping/offers": "the worker's own open offers only",  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/offers/{offer_id}/accept": "the offered worker only, "  # issue 13 hk-dispatch
    "others 404 (housekeeping/tests/test_dispatch_api.py)",  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/offers/{offer_id}/decline": "the offered worker only, "  # issue 13 hk-dispatch
    "others 404 (housekeeping/tests/test_dispatch_api.py)",  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/bookings/{booking_id}/redispatch": _HK_PLAN,  # issue 13 hk-dispatch
    "GET /api/v1/housekeeping/plans": "the household's own plans only",  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/plans": "a household for itself",  # issue 13 hk-dispatch
    "GET /api/v1/housekeeping/plans/{plan_id}": _HK_PLAN,  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/plans/{plan_id}/pause": _HK_PLAN,  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/plans/{plan_id}/resume": _HK_PLAN,  # issue 13 hk-dispatch
    "POST /api/v1/housekeeping/plans/{plan_id}/end": _HK_PLAN,  # issue 13 hk-dispatch
    "GET /api/v1/housekeeping/services": _HK_CATALOGUE,  # issue 13 hk-booking
    "POST /api/v1/housekeeping/quote": _HK_CATALOGUE,  # issue 13 hk-booking
    "POST /api/v1/housekeeping/bookings": _HK_OWN,  # issue 13 hk-booking
    "GET /api/v1/housekeeping/bookings": _HK_BOOKING,  # issue 13 hk-booking
    "GET /api/v1/housekeeping/bookings/{code}": _HK_BOOKING,  # issue 13 hk-booking
    "POST /api/v1/housekeeping/bookings/{code}/cancel": _HK_BOOKING,  # issue 13 hk-booking
    "GET /api/v1/housekeeping/bookings/{code}/candidates": _HK_OWN,  # issue 13 hk-booking
    "GET /api/v1/housekeeping/catalogue": _HK_STAFF_CATALOGUE,  # issue 13 hk-booking
    "POST /api/v1/housekeeping/catalogue": _HK_STAFF_CATALOGUE,  # issue 13 hk-booking
    "PUT /api/v1/housekeeping/catalogue/{service_id}": _HK_STAFF_CATALOGUE,  # issue 13 hk-booking
    "POST /api/v1/housekeeping/catalogue/{service_id}/active": _HK_STAFF_CATALOGUE,  # issue 13 hk-booking
    "GET /api/v1/skills/gaps": "staff only: figures over the postings of the "  # issue 13 skills
    "employers in their scope (enterprise_scope_q), no row ids; others 401/403 - "  # issue 13 skills
    "skills/tests/test_api.py",  # issue 13 skills
    "GET /api/v1/skills/me/unlocks": _OWN,  # issue 13 skills
}


def _schema_ops() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_api_operation_is_classified() -> None:
    """A new operation must join the matrix or say here why it is not scoped."""
    ops = _schema_ops()
    assert not (CASE_OPS & set(NOT_IN_MATRIX)), "an operation is both in the matrix and excluded"
    assert sorted(ops - CASE_OPS - set(NOT_IN_MATRIX)) == [], "unclassified API operations"
    assert sorted((CASE_OPS | set(NOT_IN_MATRIX)) - ops) == [], "classified operations that no longer exist"


def _call(client: Client, world: World, case: Case, role: str) -> Any:
    method, _path = case.op.split(" ", 1)
    token = world.tokens[role]
    path = case.path(world)
    query = case.query(world)
    if method == "GET":
        return at.get(client, path, token, **query)
    return at.send(client, method.lower(), path, token, case.body(world))


def _ids(response: Any) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.op for c in CASES])
def test_api(world: World, db: Any, client: Client, case: Case, role: str) -> None:
    if role in case.elsewhere:
        pytest.skip("checked by a test of its own")
    # Some cases make their rows on first use (in the case's savepoint): make them before the snapshot.
    case.path(world)
    case.body(world)
    before = _snapshot()
    response = _call(client, world, case, role)
    body = response.content.decode(errors="replace")[:500]
    if case.listed is not None:
        target = case.listed(world)
        if role in case.allowed:
            assert response.status_code == 200, body
            assert target in _ids(response), f"{role} should see side A's row"
        else:
            assert response.status_code in (200, 401, 403, 404), body
            if response.status_code == 200:
                assert target not in _ids(response), f"{role} sees side A's row"
        assert _snapshot() == before
        return
    if role in case.allowed:
        assert response.status_code == case.status, body
        return
    expected = {401, 404} if role == "anonymous" else {403, 404}
    if role in {"centre_b", "station_b", "other_market_admin"}:
        # Staff outside the scope: as if side A did not exist, unless their role may not do this at all.
        expected = {404} if _role_may(case, role) else {403, 404}
    assert response.status_code in expected, (role, body)
    if response["Content-Type"].startswith("application/json"):
        assert set(response.json()) == {"code", "message", "errors"}
    assert _snapshot() == before, f"{role} changed something"


def _role_may(case: Case, role: str) -> bool:
    """Whether the role could do this on its own side (then the refusal must be 404)."""
    kind = role.split("_")[0]
    if role == "other_market_admin":
        return "market_admin" in case.allowed
    return any(r.split("_")[0] == kind for r in case.allowed)


# --- Rules behind the matrix ---------------------------------------------------------------------------


def test_staff_postings_go_the_employers_way_market_admins_open_at_once(world: World, db: Any) -> None:
    """Station and centre staff posting for an employer of their scope: screened and reviewed as the
    employer's own posting would be (employer A was verified today: review first); a market admin's
    posting is reviewed as it is posted."""
    enterprise = world.enterprise["a"]
    place = {"division": t.LUNAN}
    for role in ("station_a", "centre_a"):
        job = job_services.create_job(
            actor=world.users[role],  # type: ignore[arg-type]
            data=t.job_input(title=f"{role}代发", **place),
            enterprise_id=enterprise.pk,
        )
        assert job.status == JobStatus.PENDING_REVIEW, role
    by_admin = job_services.create_job(
        actor=world.users["market_admin"],  # type: ignore[arg-type]
        data=t.job_input(title="管理员代发", **place),
        enterprise_id=enterprise.pk,
    )
    assert by_admin.status == JobStatus.OPEN


def test_a_reviewer_may_not_approve_their_own_posting(world: World, db: Any, client: Client) -> None:
    centre_a = world.users["centre_a"]
    job = job_services.create_job(
        actor=centre_a,  # type: ignore[arg-type]
        data=t.job_input(title="中心代发", division=t.LUNAN),
        enterprise_id=world.enterprise["a"].pk,
    )
    assert job.status == JobStatus.PENDING_REVIEW
    response = at.send(client, "post", f"/jobs/{job.pk}/approve", world.tokens["centre_a"])
    at.error(response, 403, "own_posting")
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.PENDING_REVIEW
    at.ok(at.send(client, "post", f"/jobs/{job.pk}/approve", world.tokens["market_admin"]))


def test_an_employer_naming_another_enterprise_posts_for_its_own(
    world: World, db: Any, client: Client
) -> None:
    body = at.job_body(title="借名发布", enterprise_id=world.enterprise["a"].pk)
    created = at.ok(at.send(client, "post", "/jobs", world.tokens["employer_b"], body), 201)
    assert created["enterprise_id"] == world.enterprise["b"].pk


def test_staff_registration_lands_in_the_registrars_scope(world: World, db: Any) -> None:
    for role, station in (("station_a", "a"), ("station_b", "b")):
        e = employer_services.register_enterprise_by_staff(
            actor=world.users[role],  # type: ignore[arg-type]
            data=t.enterprise_input(f"{role}登记的单位"),
        )
        assert e.station_id == world.stations[station].pk
    # Centre staff: the nearest station of their own centre, wherever the employer is.
    e = employer_services.register_enterprise_by_staff(
        actor=world.users["centre_b"],  # type: ignore[arg-type]
        data=t.enterprise_input("B中心登记的单位", lat=world.stations["a"].lat, lon=world.stations["a"].lon),
    )
    assert e.station_id == world.stations["b"].pk
    assert e.status == VerificationStatus.PENDING


# --- Pages -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCase:
    name: str
    allowed: frozenset[str]
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] | None = None  # POST when given
    # GET: in scope the page shows this text (or returns this status for files); out of scope it does not.
    shows: Callable[[World], str] | None = None
    changed: Callable[[World], bool] | None = None  # POST: whether it took effect
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


def _job_status(key: str) -> Callable[[World], bool]:
    def changed(w: World) -> bool:
        job = JobPosting.objects.get(pk=w.job[key].pk)
        return (job.status, job.post_review_status) != (w.job[key].status, w.job[key].post_review_status)

    return changed


def _enterprise_changed(w: World) -> bool:
    return Enterprise.objects.get(pk=w.pending_enterprise["pa"].pk).status != VerificationStatus.PENDING


PAGE_CASES = [
    PageCase(
        "review queue",
        frozenset(REVIEWERS_A),
        lambda w: "/staff/jobs/reviews/",
        shows=lambda w: w.job["pending_a"].title,
    ),
    PageCase(
        "post-review queue",
        frozenset(REVIEWERS_A),
        lambda w: "/staff/jobs/reviews/?queue=post",
        shows=lambda w: w.job["post_a"].title,
    ),
    PageCase(
        "approve",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/jobs/{w.job['pending_a'].pk}/approve/",
        data=lambda w: {},
        changed=_job_status("pending_a"),
    ),
    PageCase(
        "reject",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/jobs/{w.job['pending_a'].pk}/reject/",
        data=lambda w: {"reason": "工作地点不明确"},
        changed=_job_status("pending_a"),
    ),
    PageCase(
        "confirm",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/jobs/{w.job['post_a'].pk}/confirm/",
        data=lambda w: {},
        changed=_job_status("post_a"),
    ),
    PageCase(
        "take down",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/jobs/{w.job['post_a'].pk}/take_down/",
        data=lambda w: {"reason": "涉嫌收取押金"},
        changed=_job_status("post_a"),
    ),
    PageCase(
        "verification queue",
        frozenset(REVIEWERS_A),
        lambda w: "/staff/enterprises/",
        shows=lambda w: w.pending_enterprise["pa"].name,
    ),
    PageCase(
        "verify",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/enterprises/{w.pending_enterprise['pa'].pk}/verify/",
        data=lambda w: {},
        changed=_enterprise_changed,
    ),
    PageCase(
        "reject enterprise",
        frozenset(REVIEWERS_A),
        lambda w: f"/staff/enterprises/{w.pending_enterprise['pa'].pk}/reject/",
        data=lambda w: {"reason": "营业执照模糊"},
        changed=_enterprise_changed,
    ),
    PageCase(
        "employer picker",
        frozenset(STAFF_A),
        lambda w: f"/staff/enterprises/search/?q={w.enterprise['a'].name}",
        shows=lambda w: f'"id": {w.enterprise["a"].pk}',
        headers={"Accept": "application/json"},
    ),
    PageCase(
        "staff postings", frozenset(STAFF_A), lambda w: "/staff/jobs/", shows=lambda w: w.job["open_a"].title
    ),
    PageCase(
        "pending posting page",
        frozenset(MANAGERS_A),
        lambda w: f"/jobs/{w.job['pending_a'].pk}/",
        shows=lambda w: w.job["pending_a"].title,
    ),
    PageCase(
        "applicants page",
        frozenset(MANAGERS_A),
        lambda w: f"/employer/jobs/{w.job['open_a'].pk}/",
        shows=lambda w: w.job["open_a"].title,
    ),
    PageCase(
        "invite",
        frozenset(MANAGERS_A),
        lambda w: f"/employer/jobs/{w.job['open_a'].pk}/invite/",
        data=lambda w: {"worker_id": w.invitee_id},
        changed=lambda w: Invitation.objects.filter(job=w.job["open_a"]).exists(),
    ),
    PageCase(
        "monthly report",
        frozenset(STAFF_A),
        lambda w: f"/staff/reports/?month={_month()}&u=station:{w.stations['a'].pk}",
        shows=lambda w: f'data-testid="report-title">{timezone.localdate().year}年',
    ),
    PageCase(
        "payroll export",
        frozenset(PAYROLL_A),
        lambda w: f"/settlements/payroll.xlsx?enterprise_id={w.enterprise['a'].pk}&month={_month()}",
        shows=lambda w: "xlsx",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=[c.name for c in PAGE_CASES])
def test_page(world: World, db: Any, client: Client, case: PageCase, role: str) -> None:
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = _snapshot()
    url = case.url(world)
    if case.data is not None:
        response = client.post(url, case.data(world))
        assert response.status_code in (302, 403, 404), response.status_code
        assert case.changed is not None
        took_effect = case.changed(world)
        assert took_effect == (role in case.allowed), role
        if role not in case.allowed:
            assert _snapshot() == before
        return
    response = client.get(url, headers=case.headers)
    assert case.shows is not None
    if case.name == "payroll export":
        is_file = response.status_code == 200 and "spreadsheet" in response.get("Content-Type", "")
        assert is_file == (role in case.allowed), role
        return
    text = response.content.decode() if response.status_code == 200 else ""
    assert (case.shows(world) in text) == (role in case.allowed), (role, response.status_code)
    assert _snapshot() == before
