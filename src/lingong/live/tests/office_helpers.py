"""Helpers for the live back-office tests: a scheduled session of the cast's station, viewers and leads."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.live import schedule
from lingong.live.models import (
    SESSION_LIFECYCLE,
    Lead,
    LeadSource,
    LiveComment,
    LiveSession,
    LiveViewer,
    SessionStatus,
)


def tomorrow_evening() -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0)))


def schedule_input(job_ids: list[int], **overrides: Any) -> schedule.ScheduleInput:
    values: dict[str, Any] = {
        "title": "春风行动直播带岗",
        "description": "驿站主播带你看岗位",
        "host_name": "小王",
        "starts_at": tomorrow_evening(),
        "planned_minutes": 60,
        "stream_kind": "none",
        "stream_url": "",
        "replay_url": "",
        "job_ids": job_ids,
    }
    values.update(overrides)
    return schedule.ScheduleInput(**values)


def jobs(cast: Any, n: int = 3) -> list[Any]:
    return [
        t.make_job(
            cast.employer,
            admin=cast.admin,
            title=f"直播推介岗位{i + 1}",
            insurance_required=False,
            headcount=10,
        )
        for i in range(n)
    ]


def session(cast: Any, job_list: list[Any] | None = None, actor: Any = None) -> LiveSession:
    job_list = job_list if job_list is not None else jobs(cast)
    return schedule.create_session(
        actor=actor or cast.station_staff, data=schedule_input([j.pk for j in job_list])
    )


def go_live(session: LiveSession, actor: Any) -> LiveSession:
    locked = LiveSession.objects.get(pk=session.pk)
    SESSION_LIFECYCLE.advance(locked, SessionStatus.LIVE, actor=actor, stamp="started_at")
    return locked


def end(session: LiveSession, actor: Any) -> LiveSession:
    locked = LiveSession.objects.get(pk=session.pk)
    SESSION_LIFECYCLE.advance(locked, SessionStatus.ENDED, actor=actor, stamp="ended_at")
    return locked


def viewer(session: LiveSession, user: Any = None, nickname: str = "") -> LiveViewer:
    return LiveViewer.objects.create(
        session=session,
        key=secrets.token_hex(8),
        user=user,
        nickname=nickname or f"观众{secrets.randbelow(9000) + 1000}",
    )


def comment(session: LiveSession, who: LiveViewer, text: str, **extra: Any) -> LiveComment:
    return LiveComment.objects.create(session=session, viewer=who, text=text, public_text=text, **extra)


def lead(
    session: LiveSession,
    job: Any,
    *,
    phone: str = "",
    worker: Any = None,
    source: str = LeadSource.COMMENT,
) -> Lead:
    who = viewer(session, user=worker.user if worker is not None else None)
    return Lead.objects.create(
        market_id=session.market_id,
        session=session,
        job=job,
        viewer=who,
        user=worker.user if worker is not None else None,
        worker=worker,
        phone=phone,
        phone_verified_at=timezone.now() if phone else None,
        source=source,
    )
