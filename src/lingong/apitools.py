"""Helpers for tests of the JSON API: requests with a bearer token, the error shape every failure must
have, valid bodies to start from, and Hypothesis strategies that mutate them."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import User
from lingong.org.models import Division

API = "/api/v1"
NEW_PASSWORD = "Tangshan-gig-2026"  # noqa: S105 - a test password


def centre(code: str) -> tuple[float, float]:
    """A division's centre as stored (WGS84, converted from the source datum when loaded)."""
    division = Division.objects.get(code=code)
    return division.lat, division.lon


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def send(client: Client, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    data = body if isinstance(body, str | bytes) or body is None else json.dumps(body, default=str)
    return getattr(client, method)(
        f"{API}{path}", data=data, content_type="application/json", headers=bearer(token)
    )


def get(client: Client, path: str, token: str | None = None, **params: Any) -> Any:
    return client.get(f"{API}{path}", data=params, headers=bearer(token))


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def error(response: Any, status: int, code: str | None = None, field: str | None = None) -> dict[str, Any]:
    """Every failure is JSON {code, message, errors}."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["errors"], dict), body
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field]), body
    return body


def token_of(user: User) -> str:
    return accounts.issue_token(user=user)


def job_body(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body: dict[str, Any] = {
        "title": "路南区仓库装卸工",
        "description": "负责仓库货物装卸、搬运和码放，提供午餐。",
        "occupations": ["loader_driver"],
        "headcount": 2,
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "pay_amount": "300",
        "pay_unit": "day",
        "start_date": (today + timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=30)).isoformat(),
    }
    body.update(overrides)
    return body


def enterprise_body(**overrides: Any) -> dict[str, Any]:
    body = dataclasses.asdict(t.enterprise_input("唐山市路南区宏达装卸服务有限公司"))
    body.update(overrides)
    return body


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1e400", "NaN", "2026-02-30", "loader_driver", "130202", "negotiable"]),
)


json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def mutated(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The valid body with some fields replaced by arbitrary JSON, some dropped and some added."""
    return st.builds(
        lambda replace, drop, extra: {
            **{k: v for k, v in base.items() if k not in drop},
            **replace,
            **extra,
        },
        st.dictionaries(st.sampled_from(sorted(base)), json_values, max_size=4),
        st.sets(st.sampled_from(sorted(base)), max_size=2),
        st.dictionaries(st.text(max_size=6), json_values, max_size=1),
    )


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- A client acting as one user -----------------------------------------------------------------


class Api:
    """A client acting as one user (or anonymous when ``user`` is None)."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{API}{path}", data=params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"{API}{path}", data=json.dumps(body or {}), content_type="application/json", headers=self.headers
        )

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            f"{API}{path}", data=json.dumps(body), content_type="application/json", headers=self.headers
        )


def status_and_code(response: Any) -> tuple[int, str | None]:
    body = response.json()
    return response.status_code, body.get("code") if isinstance(body, dict) else None


# --- The whole API: one user of each role and a small world of rows for path ids ----------------------

ROLES = ["anonymous", "worker", "employer", "station_staff", "centre_staff", "market_admin"]


def role_users(cast: Any) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "worker": cast.worker.user,
        "employer": cast.employer,
        "station_staff": cast.station_staff,
        "centre_staff": cast.centre_staff,
        "market_admin": cast.admin,
    }


def api_world(cast: Any) -> dict[str, list[Any]]:
    """A few rows behind the API's path ids (an engagement with its shifts and contract, a second job with an
    application, ...), returned as the ids that exist, by path parameter name."""
    from lingong.contracts.models import Contract
    from lingong.employers.models import Enterprise
    from lingong.engagements.models import AttendanceCase, Shift
    from lingong.insurance.models import InsurancePolicy
    from lingong.jobs import services as job_services
    from lingong.jobs.models import Application, JobPosting
    from lingong.notifications.models import Notification
    from lingong.ratings.models import Rating
    from lingong.settlement.models import ArrearsFlag, Statement
    from lingong.workers.models import WorkerCertificate, WorkerProfile

    engagement = t.make_engagement(cast.worker, cast.employer)
    other_job = t.make_job(cast.other_employer, title="南湖餐饮后厨帮工")
    job_services.apply(actor=cast.other_worker.user, job_id=other_job.pk)
    done = _worked_and_settled(cast.other_worker, cast.employer)
    ids: dict[str, list[Any]] = {
        "job_id": list(JobPosting.objects.values_list("pk", flat=True)),
        "application_id": list(Application.objects.values_list("pk", flat=True)),
        "engagement_id": [engagement.pk, done.pk],
        "shift_id": list(Shift.objects.values_list("pk", flat=True)),
        "contract_id": list(Contract.objects.values_list("pk", flat=True)),
        "policy_id": list(InsurancePolicy.objects.values_list("pk", flat=True)),
        "statement_id": list(Statement.objects.values_list("pk", flat=True)),
        "flag_id": list(ArrearsFlag.objects.values_list("pk", flat=True)),
        "case_id": list(AttendanceCase.objects.values_list("pk", flat=True)),
        "rating_id": list(Rating.objects.values_list("pk", flat=True)),
        "worker_id": list(WorkerProfile.objects.values_list("pk", flat=True)),
        "enterprise_id": list(Enterprise.objects.values_list("pk", flat=True)),
        "station_id": [cast.station.pk, cast.other_station.pk],
        "market_id": [cast.market.pk],
        "certificate_id": list(WorkerCertificate.objects.values_list("pk", flat=True)),
        "notification_id": list(Notification.objects.values_list("pk", flat=True)),
    }
    ids.update(_live_room_world(cast, other_job))  # issue 12 live-room
    ids.update(_training_world(cast))  # issue 13 training-courses
    return {name: values for name, values in ids.items() if values}


def _live_room_world(cast: Any, job: Any) -> dict[str, list[Any]]:
    """A live room on air at the cast's station, the job pinned, one viewer and one comment (issue 12)."""
    from lingong.live.models import (  # models: Django set up
        Lead,
        LiveComment,
        LiveSession,
        LiveViewer,
        SessionJob,
    )

    session = LiveSession.objects.create(
        market=cast.market,
        station=cast.station,
        code="apiworldroom",
        title="直播带岗",
        host=cast.station_staff,
        starts_at=timezone.now(),
        status="live",
    )
    pinned = SessionJob.objects.create(session=session, job=job, position=0)
    LiveSession.objects.filter(pk=session.pk).update(pinned=pinned)
    viewer = LiveViewer.objects.create(session=session, key="apiworldviewer", nickname="观众0001")
    comment = LiveComment.objects.create(session=session, viewer=viewer, text="扣1", public_text="扣1")
    lead = Lead.objects.create(
        market=cast.market, session=session, job=job, phone="13900000002", source="comment"
    )
    return {
        "code": [session.code],
        "comment_id": [comment.pk],
        "viewer_id": [viewer.pk],
        "lead_id": [lead.pk],
    }


