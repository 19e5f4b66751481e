"""A case worth taking further: a signed contract, worked and confirmed shifts, an unpaid statement, and a
wage complaint with a photo, acknowledged by staff."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from lingong import testing as t
from lingong.arbitration.models import Forum, ForumKind
from lingong.disputes import services as disputes
from lingong.disputes.models import Complaint, Mediator
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement
from lingong.mediation import selectors as mediation_selectors
from lingong.mediation import services as mediation
from lingong.mediation.models import MediationCase
from lingong.settlement import services as settlement_services
from lingong.workflow.tests.helpers import code_for, sign_both

LUNAN_COMMISSION = "唐山市路南区劳动人事争议仲裁委员会"
LUNAN_COURT = "唐山市路南区人民法院"


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def make_forums(market: Any) -> dict[str, Forum]:
    return {
        "commission": Forum.objects.create(
            market=market, kind=ForumKind.ARBITRATION_COMMISSION, name=LUNAN_COMMISSION, address="路南区"
        ),
        "court": Forum.objects.create(
            market=market, kind=ForumKind.COURT, name=LUNAN_COURT, address="路南区"
        ),
        "mediation": Forum.objects.create(
            market=market, kind=ForumKind.PEOPLE_MEDIATION, name="路南区人民调解委员会", address="路南区"
        ),
    }


def worked_engagement(cast: Any, capture: Any, *, days: int = 2) -> Engagement:
    engagement = t.make_engagement(cast.worker, cast.employer, days=days, insurance_required=False)
    sign_both(engagement, [cast.worker.user, cast.employer], capture)
    engagement.refresh_from_db()
    where = {"lat": engagement.site_lat, "lon": engagement.site_lon}
    for shift in engagement.shifts.order_by("date"):
        engagement_services.check_in(
            actor=cast.worker.user, shift_id=shift.pk, at=shift.starts_at + dt.timedelta(minutes=3), **where
        )
        engagement_services.check_out(
            actor=cast.worker.user, shift_id=shift.pk, at=shift.ends_at - dt.timedelta(minutes=2), **where
        )
        engagement_services.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    settlement_services.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key="arb-settle-1"
    )
    engagement.refresh_from_db()
    return engagement


def wage_complaint(cast: Any, engagement: Engagement, *, acknowledge: bool = True) -> Complaint:
    complaint = disputes.file_complaint(
        actor=cast.worker.user,
        data=disputes.ComplaintInput(
            kind="unpaid_pay",
            what_happened="干了两天装载机，结算单出了，老板一直不付钱。",
            asks_for="结清两天工钱600元",
            amount_claimed=Decimal("600.00"),
            engagement_id=engagement.pk,
        ),
        files=[SimpleUploadedFile("欠条.jpg", jpeg_bytes(), content_type="image/jpeg")],
    )
    if acknowledge:
        disputes.acknowledge(actor=cast.admin, complaint_id=complaint.pk)
    complaint.refresh_from_db()
    return complaint


MEDIATION_NOTES = "双方到场。用工方承认欠付两天工钱600元，同意分两期支付。"


def mediated(cast: Any, complaint: Complaint, capture: Any, *, pay_first: bool = True) -> MediationCase:
    """The station's mediator mediates the complaint: one recorded session, an agreement in two payments
    signed by both sides with SMS codes, and (``pay_first``) the first payment confirmed by the worker."""
    mediator = Mediator.objects.create(
        market=cast.market,
        user=cast.station_staff,
        display_name="王调解",
        station=cast.station,
        centre=cast.centre,
    )
    case = mediation.open_case(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    session = mediation.schedule_session(
        actor=cast.station_staff,
        case_id=case.pk,
        data=mediation.SessionInput(
            starts_at=timezone.now() - dt.timedelta(hours=2), place="友谊里社区零工驿站调解室"
        ),
    )
    mediation.record_session(
        actor=cast.station_staff,
        case_id=case.pk,
        session_id=session.pk,
        data=mediation.SessionRecord(worker_came=True, employer_came=True, others="", notes=MEDIATION_NOTES),
    )
    today = timezone.localdate()
    mediation.draft_agreement(
        actor=cast.station_staff,
        case_id=case.pk,
        data=mediation.AgreementInput(
            facts="劳动者为用工方提供装载机劳务两天，报酬600元未付。",
            terms_text="用工方分两期支付拖欠的劳务报酬600元。\n双方就本纠纷再无其他争议。",
            payments=[
                mediation.PaymentRow(due_date=today + dt.timedelta(days=3), amount="300.00"),
                mediation.PaymentRow(due_date=today + dt.timedelta(days=10), amount="300.00"),
            ],
        ),
    )
    mediation.send_agreement(actor=cast.station_staff, case_id=case.pk)
    for user in (cast.worker.user, cast.employer):
        # The contract's signing code went to the same phones a moment ago.
        with override_settings(LINGONG_OTP_RESEND_SECONDS=0), capture(execute=True):
            mediation.request_signing_code(actor=user, case_id=case.pk)
        agreement = mediation_selectors.current_agreement(case)
        assert agreement is not None
        with capture(execute=True):
            mediation.sign_agreement(
                actor=user,
                case_id=case.pk,
                code=code_for(user.phone),
                pdf_sha256=agreement.pdf_sha256,
                ip="10.1.2.3",
                user_agent="Mozilla/5.0 (iPhone) pytest",
            )
    agreement = mediation_selectors.current_agreement(case)
    assert agreement is not None and agreement.signed_pdf_sha256
    if pay_first:
        first = agreement.payment_terms.order_by("seq").first()
        assert first is not None
        mediation.record_payment(actor=cast.worker.user, case_id=case.pk, term_id=first.pk, amount="300.00")
    return MediationCase.objects.get(pk=case.pk)
