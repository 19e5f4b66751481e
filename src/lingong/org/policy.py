"""The market's policy: one accessor every rule reads, and the one service that changes it.

``policy_for(market_id)`` returns a frozen ``Policy`` (the defaults when the market has no row yet). It is
cached per process for ``CACHE_SECONDS`` and dropped when a policy row is saved in this process, so another
process sees a change within that time. ``update_policy`` validates a change, bumps the version and writes
the before/after into the market's audit chain.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.errors import InvalidInput, NotFoundError, PermissionDeniedError
from lingong.org.models import Market, MarketPolicy
from lingong.org.policy_defaults import BOOLEAN_FIELDS, DEFAULT_POLICY, EDITABLE_FIELDS, RANGES, Policy

__all__ = [
    "DEFAULT_POLICY",
    "Policy",
    "clear_cache",
    "per_market_before",
    "policy_for",
    "review_sla",
    "update_policy",
    "verification_sla",
]

CACHE_SECONDS = 30.0
_DECIMAL_FIELDS = {f for f, (lo, _hi) in RANGES.items() if isinstance(lo, Decimal)}
_INT_FIELDS = set(RANGES) - _DECIMAL_FIELDS

_cache: dict[int, tuple[float, Policy]] = {}
_lock = threading.Lock()


def _from_row(row: MarketPolicy) -> Policy:
    return Policy(**{name: getattr(row, name) for name in EDITABLE_FIELDS}, version=row.version)


def policy_for(market_id: int | None) -> Policy:
    """The market's policy; the defaults for no market or a market without a policy row."""
    if market_id is None:
        return DEFAULT_POLICY
    now = time.monotonic()
    with _lock:
        hit = _cache.get(market_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    row = MarketPolicy.objects.filter(market_id=market_id).first()
    policy = DEFAULT_POLICY if row is None else _from_row(row)
    with _lock:
        _cache[market_id] = (now + CACHE_SECONDS, policy)
    return policy


def review_sla(policy: Policy, *, urgent: bool) -> dt.timedelta:
    """How long a posting may wait for review (before or after publication) in this market."""
    hours = policy.review_sla_urgent_hours if urgent else policy.review_sla_hours
    return dt.timedelta(hours=hours)


def verification_sla(policy: Policy) -> dt.timedelta:
    """How long an enterprise may wait for its verification in this market."""
    return dt.timedelta(hours=policy.verification_sla_hours)


def clear_cache() -> None:
    with _lock:
        _cache.clear()


@receiver(post_save, sender=MarketPolicy, dispatch_uid="org.policy.saved")
def _policy_saved(sender: Any, instance: MarketPolicy, **kwargs: Any) -> None:
    with _lock:
        _cache.pop(instance.market_id, None)


@receiver(post_save, sender=Market, dispatch_uid="org.policy.market_created")
def _market_created(sender: Any, instance: Market, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Every new market starts with a policy row holding the defaults (version 1)."""
    if created and not raw:
        MarketPolicy.objects.get_or_create(market=instance)


def per_market_before(
    *, now: dt.datetime, market_field: str, time_field: str, delta: Callable[[Policy], dt.timedelta]
) -> Q:
    """Q for rows whose ``time_field`` is at least ``delta(policy)`` before ``now``, each market by its own
    policy (e.g. shifts that started more than that market's no-show minutes ago)."""
    q = Q(pk__in=[])
    for market_id in Market.objects.values_list("pk", flat=True):
        cutoff = now - delta(policy_for(market_id))
        q |= Q(**{market_field: market_id, f"{time_field}__lte": cutoff})
    return q


# --- Reading and changing it (market admins) -----------------------------------------------------------


def _market(market_id: int) -> Market:
    market = Market.objects.filter(pk=market_id).first()
    if market is None:
        raise NotFoundError(_("零工市场不存在"))
    return market


def readable_policy(*, actor: User, market_id: int) -> tuple[Market, Policy]:
    """Staff of the market may read its policy."""
    market = _market(market_id)
    if not is_staff(actor) or actor.market_id != market.pk:
        raise PermissionDeniedError(_("只有本市场的工作人员可以查看市场规则。"))
    return market, policy_for(market.pk)


def _require_admin_of(actor: User, market: Market) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if actor.role != Role.MARKET_ADMIN or actor.market_id != market.pk:
        raise PermissionDeniedError(_("只有本市场的管理员可以修改市场规则。"))


def _clean_value(name: str, raw: Any) -> Any:
    """The value as the field stores it; raises ValueError with a Chinese message."""
    if name in BOOLEAN_FIELDS:
        return _clean_bool(raw)
    if name == "insurer_name":
        text = str(raw or "").strip()
        if not 2 <= len(text) <= 100:
            raise ValueError(_("请填写2至100个字的承保机构名称"))
        return text
    low, high = RANGES[name]
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError(_("请填写数值"))
    if name in _INT_FIELDS:
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError(_("请填写整数")) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("请填写整数"))
        value: Any = int(number)
        places = 0
    else:
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError(_("请填写有效的数值")) from None
        places = -MarketPolicy._meta.get_field(name).decimal_places  # type: ignore[union-attr]
        if not value.is_finite():
            raise ValueError(_("请填写有效的数值"))
    if not low <= value <= high:
        raise ValueError(_("应在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high})
    if name in _DECIMAL_FIELDS:
        if value != value.quantize(Decimal(1).scaleb(places)):
            raise ValueError(_("最多保留%(n)d位小数") % {"n": -places})
        value = value.quantize(Decimal(1).scaleb(places))
    return value


_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


def _clean_bool(raw: Any) -> bool:
    """An on/off rule: a JSON boolean, or the words a form or a query string sends for one."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower() if isinstance(raw, str | int) else ""
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(_("请选择开启或关闭"))


def clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a partial policy; raises InvalidInput (422) listing every bad field."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for name, raw in changes.items():
        if name not in EDITABLE_FIELDS:
            errors[name] = [_("没有这项市场规则")]
            continue
        try:
            clean[name] = _clean_value(name, raw)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise InvalidInput(_("市场规则填写有误"), errors=errors)
    return clean


@transaction.atomic
def update_policy(*, actor: User, market_id: int, changes: Mapping[str, Any]) -> Policy:
    """Change some of the market's rules: validated, one version per change, before/after audited."""
    market = _market(market_id)
    _require_admin_of(actor, market)
    clean = clean_changes(changes)
    MarketPolicy.objects.get_or_create(market=market)
    row = MarketPolicy.objects.select_for_update().get(market=market)
    hold = clean.get("screening_hold_score", row.screening_hold_score)
    flag = clean.get("screening_flag_score", row.screening_flag_score)
    if flag > hold:
        message = _("标记分不能高于暂停发布分")
        raise InvalidInput(message, errors={"screening_flag_score": [message]})
    before = {name: getattr(row, name) for name in clean if getattr(row, name) != clean[name]}
    if not before:
        return _from_row(row)
    after = {name: clean[name] for name in before}
    for name, value in after.items():
        setattr(row, name, value)
    row.version += 1
    row.updated_by = actor
    row.save()
    trail.record(
        action="market.policy_changed",
        obj=row,
        actor=actor,
        market=market,
        data={"version": row.version, "before": _plain(before), "after": _plain(after)},
    )
    return _from_row(row)


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def as_dict(policy: Policy) -> dict[str, Any]:
    return asdict(policy)


def set_policy(market_id: int, **values: Any) -> Policy:
    """Write rules straight onto the market's row, with no check, version or audit entry: for tests and the
    demo's fixtures only. Anything a person changes goes through ``update_policy``."""
    row, _created = MarketPolicy.objects.get_or_create(market_id=market_id)
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"unknown policy field {name!r}")
        setattr(row, name, value)
    row.save()
    return _from_row(row)
