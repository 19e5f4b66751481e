"""The arbitration direct line in the demo (issue 11 §3): the market's forums, and 李建国's complaint about
the formwork job (the employer cut his hours) taken to the court as a labour-service case, with the
application draft and the evidence bundle built and the referral submitted."""

from __future__ import annotations

from decimal import Decimal

from lingong.accounts.models import User
from lingong.arbitration import services as arbitration
from lingong.arbitration.models import Forum, ForumKind
from lingong.demo.cast import ADMIN_PHONE, LI_PHONE, MARKET_CODE
from lingong.demo.context import DemoContext
from lingong.disputes import services as disputes
from lingong.engagements.models import Engagement
from lingong.org.models import Market

FORMWORK_TITLE = "路南区小区道路改造招木工（支模）1名"
# Demo rows; the addresses and numbers of the real bodies are for staff to fill in from official notices.
FORUMS = [
    (
        ForumKind.ARBITRATION_COMMISSION,
        "唐山市路南区劳动人事争议仲裁委员会",
        "唐山市路南区（以官方公布地址为准）",
    ),
    (ForumKind.COURT, "唐山市路南区人民法院", "唐山市路南区（以官方公布地址为准）"),
    (ForumKind.PEOPLE_MEDIATION, "路南区零工市场人民调解委员会", "路南区零工市场服务大厅调解室"),
]


def build_arbitration(ctx: DemoContext) -> None:
    market = Market.objects.get(code=MARKET_CODE)
    forums = {
        kind: Forum.objects.create(market=market, kind=kind, name=name, address=address)
        for kind, name, address in FORUMS
    }
    ctx.counts["forums"] = len(forums)
    users = {u.phone: u for u in User.objects.filter(phone__in=(ADMIN_PHONE, LI_PHONE))}
    li, admin = users[LI_PHONE], users[ADMIN_PHONE]
    engagement = Engagement.objects.filter(worker__user=li, job__title=FORMWORK_TITLE).order_by("pk").first()
    if engagement is None:
        return
    complaint = disputes.file_complaint(
        actor=li,
        data=disputes.ComplaintInput(
            kind="unpaid_pay",
            what_happened=(
                "在小区道路改造工地支模，第一天按时签到签退，老板说我提前走了半小时，"
                "少算工时，后面几天的工钱也一直拖着不给。"
            ),
            asks_for="按考勤记录结清三天工钱，共1080元",
            amount_claimed=Decimal("1080.00"),
            engagement_id=engagement.pk,
        ),
    )
    disputes.acknowledge(actor=admin, complaint_id=complaint.pk)
    arbitration.create_referral(
        actor=admin,
        complaint_id=complaint.pk,
        forum_id=forums[ForumKind.COURT].pk,
        kind="court",
        sent_at=ctx.today,
    )
    # Built last, so the bundle's trail section holds the referral too.
    arbitration.build_documents(actor=li, complaint_id=complaint.pk, answers={"worker_draws_pension": False})
    ctx.counts["referrals"] = 1
