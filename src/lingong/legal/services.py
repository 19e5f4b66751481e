"""Legal help: the adviser roster, slots and arbitration days (staff), bookings (workers), advice,
reminders, the policy articles and the 政策匹配 rules versions (issue 11, section 4).

Every change: check who acts, one transaction with the rows locked, the lifecycle or a save, an audit
entry, notifications after commit. Money is not involved here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff, require_role
from lingong.accounts.models import Role
from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import send_event_on_commit, user_group
from lingong.legal.models import (
    CONSULTATION_LIFECYCLE,
    SLOT_LIFECYCLE,
    AdviserKind,
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    ConsultationStatus,
    Industry,
    LegalAdviser,
    PolicyArticle,
    PolicyCategory,
    PolicyGroup,
    RulesVersion,
    SlotMode,
    SlotStatus,
)
from lingong.legal.rules_engine import RulesError, validate
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

MANAGERS = (Role.MARKET_ADMIN, Role.CENTRE_STAFF)
MAX_REMINDER_HOURS = 72  # the policy range's upper bound (org.policy_defaults RANGES)


def consultations_url() -> str:
    return reverse("legal:my_consultations")


def _market_id(actor: Any) -> int:
    if actor.market_id is None:
        raise InvalidInput(_("您的账户尚未关联零工市场。"))
    return int(actor.market_id)


def _aware(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        parsed: dt.datetime | None = value
    else:
        try:
            parsed = parse_datetime(str(value or "").strip())
        except ValueError:
            parsed = None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[: limit + 1]


# --- roster -----------------------------------------------------------------------------------------------


@dataclass
class AdviserInput:
    name: str = ""
    kind: str = ""
    organisation: str = ""
    industries: list[str] = field(default_factory=list)
    phone: str = ""
    languages: str = ""
    notes: str = ""
    active: bool = True


def _adviser_errors(data: AdviserInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip() or len(data.name.strip()) > 30:
        errors["name"] = [_("请填写姓名（不超过30字）。")]
    if data.kind not in AdviserKind.values:
        errors["kind"] = [_("请选择律师或法律援助志愿者。")]
    if not data.industries or any(i not in Industry.values for i in data.industries):
        errors["industries"] = [_("请选择擅长的行业。")]
    if len(data.organisation.strip()) > 100:
        errors["organisation"] = [_("律所/机构不能超过100字。")]
    phone = data.phone.strip()
    if phone and (not phone.replace("-", "").isdigit() or len(phone) > 20):
        errors["phone"] = [_("请输入正确的联系电话。")]
    if len(data.languages.strip()) > 100:
        errors["languages"] = [_("语言不能超过100字。")]
    if len(data.notes.strip()) > 500:
        errors["notes"] = [_("简介不能超过500字。")]
    return errors


def save_adviser(*, actor: Any, data: AdviserInput, adviser_id: int | None = None) -> LegalAdviser:
    require_role(actor, *MANAGERS)
    market_id = _market_id(actor)
    errors = _adviser_errors(data)
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    with transaction.atomic():
        if adviser_id is None:
            adviser = LegalAdviser(market_id=market_id)
        else:
            found = (
                LegalAdviser.objects.select_for_update().filter(pk=adviser_id, market_id=market_id).first()
            )
            if found is None:
                raise NotFoundError(_("法律顾问不存在"))
            adviser = found
        adviser.name = data.name.strip()
        adviser.kind = data.kind
        adviser.organisation = data.organisation.strip()
        adviser.industries = [i for i in Industry.values if i in data.industries]
        adviser.phone = data.phone.strip()
        adviser.languages = data.languages.strip()
        adviser.notes = data.notes.strip()
        adviser.active = bool(data.active)
        created = adviser.pk is None
        adviser.save()
        trail.record(
            action="legal.adviser_created" if created else "legal.adviser_updated",
            obj=adviser,
            actor=actor,
            data={"kind": adviser.kind, "industries": adviser.industries, "active": adviser.active},
        )
    return adviser


@dataclass
class DayInput:
    date: Any = None
    place: str = ""
    commission: str = ""
    notes: str = ""
    published: bool = True


def save_arbitration_day(*, actor: Any, data: DayInput, day_id: int | None = None) -> ArbitrationDay:
    require_role(actor, *MANAGERS)
    market_id = _market_id(actor)
    errors: dict[str, list[str]] = {}
    date = data.date if isinstance(data.date, dt.date) else parse_date(str(data.date or "").strip() or "x")
    if date is None:
        errors["date"] = [_("请选择日期。")]
    elif day_id is None and date < timezone.localdate():
        errors["date"] = [_("日期不能早于今天。")]
    if not data.place.strip() or len(data.place.strip()) > 200:
        errors["place"] = [_("请填写地点（不超过200字）。")]
    if not data.commission.strip() or len(data.commission.strip()) > 100:
        errors["commission"] = [_("请填写仲裁委员会名称（不超过100字）。")]
    if len(data.notes.strip()) > 500:
        errors["notes"] = [_("说明不能超过500字。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    with transaction.atomic():
        if day_id is None:
            day = ArbitrationDay(market_id=market_id)
        else:
            found = ArbitrationDay.objects.select_for_update().filter(pk=day_id, market_id=market_id).first()
            if found is None:
                raise NotFoundError(_("仲裁庭进驻日不存在"))
            day = found
        day.date = date  # type: ignore[assignment]
        day.place, day.commission = data.place.strip(), data.commission.strip()
        day.notes, day.published = data.notes.strip(), bool(data.published)
        created = day.pk is None
        day.save()
        trail.record(
            action="legal.arbitration_day_created" if created else "legal.arbitration_day_updated",
            obj=day,
            actor=actor,
            data={"date": str(day.date), "published": day.published},
        )
    return day


@dataclass
class SlotInput:
    adviser_id: int | None = None
    arbitration_day_id: int | None = None
    starts_at: Any = None
    ends_at: Any = None
    mode: str = ""
    place: str = ""
    video_link: str = ""


def add_slot(*, actor: Any, data: SlotInput, now: dt.datetime | None = None) -> ConsultationSlot:
    """Staff open a bookable time with an adviser or on an arbitration day."""
    require_role(actor, *MANAGERS)
    market_id = _market_id(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    adviser = day = None
    if data.adviser_id is not None:
        adviser = LegalAdviser.objects.filter(pk=data.adviser_id, market_id=market_id, active=True).first()
        if adviser is None:
            errors["adviser_id"] = [_("请选择在岗的法律顾问。")]
    if data.arbitration_day_id is not None:
        day = ArbitrationDay.objects.filter(pk=data.arbitration_day_id, market_id=market_id).first()
        if day is None:
            errors["arbitration_day_id"] = [_("仲裁庭进驻日不存在。")]
    if data.adviser_id is None and data.arbitration_day_id is None:
        errors["adviser_id"] = [_("请选择法律顾问或仲裁庭进驻日。")]
    starts, ends = _aware(data.starts_at), _aware(data.ends_at)
    if starts is None:
        errors["starts_at"] = [_("请填写开始时间。")]
    elif starts <= now:
        errors["starts_at"] = [_("开始时间必须晚于现在。")]
    if ends is None:
        errors["ends_at"] = [_("请填写结束时间。")]
    elif starts is not None and not dt.timedelta(minutes=10) <= ends - starts <= dt.timedelta(hours=8):
        errors["ends_at"] = [_("结束时间应在开始后10分钟至8小时之间。")]
    if day is not None and starts is not None and timezone.localdate(starts) != day.date:
        errors["starts_at"] = [_("时段应在仲裁庭进驻当天。")]
    place, link = data.place.strip(), data.video_link.strip()
    if data.mode not in SlotMode.values:
        errors["mode"] = [_("请选择现场、电话或视频。")]
    elif data.mode == SlotMode.ON_SITE and not place:
        errors["place"] = [_("现场咨询请填写地点。")]
    elif data.mode == SlotMode.VIDEO and not link.startswith("https://"):
        errors["video_link"] = [_("视频咨询请填写以 https:// 开头的会议链接。")]
    if len(place) > 200:
        errors["place"] = [_("地点不能超过200字。")]
    if len(link) > 300:
        errors["video_link"] = [_("链接不能超过300字。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    assert starts is not None and ends is not None
    with transaction.atomic():
        if adviser is not None:
            adviser = LegalAdviser.objects.select_for_update().get(pk=adviser.pk)
            clash = ConsultationSlot.objects.filter(
                adviser=adviser,
                status__in=(SlotStatus.OPEN, SlotStatus.BOOKED),
                starts_at__lt=ends,
                ends_at__gt=starts,
            ).exists()
            if clash:
                raise InvalidInput(
                    _("该法律顾问在这段时间已有时段。"), errors={"starts_at": [_("与已有时段重叠。")]}
                )
        slot = ConsultationSlot.objects.create(
            market_id=market_id,
            adviser=adviser,
            arbitration_day=day,
            starts_at=starts,
            ends_at=ends,
            mode=data.mode,
            place=place,
            video_link=link if data.mode == SlotMode.VIDEO else "",
        )
        trail.record(
            action="legal.slot_created",
            obj=slot,
            actor=actor,
            data={
                "adviser": slot.adviser_id,
                "day": slot.arbitration_day_id,
                "starts_at": starts.isoformat(),
            },
        )
    return slot


def cancel_slot(*, actor: Any, slot_id: int) -> ConsultationSlot:
    """Staff withdraw a slot; a worker who had booked it is told."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        slot = (
            ConsultationSlot.objects.select_for_update().filter(pk=slot_id, market_id=actor.market_id).first()
        )
        if slot is None:
            raise NotFoundError(_("咨询时段不存在"))
        booking = (
            Consultation.objects.select_for_update(of=("self",))
            .filter(slot=slot, status=ConsultationStatus.BOOKED)
            .select_related("worker")
            .first()
        )
        SLOT_LIFECYCLE.advance(slot, SlotStatus.CANCELLED, actor=actor)
        if booking is not None:
            CONSULTATION_LIFECYCLE.advance(
                booking, ConsultationStatus.CANCELLED, actor=actor, stamp="cancelled_at", data={"by": "staff"}
            )
            notify(
                user=booking.worker,
                kind="legal_consultation_cancelled",
                title=_("很抱歉，您预约的法律咨询（%(time)s）已取消，请另选时段。")
                % {"time": f"{timezone.localtime(slot.starts_at):%m-%d %H:%M}"},
                url=reverse("legal:advisers"),
                link_text=_("重新预约"),
            )
    return slot


