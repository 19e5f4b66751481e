"""Legal help in the demo: six advisers across the industries with open slots over the next two weeks,
two on-site arbitration days with slots, one booking by 江小军, and the policy library (the rules are the
baseline file, legal/rules/v1.json)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.cast import ADMIN_PHONE, JIANG_PHONE
from lingong.demo.context import DemoContext
from lingong.legal import services
from lingong.legal.library import seed_articles

ADVISERS = [
    ("王振华", "lawyer", "河北冀华律师事务所", ["construction", "manufacturing"], "普通话、唐山话"),
    ("李秀梅", "lawyer", "唐山正衡律师事务所", ["housekeeping", "catering"], "普通话"),
    ("张建军", "legal_aid_volunteer", "路南区法律援助中心", ["construction", "logistics"], "普通话、唐山话"),
    ("赵丽娟", "legal_aid_volunteer", "河北某大学法学院法律诊所", ["housekeeping", "other"], "普通话"),
    ("孙国强", "lawyer", "唐山明德律师事务所", ["logistics", "manufacturing"], "普通话"),
    (
        "刘海燕",
        "legal_aid_volunteer",
        "路南区总工会职工法律服务站",
        ["catering", "other", "construction"],
        "普通话",
    ),
]
MODES = ("on_site", "phone", "video", "on_site")
PLACE = "路南区零工市场二楼 法律服务室"
ARBITRATION_PLACE = "路南区零工市场一楼 调解仲裁室"
COMMISSION = "唐山市劳动人事争议仲裁委员会"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build_legal(ctx: DemoContext) -> None:
    admin = User.objects.get(phone=ADMIN_PHONE)
    jiang = User.objects.get(phone=JIANG_PHONE)
    seed_articles()
    advisers = [
        services.save_adviser(
            actor=admin,
            data=services.AdviserInput(
                name=name,
                kind=kind,
                organisation=org,
                industries=industries,
                phone=f"1390315{i:04d}",
                languages=languages,
                notes="免费为零工提供劳动报酬、工伤、劳务合同等法律咨询。",
            ),
        )
        for i, (name, kind, org, industries, languages) in enumerate(ADVISERS, start=1)
    ]
    slots = 0
    first_slot_of_wang = None
    for offset in range(1, 15):
        day = ctx.today + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for i, adviser in enumerate(advisers):
            if (offset + i) % 3:
                continue
            for hour, minute in ((9, 30), (14, 30)):
                mode = MODES[(offset + i + hour) % len(MODES)]
                start = _at(day, hour, minute)
                slot = services.add_slot(
                    actor=admin,
                    data=services.SlotInput(
                        adviser_id=adviser.pk,
                        starts_at=start,
                        ends_at=start + dt.timedelta(minutes=40),
                        mode=mode,
                        place=PLACE if mode == "on_site" else "",
                        video_link="https://meeting.example.cn/lingong-legal" if mode == "video" else "",
                    ),
                )
                slots += 1
                if adviser is advisers[0] and first_slot_of_wang is None:
                    first_slot_of_wang = slot
    days = []
    for offset in (3, 10):
        day = ctx.today + dt.timedelta(days=offset)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        arbitration_day = services.save_arbitration_day(
            actor=admin,
            data=services.DayInput(
                date=day,
                place=ARBITRATION_PLACE,
                commission=COMMISSION,
                notes="仲裁员现场接待，可咨询劳动争议、提交仲裁申请；请带身份证和相关证据。",
            ),
        )
        days.append(arbitration_day)
        for k in range(5):
            start = _at(day, 9) + dt.timedelta(minutes=30 * k)
            services.add_slot(
                actor=admin,
                data=services.SlotInput(
                    arbitration_day_id=arbitration_day.pk,
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=25),
                    mode="on_site",
                    place=ARBITRATION_PLACE,
                ),
            )
            slots += 1
    if first_slot_of_wang is not None:
        services.book(
            actor=jiang,
            slot_id=first_slot_of_wang.pk,
            data=services.BookingInput(
                topic="construction",
                question="在工地开铲车干了几天，老板说月底统一结账，没签书面合同，万一不给钱该怎么办？",
            ),
        )
    ctx.counts["legal_advisers"] = len(advisers)
    ctx.counts["legal_slots"] = slots
    ctx.counts["arbitration_days"] = len(days)
