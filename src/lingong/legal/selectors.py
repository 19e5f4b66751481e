"""Reads for legal help and the policy library: rosters, open slots, bookings, article search (PostgreSQL
full-text or SQLite token matching, one function), the active rules and the 政策匹配 checker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.core.errors import NotFoundError
from lingong.legal.models import (
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    LegalAdviser,
    PolicyArticle,
    RulesVersion,
    SlotStatus,
)
from lingong.legal.rules_engine import Match, RuleSet, load_file, matches, validate
from lingong.legal.search import query_tokens
from lingong.org.selectors import default_market
from lingong.workers.models import TargetGroup, WorkerProfile

PAGE = 50


def market_id_for(user: Any) -> int:
    """The signed-in person's market, or the default market for a visitor."""
    if getattr(user, "is_authenticated", False) and user.market_id:
        return int(user.market_id)
    return int(default_market().pk)


# --- advisers, days and slots -----------------------------------------------------------------------------


def advisers(market_id: int, industry: str = "", *, include_inactive: bool = False) -> list[LegalAdviser]:
    qs = LegalAdviser.objects.filter(market_id=market_id)
    if not include_inactive:
        qs = qs.filter(active=True)
    found = list(qs.order_by("name", "pk")[:200])
    if industry:
        found = [a for a in found if industry in a.industries]
    return found


def open_slots(
    market_id: int,
    *,
    adviser_id: int | None = None,
    day_id: int | None = None,
    now: dt.datetime | None = None,
    limit: int = 200,
) -> list[ConsultationSlot]:
    now = now or timezone.now()
    qs = ConsultationSlot.objects.filter(market_id=market_id, status=SlotStatus.OPEN, starts_at__gt=now)
    if adviser_id is not None:
        qs = qs.filter(adviser_id=adviser_id)
    if day_id is not None:
        qs = qs.filter(arbitration_day_id=day_id)
    return list(qs.select_related("adviser", "arbitration_day").order_by("starts_at", "pk")[:limit])


def slot_for_booking(market_id: int, slot_id: int) -> ConsultationSlot:
    slot = (
        ConsultationSlot.objects.select_related("adviser", "arbitration_day")
        .filter(pk=slot_id, market_id=market_id)
        .first()
    )
    if slot is None:
        raise NotFoundError(_("咨询时段不存在"))
    return slot


def arbitration_days(market_id: int, *, upcoming_only: bool = True, published_only: bool = True) -> list[Any]:
    qs = ArbitrationDay.objects.filter(market_id=market_id)
    if published_only:
        qs = qs.filter(published=True)
    if upcoming_only:
        qs = qs.filter(date__gte=timezone.localdate())
    days = list(qs.order_by("date", "pk")[:50])
    now = timezone.now()
    for day in days:
        day.open_slots = [  # type: ignore[attr-defined]
            s
            for s in day.slots.order_by("starts_at", "pk")
            if s.status == SlotStatus.OPEN and s.starts_at > now
        ]
    return days


def my_consultations(user: Any) -> list[Consultation]:
    return list(
        Consultation.objects.filter(worker=user)
        .select_related("slot__adviser", "slot__arbitration_day")
        .order_by("-slot__starts_at", "-pk")[:100]
    )


