"""Job and application lifecycles, certificate gating, headcount, notifications and the audit trail."""

from __future__ import annotations

import datetime as dt
import itertools
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry, AuditHead
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers import services as employer_services
from lingong.jobs import services
from lingong.jobs.models import Application, ApplicationStatus, JobPosting, JobStatus, SourceChannel
from lingong.notifications.models import Notification, OutboundMessage, OutboundStatus
from lingong.notifications.senders import LogSender
from lingong.notifications.services import deliver_outbound_message
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile
from lingong.workflow import chain

TODAY = timezone.localdate


def kinds_for(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def actions_for(obj: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def assert_conflict(exc_info: pytest.ExceptionInfo[ConflictError], code: str) -> None:
    assert exc_info.value.code == code
    assert exc_info.value.status == 409
    assert exc_info.value.message


def draft_job(cast: Any, **overrides: Any) -> JobPosting:
    return services.create_job(actor=cast.employer, data=t.job_input(**overrides), submit=False)


def set_status(obj: Any, status: str) -> None:
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()


# --- Job postings ---------------------------------------------------------------------------------


def test_employer_posting_goes_draft_then_pending_review_then_open(cast):
    job = draft_job(cast)
    assert job.status == JobStatus.DRAFT
    assert job.source_channel == SourceChannel.ONLINE
    assert job.station is None

    job = services.submit_job(actor=cast.employer, job_id=job.pk)
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.published_at is None

    job = services.approve_job(actor=cast.admin, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.reviewed_by == cast.admin
    assert job.published_at is not None
    assert actions_for(job) == ["job.created", "job.submitted", "job.approved"]
    assert kinds_for(cast.employer)[-1] == "job_approved"


def test_create_job_with_submit_goes_straight_to_pending_review(cast):
    job = services.create_job(actor=cast.employer, data=t.job_input())
    assert job.status == JobStatus.PENDING_REVIEW
    assert list(job.occupations.values_list("code", flat=True)) == ["loader_driver"]
    assert job.certificates_required.count() == 0
    assert job.insurance_required is True  # loader drivers are insured by default


def test_rejected_posting_carries_reason_and_can_be_resubmitted(cast):
    job = services.create_job(actor=cast.employer, data=t.job_input())
    job = services.reject_job(actor=cast.centre_staff, job_id=job.pk, reason="  报酬说明不清楚，请补充  ")
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED
    assert job.review_note == "报酬说明不清楚，请补充"
    assert job.reviewed_by == cast.centre_staff
    note = Notification.objects.filter(user=cast.employer, kind="job_rejected").get()
    assert note.body == "报酬说明不清楚，请补充"
    rejected_entry = AuditEntry.objects.filter(action="job.rejected", object_id=str(job.pk)).get()
    assert rejected_entry.data == {"reason": "报酬说明不清楚，请补充"}

    job = services.submit_job(actor=cast.employer, job_id=job.pk)
    assert job.status == JobStatus.PENDING_REVIEW
    job = services.approve_job(actor=cast.admin, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.review_note == ""
    assert actions_for(job) == [
        "job.created",
        "job.submitted",
        "job.rejected",
        "job.submitted",
        "job.approved",
    ]


def test_rejecting_a_posting_needs_a_reason_of_2_to_200_characters(cast):
    job = services.create_job(actor=cast.employer, data=t.job_input())
    for reason in ["", " ", "差", "长" * 201]:
        with pytest.raises(InvalidInput) as exc_info:
            services.reject_job(actor=cast.admin, job_id=job.pk, reason=reason)
        assert "reason" in exc_info.value.errors
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING_REVIEW
    assert (
        services.reject_job(actor=cast.admin, job_id=job.pk, reason="长" * 200).status == JobStatus.REJECTED
    )


def test_station_staff_posting_goes_the_employers_review_path(cast):
    """Station staff post for an employer of their station; the posting is reviewed as the employer's own
    would be (verified today: review first), by someone else (staff scope, docs/architecture.md)."""
    enterprise = t.enterprise_of(cast.employer)
    assert enterprise.station == cast.station  # the nearest station serves a self-registered employer
    job = services.create_job(
        actor=cast.station_staff, data=t.job_input(title="驿站代发：仓库装卸工"), enterprise_id=enterprise.pk
    )
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING_REVIEW
    assert job.station == cast.station
    assert job.source_channel == SourceChannel.STATION
    assert job.reviewed_by is None and job.published_at is None
    assert job.created_by == cast.station_staff
    assert actions_for(job) == ["job.created", "job.submitted"]
    services.approve_job(actor=cast.centre_staff, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN and job.reviewed_by == cast.centre_staff


def test_a_market_admins_posting_opens_at_once(cast):
    enterprise = t.enterprise_of(cast.employer)
    job = services.create_job(
        actor=cast.admin, data=t.job_input(title="市场代发"), enterprise_id=enterprise.pk
    )
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.reviewed_by == cast.admin and job.published_at is not None
    entry = AuditEntry.objects.get(action="job.published", object_id=str(job.pk))
    assert entry.data == {"by": "staff"}


def test_station_staff_may_not_post_for_another_stations_employer(cast):
    enterprise = t.enterprise_of(cast.employer)
    with pytest.raises(NotFoundError):
        services.create_job(actor=cast.other_station_staff, data=t.job_input(), enterprise_id=enterprise.pk)
    assert JobPosting.objects.count() == 0


def test_staff_must_name_an_enterprise_of_their_market(cast):
    with pytest.raises(InvalidInput) as exc_info:
        services.create_job(actor=cast.station_staff, data=t.job_input(), enterprise_id=None)
    assert "enterprise" in exc_info.value.errors
    with pytest.raises(NotFoundError):
        services.create_job(actor=cast.station_staff, data=t.job_input(), enterprise_id=999_999)
    assert JobPosting.objects.count() == 0


def test_unverified_enterprise_can_save_a_draft_but_not_submit(cast):
    pending_employer = t.make_employer(cast.market, name="唐山待审建材有限公司", verified=False)
    with pytest.raises(ConflictError) as exc_info:
        services.create_job(actor=pending_employer, data=t.job_input())
    assert_conflict(exc_info, "enterprise_not_verified")
    assert JobPosting.objects.count() == 0  # nothing half-written

    draft = services.create_job(actor=pending_employer, data=t.job_input(), submit=False)
    assert draft.status == JobStatus.DRAFT
    with pytest.raises(ConflictError) as exc_info:
        services.submit_job(actor=pending_employer, job_id=draft.pk)
    assert_conflict(exc_info, "enterprise_not_verified")
    draft.refresh_from_db()
    assert draft.status == JobStatus.DRAFT
    with pytest.raises(ConflictError) as exc_info:  # review cannot publish a draft nobody submitted
        services.approve_job(actor=cast.admin, job_id=draft.pk)
    assert_conflict(exc_info, "invalid_transition")
    assert JobPosting.objects.get(pk=draft.pk).status == JobStatus.DRAFT

    employer_services.verify_enterprise(actor=cast.admin, enterprise_id=t.enterprise_of(pending_employer).pk)
    assert kinds_for(pending_employer) == ["enterprise_verified"]
    submitted = services.submit_job(actor=pending_employer, job_id=draft.pk)
    assert submitted.status == JobStatus.PENDING_REVIEW


def test_close_ends_active_applications_and_keeps_accepted_ones(cast):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=3)
    accepted_worker = t.make_worker(cast.market, name="赵得志")
    offered_worker = t.make_worker(cast.market, name="钱多多")
    withdrawn_worker = t.make_worker(cast.market, name="孙悟能")

    accepted = services.apply(actor=accepted_worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=accepted.pk)
    chain.accept_offer(actor=accepted_worker.user, application_id=accepted.pk)
    applied = services.apply(actor=cast.worker.user, job_id=job.pk)
    offered = services.apply(actor=offered_worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=offered.pk)
    withdrawn = services.apply(actor=withdrawn_worker.user, job_id=job.pk)
    services.withdraw(actor=withdrawn_worker.user, application_id=withdrawn.pk)

    closed = services.close_job(actor=cast.employer, job_id=job.pk)
    assert closed.status == JobStatus.CLOSED
    assert closed.closed_at is not None
    statuses = dict(Application.objects.filter(job=job).values_list("pk", "status"))
    assert statuses == {
        accepted.pk: ApplicationStatus.ACCEPTED,
        applied.pk: ApplicationStatus.REJECTED,
        offered.pk: ApplicationStatus.REJECTED,
        withdrawn.pk: ApplicationStatus.WITHDRAWN,
    }
    assert Application.objects.get(pk=applied.pk).reason == "用工单位已关闭该岗位"
    assert Application.objects.get(pk=offered.pk).rejected_at is not None
    assert kinds_for(cast.worker.user) == ["job_closed"]
    assert kinds_for(offered_worker.user) == ["offer_made", "job_closed"]
    assert "job_closed" not in kinds_for(accepted_worker.user)
    assert "job_closed" not in kinds_for(withdrawn_worker.user)
    assert actions_for(job)[-1] == "job.closed"


def test_closing_a_draft_cancels_it(cast):
    job = draft_job(cast)
    job = services.close_job(actor=cast.employer, job_id=job.pk)
    assert job.status == JobStatus.CANCELLED
    assert actions_for(job) == ["job.created", "job.cancelled"]


def test_only_the_postings_manager_can_close_it(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    for outsider in (cast.other_employer, cast.worker.user):
        with pytest.raises(PermissionDeniedError):
            services.close_job(actor=outsider, job_id=job.pk)
    with pytest.raises(NotFoundError):  # staff outside the employer's scope
        services.close_job(actor=cast.other_station_staff, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert services.close_job(actor=cast.admin, job_id=job.pk).status == JobStatus.CLOSED


def test_expire_jobs_expires_open_and_filled_postings_past_their_end_date(cast):
    today = TODAY()
    short = t.make_job(cast.employer, admin=cast.admin, end_date=today + dt.timedelta(days=3), headcount=2)
    filled = t.make_job(cast.employer, admin=cast.admin, end_date=today + dt.timedelta(days=3))
    long = t.make_job(cast.employer, admin=cast.admin, end_date=today + dt.timedelta(days=30))
    pending = services.create_job(
        actor=cast.employer, data=t.job_input(end_date=today + dt.timedelta(days=1))
    )
    waiting = services.apply(actor=cast.worker.user, job_id=short.pk)
    hired = services.apply(actor=cast.other_worker.user, job_id=filled.pk)
    services.offer(actor=cast.employer, application_id=hired.pk)
    chain.accept_offer(actor=cast.other_worker.user, application_id=hired.pk)
    assert JobPosting.objects.get(pk=filled.pk).status == JobStatus.FILLED

    assert services.expire_jobs(today=today + dt.timedelta(days=3)) == 0  # end date is inclusive
    assert services.expire_jobs(today=today + dt.timedelta(days=4)) == 2
    statuses = dict(JobPosting.objects.values_list("pk", "status"))
    assert statuses[short.pk] == JobStatus.EXPIRED
    assert statuses[filled.pk] == JobStatus.EXPIRED
    assert statuses[long.pk] == JobStatus.OPEN
    assert statuses[pending.pk] == JobStatus.PENDING_REVIEW
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.REJECTED
    assert waiting.reason == "岗位已过期"
    assert Application.objects.get(pk=hired.pk).status == ApplicationStatus.ACCEPTED
    assert AuditEntry.objects.filter(action="job.expired").count() == 2
    assert AuditEntry.objects.get(action="job.expired", object_id=str(short.pk)).actor is None
    assert services.expire_jobs(today=today + dt.timedelta(days=4)) == 0  # idempotent


JOB_ACTIONS = {
    "submit": lambda c, job_id: services.submit_job(actor=c.employer, job_id=job_id),
    "approve": lambda c, job_id: services.approve_job(actor=c.admin, job_id=job_id),
    "reject": lambda c, job_id: services.reject_job(actor=c.admin, job_id=job_id, reason="信息不全"),
    "close": lambda c, job_id: services.close_job(actor=c.employer, job_id=job_id),
    "update": lambda c, job_id: services.update_job(actor=c.employer, job_id=job_id, data=t.job_input()),
}
# Written out by hand (not imported from the service) so the test checks the rules independently.
JOB_ALLOWED = {
    ("draft", "submit"): "pending_review",
    ("rejected", "submit"): "pending_review",
    ("pending_review", "approve"): "open",
    ("pending_review", "reject"): "rejected",
    ("draft", "close"): "cancelled",
    ("pending_review", "close"): "cancelled",
    ("rejected", "close"): "cancelled",
    ("open", "close"): "closed",
    ("filled", "close"): "closed",
    ("draft", "update"): "draft",
    ("pending_review", "update"): "pending_review",
    ("rejected", "update"): "rejected",
    ("open", "update"): "open",
    ("filled", "update"): "open",  # no one accepted yet, so the place is free again
}


def outcome_of(action: Any) -> str:
    try:
        action()
    except ConflictError as exc:
        return f"conflict:{exc.code}"
    return "ok"


@pytest.mark.parametrize("action", list(JOB_ACTIONS))
def test_job_transitions_follow_the_lifecycle(cast, action):
    job = draft_job(cast)
    problems = []
    for status in JobStatus.values:
        set_status(job, status)
        outcome = outcome_of(lambda: JOB_ACTIONS[action](cast, job.pk))
        job.refresh_from_db()
        expected = JOB_ALLOWED.get((status, action))
        want = ("ok", expected) if expected else ("conflict:invalid_transition", status)
        if (outcome, job.status) != want:
            problems.append(f"{status} --{action}--> {outcome}, {job.status}; expected {want}")
    assert problems == []


def test_staff_review_is_for_centre_staff_and_market_admin_only(cast):
    job = services.create_job(actor=cast.employer, data=t.job_input())
    for actor in (cast.station_staff, cast.employer, cast.worker.user):
        with pytest.raises(PermissionDeniedError):
            services.approve_job(actor=actor, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING_REVIEW
    assert services.approve_job(actor=cast.centre_staff, job_id=job.pk).status == JobStatus.OPEN


# --- Applications ---------------------------------------------------------------------------------


def test_apply_withdraw_and_apply_again_reuses_the_application(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    first = services.apply(actor=cast.worker.user, job_id=job.pk, message="  有五年铲车经验  ")
    assert first.status == ApplicationStatus.APPLIED
    assert first.message == "有五年铲车经验"
    note = Notification.objects.filter(user=cast.employer, kind="application_received").get()
    assert note.body == f"江** 报名了“{job.title}”"  # the employer sees a masked name

    with pytest.raises(ConflictError) as exc_info:
        services.apply(actor=cast.worker.user, job_id=job.pk)
    assert_conflict(exc_info, "invalid_transition")

    withdrawn = services.withdraw(actor=cast.worker.user, application_id=first.pk)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.withdrawn_at is not None

    again = services.apply(actor=cast.worker.user, job_id=job.pk, message="再次报名")
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.status == ApplicationStatus.APPLIED
    assert again.withdrawn_at is None
    assert again.message == "再次报名"
    assert Application.objects.filter(job=job).count() == 1
    assert actions_for(again) == ["application.applied", "application.withdrawn", "application.applied"]
    assert kinds_for(cast.employer).count("application_received") == 2


def test_shortlist_offer_accept_notifies_each_side_and_fills_the_job(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    assert services.shortlist(actor=cast.employer, application_id=application.pk).shortlisted_at is not None
    assert services.offer(actor=cast.employer, application_id=application.pk).offered_at is not None
    accepted = chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    assert accepted.status == ApplicationStatus.ACCEPTED
    assert accepted.decided_at is not None
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
    assert kinds_for(cast.worker.user) == ["shortlisted", "offer_made", "engagement_created"]
    assert kinds_for(cast.employer)[-3:] == ["application_received", "offer_accepted", "engagement_created"]
    accepted_note = Notification.objects.get(user=cast.employer, kind="offer_accepted")
    assert "（1/1）" in accepted_note.body
    assert actions_for(application) == [
        "application.applied",
        "application.shortlisted",
        "application.offered",
        "application.accepted",
    ]
    assert actions_for(job)[-1] == "job.filled"


def test_declining_an_offer_notifies_the_employer(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=application.pk)
    declined = services.decline_offer(
        actor=cast.worker.user, application_id=application.pk, reason="离家太远"
    )
    assert declined.status == ApplicationStatus.DECLINED
    assert declined.reason == "离家太远"
    assert kinds_for(cast.employer)[-1] == "offer_declined"
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    with pytest.raises(ConflictError) as exc_info:
        services.apply(actor=cast.worker.user, job_id=job.pk)
    assert_conflict(exc_info, "invalid_transition")


def test_rejecting_an_application_notifies_the_worker(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    rejected = services.reject_application(
        actor=cast.employer, application_id=application.pk, reason="经验不足"
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.reason == "经验不足"
    assert rejected.rejected_at is not None
    assert kinds_for(cast.worker.user) == ["application_rejected"]
    assert AuditEntry.objects.get(action="application.rejected").data == {"reason": "经验不足"}


def _apply_action(c: Any, application_id: int) -> Any:
    job_id = Application.objects.get(pk=application_id).job_id
    return services.apply(actor=c.worker.user, job_id=job_id)


APPLICATION_ACTIONS = {
    "apply": _apply_action,
    "shortlist": lambda c, a: services.shortlist(actor=c.employer, application_id=a),
    "offer": lambda c, a: services.offer(actor=c.employer, application_id=a),
    "reject": lambda c, a: services.reject_application(actor=c.employer, application_id=a, reason="不合适"),
    "accept": lambda c, a: chain.accept_offer(actor=c.worker.user, application_id=a),
    "decline": lambda c, a: services.decline_offer(actor=c.worker.user, application_id=a),
    "withdraw": lambda c, a: services.withdraw(actor=c.worker.user, application_id=a),
}
APPLICATION_ALLOWED = {
    ("withdrawn", "apply"): "applied",
    ("applied", "shortlist"): "shortlisted",
    ("applied", "offer"): "offered",
    ("shortlisted", "offer"): "offered",
    ("applied", "reject"): "rejected",
    ("shortlisted", "reject"): "rejected",
    ("offered", "reject"): "rejected",
    ("offered", "accept"): "accepted",
    ("offered", "decline"): "declined",
    ("applied", "withdraw"): "withdrawn",
    ("shortlisted", "withdraw"): "withdrawn",
    ("offered", "withdraw"): "withdrawn",
}


@pytest.mark.parametrize("action", list(APPLICATION_ACTIONS))
def test_application_transitions_follow_the_lifecycle(cast, action):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=5)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    problems = []
    for status in ApplicationStatus.values:
        set_status(application, status)
        outcome = outcome_of(lambda: APPLICATION_ACTIONS[action](cast, application.pk))
        application.refresh_from_db()
        expected = APPLICATION_ALLOWED.get((status, action))
        want = ("ok", expected) if expected else ("conflict:invalid_transition", status)
        if (outcome, application.status) != want:
            problems.append(f"{status} --{action}--> {outcome}, {application.status}; expected {want}")
    assert problems == []


def test_cannot_apply_to_a_posting_that_is_not_open(cast):
    job = services.create_job(actor=cast.employer, data=t.job_input())
    with pytest.raises(ConflictError) as exc_info:
        services.apply(actor=cast.worker.user, job_id=job.pk)
    assert_conflict(exc_info, "job_not_open")
    assert Application.objects.count() == 0


def test_worker_must_fill_in_name_and_id_number_before_applying(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    bare = worker_services.register_worker(
        phone=t.next_phone(), password=t.PASSWORD, display_name="新用户", consent=True
    )
    with pytest.raises(ConflictError) as exc_info:
        services.apply(actor=bare.user, job_id=job.pk)
    assert_conflict(exc_info, "profile_incomplete")


def test_only_workers_apply(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    with pytest.raises(PermissionDeniedError):
        services.apply(actor=cast.employer, job_id=job.pk)


def test_offer_on_a_filled_posting_is_refused(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    first = services.apply(actor=cast.worker.user, job_id=job.pk)
    second = services.apply(actor=cast.other_worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=first.pk)
    chain.accept_offer(actor=cast.worker.user, application_id=first.pk)
    with pytest.raises(ConflictError) as exc_info:
        services.offer(actor=cast.employer, application_id=second.pk)
    assert_conflict(exc_info, "job_not_open")
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.APPLIED


def test_worker_cannot_act_on_another_workers_application(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=application.pk)
    for act in (chain.accept_offer, services.decline_offer, services.withdraw):
        with pytest.raises(PermissionDeniedError):
            act(actor=cast.other_worker.user, application_id=application.pk)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.OFFERED


def test_other_employer_cannot_process_applications(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    for act in (services.shortlist, services.offer, services.reject_application):
        with pytest.raises(PermissionDeniedError):
            act(actor=cast.other_employer, application_id=application.pk)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED


# --- Certificates ---------------------------------------------------------------------------------


def electrician_job(cast: Any) -> JobPosting:
    return t.make_job(
        cast.employer, admin=cast.admin, title="小区配电箱维修电工", occupations=["electrician"]
    )


def add_cert(cast: Any, *, expires_on: dt.date | None, verify: bool) -> None:
    cert = worker_services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="special_ops_electrician_low",
        number="T130202199205170011",
        issuer="唐山市应急管理局",
        issued_on=TODAY() - dt.timedelta(days=400),
        expires_on=expires_on,
    )
    if verify:
        worker_services.verify_certificate(actor=cast.station_staff, certificate_id=cert.pk)


def test_electrician_posting_requires_the_low_voltage_certificate_even_if_not_ticked(cast):
    job = electrician_job(cast)
    assert list(job.certificates_required.values_list("code", flat=True)) == ["special_ops_electrician_low"]


def test_health_certificate_is_only_required_when_the_employer_asks(cast):
    plain = t.make_job(cast.employer, admin=cast.admin, occupations=["food_processing_worker"])
    assert plain.certificates_required.count() == 0
    ticked = t.make_job(
        cast.employer,
        admin=cast.admin,
        occupations=["food_processing_worker"],
        certificates_required=["health_certificate"],
    )
    assert list(ticked.certificates_required.values_list("code", flat=True)) == ["health_certificate"]


def refused_for_missing_certificate(cast: Any, job: JobPosting) -> bool:
    try:
        services.apply(actor=cast.worker.user, job_id=job.pk)
    except ConflictError as exc:
        assert exc.code == "certificate_required"
        assert "特种作业操作证（低压电工作业）" in exc.message
        return True
    return False


def test_apply_needs_a_verified_certificate_valid_on_the_start_date(cast):
    job = electrician_job(cast)  # starts tomorrow
    today = TODAY()
    assert refused_for_missing_certificate(cast, job), "no certificate at all"
    add_cert(cast, expires_on=today + dt.timedelta(days=700), verify=False)
    assert refused_for_missing_certificate(cast, job), "uploaded but not verified by a station"
    WorkerProfile.objects.get(pk=cast.worker.pk).certificates.all().delete()
    add_cert(cast, expires_on=today - dt.timedelta(days=1), verify=True)
    assert refused_for_missing_certificate(cast, job), "verified but expired yesterday"
    add_cert(cast, expires_on=today, verify=True)
    assert refused_for_missing_certificate(cast, job), "valid today but expired by the start date"
    assert Application.objects.count() == 0
    assert "application_received" not in kinds_for(cast.employer)

    add_cert(cast, expires_on=today + dt.timedelta(days=700), verify=True)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    assert application.status == ApplicationStatus.APPLIED


def test_a_verified_certificate_without_expiry_date_is_accepted(cast):
    job = electrician_job(cast)
    add_cert(cast, expires_on=None, verify=True)
    assert services.apply(actor=cast.worker.user, job_id=job.pk).status == ApplicationStatus.APPLIED


# --- Headcount ------------------------------------------------------------------------------------


def offered_applications(cast: Any, job: JobPosting, n: int) -> list[tuple[WorkerProfile, Application]]:
    result = []
    for i in range(n):
        worker = t.make_worker(cast.market, name=f"周{'一二三四五六'[i]}")
        application = services.apply(actor=worker.user, job_id=job.pk)
        services.offer(actor=cast.employer, application_id=application.pk)
        result.append((worker, application))
    return result


def test_accepting_fills_the_posting_and_an_extra_accept_finds_no_places(cast):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=2)
    (w1, a1), (w2, a2), (w3, a3) = offered_applications(cast, job, 3)

    chain.accept_offer(actor=w1.user, application_id=a1.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    chain.accept_offer(actor=w2.user, application_id=a2.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED

    with pytest.raises(ConflictError) as exc_info:
        chain.accept_offer(actor=w3.user, application_id=a3.pk)
    assert_conflict(exc_info, "no_places_left")
    assert Application.objects.get(pk=a3.pk).status == ApplicationStatus.OFFERED
    assert Application.objects.filter(job=job, status=ApplicationStatus.ACCEPTED).count() == 2
    bodies = list(
        Notification.objects.filter(user=cast.employer, kind="offer_accepted")
        .order_by("id")
        .values_list("body", flat=True)
    )
    assert [b[-6:] for b in bodies] == ["（1/2）。", "（2/2）。"]
    assert AuditEntry.objects.filter(action="job.filled", object_id=str(job.pk)).count() == 1


def test_raising_the_headcount_reopens_a_filled_posting(cast):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=1)
    (w1, a1), (w2, a2) = offered_applications(cast, job, 2)
    chain.accept_offer(actor=w1.user, application_id=a1.pk)
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.FILLED

    with pytest.raises(InvalidInput) as exc_info:
        services.update_job(actor=cast.employer, job_id=job.pk, data=t.job_input(headcount=0))
    assert "headcount" in exc_info.value.errors

    services.update_job(actor=cast.employer, job_id=job.pk, data=t.job_input(headcount=2))
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.OPEN
    chain.accept_offer(actor=w2.user, application_id=a2.pk)
    assert JobPosting.objects.get(pk=job.pk).status == JobStatus.FILLED


def test_accepting_on_a_closed_posting_finds_no_places(cast):
    job = t.make_job(cast.employer, admin=cast.admin, headcount=2)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=application.pk)
    JobPosting.objects.filter(pk=job.pk).update(status=JobStatus.CLOSED)
    with pytest.raises(ConflictError) as exc_info:
        chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    assert_conflict(exc_info, "no_places_left")


# --- Notifications and the outbox -----------------------------------------------------------------


def test_each_notification_sends_one_template_message_after_commit(cast, django_capture_on_commit_callbacks):
    before = set(OutboundMessage.objects.values_list("pk", flat=True))
    first_note = (Notification.objects.order_by("-id").values_list("pk", flat=True).first()) or 0
    pending_employer = t.make_employer(cast.market, name="唐山新开物流有限公司", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.verify_enterprise(
            actor=cast.admin, enterprise_id=t.enterprise_of(pending_employer).pk
        )
        job = services.create_job(actor=pending_employer, data=t.job_input(headcount=2))
        services.reject_job(actor=cast.admin, job_id=job.pk, reason="请写明工作时间")
        services.submit_job(actor=pending_employer, job_id=job.pk)
        services.approve_job(actor=cast.admin, job_id=job.pk)
        a1 = services.apply(actor=cast.worker.user, job_id=job.pk)
        a2 = services.apply(actor=cast.other_worker.user, job_id=job.pk)
        services.shortlist(actor=pending_employer, application_id=a1.pk)
        services.offer(actor=pending_employer, application_id=a1.pk)
        chain.accept_offer(actor=cast.worker.user, application_id=a1.pk)
        services.offer(actor=pending_employer, application_id=a2.pk)
        services.decline_offer(actor=cast.other_worker.user, application_id=a2.pk)
        third = t.make_worker(cast.market, name="吴用功")
        a3 = services.apply(actor=third.user, job_id=job.pk)
        services.reject_application(actor=pending_employer, application_id=a3.pk)

    assert kinds_for(pending_employer) == [
        "enterprise_verified",
        "job_rejected",
        "job_approved",
        "application_received",
        "application_received",
        "offer_accepted",
        "engagement_created",
        "offer_declined",
        "application_received",
    ]
    assert kinds_for(cast.worker.user) == ["shortlisted", "offer_made", "engagement_created"]
    assert kinds_for(cast.other_worker.user) == ["offer_made"]
    assert kinds_for(third.user) == ["application_rejected"]

    new_notes = list(Notification.objects.filter(pk__gt=first_note).select_related("user").order_by("id"))
    new_messages = OutboundMessage.objects.exclude(pk__in=before)
    assert len(new_notes) == 14
    assert new_messages.count() == 14
    for note in new_notes:
        message = new_messages.get(idempotency_key=f"notification:{note.pk}")
        assert message.status == OutboundStatus.SENT
        assert message.attempts == 1
        assert message.template == note.kind
        assert message.phone == note.user.phone
    sent = [(m["phone"], m["template"]) for m in LogSender.outbox]
    assert sent == [(n.user.phone, n.kind) for n in new_notes]

    # A retry of a delivered message never sends it again.
    deliver_outbound_message(new_messages.first().pk)
    assert len(LogSender.outbox) == 14


def test_nothing_is_sent_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.shortlist(actor=cast.employer, application_id=application.pk)
        raise RuntimeError("boom")
    assert callbacks == []
    assert LogSender.outbox == []
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED
    assert kinds_for(cast.worker.user) == []


def test_closing_a_posting_notifies_applicants_in_app_only(cast, django_capture_on_commit_callbacks):
    job = t.make_job(cast.employer, admin=cast.admin)
    services.apply(actor=cast.worker.user, job_id=job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_job(actor=cast.employer, job_id=job.pk)
    assert kinds_for(cast.worker.user) == ["job_closed"]
    assert not OutboundMessage.objects.filter(user=cast.worker.user).exists()
    assert [m["template"] for m in LogSender.outbox] == []


# --- Audit trail ----------------------------------------------------------------------------------


def run_audit_verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def audited(cast: Any) -> list[AuditEntry]:
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=application.pk)
    chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert {e.chain for e in entries} == {cast.market.pk}  # every write here is in the market's chain
    return entries


def test_audit_chain_is_contiguous_and_verifies(audited):
    seqs = [e.seq for e in audited]
    assert seqs == list(range(1, len(audited) + 1))
    assert all(e.prev_hash == p.entry_hash for p, e in itertools.pairwise(audited))
    assert all("." in e.action for e in audited)
    actions = [e.action for e in audited]
    start = actions.index("application.applied")
    assert actions[start : start + 4] == [
        "application.applied",
        "application.offered",
        "application.accepted",
        "job.filled",
    ]
    assert "engagement.created" in actions[start + 4 :]
    assert AuditHead.objects.get().last_seq == len(audited)
    assert run_audit_verify().strip() == f"Audit chains intact: 1 chains, {len(audited)} entries."


def tamper_then_verify(tamper: Any) -> str:
    """Apply a tampering in a savepoint, run ``audit_verify``, roll the tampering back; return the error."""
    with transaction.atomic():
        tamper()
        try:
            run_audit_verify()
        except CommandError as exc:
            return str(exc)
        finally:
            transaction.set_rollback(True)
    return "no error"


def test_audit_verify_names_the_first_tampered_entry(audited):
    by_seq = {e.seq: e for e in audited}
    entries = AuditEntry.objects
    middle, last = len(audited) // 2, len(audited)
    c = audited[0].chain

    def swap(a: int, b: int) -> None:
        entries.filter(pk=by_seq[a].pk).update(seq=-1)
        entries.filter(pk=by_seq[b].pk).update(seq=a)
        entries.filter(pk=by_seq[a].pk).update(seq=b)

    cases = {
        "edit data": (
            lambda: entries.filter(seq=middle).update(data={"reason": "改过的"}),
            f"Audit chain {c} broken at entry #{middle}: altered",
        ),
        "rewrite action": (
            lambda: entries.filter(seq=last - 1).update(action="application.rejected"),
            f"Audit chain {c} broken at entry #{last - 1}: altered",
        ),
        "rewrite actor": (
            lambda: entries.filter(seq=2).update(actor_label="13800000000"),
            f"Audit chain {c} broken at entry #2: altered",
        ),
        "delete one": (
            lambda: entries.filter(seq=4).delete(),
            f"Audit chain {c} broken at entry #4: missing",
        ),
        "delete the last": (
            lambda: entries.filter(seq=last).delete(),
            f"Audit chain {c} broken at entry #{last}: missing (chain is shorter than its head records)",
        ),
        "swap two": (
            lambda: swap(5, 6),
            f"Audit chain {c} broken at entry #5: "
            "broken link (entry removed, reordered or altered before it)",
        ),
    }
    results = {name: tamper_then_verify(tamper) for name, (tamper, _) in cases.items()}
    assert results == {name: message for name, (_, message) in cases.items()}
    assert run_audit_verify().startswith("Audit chains intact")  # every tampering was rolled back
