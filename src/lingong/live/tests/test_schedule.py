"""Scheduling live sessions: who may, what is checked (URLs, jobs, host, time), order, edit and cancel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting
from lingong.live import schedule
from lingong.live.models import LiveSession, SessionJob, SessionStatus
from lingong.live.office_scope import can_manage_session
from lingong.live.tests import office_helpers as h
from lingong.org.models import Division, Market

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, list[str]]:
    return exc.value.errors


def test_station_staff_schedule_for_their_station_hosting_themselves(cast):
    jobs = h.jobs(cast)
    session = schedule.create_session(
        actor=cast.station_staff, data=h.schedule_input([jobs[2].pk, jobs[0].pk, jobs[1].pk])
    )
    assert (session.station_id, session.centre_id) == (cast.station.pk, cast.centre.pk)
    assert session.host_id == cast.station_staff.pk and session.status == SessionStatus.SCHEDULED
    assert len(session.code) == 11 and LiveSession.objects.filter(code=session.code).count() == 1
    order = list(
        SessionJob.objects.filter(session=session).order_by("position").values_list("job_id", flat=True)
    )
    assert order == [jobs[2].pk, jobs[0].pk, jobs[1].pk]
    entry = AuditEntry.objects.get(action="live_session.scheduled")
    assert entry.data["jobs"] == order
    # Centre staff of the station's centre and the market admin manage it; the other station does not.
    assert can_manage_session(cast.centre_staff, session) and can_manage_session(cast.admin, session)
    assert not can_manage_session(cast.other_station_staff, session)
    # A centre's and the market admin's own sessions belong to the centre and to the market.
    by_centre = h.session(cast, jobs, actor=cast.centre_staff)
    assert (by_centre.station_id, by_centre.centre_id) == (None, cast.centre.pk)
    by_admin = h.session(cast, jobs, actor=cast.admin)
    assert (by_admin.station_id, by_admin.centre_id) == (None, None)
    assert not can_manage_session(cast.centre_staff, by_admin)
    assert not can_manage_session(cast.station_staff, by_centre)


@pytest.mark.parametrize(
    ("kind", "url", "ok"),
    [
        ("hls", "https://live.example.cn/hls/room1.m3u8", True),
        ("hls", "http://10.0.0.5:8080/live/a.M3U8?token=1", True),
        ("hls", "/hls/room1.m3u8", True),
        ("hls", "https://live.example.cn/room1.mp4", False),
        ("hls", "javascript:alert(1)//.m3u8", False),
        ("hls", "//evil.example/x.m3u8", False),
        ("hls", "", False),
        ("external", "https://live.douyin.com/123456", True),
        ("external", "http://live.douyin.com/123456", False),
        ("external", "ftp://x.example/a", False),
        ("external", "https:// spaced.example/a", False),
        ("none", "", True),
    ],
)
def test_stream_urls_are_checked_by_kind(cast, kind, url, ok):
    job = h.jobs(cast, 1)
    data = h.schedule_input([job[0].pk], stream_kind=kind, stream_url=url)
    if ok:
        session = schedule.create_session(actor=cast.station_staff, data=data)
        assert session.stream_url == (url if kind != "none" else "")
    else:
        with pytest.raises(InvalidInput) as exc:
            schedule.create_session(actor=cast.station_staff, data=data)
        assert "stream_url" in _errors(exc)
        assert not LiveSession.objects.exists()


def test_every_problem_is_reported_at_once_and_nothing_is_written(cast):
    data = h.schedule_input(
        [],
        title=" ",
        stream_kind="external",
        stream_url="http://not-https.example/",
        replay_url="javascript:alert(1)",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        host_id=cast.other_station_staff.pk,
    )
    with pytest.raises(InvalidInput) as exc:
        schedule.create_session(actor=cast.station_staff, data=data)
    assert set(_errors(exc)) == {"title", "stream_url", "replay_url", "starts_at", "host_id", "jobs"}
    assert "主播须为主办单位的工作人员" in _errors(exc)["host_id"]
    assert (
        not LiveSession.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="live_").exists()
    )


def test_a_job_that_is_not_open_or_whose_employer_is_not_verified_is_refused(cast):
    open_job, closed, other = h.jobs(cast, 3)
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    with pytest.raises(InvalidInput) as exc:
        schedule.create_session(actor=cast.station_staff, data=h.schedule_input([open_job.pk, closed.pk]))
    message = _errors(exc)["jobs"][0]
    assert closed.title in message and "只有招聘中的岗位才能推介" in message
    theirs = t.make_job(cast.other_employer, admin=cast.admin, title="待认证单位的岗位")
    Enterprise.objects.filter(pk=theirs.enterprise_id).update(status=VerificationStatus.PENDING)
    with pytest.raises(InvalidInput) as exc:
        schedule.create_session(actor=cast.station_staff, data=h.schedule_input([theirs.pk]))
    assert "尚未通过认证" in _errors(exc)["jobs"][0]
    with pytest.raises(InvalidInput) as exc:
        schedule.create_session(actor=cast.station_staff, data=h.schedule_input([other.pk, other.pk, 999999]))
    assert {"同一岗位不能重复添加", "岗位 999999 不存在"} <= set(_errors(exc)["jobs"])
    assert not LiveSession.objects.exists()


def test_jobs_of_another_market_are_not_found(cast):
    lunan = Division.objects.get(code=t.LUNAN)
    other = Market.objects.create(
        code="other", name="另一零工市场", address="另一市", division=lunan, lat=lunan.lat, lon=lunan.lon
    )
    job = h.jobs(cast, 1)[0]
    JobPosting.objects.filter(pk=job.pk).update(market=other)
    with pytest.raises(InvalidInput) as exc:
        schedule.create_session(actor=cast.station_staff, data=h.schedule_input([job.pk]))
    assert f"岗位 {job.pk} 不存在" in _errors(exc)["jobs"]


def test_reorder_add_and_remove_jobs_keep_pin_counts(cast):
    a, b, c, d = h.jobs(cast, 4)
    session = h.session(cast, [a, b, c])
    SessionJob.objects.filter(session=session, job=b).update(pinned_count=3)
    schedule.update_session(
        actor=cast.centre_staff, code=session.code, data=schedule.ScheduleInput(job_ids=[d.pk, b.pk, a.pk])
    )
    rows = list(SessionJob.objects.filter(session=session).order_by("position"))
    assert [(r.job_id, r.position) for r in rows] == [(d.pk, 1), (b.pk, 2), (a.pk, 3)]
    assert next(r for r in rows if r.job_id == b.pk).pinned_count == 3
    assert AuditEntry.objects.get(action="live_session.updated").data["changed"]["jobs"] == [d.pk, b.pk, a.pk]


def test_another_stations_staff_cannot_edit_or_cancel_and_non_staff_cannot_schedule(cast):
    session = h.session(cast)
    data = schedule.ScheduleInput(title="改个标题")
    for actor in (cast.other_station_staff,):
        with pytest.raises(NotFoundError):
            schedule.update_session(actor=actor, code=session.code, data=data)
        with pytest.raises(NotFoundError):
            schedule.cancel_session(actor=actor, code=session.code)
    for actor in (cast.employer, cast.worker.user):
        with pytest.raises(PermissionDeniedError):
            schedule.create_session(actor=actor, data=h.schedule_input([1]))
    session.refresh_from_db()
    assert session.title == "春风行动直播带岗" and session.status == SessionStatus.SCHEDULED


def test_once_live_only_words_and_addresses_change_and_cancel_is_refused(cast):
    jobs = h.jobs(cast, 2)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    with pytest.raises(ConflictError) as exc:
        schedule.update_session(
            actor=cast.station_staff,
            code=session.code,
            data=schedule.ScheduleInput(job_ids=[jobs[1].pk], starts_at=session.starts_at),
        )
    assert exc.value.code == "session_started" and set(exc.value.errors) == {"jobs"}
    updated = schedule.update_session(
        actor=cast.station_staff,
        code=session.code,
        data=schedule.ScheduleInput(title="直播中改标题", replay_url="https://video.example.cn/replay/1.mp4"),
    )
    assert updated.title == "直播中改标题" and updated.replay_url.endswith("1.mp4")
    with pytest.raises(ConflictError) as refused:
        schedule.cancel_session(actor=cast.station_staff, code=session.code)
    assert refused.value.code == "invalid_transition"


def test_cancel_a_scheduled_session_then_it_is_frozen(cast):
    session = h.session(cast)
    cancelled = schedule.cancel_session(actor=cast.admin, code=session.code)
    assert cancelled.status == SessionStatus.CANCELLED and cancelled.cancelled_at is not None
    assert AuditEntry.objects.filter(action="live_session.cancelled").count() == 1
    with pytest.raises(ConflictError):
        schedule.update_session(actor=cast.admin, code=session.code, data=schedule.ScheduleInput(title="x"))


def test_the_host_may_be_a_colleague_of_the_unit(cast):
    jobs = h.jobs(cast, 1)
    session = schedule.create_session(
        actor=cast.station_staff, data=h.schedule_input([jobs[0].pk], host_id=cast.centre_staff.pk)
    )
    assert session.host_id == cast.centre_staff.pk
    hosts = {u.pk for u in schedule.host_choices(cast.station_staff)}
    assert {cast.station_staff.pk, cast.centre_staff.pk, cast.admin.pk} <= hosts
    assert cast.other_station_staff.pk not in hosts
