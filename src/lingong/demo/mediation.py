"""Mediation in the demo (issue 11, section 2), made through the services: one complaint in mediation with a
session held and its notes, and one with an agreement both sides signed by SMS code, being paid (the first
term paid, the second due next week). The demo station's staff member mediates (a Mediator row is made for
them when there is none)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.cast import ADMIN_PHONE, MARKET_CODE, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.signing import stored_signing_code
from lingong.disputes import services as disputes
from lingong.disputes.models import Complaint, ComplaintStatus, Mediator
from lingong.engagements.models import Engagement
from lingong.mediation import selectors, services
from lingong.mediation.models import MediationCase

SEED_USER_AGENT = "Lingong demo seed"


def _mediator(staff: User) -> Mediator:
    assert staff.market_id is not None
    mediator, _created = Mediator.objects.get_or_create(
        user=staff,
        defaults={
            "market_id": staff.market_id,
            "display_name": staff.display_name or "驿站调解员",
            "station_id": staff.station_id,
            "centre_id": staff.centre_id,
        },
    )
    return mediator


def _complaint(engagement: Engagement, admin: User, mediator: Mediator, what: str, asks: str) -> int:
    worker = engagement.worker.user
    complaint = disputes.file_complaint(
        actor=worker,
        data=disputes.ComplaintInput(
            kind="unpaid_pay",
            what_happened=what,
            asks_for=asks,
            amount_claimed=str(engagement.pay_amount * 2),
            engagement_id=engagement.pk,
        ),
    )
    disputes.acknowledge(actor=admin, complaint_id=complaint.pk)
    case = services.open_case(actor=admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    return case.pk


def build_mediation(ctx: DemoContext) -> None:
    admin = User.objects.get(phone=ADMIN_PHONE)
    staff = User.objects.get(phone=STATION_STAFF_PHONE)
    mediator = _mediator(staff)
    # The wage complaint the complaints step left with the station's mediator goes into mediation; a second
    # complaint, on another paid engagement, reaches a signed agreement.
    waiting = (
        Complaint.objects.filter(
            market__code=MARKET_CODE,
            kind="unpaid_pay",
            status=ComplaintStatus.ACKNOWLEDGED,
            mediator__isnull=False,
            engagement__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    second = (
        Engagement.objects.filter(market__code=MARKET_CODE, pay_amount__gt=0, complaints__isnull=True)
        .select_related("worker__user", "enterprise")
        .order_by("pk")
        .first()
    )
    if waiting is None or second is None:
        return
    today = timezone.localdate()

    # 1. In mediation, one session held with its notes.
    case_id = services.open_case(actor=admin, complaint_id=waiting.pk, mediator_id=waiting.mediator_id).pk
    held_at = ctx.now - dt.timedelta(days=1)
    session = services.schedule_session(
        actor=staff,
        case_id=case_id,
        data=services.SessionInput(
            starts_at=held_at, place=f"{staff.station.name if staff.station else ''}调解室"
        ),
    )
    services.record_session(
        actor=staff,
        case_id=case_id,
        session_id=session.pk,
        data=services.SessionRecord(
            worker_came=True,
            employer_came=True,
            others="驿站工作人员",
            notes=(
                "双方到场。劳动者称工作已按约完成，报酬未付；用工方认可工作量，称资金周转困难，"
                "希望分两次支付。双方同意三日内再谈具体付款日期。"
            ),
        ),
    )
    services.schedule_session(
        actor=staff,
        case_id=case_id,
        data=services.SessionInput(starts_at=ctx.now + dt.timedelta(days=2), place="零工驿站调解室"),
    )

    # 2. An agreement signed by both sides, being paid: the first term paid, the second due next week.
    case_id = _complaint(
        second,
        admin,
        mediator,
        "工钱只给了一部分，剩下的一直拖着。",
        "付清剩余工钱",
    )
    half = second.pay_amount
    services.draft_agreement(
        actor=staff,
        case_id=case_id,
        data=services.AgreementInput(
            facts="劳动者按约为用工方提供劳务，用工方尚欠劳务报酬未付，双方对欠付金额无异议。",
            terms_text="用工方分两期向劳动者支付所欠劳务报酬。\n款项付清后，双方就本次用工再无其他争议。",
            payments=[
                services.PaymentRow(due_date=today, amount=half),
                services.PaymentRow(due_date=today + dt.timedelta(days=7), amount=half),
            ],
        ),
    )
    services.send_agreement(actor=staff, case_id=case_id)
    case = MediationCase.objects.get(pk=case_id)
    agreement = selectors.current_agreement(case)
    assert agreement is not None
    employer = disputes.employer_users(second.enterprise)[0]
    for signer in (second.worker.user, employer):
        services.sign_agreement(
            actor=signer,
            case_id=case_id,
            code=stored_signing_code(signer),
            pdf_sha256=agreement.pdf_sha256,
            ip=None,
            user_agent=SEED_USER_AGENT,
        )
    term = agreement.payment_terms.order_by("seq").first()
    assert term is not None
    services.record_payment(actor=second.worker.user, case_id=case_id, term_id=term.pk, amount=term.amount)
    ctx.counts["mediation_cases"] = 2
