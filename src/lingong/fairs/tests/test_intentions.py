"""Fair intentions: each way to record one, each refusal, the offer through the jobs services and the
worker's acceptance on the platform's one path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import fair_group
from lingong.engagements.models import Engagement
from lingong.fairs import intentions as services
from lingong.fairs.models import FairMode, Intention, IntentionSource, IntentionStatus
from lingong.fairs.tests import intention_world as fw
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus
from lingong.notifications.models import Notification
from lingong.workflow import chain

pytestmark = pytest.mark.django_db


def test_worker_scans_a_booth_once(cast: Any, capture_events: Any) -> None:
    w = fw.build(cast)
    with capture_events() as sent:
        intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    capture_events = sent
    assert intention.source == IntentionSource.WORKER_SCAN
    assert intention.registration == w.registration
    assert intention.status == IntentionStatus.NEW
    assert AuditEntry.objects.filter(action="fair_intention.created", object_id=str(intention.pk)).exists()
    events = capture_events.events("intention")
    assert events and capture_events.groups("intention")[0] == [fair_group(w.fair.pk)]
    booth = next(b for b in events[0]["booths"] if b["exhibitor"] == w.exhibitor.pk)
    assert booth["intentions"] == 1 and booth["offers"] == 0
    with pytest.raises(ConflictError) as second:
        services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    assert second.value.code == "already_sent"
    assert "已向该展位投递过" in second.value.message
    assert Intention.objects.filter(worker=cast.worker).count() == 1


def test_a_booth_of_another_fair_needs_a_registration_there(cast: Any) -> None:
    """Checked in at fair 1, the worker scans a booth of fair 2: it is fair 2's booth, and they are not
    registered there."""
    w = fw.build(cast)
    fair2 = fw.make_fair(cast, title="第二场招聘会")
    booth2 = fw.exhibit(fair2, cast.employer, "B01", [w.job])
    with pytest.raises(ConflictError) as refused:
        services.scan_booth(actor=cast.worker.user, qr_token=booth2.qr_token)
    assert refused.value.code == "not_registered"
    assert "第二场招聘会" in refused.value.message
    assert not Intention.objects.exists()


def test_not_registered_and_not_checked_in_are_refused(cast: Any) -> None:
    w = fw.build(cast)
    with pytest.raises(ConflictError) as unregistered:
        services.scan_booth(actor=cast.other_worker.user, qr_token=w.exhibitor.qr_token)
    assert unregistered.value.code == "not_registered"
    fw.register(w.fair, cast.other_worker, checked_in=False)
    with pytest.raises(ConflictError) as outside:
        services.scan_booth(actor=cast.other_worker.user, qr_token=w.exhibitor.qr_token)
    assert outside.value.code == "not_checked_in"
    assert not Intention.objects.exists()


def test_outside_the_fair_hours_is_refused(cast: Any) -> None:
    w = fw.build(cast, opens_at=dt.time(9, 0), closes_at=dt.time(16, 0))
    today = timezone.localdate()
    early = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 30)))
    late = timezone.make_aware(dt.datetime.combine(today, dt.time(16, 0)))
    tomorrow = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10, 0)))
    for now, words in ((early, "尚未开始"), (late, "已结束"), (tomorrow, "不在举办日期内")):
        with pytest.raises(ConflictError) as closed:
            services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token, now=now)
        assert closed.value.code == "fair_closed"
        assert words in closed.value.message
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))
    assert services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token, now=noon).pk


def test_only_workers_scan_and_unknown_booths_are_404(cast: Any) -> None:
    w = fw.build(cast)
    with pytest.raises(PermissionDeniedError):
        services.scan_booth(actor=cast.employer, qr_token=w.exhibitor.qr_token)
    with pytest.raises(NotFoundError):
        services.scan_booth(actor=cast.worker.user, qr_token="nosuchtoken")


def test_booth_scans_a_workers_code(cast: Any) -> None:
    w = fw.build(cast)
    intention = services.booth_scans_worker(
        actor=cast.employer, exhibitor_id=w.exhibitor.pk, code=f" {w.registration.code.lower()} "
    )
    assert intention.source == IntentionSource.BOOTH_SCAN
    assert intention.worker == cast.worker
    with pytest.raises(ConflictError) as twice:
        services.booth_scans_worker(
            actor=cast.employer, exhibitor_id=w.exhibitor.pk, code=w.registration.code
        )
    assert twice.value.code == "already_sent"
    # A scanned link ending in the code works as well; staff of the fair may scan for the booth.
    other = fw.register(w.fair, cast.other_worker)
    by_staff = services.booth_scans_worker(
        actor=cast.station_staff, exhibitor_id=w.exhibitor.pk, code=f"https://x.test/fairs/r/{other.code}/"
    )
    assert by_staff.worker == cast.other_worker


def test_booth_scan_refusals(cast: Any) -> None:
    w = fw.build(cast)
    fair2 = fw.make_fair(cast, title="第二场招聘会")
    elsewhere = fw.register(fair2, cast.other_worker)
    with pytest.raises(ConflictError) as other_fair:
        services.booth_scans_worker(actor=cast.employer, exhibitor_id=w.exhibitor.pk, code=elsewhere.code)
    assert other_fair.value.code == "other_fair"
    with pytest.raises(InvalidInput):
        services.booth_scans_worker(actor=cast.employer, exhibitor_id=w.exhibitor.pk, code="NOPE0000")
    # Another enterprise may not record at this booth; other station's staff neither.
    for actor in (cast.other_employer, cast.other_station_staff, cast.worker.user):
        with pytest.raises(NotFoundError):
            services.booth_scans_worker(actor=actor, exhibitor_id=w.exhibitor.pk, code=w.registration.code)
    assert not Intention.objects.exists()


def test_apply_online(cast: Any) -> None:
    w = fw.build(cast, mode=FairMode.ONLINE)
    intention = services.apply_online(
        actor=cast.other_worker.user, exhibitor_id=w.exhibitor.pk, job_id=w.job.pk
    )
    assert intention.source == IntentionSource.ONLINE and intention.job == w.job
    assert intention.registration is None
    with pytest.raises(ConflictError) as twice:
        services.apply_online(actor=cast.other_worker.user, exhibitor_id=w.exhibitor.pk, job_id=w.job.pk)
    assert twice.value.code == "already_sent"
    # Not the booth's job; a closed job.
    with pytest.raises(InvalidInput):
        services.apply_online(actor=cast.worker.user, exhibitor_id=w.exhibitor.pk, job_id=w.other_job.pk)
    job_services.close_job(actor=cast.employer, job_id=w.job.pk)
    with pytest.raises(ConflictError) as closed:
        services.apply_online(actor=cast.worker.user, exhibitor_id=w.exhibitor.pk, job_id=w.job.pk)
    assert closed.value.code == "job_not_open"


def test_apply_online_only_for_online_fairs_within_dates(cast: Any) -> None:
    onsite = fw.build(cast)
    with pytest.raises(ConflictError) as not_online:
        services.apply_online(actor=cast.worker.user, exhibitor_id=onsite.exhibitor.pk, job_id=onsite.job.pk)
    assert "线上投递" in not_online.value.message
    later = timezone.localdate() + dt.timedelta(days=3)
    future = fw.build(cast, mode=FairMode.BOTH, starts_on=later, ends_on=later)
    with pytest.raises(ConflictError) as early:
        services.apply_online(actor=cast.worker.user, exhibitor_id=future.exhibitor.pk, job_id=future.job.pk)
    assert early.value.code == "fair_closed"


def test_offer_then_the_worker_accepts_on_the_usual_path(cast: Any, capture_events: Any) -> None:
    w = fw.build(cast)
    intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    before = Notification.objects.filter(user=cast.worker.user, kind="offer_made").count()
    with capture_events() as sent:
        offered = services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.job.pk)
    capture_events = sent
    assert offered.status == IntentionStatus.OFFERED and offered.offered_at is not None
    application = Application.objects.get(pk=offered.application_id)
    assert application.job == w.job and application.worker == cast.worker
    assert application.status == ApplicationStatus.OFFERED
    assert Notification.objects.filter(user=cast.worker.user, kind="offer_made").count() == before + 1
    offer_event = capture_events.events("offer")[-1]
    assert next(b for b in offer_event["booths"] if b["exhibitor"] == w.exhibitor.pk)["offers"] == 1
    chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert Engagement.objects.filter(application=application).exists()
    with pytest.raises(ConflictError):  # an offered intention is not offered again
        services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.job.pk)


def test_offer_reuses_an_existing_application(cast: Any) -> None:
    w = fw.build(cast)
    applied = job_services.apply(actor=cast.worker.user, job_id=w.job.pk)
    intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    offered = services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.job.pk)
    assert offered.application_id == applied.pk
    assert Application.objects.filter(job=w.job, worker=cast.worker).count() == 1


def test_offer_refusals(cast: Any) -> None:
    w = fw.build(cast, headcount=1)
    intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    # Another enterprise's intention: not found for it (and its own job is not this booth's).
    with pytest.raises(NotFoundError):
        services.make_offer(actor=cast.other_employer, intention_id=intention.pk, job_id=w.other_job.pk)
    with pytest.raises(NotFoundError):
        services.make_offer(actor=cast.other_station_staff, intention_id=intention.pk, job_id=w.job.pk)
    # A job that is not the booth's.
    with pytest.raises(InvalidInput) as not_booths:
        services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.other_job.pk)
    assert "job" in not_booths.value.errors
    # No places left: the only place went to someone else.
    other = job_services.apply(actor=cast.other_worker.user, job_id=w.job.pk)
    job_services.offer(actor=cast.employer, application_id=other.pk)
    chain.accept_offer(actor=cast.other_worker.user, application_id=other.pk)
    with pytest.raises(ConflictError) as full:
        services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.job.pk)
    assert full.value.code in ("no_places_left", "job_not_open")
    assert Intention.objects.get(pk=intention.pk).status == IntentionStatus.NEW


def test_offer_of_a_closed_job_is_refused(cast: Any) -> None:
    w = fw.build(cast)
    intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    job_services.close_job(actor=cast.employer, job_id=w.job.pk)
    with pytest.raises(ConflictError) as closed:
        services.make_offer(actor=cast.employer, intention_id=intention.pk, job_id=w.job.pk)
    assert closed.value.code == "job_not_open"
    assert not Application.objects.filter(worker=cast.worker).exists()


def test_decline_and_visibility(cast: Any) -> None:
    w = fw.build(cast)
    mine = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    theirs = services.scan_booth(actor=cast.worker.user, qr_token=w.other_exhibitor.qr_token)
    with pytest.raises(NotFoundError):
        services.decline(actor=cast.other_employer, intention_id=mine.pk)
    declined = services.decline(actor=cast.employer, intention_id=mine.pk)
    assert declined.status == IntentionStatus.DECLINED and declined.declined_at is not None
    assert set(services.intentions_visible_to(cast.employer, w.fair)) == {mine}
    assert set(services.intentions_visible_to(cast.station_staff, w.fair)) == {mine, theirs}
    assert set(services.intentions_visible_to(cast.other_station_staff, w.fair)) == set()
