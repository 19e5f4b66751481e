"""A case worth taking further: a signed contract, worked and confirmed shifts, an unpaid statement, and a
wage complaint with a photo, acknowledged by staff."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lingong import testing as t
from lingong.arbitration.models import Forum, ForumKind
from lingong.disputes import services as disputes
from lingong.disputes.models import Complaint
from lingong.engagements import services as engagement_services
from lingong.engagements.models import Engagement
from lingong.settlement import services as settlement_services
from lingong.workflow.tests.helpers import sign_both

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