# --- bookings -------------------------------------------------------------------------------------------


@dataclass
class BookingInput:
    topic: str = ""
    question: str = ""


def book(*, actor: Any, slot_id: int, data: BookingInput, now: dt.datetime | None = None) -> Consultation:
    """A worker books an open slot. A slot already taken is 409, a past one 422; nothing is stored."""
    require_role(actor, Role.WORKER)
    errors: dict[str, list[str]] = {}
    topic = (data.topic or "").strip()
    if topic and topic not in Industry.values:
        errors["topic"] = [_("请选择咨询涉及的行业。")]
    question = (data.question or "").strip()
    if len(question) < 5:
        errors["question"] = [_("请简单说明您要咨询的问题（至少5个字）。")]
    elif len(question) > 1000:
        errors["question"] = [_("问题不能超过1000字。")]
    with transaction.atomic():
        slot = (
            ConsultationSlot.objects.select_for_update().filter(pk=slot_id, market_id=actor.market_id).first()
        )
        if slot is None:
            raise NotFoundError(_("咨询时段不存在"))
        now = now or timezone.now()
        if slot.starts_at <= now:
            errors["slot"] = [_("该时段已经开始或已过去，请选择其他时段。")]
        if errors:
            raise InvalidInput(_("请检查填写的内容。"), errors=errors)
        if slot.status != SlotStatus.OPEN:
            raise ConflictError(_("该时段已被预约，请选择其他时段。"), code="slot_taken")
        clash = Consultation.objects.filter(
            worker=actor,
            status=ConsultationStatus.BOOKED,
            slot__starts_at__lt=slot.ends_at,
            slot__ends_at__gt=slot.starts_at,
        ).exists()
        if clash:
            raise ConflictError(_("您在这段时间已有其他预约。"), code="overlapping_booking")
        try:
            with transaction.atomic():
                consultation = Consultation.objects.create(
                    market_id=slot.market_id, slot=slot, worker=actor, topic=topic, question=question
                )
        except IntegrityError as exc:  # another booking won the slot between the lock and the insert
            raise ConflictError(_("该时段已被预约，请选择其他时段。"), code="slot_taken") from exc
        SLOT_LIFECYCLE.advance(slot, SlotStatus.BOOKED, actor=actor, data={"consultation": consultation.pk})
        trail.record(
            action="consultation.booked",
            obj=consultation,
            actor=actor,
            data={"slot": slot.pk, "topic": topic},
        )
        when = timezone.localtime(slot.starts_at)
        notify(
            user=actor,
            kind="legal_consultation_booked",
            title=_("已预约法律咨询：%(time)s（%(mode)s）")
            % {"time": f"{when:%m-%d %H:%M}", "mode": slot.get_mode_display()},
            url=consultations_url(),
            link_text=_("查看预约"),
        )
        send_event_on_commit(
            [user_group(actor.pk)], {"type": "consultation", "op": "booked", "id": consultation.pk}
        )
    return consultation


