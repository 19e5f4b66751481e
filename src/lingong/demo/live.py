"""Live job promotion (直播带岗) in the demo: yesterday's session, replayed, with comments and leads in every
follow-up state (one hired through a real engagement), tomorrow evening's session, and the market's word
lists. Hosted by the demo station staff (13800000003).

The replay's stream is an outside platform's room (``EXTERNAL``) with example https links (example.com
is reserved for examples: the links go nowhere real, and say so). Its own random stream, so the draws of
the other builders are unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from lingong.accounts.access import market_id_of
from lingong.accounts.models import User
from lingong.core.errors import DomainError
from lingong.core.masking import mask_phone
from lingong.demo.cast import JIANG_PHONE, LI_PHONE, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.demo.employers import Employers
from lingong.demo.org import Org
from lingong.employers.models import EnterpriseKind
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting
from lingong.live import followup, schedule
from lingong.live.intent import is_signup_intent
from lingong.live.models import (
    HiddenReason,
    Lead,
    LeadSource,
    LeadStatus,
    LiveComment,
    LiveSession,
    LiveSettings,
    LiveViewer,
    SessionJob,
    SessionStatus,
    StreamKind,
)
from lingong.workers.models import WorkerProfile

REPLAY_TITLE = "路南区春风行动直播带岗（回放）"
UPCOMING_TITLE = "明晚7点 直播带岗：驿站精选岗位"
INTENT_PHRASES = "报个名\n算我一个\n我来试试"
BLOCKED_WORDS = "骗子\n傻子\n滚"
ANONYMOUS_PHONES = ("13912340001", "13912340002", "13912340003", "13912340004")
SEED_OFFSET = 1212


def _stamp(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _promotable(market_id: int, employers: Employers) -> list[JobPosting]:
    """Open jobs of verified employers: the bank's and the demo employer's first, then others by id."""
    qs = (
        JobPosting.objects.filter(**schedule.open_jobs_q(market_id))
        .exclude(enterprise__kind=EnterpriseKind.HOUSEHOLD)
        .select_related("enterprise")
    )
    first: list[JobPosting] = []
    for row in (employers.bank, employers.xinda):
        first += list(qs.filter(enterprise_id=row.enterprise.pk).order_by("pk")[:2])
    rest = list(qs.exclude(pk__in=[j.pk for j in first]).order_by("pk")[:12])
    return first + rest


def build_live(ctx: DemoContext, org: Org, employers: Employers) -> dict[str, Any]:
    ctx.progress.set_description("直播带岗")
    rng = random.Random(ctx.opts.seed + SEED_OFFSET)
    market = org.market
    host = User.objects.select_related("station__centre").get(phone=STATION_STAFF_PHONE)
    LiveSettings.objects.update_or_create(
        market=market,
        defaults={"intent_phrases": INTENT_PHRASES, "blocked_words": BLOCKED_WORDS, "updated_by": host},
    )
    jobs = _promotable(market.pk, employers)
    replay = _replay(ctx, rng, host, jobs[:4])
    upcoming = schedule.create_session(
        actor=host,
        data=schedule.ScheduleInput(
            title=UPCOMING_TITLE,
            description="驿站主播带您看岗位，评论扣1即可报名，驿站工作人员会尽快联系您。",
            host_name="驿站小王",
            starts_at=_stamp(ctx.today + dt.timedelta(days=1), 19, 0),
            planned_minutes=60,
            stream_kind=StreamKind.EXTERNAL,
            stream_url="https://live.example.com/lunan/tomorrow",
            job_ids=[j.pk for j in (jobs[4:7] if len(jobs) >= 7 else jobs[:3])],
        ),
    )
    ctx.counts["live_sessions"] = 2
    ctx.counts["live_leads"] = Lead.objects.filter(session=replay).count()
    return {"replay": replay, "upcoming": upcoming}


def _replay(ctx: DemoContext, rng: random.Random, host: User, jobs: list[JobPosting]) -> LiveSession:
    yesterday = ctx.today - dt.timedelta(days=1)
    engagement = (
        Engagement.objects.filter(market_id=market_id_of(host), started_at__isnull=False)
        .select_related("job", "worker__user", "application")
        .order_by("pk")
        .first()
    )
    if engagement is not None and engagement.job not in jobs:
        jobs = [engagement.job, *jobs[:3]]
    station = host.station
    session = LiveSession.objects.create(
        market_id=market_id_of(host),
        station=station,
        centre=station.centre if station is not None else None,
        code=schedule.new_code(),
        title=REPLAY_TITLE,
        description="昨晚的直播带岗：银行食堂、物流装卸等岗位，回放可随时观看。",
        host=host,
        host_name="驿站小王",
        starts_at=_stamp(yesterday, 19, 0),
        planned_minutes=60,
        stream_kind=StreamKind.EXTERNAL,
        stream_url="https://live.example.com/lunan/spring",
        replay_url="https://live.example.com/lunan/spring/replay",
        status=SessionStatus.ENDED,
        started_at=_stamp(yesterday, 19, 2),
        ended_at=_stamp(yesterday, 20, 5),
        peak_viewers=38,
        total_viewers=126,
        created_by=host,
        created_at=_stamp(yesterday - dt.timedelta(days=2), 10, 0),
    )
    session_jobs = [
        SessionJob.objects.create(session=session, job=job, position=i, pinned_count=1)
        for i, job in enumerate(jobs, start=1)
    ]
    workers = _workers(host)
    viewers = _viewers(session, rng, workers)
    _comments(session, rng, viewers, session_jobs, host)
    _leads(session, rng, viewers, workers, session_jobs, host, engagement)
    return session


def _workers(host: User) -> list[WorkerProfile]:
    story = list(
        WorkerProfile.objects.filter(user__phone__in=(JIANG_PHONE, LI_PHONE))
        .select_related("user")
        .order_by("pk")
    )
    others = list(
        WorkerProfile.objects.filter(market_id=market_id_of(host))
        .exclude(user__phone__in=(JIANG_PHONE, LI_PHONE))
        .exclude(real_name="")
        .select_related("user")
        .order_by("pk")[:6]
    )
    return story + others


def _viewers(session: LiveSession, rng: random.Random, workers: list[WorkerProfile]) -> list[LiveViewer]:
    joined = session.started_at or session.starts_at
    viewers = [
        LiveViewer(
            session=session,
            key=f"demo{n:04d}",
            user=w.user,
            nickname=w.masked_name[:20] or f"观众{1000 + n}",
            joined_at=joined + dt.timedelta(minutes=rng.randint(0, 20)),
            last_seen_at=joined + dt.timedelta(minutes=rng.randint(30, 60)),
        )
        for n, w in enumerate(workers)
    ]
    viewers += [
        LiveViewer(
            session=session,
            key=f"anon{n:04d}",
            nickname=f"观众{rng.randint(1000, 9999)}",
            joined_at=joined + dt.timedelta(minutes=rng.randint(0, 40)),
            last_seen_at=joined + dt.timedelta(minutes=rng.randint(41, 62)),
        )
        for n in range(16)
    ]
    LiveViewer.objects.bulk_create(viewers)
    return list(LiveViewer.objects.filter(session=session).order_by("pk"))


COMMENTS = (
    "主播晚上好",
    "扣1",
    "1",
    "工资日结吗",
    "在哪个区",
    "111",
    "我要去",
    "管饭吗",
    "几点上班",
    "扣1扣1",
    "11点开始吗",
    "1号线附近有吗",
    "报名",
    "女的可以吗",
    "想去",
    "有没有保险",
    "算我一个",
    "50岁能干吗",
    "扣1",
    "报个名",
    "不去了太远",
    "每天干几个小时",
    "1",
    "路南区的吗",
    "我和老公都去",
    "要健康证吗",
    "扣1",
    "怎么报名",
    "1",
    "谢谢主播",
    "包住吗",
    "扣1",
    "1111",
    "周末也上班吗",
    "我来试试",
    "扣1 在哪报名",
)


def _comments(
    session: LiveSession,
    rng: random.Random,
    viewers: list[LiveViewer],
    session_jobs: list[SessionJob],
    host: User,
) -> None:
    start = session.started_at or session.starts_at
    rows: list[LiveComment] = []
    for n, text in enumerate(COMMENTS):
        pinned = session_jobs[min(n * len(session_jobs) // len(COMMENTS), len(session_jobs) - 1)]
        rows.append(
            LiveComment(
                session=session,
                viewer=rng.choice(viewers),
                text=text,
                public_text=text,
                job=pinned.job,
                is_intent=is_signup_intent(text, INTENT_PHRASES.splitlines()),
                created_at=start + dt.timedelta(minutes=2 + n * 1.8),
            )
        )
    phone = "13912345678"
    rows.append(
        LiveComment(
            session=session,
            viewer=viewers[-1],
            text=f"我电话{phone}，想报名",
            public_text=f"我电话{mask_phone(phone)}，想报名",
            job=session_jobs[0].job,
            is_intent=True,
            created_at=start + dt.timedelta(minutes=12),
        )
    )
    rows.append(
        LiveComment(
            session=session,
            viewer=viewers[-2],
            text="主播就是骗子",
            public_text="主播就是骗子",
            hidden_reason=HiddenReason.WORD_LIST,
            created_at=start + dt.timedelta(minutes=25),
        )
    )
    for minute, text in (
        (5, "大家好，今天推荐四个岗位，看中了评论扣1"),
        (30, "日结，管午饭，需要健康证"),
        (55, "报名的朋友驿站会电话联系您"),
    ):
        rows.append(
            LiveComment(
                session=session,
                author=host,
                is_host=True,
                text=text,
                public_text=text,
                created_at=start + dt.timedelta(minutes=minute),
            )
        )
    LiveComment.objects.bulk_create(rows)


def _leads(
    session: LiveSession,
    rng: random.Random,
    viewers: list[LiveViewer],
    workers: list[WorkerProfile],
    session_jobs: list[SessionJob],
    host: User,
    engagement: Engagement | None,
) -> None:
    start = session.started_at or session.starts_at
    by_user = {v.user_id: v for v in viewers if v.user_id is not None}
    anonymous = [v for v in viewers if v.user_id is None]
    # Logged-in workers: their lead is an application at once (they consented in the room).
    for n, worker in enumerate(workers[:6]):
        if engagement is not None and worker.pk == engagement.worker_id:
            continue
        rotated = session_jobs[(n + 1) % len(session_jobs) :] + session_jobs[: (n + 1) % len(session_jobs)]
        sj, application = rotated[0], None
        for candidate in rotated if n % 3 != 2 else ():  # every third one is left for staff to follow up
            try:
                application = job_services.apply(
                    actor=worker.user, job_id=candidate.job_id, message="直播间报名"
                )
            except DomainError:  # a certificate the job asks for, applied already: try the next job
                continue
            sj = candidate
            break
        Lead.objects.create(
            market_id=session.market_id,
            session=session,
            job_id=sj.job_id,
            viewer=by_user.get(worker.user_id),
            user=worker.user,
            worker=worker,
            source=LeadSource.COMMENT if n % 2 == 0 else LeadSource.TAP,
            status=LeadStatus.APPLIED if application is not None else LeadStatus.NEW,
            application=application,
            created_at=start + dt.timedelta(minutes=8 + n * 4),
        )
    # Anonymous viewers who left a phone confirmed by SMS, followed up by the station.
    plan = (
        ("contacted", "已电话联系，周一到驿站面谈"),
        ("no_answer", "两次未接通"),
        ("not_interested", "嫌远，不考虑"),
        ("", ""),
    )
    for n, (phone, (status, note)) in enumerate(zip(ANONYMOUS_PHONES, plan, strict=True)):
        lead = Lead.objects.create(
            market_id=session.market_id,
            session=session,
            job_id=session_jobs[n % len(session_jobs)].job_id,
            viewer=anonymous[n],
            phone=phone,
            phone_verified_at=start + dt.timedelta(minutes=15 + n * 6),
            source=LeadSource.COMMENT,
            created_at=start + dt.timedelta(minutes=15 + n * 6),
        )
        if status:
            followup.follow_up(actor=host, lead_id=lead.pk, status=status, note=note)
    # One worker hired through a real engagement of the demo chain (it started today).
    if engagement is not None:
        viewer = by_user.get(engagement.worker.user_id) or LiveViewer.objects.create(
            session=session,
            key="hired0001",
            user=engagement.worker.user,
            nickname=engagement.worker.masked_name[:20] or "观众8888",
            joined_at=start,
        )
        lead = Lead.objects.create(
            market_id=session.market_id,
            session=session,
            job_id=engagement.job_id,
            viewer=viewer,
            user=engagement.worker.user,
            worker=engagement.worker,
            source=LeadSource.COMMENT,
            status=LeadStatus.APPLIED,
            application=engagement.application,
            created_at=start + dt.timedelta(minutes=6),
        )
        followup.hire_from_engagement(application_id=engagement.application_id)
