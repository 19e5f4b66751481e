"""Sessions for the live-room tests: a live session of the cast's station with two promoted jobs."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from lingong import testing as t
from lingong.live import services
from lingong.live.models import LiveSession, LiveViewer, SessionJob, SessionStatus


def make_session(cast: Any, *, status: str = SessionStatus.LIVE, jobs: int = 2, **fields: Any) -> LiveSession:
    session = LiveSession.objects.create(
        market=cast.market,
        station=cast.station,
        code=fields.pop("code", secrets.token_urlsafe(8)),
        title=fields.pop("title", "路南区冬季用工直播带岗"),
        host=fields.pop("host", cast.station_staff),
        host_name="小王",
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        status=status,
        started_at=timezone.now() if status == SessionStatus.LIVE else None,
        **fields,
    )
    for position in range(jobs):
        job = t.make_job(cast.employer, admin=cast.admin, title=f"铲车司机{position + 1}", headcount=2)
        SessionJob.objects.create(session=session, job=job, position=position)
    return session


def first_job(session: LiveSession, index: int = 0) -> SessionJob:
    return list(SessionJob.objects.filter(session=session).select_related("job").order_by("position"))[index]


def pinned(cast: Any, session: LiveSession, index: int = 0) -> SessionJob:
    session_job = first_job(session, index)
    services.pin(actor=cast.station_staff, session_id=session.pk, session_job_id=session_job.pk)
    session.refresh_from_db()
    return session_job


def request_for(user: Any = None, store: SessionStore | None = None) -> Any:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = store or SessionStore()
    return request


def viewer(session: LiveSession, user: Any = None) -> LiveViewer:
    found = services.get_or_create_viewer(session, request_for(user))
    return LiveViewer.objects.select_related("user").get(pk=found.pk)
