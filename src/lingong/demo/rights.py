"""Personal-data rights in the demo: requests in each state for staff to answer, a withdrawn consent and
login history for the people in the demo logins (江小军, 李建国)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from lingong.accounts.access import market_id_of
from lingong.accounts.models import LoginEvent, LoginMethod, User
from lingong.demo.cast import ADMIN_PHONE, JIANG_PHONE, LI_PHONE, MARKET_CODE, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.rights.models import RequestKind, RequestStatus, RightsRequest
from lingong.workers.models import ConsentChannel, ConsentPurpose, ConsentRecord, WorkerProfile

DEMO_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; 演示手机) AppleWebKit/537.36 Chrome/131 Mobile Safari/537.36"
)


def build_rights(ctx: DemoContext) -> None:
    users = {
        u.phone: u
        for u in User.objects.filter(phone__in=(ADMIN_PHONE, JIANG_PHONE, LI_PHONE, STATION_STAFF_PHONE))
    }
    jiang, li, staff = users[JIANG_PHONE], users[LI_PHONE], users[STATION_STAFF_PHONE]
    now = ctx.now

    def request(user: User, kind: str, days_ago: float, detail: str, **decided: object) -> RightsRequest:
        profile = WorkerProfile.objects.filter(user=user).first()
        return RightsRequest.objects.create(
            user=user,
            market_id=market_id_of(user),
            station=profile.station if profile is not None else None,
            kind=kind,
            detail=detail,
            created_at=now - dt.timedelta(days=days_ago),
            **decided,
        )

    # 江小军 asked two days ago for a stamped copy of his records: pending, within the clock.
    request(jiang, RequestKind.ACCESS, 2, "请提供盖章的个人信息副本，办理贷款需要。")
    # Two workers of the demo station staff's station (no engagements): one asked to close the account
    # 35 days ago and is overdue whatever the weekday and holidays (the clock counts working days: 20
    # calendar days was not overdue on a Sunday); one had a correction done last week.
    # If the station has fewer than two such workers, the next ones registered elsewhere are moved to it
    # (no draw from the shared random stream: the rest of the demo stays as it is).
    free = (
        WorkerProfile.objects.filter(market__code=MARKET_CODE, engagements__isnull=True)
        .exclude(user__phone__in=(JIANG_PHONE, LI_PHONE))
        .select_related("user")
    )
    others = [*free.filter(station=staff.station).order_by("pk")[:2]]
    others += [*free.exclude(station=staff.station).order_by("pk")[: 2 - len(others)]]
    for moved in others:
        if moved.station_id != staff.station_id:
            WorkerProfile.objects.filter(pk=moved.pk).update(station=staff.station)
            moved.station = staff.station
    if len(others) == 2:
        request(others[0].user, RequestKind.DELETION, 35, "已回老家，不再找工作，请注销账户。")
        request(
            others[1].user,
            RequestKind.CORRECTION,
            12,
            "技能里的从业年限应为10年。",
            status=RequestStatus.COMPLETED,
            decided_at=now - dt.timedelta(days=9),
            decided_by=staff,
            decision_note="已核对并更正从业年限。",
        )
    # 李建国 let employers see his phone number once, then withdrew it.
    ConsentRecord.objects.create(
        user=li,
        notice_version=settings.LINGONG_PRIVACY_NOTICE_VERSION,
        purpose=ConsentPurpose.SHARE_CONTACT,
        channel=ConsentChannel.APP,
        given_at=now - dt.timedelta(days=30),
        withdrawn_at=now - dt.timedelta(days=3),
    )
    LoginEvent.objects.bulk_create(
        [
            LoginEvent(
                user=user, at=now - dt.timedelta(days=d, hours=h), method=m, ip=ip, user_agent=DEMO_USER_AGENT
            )
            for user in (jiang, li)
            for d, h, m, ip in (
                (6, 3, LoginMethod.PAGE_PASSWORD, "10.12.3.45"),
                (1, 2, LoginMethod.PAGE_OTP, "10.12.7.19"),
            )
        ]
    )
    ctx.counts["rights_requests"] = RightsRequest.objects.filter(market__code=MARKET_CODE).count()
