"""Engagement lifecycle and attendance through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.audit.trail import verify_chain
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements import selectors, services
from lingong.engagements.models import (
    CancelReason,
    Confirmation,
    EngagementStatus,
    ReviewStatus,
    ShiftStatus,
)
from lingong.jobs.models import Application, ApplicationStatus, JobStatus
from lingong.org.policy import set_policy
from lingong.workflow import chain

pytestmark = pytest.mark.django_db

# About 1.1 km north of the default job site (the Fengnan district centre).
FAR = 0.01


def _signed(cast, **kw):
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False, **kw)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _first(engagement):
    return engagement.shifts.order_by("date").first()


def _at(shift, minutes=5):
    return shift.starts_at + dt.timedelta(minutes=minutes)


def test_accepting_an_offer_creates_the_engagement_with_one_shift_per_day(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, days=3, insurance_required=False)
    assert engagement.status == EngagementStatus.CONTRACT_PENDING
    assert engagement.pay_amount == Decimal("300.00")
    assert engagement.pay_unit == "day"
    shifts = list(engagement.shifts.order_by("date"))
    assert [s.date for s in shifts] == [engagement.start_date + dt.timedelta(days=i) for i in range(3)]
    assert all(s.status == ShiftStatus.SCHEDULED for s in shifts)
    assert timezone.localtime(shifts[0].starts_at).hour == 8
    assert engagement.number.startswith("LG")


def test_check_in_needs_a_signed_contract(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False)
    shift = _first(engagement)
    with pytest.raises(ConflictError) as exc:
        services.check_in(
            actor=cast.worker.user,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=_at(shift),
        )
    assert exc.value.code == "contract_not_signed"
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.SCHEDULED


def test_full_day_check_in_out_confirm_and_completion(cast):
    engagement = _signed(cast, days=1)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift, -10),
    )
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS
    out = services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=shift.ends_at + dt.timedelta(minutes=20),
    )
    # Ten minutes early and twenty late, neither confirmed by the employer: paid from start to end.
    assert out.worked_hours == Decimal("8.00")
    assert out.check_in_at == _at(shift, -10) and out.check_out_at == shift.ends_at + dt.timedelta(minutes=20)
    assert out.review_status == ReviewStatus.NONE
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED  # the last shift is done
    confirmed = services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    assert confirmed.confirmation == Confirmation.CONFIRMED
    assert confirmed.confirmed_hours == Decimal("8.00")
    assert confirmed.is_payable
    actions = [item.action for item in selectors.timeline(engagement)]
    assert actions == [
        "engagement.created",
        "contract.created",
        "contract.rendered",  # the test helper renders the PDF as the task queued on commit would
        "engagement.signed",
        "engagement.started",
        "shift.checked_in",
        "shift.checked_out",
        "engagement.completed",
        "shift.confirmed",
    ]
    assert verify_chain() is None


def test_check_in_outside_the_geofence_is_accepted_and_flagged(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    checked = services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat + FAR,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    assert checked.status == ShiftStatus.CHECKED_IN
    assert 1000 < checked.check_in_distance_m < 1200
    assert checked.review_status == ReviewStatus.PENDING
    assert list(selectors.flagged_shifts_for_staff(cast.station_staff)) == [checked]
    assert list(selectors.flagged_shifts_for_staff(cast.other_station_staff)) == []
    with pytest.raises(NotFoundError):
        services.review_shift(actor=cast.other_station_staff, shift_id=shift.pk, note="看过")
    reviewed = services.review_shift(actor=cast.station_staff, shift_id=shift.pk, note="工地东门，已电话核实")
    assert reviewed.review_status == ReviewStatus.CLEARED


def test_geofence_radius_is_the_markets_policy(cast):
    set_policy(cast.market.pk, geofence_meters=2000)
    engagement = _signed(cast)
    shift = _first(engagement)
    checked = services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat + FAR,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    assert checked.review_status == ReviewStatus.NONE


def test_staff_records_attendance_on_behalf_and_it_is_marked(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    with pytest.raises(NotFoundError):
        services.check_in(
            actor=cast.other_station_staff,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=_at(shift),
        )
    checked = services.check_in(
        actor=cast.station_staff,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    assert checked.recorded_by_staff
    assert checked.check_in_by == cast.station_staff
    assert checked.review_status == ReviewStatus.PENDING
    assert "代为签到" in checked.review_reason


def test_employer_cannot_check_in_for_the_worker(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    with pytest.raises(PermissionDeniedError):
        services.check_in(
            actor=cast.employer,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=_at(shift),
        )


def test_check_in_rejects_bad_times_and_coordinates(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    with pytest.raises(ConflictError) as early:
        services.check_in(
            actor=cast.worker.user,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=shift.starts_at - dt.timedelta(hours=3),
        )
    assert early.value.code == "too_early"
    with pytest.raises(InvalidInput):
        services.check_in(actor=cast.worker.user, shift_id=shift.pk, lat="abc", lon=None, at=_at(shift))
    with pytest.raises(InvalidInput):
        services.check_in(actor=cast.worker.user, shift_id=shift.pk, lat=91, lon=0, at=_at(shift))
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.SCHEDULED
    assert not engagement.shifts.exclude(status=ShiftStatus.SCHEDULED).exists()


def test_dispute_opens_a_case_that_staff_resolve(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=shift.ends_at,
    )
    with pytest.raises(InvalidInput):
        services.dispute_shift(actor=cast.employer, shift_id=shift.pk, reason="", claimed_hours="6")
    case = services.dispute_shift(
        actor=cast.employer, shift_id=shift.pk, reason="中午离开两小时", claimed_hours="6"
    )
    shift.refresh_from_db()
    assert shift.confirmation == Confirmation.DISPUTED
    assert not shift.is_payable
    with pytest.raises(ConflictError):
        services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    assert list(selectors.open_cases_for_staff(cast.station_staff)) == [case]
    with pytest.raises(PermissionDeniedError):
        services.resolve_case(actor=cast.employer, case_id=case.pk, hours="8", note="自己说了算")
    with pytest.raises(InvalidInput):
        services.resolve_case(actor=cast.station_staff, case_id=case.pk, hours="25", note="核实")
    resolved = services.resolve_case(
        actor=cast.station_staff, case_id=case.pk, hours="7", note="监控核实离开1小时"
    )
    assert resolved.resolved_hours == Decimal("7")
    shift.refresh_from_db()
    assert shift.confirmation == Confirmation.CONFIRMED
    assert shift.confirmed_hours == Decimal("7")
    with pytest.raises(ConflictError):
        services.resolve_case(actor=cast.station_staff, case_id=case.pk, hours="8", note="再改")


def test_piece_work_needs_a_quantity_at_check_out(cast):
    engagement = _signed(cast, pay_unit="piece", pay_amount=Decimal("2.50"))
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    with pytest.raises(InvalidInput):
        services.check_out(
            actor=cast.worker.user,
            shift_id=shift.pk,
            lat=engagement.site_lat,
            lon=engagement.site_lon,
            at=shift.ends_at,
        )
    out = services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        quantity="420",
        at=shift.ends_at,
    )
    assert out.quantity == Decimal("420")


def test_worker_cancelling_late_frees_the_place_and_reopens_the_job(cast, monkeypatch):
    engagement = _signed(cast)  # starts tomorrow 08:00
    # Two hours before the first shift, whatever the time of day the suite runs at.
    monkeypatch.setattr(timezone, "now", lambda: _first(engagement).starts_at - dt.timedelta(hours=2))
    job = engagement.job
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
    with pytest.raises(InvalidInput):
        chain.cancel_engagement(actor=cast.worker.user, engagement_id=engagement.pk, reason="")
    with pytest.raises(NotFoundError):
        chain.cancel_engagement(actor=cast.other_worker.user, engagement_id=engagement.pk, reason="不想去了")
    cancelled = chain.cancel_engagement(
        actor=cast.worker.user, engagement_id=engagement.pk, reason="家里有事"
    )
    assert cancelled.status == EngagementStatus.CANCELLED
    assert cancelled.cancel_reason == CancelReason.WORKER_CANCELLED
    assert cancelled.late_cancellation
    assert not cancelled.shifts.filter(status=ShiftStatus.SCHEDULED).exists()
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert Application.objects.get(pk=engagement.application_id).status == ApplicationStatus.CANCELLED
    with pytest.raises(ConflictError):
        chain.cancel_engagement(actor=cast.worker.user, engagement_id=engagement.pk, reason="再取消一次")


def test_employer_cancelling_is_not_a_late_cancellation_of_the_worker(cast):
    engagement = _signed(cast)
    cancelled = chain.cancel_engagement(actor=cast.employer, engagement_id=engagement.pk, reason="项目推迟")
    assert cancelled.cancel_reason == CancelReason.EMPLOYER_CANCELLED
    assert not cancelled.late_cancellation


def test_cannot_cancel_after_work_was_done(cast):
    engagement = _signed(cast)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    with pytest.raises(ConflictError) as exc:
        chain.cancel_engagement(actor=cast.employer, engagement_id=engagement.pk, reason="不干了")
    assert exc.value.code == "already_worked"


def test_ending_early_needs_the_other_sides_agreement(cast):
    engagement = _signed(cast, days=5)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=shift.ends_at,
    )
    last = engagement.start_date + dt.timedelta(days=1)
    services.request_end_early(
        actor=cast.employer, engagement_id=engagement.pk, reason="工程提前完工", last_date=last
    )
    with pytest.raises(PermissionDeniedError):
        services.respond_end_early(actor=cast.employer, engagement_id=engagement.pk, agree=True)
    done = services.respond_end_early(actor=cast.worker.user, engagement_id=engagement.pk, agree=True)
    assert done.status == EngagementStatus.COMPLETED
    assert done.ended_early
    assert done.end_date == last
    assert done.shifts.filter(status=ShiftStatus.CANCELLED).count() == 3


def test_declined_end_request_keeps_the_engagement_running(cast):
    engagement = _signed(cast, days=5)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    with pytest.raises(InvalidInput):
        services.request_end_early(
            actor=cast.worker.user,
            engagement_id=engagement.pk,
            reason="想回家",
            last_date=engagement.end_date,
        )
    services.request_end_early(
        actor=cast.worker.user, engagement_id=engagement.pk, reason="想回家", last_date=engagement.start_date
    )
    kept = services.respond_end_early(actor=cast.employer, engagement_id=engagement.pk, agree=False)
    assert kept.status == EngagementStatus.IN_PROGRESS
    assert kept.end_request_by == ""


def test_unexpected_transitions_are_errors(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False)
    with pytest.raises(ConflictError):
        services.mark_settled(engagement_id=engagement.pk, actor=cast.employer)
    with pytest.raises(ConflictError):
        services.mark_insured(engagement_id=engagement.pk, actor=cast.employer)
    with pytest.raises(ConflictError):
        services.complete(actor=cast.employer, engagement_id=engagement.pk)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    with pytest.raises(ConflictError):
        chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    with pytest.raises(ConflictError):
        services.mark_rated(engagement_id=engagement.pk, actor=cast.employer)


def test_no_show_is_marked_and_the_employer_told(cast):
    engagement = _signed(cast, days=2)
    shift = _first(engagement)
    assert chain.sweep_no_shows(now=shift.starts_at + dt.timedelta(minutes=29)) == 0
    assert chain.sweep_no_shows(now=shift.starts_at + dt.timedelta(minutes=31)) == 1
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.NO_SHOW
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CANCELLED
    assert engagement.cancel_reason == CancelReason.NO_SHOW
    employer_notes = cast.employer.notifications.filter(kind="shift_no_show")
    assert employer_notes.count() == 1
    # Running the sweep again changes nothing.
    assert chain.sweep_no_shows(now=shift.starts_at + dt.timedelta(minutes=45)) == 0


def test_no_show_with_auto_replace_offers_the_place_to_the_next_applicant(cast):
    engagement = _signed(cast, days=2, headcount=1, auto_replace=True)
    job = engagement.job
    # Another worker applied while the place was taken (the job was full, so apply before filling).
    waiting = t.make_worker(cast.market, name="王大锤", skills=[("loader_driver", 5)], station=cast.station)
    Application.objects.create(job=job, worker=waiting, status=ApplicationStatus.APPLIED)
    shift = _first(engagement)
    chain.sweep_no_shows(now=shift.starts_at + dt.timedelta(minutes=31))
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    offered = Application.objects.get(job=job, worker=waiting)
    assert offered.status == ApplicationStatus.OFFERED
    accepted = chain.accept_offer(actor=waiting.user, application_id=offered.pk)
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert accepted.engagement.status == EngagementStatus.CONTRACT_PENDING
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED


def test_no_show_without_auto_replace_does_not_offer(cast):
    engagement = _signed(cast, days=2, auto_replace=False)
    waiting = t.make_worker(cast.market, name="王大锤", skills=[("loader_driver", 5)])
    Application.objects.create(job=engagement.job, worker=waiting, status=ApplicationStatus.APPLIED)
    shift = _first(engagement)
    chain.sweep_no_shows(now=shift.starts_at + dt.timedelta(minutes=31))
    assert Application.objects.get(job=engagement.job, worker=waiting).status == ApplicationStatus.APPLIED


def test_a_later_no_show_after_work_only_marks_the_shift(cast):
    engagement = _signed(cast, days=3)
    first, second = list(engagement.shifts.order_by("date"))[:2]
    services.check_in(
        actor=cast.worker.user,
        shift_id=first.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(first),
    )
    services.check_out(
        actor=cast.worker.user,
        shift_id=first.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=first.ends_at,
    )
    chain.sweep_no_shows(now=second.starts_at + dt.timedelta(minutes=31))
    second.refresh_from_db()
    assert second.status == ShiftStatus.NO_SHOW
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS


def test_new_terms_rebuild_the_schedule_and_need_signing_again(cast):
    engagement = _signed(cast, days=3)
    locked = services.lock_engagement(engagement.pk)
    start = engagement.start_date + dt.timedelta(days=1)
    services.apply_terms(
        engagement=locked,
        changes={"pay_amount": "350", "start_date": start, "end_date": start + dt.timedelta(days=4)},
        actor=cast.employer,
    )
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CONTRACT_PENDING
    assert engagement.terms_version == 2
    assert engagement.pay_amount == Decimal("350.00")
    assert engagement.shifts.count() == 5
    with pytest.raises(InvalidInput) as exc:
        services.apply_terms(
            engagement=services.lock_engagement(engagement.pk),
            changes={"pay_amount": "-1"},
            actor=cast.employer,
        )
    assert "pay_amount" in exc.value.errors
    with pytest.raises(InvalidInput):
        services.apply_terms(
            engagement=services.lock_engagement(engagement.pk), changes={"worker": 1}, actor=cast.employer
        )


def test_lists_are_scoped_per_role(cast):
    engagement = _signed(cast)
    assert list(selectors.engagements_for(cast.worker.user)) == [engagement]
    assert list(selectors.engagements_for(cast.other_worker.user)) == []
    assert list(selectors.engagements_for(cast.employer)) == [engagement]
    assert list(selectors.engagements_for(cast.other_employer)) == []
    assert list(selectors.engagements_for(cast.station_staff)) == [engagement]
    assert list(selectors.engagements_for(cast.other_station_staff)) == []
    assert list(selectors.engagements_for(cast.admin)) == [engagement]


def test_tampering_with_an_engagement_entry_is_detected(cast):
    from lingong.audit.models import AuditEntry

    engagement = _signed(cast)
    shift = _first(engagement)
    services.check_in(
        actor=cast.worker.user,
        shift_id=shift.pk,
        lat=engagement.site_lat,
        lon=engagement.site_lon,
        at=_at(shift),
    )
    entry = AuditEntry.objects.get(action="shift.checked_in")
    assert verify_chain() is None
    # Someone moves the recorded check-in distance after the fact.
    AuditEntry.objects.filter(pk=entry.pk).update(data={**entry.data, "distance_m": 4321})
    problem = verify_chain()
    assert problem is not None
    assert problem.seq == entry.seq
    AuditEntry.objects.filter(pk=entry.pk).update(data=entry.data)
    # Deleting the signing record is caught as well.
    signed = AuditEntry.objects.get(action="engagement.signed")
    signed.delete()
    problem = verify_chain()
    assert problem is not None
    assert problem.seq == signed.seq


def test_unsigned_shifts_lapse_without_counting_as_no_shows(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, days=2, insurance_required=False)
    first, second = list(engagement.shifts.order_by("date"))
    assert chain.sweep_no_shows(now=first.starts_at + dt.timedelta(minutes=31)) == 0
    first.refresh_from_db()
    assert first.status == ShiftStatus.CANCELLED  # lapsed: nobody could check in without a contract
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CONTRACT_PENDING  # still time to sign for day two
    chain.sweep_no_shows(now=second.starts_at + dt.timedelta(minutes=31))
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CANCELLED
    assert engagement.cancel_reason == CancelReason.LAPSED
    assert not engagement.late_cancellation
    assert not engagement.shifts.filter(status=ShiftStatus.NO_SHOW).exists()
    assert engagement.job.__class__.objects.get(pk=engagement.job_id).status == JobStatus.OPEN
    assert "shift.lapsed" in [i.action for i in selectors.timeline(engagement)]


def test_a_shift_missed_while_cover_is_pending_is_not_a_no_show(cast):
    engagement = t.make_engagement(cast.worker, cast.employer, days=3, insurance_required=True)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)  # the purchase has not run
    first = _first(engagement)
    assert chain.sweep_no_shows(now=first.starts_at + dt.timedelta(minutes=31)) == 0
    first.refresh_from_db()
    assert first.status == ShiftStatus.CANCELLED
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.SIGNED
    from lingong.ratings.reputation import refresh_worker

    assert refresh_worker(cast.worker.pk).no_shows == 0


def test_current_shifts_agrees_with_today_shift_for_many_engagements(cast):
    """The to-do card reads every engagement's current shift at once: the open one, else the next."""
    waiting = _signed(cast, days=3)
    working = _signed(cast, days=3, title="第二份工")
    shift = _first(working)
    services.check_in(
        actor=cast.worker.user, shift_id=shift.pk, lat=working.site_lat, lon=working.site_lon, at=_at(shift)
    )
    found = selectors.current_shifts([waiting.pk, working.pk])
    assert found[working.pk].pk == shift.pk and found[working.pk].status == "checked_in"
    assert found[waiting.pk] == selectors.today_shift(waiting) == _first(waiting)
    assert found == {e.pk: selectors.today_shift(e) for e in (waiting, working)}