def _consultation_for(actor: Any, consultation_id: int, *, staff_only: bool = False) -> Consultation:
    consultation = (
        Consultation.objects.select_for_update().filter(pk=consultation_id).first()
        if consultation_id
        else None
    )
    if consultation is None:
        raise NotFoundError(_("咨询预约不存在"))
    own = consultation.worker_id == actor.pk
    staff = is_staff(actor) and actor.market_id == consultation.market_id
    if not (staff or (own and not staff_only)):
        raise NotFoundError(_("咨询预约不存在"))
    return consultation


def cancel_booking(*, actor: Any, consultation_id: int, now: dt.datetime | None = None) -> Consultation:
    """The worker (or staff) cancels a booking; a slot still ahead opens again for others."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFoundError(_("咨询预约不存在"))
    now = now or timezone.now()
    with transaction.atomic():
        consultation = _consultation_for(actor, consultation_id)
        slot = ConsultationSlot.objects.select_for_update().get(pk=consultation.slot_id)
        CONSULTATION_LIFECYCLE.advance(
            consultation,
            ConsultationStatus.CANCELLED,
            actor=actor,
            stamp="cancelled_at",
            data={"by": "worker" if consultation.worker_id == actor.pk else "staff"},
        )
        if slot.status == SlotStatus.BOOKED:
            SLOT_LIFECYCLE.advance(
                slot, SlotStatus.OPEN if slot.starts_at > now else SlotStatus.CANCELLED, actor=actor
            )
        if consultation.worker_id != actor.pk:
            notify(
                user=consultation.worker,
                kind="legal_consultation_cancelled",
                title=_("您预约的法律咨询已由工作人员取消。"),
                url=consultations_url(),
                link_text=_("查看预约"),
            )
    return consultation


def record_advice(*, actor: Any, consultation_id: int, advice: str, no_show: bool = False) -> Consultation:
    """After the consultation staff record the adviser's advice (or that the worker did not come)."""
    if not is_staff(actor):
        raise NotFoundError(_("咨询预约不存在"))
    advice = (advice or "").strip()
    if not no_show and len(advice) < 5:
        raise InvalidInput(_("请填写咨询意见。"), errors={"advice": [_("请填写咨询意见（至少5个字）。")]})
    if len(advice) > 2000:
        raise InvalidInput(_("咨询意见不能超过2000字。"), errors={"advice": [_("咨询意见不能超过2000字。")]})
    with transaction.atomic():
        consultation = _consultation_for(actor, consultation_id, staff_only=True)
        slot = ConsultationSlot.objects.select_for_update().get(pk=consultation.slot_id)
        if no_show:
            SLOT_LIFECYCLE.advance(slot, SlotStatus.NO_SHOW, actor=actor)
            CONSULTATION_LIFECYCLE.advance(
                consultation,
                ConsultationStatus.CANCELLED,
                actor=actor,
                stamp="cancelled_at",
                data={"no_show": True},
            )
            return consultation
        consultation.advice = advice
        consultation.advice_by = actor
        CONSULTATION_LIFECYCLE.advance(
            consultation,
            ConsultationStatus.DONE,
            actor=actor,
            stamp="done_at",
            fields=["advice", "advice_by"],
        )
        SLOT_LIFECYCLE.advance(slot, SlotStatus.DONE, actor=actor)
        notify(
            user=consultation.worker,
            kind="legal_advice_recorded",
            title=_("律师的咨询意见已记录，可随时查看。"),
            url=consultations_url(),
            link_text=_("查看咨询意见"),
        )
    return consultation


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind each booking once, ``consultation_reminder_hours`` (market policy) before it starts."""
    now = now or timezone.now()
    candidates = list(
        Consultation.objects.filter(
            status=ConsultationStatus.BOOKED,
            reminded_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + dt.timedelta(hours=MAX_REMINDER_HOURS),
        ).values_list("pk", "market_id", "slot__starts_at")
    )
    hours: dict[int, int] = {}
    sent = 0
    for pk, market_id, starts_at in candidates:
        if market_id not in hours:
            hours[market_id] = int(policy_for(market_id).consultation_reminder_hours)
        if starts_at > now + dt.timedelta(hours=hours[market_id]):
            continue
        with transaction.atomic():
            consultation = (
                Consultation.objects.select_for_update(of=("self",))
                .select_related("slot", "worker", "slot__adviser", "slot__arbitration_day")
                .filter(pk=pk, status=ConsultationStatus.BOOKED, reminded_at__isnull=True)
                .first()
            )
            if consultation is None:
                continue
            consultation.reminded_at = now
            consultation.save(update_fields=["reminded_at", "updated_at"])
            slot = consultation.slot
            where = slot.place or (slot.video_link and _("视频链接见预约页")) or _("律师将致电您")
            notify(
                user=consultation.worker,
                kind="legal_consultation_reminder",
                title=_("提醒：您预约的法律咨询将于%(time)s开始，%(where)s。")
                % {"time": f"{timezone.localtime(slot.starts_at):%m-%d %H:%M}", "where": where},
                url=consultations_url(),
                link_text=_("查看预约"),
                idempotency_key=f"legal-reminder:{consultation.pk}",
            )
            trail.record(
                action="consultation.reminded",
                obj=consultation,
                data={"starts_at": slot.starts_at.isoformat(), "hours": hours[market_id]},
            )
            sent += 1
    return sent


# --- policy library -----------------------------------------------------------------------------------


@dataclass
class ArticleInput:
    slug: str = ""
    title: str = ""
    summary: str = ""
    body: str = ""
    category: str = ""
    groups: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    issuer: str = ""
    effective_on: Any = None
    published: bool = True
    national: bool = False


def save_article(*, actor: Any, data: ArticleInput, article_id: int | None = None) -> PolicyArticle:
    """Market admins write the library (their market's articles; national ones too)."""
    require_role(actor, Role.MARKET_ADMIN)
    errors: dict[str, list[str]] = {}
    slug = data.slug.strip().lower()
    if not slug or len(slug) > 80 or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug):
        errors["slug"] = [_("标识只能用小写字母、数字和短横线（不超过80字符）。")]
    elif PolicyArticle.objects.filter(slug=slug).exclude(pk=article_id or 0).exists():
        errors["slug"] = [_("该标识已被使用。")]
    for name, limit, message in (
        ("title", 120, _("请填写标题（不超过120字）。")),
        ("summary", 300, _("请填写摘要（不超过300字）。")),
        ("body", 20000, _("请填写正文（不超过20000字）。")),
    ):
        value = getattr(data, name).strip()
        if not value or len(value) > limit:
            errors[name] = [message]
    if data.category not in PolicyCategory.values:
        errors["category"] = [_("请选择类别。")]
    if any(g not in PolicyGroup.values for g in data.groups):
        errors["groups"] = [_("适用群体无效。")]
    districts = [d.strip() for d in data.districts if d.strip()]
    if any(not d.isdigit() or len(d) > 12 for d in districts):
        errors["districts"] = [_("地区请填写行政区划代码，例如 13 或 130202。")]
    effective = None
    if data.effective_on not in (None, ""):
        effective = (
            data.effective_on
            if isinstance(data.effective_on, dt.date)
            else parse_date(str(data.effective_on).strip())
            if str(data.effective_on).strip()
            else None
        )
        if effective is None:
            errors["effective_on"] = [_("请输入正确的日期。")]
    if len(data.issuer.strip()) > 200:
        errors["issuer"] = [_("来源不能超过200字。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    with transaction.atomic():
        if article_id is None:
            article = PolicyArticle()
        else:
            found = PolicyArticle.objects.select_for_update().filter(pk=article_id).first()
            if found is None or found.market_id not in (None, actor.market_id):
                raise NotFoundError(_("政策文章不存在"))
            article = found
        article.slug, article.title = slug, data.title.strip()
        article.summary, article.body = data.summary.strip(), data.body.strip()
        article.category, article.groups = data.category, [g for g in PolicyGroup.values if g in data.groups]
        article.districts, article.issuer = districts, data.issuer.strip()
        article.effective_on, article.published = effective, bool(data.published)
        article.market_id = None if data.national else actor.market_id
        created = article.pk is None
        article.save()
        trail.record(
            action="legal.article_created" if created else "legal.article_updated",
            obj=article,
            actor=actor,
            market=actor.market_id,
            data={"slug": slug, "published": article.published},
        )
    return article


def upload_rules(*, actor: Any, text: str | bytes, note: str = "") -> RulesVersion:
    """A market admin uploads a new rules version: validated whole, numbered, the old versions kept."""
    require_role(actor, Role.MARKET_ADMIN)
    market_id = _market_id(actor)
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            _("规则文件有误。"), errors={"rules": [_("不是有效的 JSON：%(error)s") % {"error": exc}]}
        ) from exc
    try:
        ruleset = validate(document)
    except RulesError as exc:
        raise InvalidInput(_("规则文件有误。"), errors={"rules": [str(exc)]}) from exc
    if len(note.strip()) > 200:
        raise InvalidInput(_("说明不能超过200字。"), errors={"note": [_("说明不能超过200字。")]})
    with transaction.atomic():
        # The baseline file is version 1; uploads count on from there (the unique constraint settles a race).
        last = RulesVersion.objects.filter(market_id=market_id).aggregate(m=Max("version"))["m"]
        version = int(last or 1) + 1
        document["version"] = version
        saved = RulesVersion.objects.create(
            market_id=market_id, version=version, rules=document, note=note.strip(), uploaded_by=actor
        )
        trail.record(
            action="legal.rules_uploaded",
            obj=saved,
            actor=actor,
            data={"version": version, "rules": len(ruleset.rules)},
        )
    return saved
