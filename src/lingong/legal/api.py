"""Legal help and policy API (issue 11, section 4): advisers, slots, bookings, advice, the policy library,
the 政策匹配 checker and arbitration days. Staff manage the roster and slots on pages (views.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.accounts.services import user_for_token
from lingong.core.errors import InvalidInput
from lingong.core.schemas import ERRORS
from lingong.legal import selectors, services
from lingong.legal.models import Consultation, ConsultationSlot, Industry, LegalAdviser, PolicyArticle
from lingong.legal.rules_engine import clean_facts

router = Router(tags=["法律援助与政策"])


def caller(request: ApiRequest) -> Any:
    """The signed-in person on a public endpoint: the session's, or the bearer token's if one is sent
    (a public endpoint runs no auth, so the token is read here); anonymous otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        found = user_for_token(header[7:].strip()[:200])
        if found is not None:
            return found
    return user


class LegalAdviserOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    organisation: str
    industries: list[str]
    industry_labels: list[str]
    languages: str
    notes: str


class LegalSlotOut(Schema):
    id: int
    adviser_id: int | None
    adviser_name: str
    arbitration_day_id: int | None
    starts_at: str
    ends_at: str
    mode: str
    mode_label: str
    place: str
    status: str


class LegalBookingIn(Schema):
    topic: str = Field("", max_length=20, description="咨询涉及的行业")
    question: str = Field(max_length=1000, description="要咨询的问题")


class LegalConsultationOut(Schema):
    id: int
    status: str
    status_label: str
    topic: str
    question: str
    advice: str
    booked_at: str
    reminded_at: str | None
    slot: LegalSlotOut
    video_link: str


class LegalAdviceIn(Schema):
    advice: str = Field("", max_length=2000, description="咨询意见")
    no_show: bool = False


class PolicyArticleBrief(Schema):
    slug: str
    title: str
    summary: str
    category: str
    category_label: str
    groups: list[str]
    group_labels: list[str]
    issuer: str
    updated_at: str


class PolicyArticleOut(PolicyArticleBrief):
    body: str
    districts: list[str]
    effective_on: str | None
    national: bool


class PolicyCheckIn(Schema):
    facts: dict[str, Any] = Field(description="问卷答案：age, sex, hukou, employment_difficulty …")
    use_profile: bool = Field(True, description="用求职资料补全未回答的问题")


class PolicyMatchOut(Schema):
    rule_id: str
    title: str
    explain: str
    reasons: list[str]
    article_slug: str
    article_title: str | None
    url: str | None


class PolicyCheckOut(Schema):
    rules_version: int
    facts: dict[str, Any]
    matches: list[PolicyMatchOut]


class ArbitrationDayOut(Schema):
    id: int
    date: str
    place: str
    commission: str
    notes: str
    open_slots: list[LegalSlotOut]


def adviser_out(a: LegalAdviser) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "organisation": a.organisation,
        "industries": a.industries,
        "industry_labels": a.industry_labels(),
        "languages": a.languages,
        "notes": a.notes,
    }


def slot_out(s: ConsultationSlot) -> dict[str, Any]:
    return {
        "id": s.pk,
        "adviser_id": s.adviser_id,
        "adviser_name": s.adviser.name if s.adviser_id and s.adviser else "",
        "arbitration_day_id": s.arbitration_day_id,
        "starts_at": timezone.localtime(s.starts_at).isoformat(),
        "ends_at": timezone.localtime(s.ends_at).isoformat(),
        "mode": s.mode,
        "mode_label": s.get_mode_display(),
        "place": s.place,
        "status": s.status,
    }


def consultation_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "status": c.status,
        "status_label": c.get_status_display(),
        "topic": c.topic,
        "question": c.question,
        "advice": c.advice,
        "booked_at": c.booked_at.isoformat(),
        "reminded_at": c.reminded_at.isoformat() if c.reminded_at else None,
        "slot": slot_out(c.slot),
        "video_link": c.slot.video_link if c.status == "booked" else "",
    }


def article_brief(a: PolicyArticle) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "title": a.title,
        "summary": a.summary,
        "category": a.category,
        "category_label": a.get_category_display(),
        "groups": a.groups,
        "group_labels": a.group_labels(),
        "issuer": a.issuer,
        "updated_at": a.updated_at.isoformat(),
    }


@router.get(
    "/legal/advisers", response={200: list[LegalAdviserOut], **ERRORS}, summary="律师与法律援助志愿者"
)
def list_advisers(request: ApiRequest, industry: str = Query("", max_length=20)) -> list[dict[str, Any]]:
    if industry and industry not in Industry.values:
        raise InvalidInput("行业无效。", errors={"industry": ["请选择建筑、家政、物流、制造、餐饮或其他。"]})
    market_id = selectors.market_id_for(caller(request))
    return [adviser_out(a) for a in selectors.advisers(market_id, industry)]


