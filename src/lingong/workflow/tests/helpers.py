"""Test helpers for steps that run as tasks after commit (tests run in a transaction that never commits),
and one walk through the whole chain by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.contracts import services as contract_services
from lingong.core.validators import make_resident_id
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement
from lingong.jobs import recommendations
from lingong.jobs import services as job_services
from lingong.notifications.senders import LogSender
from lingong.settlement import services as settlement_services
from lingong.settlement.models import Payment
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile
from lingong.workflow import chain


def pay_now(**kwargs: Any) -> Payment:
    """``chain.pay_statement``, then the retry task's step in case the provider had not answered."""
    payment = chain.pay_statement(**kwargs)
    return chain.execute_payment(payment_id=payment.pk)


def code_for(phone: str) -> str:
    """The last one-time code texted to ``phone`` (the test sender keeps them)."""
    return next(
        str(m["params"]["code"])
        for m in reversed(LogSender.outbox)
        if m["phone"] == phone and "code" in m["params"]
    )


def walk_in(cast: Any, *, paper_form: str) -> WorkerProfile:
    """Station staff register a walk-in loader driver who signed a paper consent form."""
    return worker_services.register_walk_in(
        actor=cast.station_staff,
        phone="13612340001",
        consent_channel="paper",
        consent_reference=paper_form,
        data=worker_services.ProfileInput(
            real_name="周建军",
            id_number=make_resident_id("130202", dt.date(1979, 4, 2), 317),
            home_division="130202",
            skills=[("loader_driver", 12)],
            expected_pay="300",
            expected_pay_unit="day",
        ),
    )


def hire(cast: Any, worker: WorkerProfile, capture: Any) -> Engagement:
    """A one-day job tomorrow: invited, applied, shortlisted, offered, accepted."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    job = t.make_job(
        cast.employer, admin=cast.admin, start_date=tomorrow, end_date=tomorrow, insurance_required=True
    )
    recommendations.invite_worker(actor=cast.employer, job=job, worker_id=worker.pk)
    application = job_services.apply(actor=worker.user, job_id=job.pk)
    job_services.shortlist(actor=cast.employer, application_id=application.pk)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    with capture(execute=True):  # the contract is rendered after commit
        chain.accept_offer(actor=worker.user, application_id=application.pk)
    return Engagement.objects.get(application=application)


def sign_both(engagement: Engagement, signers: list[Any], capture: Any) -> None:
    """Each signer asks for a code and signs the current version (the cover is bought after commit)."""
    contract = contract_services.current_contract(engagement)
    for user in signers:
        with capture(execute=True):
            contract_services.request_signing_code(actor=user, contract_id=contract.pk)
        with capture(execute=True):
            chain.sign_contract(
                actor=user,
                contract_id=contract.pk,
                code=code_for(user.phone),
                pdf_sha256=contract.pdf_sha256,
                ip="10.1.2.3",
                user_agent="pytest",
            )


def work_pay_and_rate(cast: Any, engagement: Engagement, worker: WorkerProfile, capture: Any) -> None:
    """The day is worked on site, confirmed, settled, paid; both sides rate."""
    shift = engagement.shifts.get()
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    engagement_services.check_in(
        actor=worker.user, shift_id=shift.pk, at=shift.starts_at + dt.timedelta(minutes=2), **where
    )
    engagement_services.check_out(
        actor=worker.user, shift_id=shift.pk, at=shift.ends_at - dt.timedelta(minutes=1), **where
    )
    engagement_services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    statement = settlement_services.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key="story-settle-1"
    )
    with capture(execute=True):
        pay_now(actor=cast.employer, statement_id=statement.pk, idempotency_key="story-pay-1")
    chain.rate_engagement(actor=cast.employer, engagement_id=engagement.pk, stars=5)
    chain.rate_engagement(actor=worker.user, engagement_id=engagement.pk, stars=4)


def walk_the_chain(cast: Any, capture: Any, *, paper_form: str) -> Engagement:
    """From a walk-in registration to a rated engagement, every step through its service. Needs
    ``LINGONG_OTP_RESEND_SECONDS = 0`` (two codes to one employer phone in a row are fine)."""
    worker = walk_in(cast, paper_form=paper_form)
    engagement = hire(cast, worker, capture)
    sign_both(engagement, [worker.user, cast.employer], capture)
    engagement.refresh_from_db()
    assert engagement.status == "insured", engagement.status
    work_pay_and_rate(cast, engagement, worker, capture)
    engagement.refresh_from_db()
    assert engagement.status == "rated", engagement.status
    return engagement
