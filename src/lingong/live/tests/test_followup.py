"""Following up leads: transitions and refusals, 代为报名 with the worker's consent, HIRED only from a real
engagement, the full-number reveal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.audit.models import AuditEntry, SensitiveRead
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Shift
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus
from lingong.live import followup, receivers
from lingong.live.models import LeadFollowUp, LeadStatus
from lingong.live.tests import office_helpers as h
from lingong.notifications.senders import LogSender
from lingong.workflow import chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(cast):
    jobs = h.jobs(cast, 2)
    session = h.go_live(h.session(cast, jobs), cast.station_staff)
    return session, jobs


def test_follow_up_steps_are_recorded_with_notes_and_audit(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone="13911112222")
    followup.follow_up(actor=cast.station_staff, lead_id=lead.pk, status="no_answer", note="第一次没接")
    followup.follow_up(actor=cast.centre_staff, lead_id=lead.pk, status="contacted", note="约了明天来驿站")
    followup.follow_up(actor=cast.station_staff, lead_id=lead.pk, status="contacted", note="又打了一次")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED and lead.note == "又打了一次"
    assert lead.followed_by == cast.station_staff and lead.followed_at is not None
    steps = list(LeadFollowUp.objects.filter(lead=lead).values_list("status", "note"))
    assert steps == [
        ("no_answer", "第一次没接"),
        ("contacted", "约了明天来驿站"),
        ("contacted", "又打了一次"),
    ]
    assert AuditEntry.objects.filter(action="live_lead.no_answer").count() == 1
    assert AuditEntry.objects.filter(action="live_lead.contacted").count() == 1
    assert AuditEntry.objects.filter(action="live_lead.noted").count() == 1


def test_follow_up_refusals(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone="13911112222")
    for status in ("applied", "hired", "new", "bogus"):
        with pytest.raises(InvalidInput) as exc:
            followup.follow_up(actor=cast.station_staff, lead_id=lead.pk, status=status)
        assert "status" in exc.value.errors
    with pytest.raises(InvalidInput) as long_note:
        followup.follow_up(actor=cast.station_staff, lead_id=lead.pk, status="contacted", note="长" * 301)
    assert "note" in long_note.value.errors
    for outsider in (cast.other_station_staff,):
        with pytest.raises(NotFoundError):
            followup.follow_up(actor=outsider, lead_id=lead.pk, status="contacted")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and not LeadFollowUp.objects.exists()


def test_an_applied_lead_cannot_be_followed_back(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone=cast.worker.user.phone)
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=lead.pk, consent_channel="paper", consent_reference="SQ-2026-001"
    )
    with pytest.raises(ConflictError) as exc:
        followup.follow_up(actor=cast.station_staff, lead_id=lead.pk, status="not_interested")
    assert exc.value.code == "invalid_transition"


def test_apply_on_behalf_with_paper_consent_links_the_application(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone=cast.worker.user.phone)
    with pytest.raises(InvalidInput) as missing:
        followup.apply_on_behalf(actor=cast.station_staff, lead_id=lead.pk, consent_channel="paper")
    assert "consent_reference" in missing.value.errors
    assert not Application.objects.filter(job=jobs[0]).exists()
    applied = followup.apply_on_behalf(
        actor=cast.station_staff,
        lead_id=lead.pk,
        consent_channel="paper",
        consent_reference="SQ-2026-001",
        note="到站确认",
    )
    application = Application.objects.get(job=jobs[0], worker=cast.worker)
    assert applied.status == LeadStatus.APPLIED and applied.application_id == application.pk
    assert applied.worker_id == cast.worker.pk and application.status == ApplicationStatus.APPLIED
    entry = AuditEntry.objects.get(action="live_lead.applied_on_behalf")
    assert entry.data["consent_reference"] == "SQ-2026-001" and entry.data["created"] is True
    assert entry.actor_id == cast.station_staff.pk


def test_apply_on_behalf_links_an_existing_application_and_needs_a_registered_worker(cast, live):
    session, jobs = live
    existing = job_services.apply(actor=cast.worker.user, job_id=jobs[1].pk)
    lead = h.lead(session, jobs[1], worker=cast.worker)
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=lead.pk, consent_channel="paper", consent_reference="SQ-2"
    )
    lead.refresh_from_db()
    assert lead.application_id == existing.pk
    assert Application.objects.filter(job=jobs[1], worker=cast.worker).count() == 1
    stranger = h.lead(session, jobs[0], phone="13900009999")
    with pytest.raises(ConflictError) as exc:
        followup.apply_on_behalf(
            actor=cast.station_staff, lead_id=stranger.pk, consent_channel="paper", consent_reference="x"
        )
    assert exc.value.code == "worker_not_registered"


def test_apply_on_behalf_with_an_sms_code(cast, live, django_capture_on_commit_callbacks):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone=cast.worker.user.phone)
    with django_capture_on_commit_callbacks(execute=True):
        masked = followup.send_consent_code(actor=cast.station_staff, lead_id=lead.pk)
    assert "****" in masked
    sent = [m for m in LogSender.outbox if m["phone"] == cast.worker.user.phone]
    code = sent[-1]["params"]["code"]
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(InvalidInput):
        followup.apply_on_behalf(
            actor=cast.station_staff, lead_id=lead.pk, consent_channel="sms_code", otp_code=wrong
        )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and lead.application_id is None
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=lead.pk, consent_channel="sms_code", otp_code=code
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.APPLIED and lead.application_id is not None


def _start(engagement, staff):
    shift = engagement.shifts.order_by("date").first()
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=8)
    )
    return engagement_services.check_in(actor=staff, shift_id=shift.pk)


def test_hired_only_when_the_linked_applications_engagement_starts(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone=cast.worker.user.phone)
    followup.apply_on_behalf(
        actor=cast.station_staff, lead_id=lead.pk, consent_channel="paper", consent_reference="SQ-3"
    )
    lead.refresh_from_db()
    job_services.offer(actor=cast.employer, application_id=lead.application_id)
    chain.accept_offer(actor=cast.worker.user, application_id=lead.application_id)
    engagement = Application.objects.get(pk=lead.application_id).engagement
    t.render_contracts(engagement)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.APPLIED  # accepted and signed, not at work yet
    # A lead that was never linked is not hired by someone else's engagement, nor by typing.
    other = h.lead(session, jobs[0], phone="13900001111")
    with pytest.raises(InvalidInput):
        followup.follow_up(actor=cast.station_staff, lead_id=other.pk, status="hired")
    engagement.refresh_from_db()
    _start(engagement, cast.station_staff)
    lead.refresh_from_db()
    other.refresh_from_db()
    assert lead.status == LeadStatus.HIRED and other.status == LeadStatus.NEW
    assert AuditEntry.objects.get(action="live_lead.hired").data["engagement"] == engagement.pk
    assert LeadFollowUp.objects.filter(lead=lead, status="hired").count() == 1
    # The receiver is idempotent: the engagement saved again moves nothing twice.
    receivers.engagement_saved(sender=None, instance=engagement, created=False)
    assert LeadFollowUp.objects.filter(lead=lead, status="hired").count() == 1


def test_the_full_number_is_shown_to_staff_in_scope_and_logged(cast, live):
    session, jobs = live
    lead = h.lead(session, jobs[0], phone="13911112222")
    with pytest.raises(InvalidInput):
        followup.reveal_phone(actor=cast.station_staff, lead_id=lead.pk, reason="")
    with pytest.raises(NotFoundError):
        followup.reveal_phone(actor=cast.other_station_staff, lead_id=lead.pk, reason="contact_worker")
    assert not SensitiveRead.objects.exists()
    phone = followup.reveal_phone(
        actor=cast.station_staff, lead_id=lead.pk, reason="contact_worker", ip="127.0.0.1"
    )
    assert phone == "13911112222"
    read = SensitiveRead.objects.get()
    assert (
        read.subject_type == "live.lead"
        and read.subject_label == "139****2222"
        and read.actor == cast.station_staff
    )