@router.get("/legal/slots", response={200: list[LegalSlotOut], **ERRORS}, summary="可预约的咨询时段")
def list_slots(
    request: ApiRequest, adviser_id: int | None = None, arbitration_day_id: int | None = None
) -> list[dict[str, Any]]:
    market_id = selectors.market_id_for(caller(request))
    slots = selectors.open_slots(market_id, adviser_id=adviser_id, day_id=arbitration_day_id)
    return [slot_out(s) for s in slots]


@router.post(
    "/legal/slots/{slot_id}/book",
    auth=AUTH,
    response={201: LegalConsultationOut, **ERRORS},
    summary="预约法律咨询",
)
def book_slot(request: ApiRequest, slot_id: int, payload: LegalBookingIn) -> Status:
    consultation = services.book(
        actor=request.user,
        slot_id=slot_id,
        data=services.BookingInput(topic=payload.topic, question=payload.question),
    )
    return Status(201, consultation_out(consultation))


@router.post(
    "/legal/consultations/{consultation_id}/cancel",
    auth=AUTH,
    response={200: LegalConsultationOut, **ERRORS},
    summary="取消咨询预约",
)
def cancel_consultation(request: ApiRequest, consultation_id: int) -> dict[str, Any]:
    services.cancel_booking(actor=request.user, consultation_id=consultation_id)
    return consultation_out(selectors.visible_consultation(request.user, consultation_id))


@router.post(
    "/legal/consultations/{consultation_id}/advice",
    auth=AUTH,
    response={200: LegalConsultationOut, **ERRORS},
    summary="记录咨询意见（工作人员）",
)
def record_advice(request: ApiRequest, consultation_id: int, payload: LegalAdviceIn) -> dict[str, Any]:
    services.record_advice(
        actor=request.user, consultation_id=consultation_id, advice=payload.advice, no_show=payload.no_show
    )
    return consultation_out(selectors.visible_consultation(request.user, consultation_id))


@router.get(
    "/me/consultations",
    auth=AUTH,
    response={200: list[LegalConsultationOut], **ERRORS},
    summary="我的法律咨询",
)
def my_consultations(request: ApiRequest) -> list[dict[str, Any]]:
    return [consultation_out(c) for c in selectors.my_consultations(request.user)]


@router.get("/legal/policies", response={200: list[PolicyArticleBrief], **ERRORS}, summary="政策库检索")
def list_policies(
    request: ApiRequest,
    q: str = Query("", max_length=100, description="检索词（中文分词）"),
    category: str = Query("", max_length=40),
    group: str = Query("", max_length=40),
) -> list[dict[str, Any]]:
    market_id = selectors.market_id_for(caller(request))
    found = selectors.search_articles(market_id, q, category=category, group=group)
    return [article_brief(a) for a in found]


@router.get("/legal/policies/{slug}", response={200: PolicyArticleOut, **ERRORS}, summary="政策详情")
def policy_detail(request: ApiRequest, slug: str = Path(..., max_length=80)) -> dict[str, Any]:
    article = selectors.article_by_slug(selectors.market_id_for(caller(request)), slug)
    return {
        **article_brief(article),
        "body": article.body,
        "districts": article.districts,
        "effective_on": article.effective_on.isoformat() if article.effective_on else None,
        "national": article.market_id is None,
    }


@router.post("/legal/check", response={200: PolicyCheckOut, **ERRORS}, summary="政策匹配")
def policy_check(request: ApiRequest, payload: PolicyCheckIn) -> dict[str, Any]:
    if len(payload.facts) > 20:
        raise InvalidInput("问卷答案过多。", errors={"facts": ["问卷答案过多。"]})
    facts, errors = clean_facts(payload.facts)
    if errors:
        raise InvalidInput("请检查问卷答案。", errors=errors)
    user = caller(request)
    if payload.use_profile:
        facts = {**selectors.prefill_facts(user), **facts}
    market_id = selectors.market_id_for(caller(request))
    results, version = selectors.check(market_id, facts, selectors.division_of(user))
    return {
        "rules_version": version,
        "facts": facts,
        "matches": [
            {
                "rule_id": r.match.rule.id,
                "title": r.match.rule.title,
                "explain": r.match.rule.explain,
                "reasons": r.match.reasons,
                "article_slug": r.match.rule.article,
                "article_title": r.article.title if r.article else None,
                "url": f"/legal/policies/{r.article.slug}/" if r.article else None,
            }
            for r in results
        ],
    }


@router.get(
    "/legal/arbitration-days", response={200: list[ArbitrationDayOut], **ERRORS}, summary="仲裁庭进驻日"
)
def list_arbitration_days(request: ApiRequest) -> list[dict[str, Any]]:
    days = selectors.arbitration_days(selectors.market_id_for(caller(request)))
    return [
        {
            "id": d.pk,
            "date": d.date.isoformat(),
            "place": d.place,
            "commission": d.commission,
            "notes": d.notes,
            "open_slots": [slot_out(s) for s in d.open_slots],
        }
        for d in days
    ]