def _training_world(cast: Any) -> dict[str, list[Any]]:  # issue 13 training-courses
    """A provider, an order made into a course by the cast's station staff, one worker enrolled (issue 13)."""
    from lingong.training import services as training  # issue 13 training-courses
    from lingong.training.tests import helpers  # issue 13 training-courses

    provider = helpers.provider(cast)
    order = helpers.order(cast)
    course = helpers.course(cast, actor=cast.admin, order_id=order.pk)
    enrolment = training.enrol(actor=cast.worker.user, course_id=course.pk)
    return {
        "provider_id": [provider.pk],
        "order_id": [order.pk],
        "course_id": [course.pk],
        "enrolment_id": [enrolment.pk],
    }


def _worked_and_settled(worker: Any, employer: User) -> Any:
    """A one-day engagement signed, worked, confirmed, settled (an unpaid statement) and rated both ways."""
    from lingong.engagements import services as engagements
    from lingong.engagements.models import Engagement
    from lingong.settlement import services as settlement
    from lingong.workflow import chain

    e = t.make_engagement(worker, employer, days=1, insurance_required=False, title="路南区搬运工一日")
    chain.engagement_signed(engagement_id=e.pk, actor=employer)
    for shift in e.shifts.all():
        lat, lon = e.site_lat, e.site_lon
        at_start, at_end = shift.starts_at + timedelta(minutes=5), shift.ends_at
        engagements.check_in(actor=worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=at_start)
        engagements.check_out(actor=worker.user, shift_id=shift.pk, lat=lat, lon=lon, at=at_end)
        engagements.confirm_shift(actor=employer, shift_id=shift.pk)
    settlement.settle(actor=employer, engagement_id=e.pk, idempotency_key=f"world-settle-{e.pk}")
    chain.rate_engagement(actor=employer, engagement_id=e.pk, stars=5, comment="干活利索")
    chain.rate_engagement(actor=worker.user, engagement_id=e.pk, stars=4, comment="结算及时")
    return Engagement.objects.get(pk=e.pk)