def visible_consultation(user: Any, consultation_id: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("slot__adviser", "slot__arbitration_day", "worker")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None or not (
        consultation.worker_id == user.pk or (is_staff(user) and user.market_id == consultation.market_id)
    ):
        raise NotFoundError(_("咨询预约不存在"))
    return consultation


def staff_slots(market_id: int, *, days_back: int = 7) -> list[ConsultationSlot]:
    since = timezone.now() - dt.timedelta(days=days_back)
    return list(
        ConsultationSlot.objects.filter(market_id=market_id, starts_at__gte=since)
        .select_related("adviser", "arbitration_day")
        .order_by("starts_at", "pk")[:300]
    )


def staff_bookings(market_id: int, status: str = "") -> list[Consultation]:
    qs = Consultation.objects.filter(market_id=market_id)
    if status:
        qs = qs.filter(status=status)
    return list(
        qs.select_related("slot__adviser", "slot__arbitration_day", "worker").order_by(
            "slot__starts_at", "pk"
        )[:300]
    )


# --- policy library ---------------------------------------------------------------------------------------


def articles_for(market_id: int | None) -> QuerySet[PolicyArticle]:
    """Published articles a person of this market may read: national/provincial ones and the market's own."""
    scope = Q(market__isnull=True) | Q(market_id=market_id) if market_id else Q(market__isnull=True)
    return PolicyArticle.objects.filter(scope, published=True)


def applies_in(article: PolicyArticle, division_code: str) -> bool:
    """An article applies everywhere (no districts) or where a district code prefixes the division's code."""
    if not article.districts:
        return True
    return bool(division_code) and any(division_code.startswith(d) for d in article.districts)


def search_articles(
    market_id: int | None, query: str = "", *, category: str = "", group: str = "", division: str = ""
) -> list[PolicyArticle]:
    """Articles matching the words of ``query`` (jieba), best first; every published article when empty.

    PostgreSQL: full-text search over the stored token string (config 'simple'), ranked by ts_rank.
    Elsewhere (SQLite): the articles whose token string holds any query word, ranked by how many it holds.
    """
    qs = articles_for(market_id)
    if category:
        qs = qs.filter(category=category)
    words = query_tokens(query or "")
    if not words:
        found = list(qs.order_by("-updated_at", "pk")[:PAGE])
    elif connection.vendor == "postgresql":
        search = SearchQuery(words[0], config="simple", search_type="plain")
        for word in words[1:]:
            search = search | SearchQuery(word, config="simple", search_type="plain")
        vector = SearchVector("search_tokens", config="simple")
        found = list(
            qs.annotate(rank=SearchRank(vector, search))
            .filter(rank__gt=0)
            .order_by("-rank", "-updated_at", "pk")[:PAGE]
        )
        # ts_rank reads term frequency too; order by how many distinct query words an article holds first.
        found.sort(key=lambda a: _score(a, words))
    else:
        any_word = Q()
        for word in words:
            any_word |= Q(search_tokens__contains=f" {word} ") | Q(search_tokens__startswith=f"{word} ")
            any_word |= Q(search_tokens__endswith=f" {word}") | Q(search_tokens=word)
        candidates = list(qs.filter(any_word).order_by("-updated_at", "pk")[:500])
        found = sorted(candidates, key=lambda a: _score(a, words))[:PAGE]
    if group:
        found = [a for a in found if group in a.groups]
    if division:
        found = [a for a in found if applies_in(a, division)]
    return found


def _score(article: PolicyArticle, words: list[str]) -> tuple[int, int]:
    """Sort key, best first: how many query words the article holds, then how many its title holds."""
    tokens = set(article.search_tokens.split())
    title = article.title
    return (-sum(1 for w in words if w in tokens), -sum(1 for w in words if w in title))


def article_by_slug(market_id: int | None, slug: str) -> PolicyArticle:
    article = articles_for(market_id).filter(slug=slug[:80]).first()
    if article is None:
        raise NotFoundError(_("政策文章不存在"))
    return article


# --- rules and the checker --------------------------------------------------------------------------------


@dataclass
class ActiveRules:
    ruleset: RuleSet
    source: str  # "file" or "upload"
    record: RulesVersion | None


def active_rules(market_id: int | None) -> ActiveRules:
    """The market's newest uploaded version, else the baseline file (rules/v1.json)."""
    if market_id:
        latest = RulesVersion.objects.filter(market_id=market_id).order_by("-version").first()
        if latest is not None:
            return ActiveRules(validate(latest.rules), "upload", latest)
    return ActiveRules(load_file(), "file", None)


def rules_versions(market_id: int) -> list[RulesVersion]:
    return list(RulesVersion.objects.filter(market_id=market_id).order_by("-version")[:50])


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def prefill_facts(user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """What the worker profile already says: age (from the ID birth date), sex, groups, certificates."""
    if not getattr(user, "is_authenticated", False):
        return {}
    profile = WorkerProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    today = today or timezone.localdate()
    facts: dict[str, Any] = {"flexible_work": True}  # registered at the gig market to take gig work
    if profile.birth_date:
        facts["age"] = age_on(profile.birth_date, today)
    if profile.gender:
        facts["sex"] = profile.gender
    groups = set(profile.target_groups or [])
    if TargetGroup.VETERAN in groups:
        facts["veteran"] = True
    if TargetGroup.DISABILITY in groups:
        facts["disabled"] = True
        facts["employment_difficulty"] = True
    if TargetGroup.GRADUATE in groups:
        facts["graduate_recent"] = True
    if TargetGroup.LONG_TERM_UNEMPLOYED in groups:
        facts["employment_difficulty"] = True
    if profile.certificates.filter(verified_at__isnull=False).exists():
        facts["has_certificate"] = True
    return facts


def division_of(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    profile = WorkerProfile.objects.filter(user=user).select_related("home_division").first()
    division = profile.home_division if profile is not None else None
    return division.code if division is not None else ""


@dataclass
class CheckResult:
    match: Match
    article: PolicyArticle | None


def check(market_id: int | None, facts: dict[str, Any], division: str = "") -> tuple[list[CheckResult], int]:
    """The policies these facts may qualify for (the rule and the reasons with each); the rules version."""
    rules = active_rules(market_id)
    found = matches(rules.ruleset, facts)
    by_slug = {a.slug: a for a in articles_for(market_id).filter(slug__in=[m.rule.article for m in found])}
    results = []
    for m in found:
        article = by_slug.get(m.rule.article)
        if article is not None and division and not applies_in(article, division):
            continue
        results.append(CheckResult(match=m, article=article))
    return results, rules.ruleset.version
