"""Complaints in the demo (issue 11, section 1): two mediators (one at the demo station, one at its centre),
a complaint filed today awaiting acknowledgement, one overdue and escalated to the centre, a wage complaint
on 李建国's formwork engagement (worked, not paid) acknowledged and with the station's mediator, and one
closed because the employer paid (his railing painting, paid today). Everything goes through the services;
the overdue one has its dates moved back by hand, as the rights requests do. No draws."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lingong.accounts.models import User
from lingong.demo.cast import JIANG_PHONE, LI_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.org import Org
from lingong.disputes import services
from lingong.disputes.models import CloseReason, Complaint, ComplaintKind, Mediator
from lingong.engagements.models import Engagement
from lingong.settlement.models import Payment, PaymentStatus
from lingong.workers.models import WorkerProfile


def _file(user: User, kind: str, what: str, asks: str, engagement: Engagement | None = None) -> Complaint:
    data = services.ComplaintInput(
        kind=kind,
        what_happened=what,
        asks_for=asks,
        engagement_id=engagement.pk if engagement is not None else None,
    )
    return services.file_complaint(actor=user, data=data)


def build_mediators(org: Org) -> tuple[Mediator, Mediator]:
    """The station staff login mediates at the demo station; the centre staff login at its centre."""
    station = Mediator.objects.create(
        market=org.market,
        user=org.station_staff,
        display_name="王秀兰（驿站调解员）",
        station=org.demo_station,
        centre=org.demo_station.centre,
        max_open_cases=10,
    )
    centre = Mediator.objects.create(
        market=org.market,
        user=org.centre_staff,
        display_name="赵志刚（中心调解员）",
        centre=org.demo_station.centre,
        max_open_cases=20,
    )
    return station, centre


def build_complaints(ctx: DemoContext, org: Org) -> None:
    ctx.progress.set_description("投诉")
    station_mediator, _centre_mediator = build_mediators(org)
    users = {u.phone: u for u in User.objects.filter(phone__in=(JIANG_PHONE, LI_PHONE))}
    jiang, li = users[JIANG_PHONE], users[LI_PHONE]
    station = org.demo_station
    made = []

    # Filed today by 江小军, about his loader job: waiting for the station to acknowledge it.
    loader = Engagement.objects.filter(worker__user=jiang).order_by("pk").first()
    today = _file(
        jiang,
        ComplaintKind.SAFETY,
        "装载机作业区没有设置警戒线，旁边还有人在施工，现场负责人说不用管。",
        "请督促用工方设置警戒区、配齐安全帽和反光背心。",
        loader,
    )
    services.assign(actor=org.admin, complaint_id=today.pk, station_id=station.pk)
    made.append(today)

    # Filed three days ago by a worker of the demo station, never acknowledged: escalated to the centre.
    # (Not the two of the station the rights requests use; another of the market when it has no third.)
    idle = (
        WorkerProfile.objects.filter(market=org.market, engagements__isnull=True)
        .exclude(user__phone__in=(JIANG_PHONE, LI_PHONE))
        .select_related("user")
        .order_by("pk")
    )
    filer = list(idle.filter(station=station)[2:3]) or list(idle.exclude(station=station)[:1])
    if filer:
        old = _file(
            filer[0].user,
            ComplaintKind.FEES,
            "在驿站门口遇到的中介说交300元押金才能介绍进厂，交了钱以后一直联系不上。",
            "退还300元押金，查处这个中介。",
        )
        services.assign(actor=org.admin, complaint_id=old.pk, station_id=station.pk)
        filed = ctx.now - dt.timedelta(days=3)
        Complaint.objects.filter(pk=old.pk).update(
            filed_at=filed, acknowledge_by=filed + dt.timedelta(days=1), due_at=filed + dt.timedelta(days=1)
        )
        services.escalate_overdue(now=ctx.now)  # one level: the station -> its centre
        made.append(old)

    # 李建国's formwork: worked and not paid (the employer disputes the hours). A wage complaint,
    # acknowledged by the station and given to its mediator.
    formwork = Engagement.objects.filter(worker__user=li, job__title__contains="支模").first()
    if formwork is not None:
        wage = _file(
            li,
            ComplaintKind.UNPAID_PAY,
            "小区道路改造支模干了一天，老板说我提前走了，工时不认，工钱一直没结。",
            "按实际工时结清工钱。",
            formwork,
        )
        services.assign(actor=org.admin, complaint_id=wage.pk, station_id=station.pk)
        services.acknowledge(actor=org.station_staff, complaint_id=wage.pk)
        services.assign(actor=org.station_staff, complaint_id=wage.pk, mediator_id=station_mediator.pk)
        made.append(wage)

    # 李建国's railing painting was paid today: a wage complaint about it, closed as paid.
    painting = Engagement.objects.filter(worker__user=li, job__title__contains="刷漆").first()
    if painting is not None:
        paid = _file(
            li,
            ComplaintKind.UNPAID_PAY,
            "护栏刷漆说好当天结清，收工后一直没到账。",
            "当天结清工钱。",
            painting,
        )
        services.assign(actor=org.admin, complaint_id=paid.pk, station_id=station.pk)
        services.acknowledge(actor=org.station_staff, complaint_id=paid.pk)
        amount = sum(
            p.amount
            for p in Payment.objects.filter(statement__engagement=painting, status=PaymentStatus.SUCCEEDED)
        ) or Decimal("0.00")
        services.close_complaint(
            actor=org.station_staff,
            complaint_id=paid.pk,
            reason=CloseReason.PAID,
            resolution="经驿站联系，用工方已通过网银足额支付。",
            amount_recovered=amount,
        )
        made.append(paid)
    ctx.counts["complaints"] = len(made)
