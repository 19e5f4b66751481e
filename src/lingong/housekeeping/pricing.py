"""The catalogue's default entries and the price of a visit (quoted before the household confirms).

Price rules (``PriceRule``), with ``q`` the quantity asked for and ``p`` the unit price:
- hourly: q hours × p; the visit ends q hours after its start;
- area: q m² × p; the visit lasts q × minutes_per_unit;
- unit: q appliances × p; the visit lasts q × minutes_per_unit;
- term: q terms (26 days each, ``term_days``); it runs from the start for term_days × q days;
- monthly: q months; it runs term_days (30) × q days.
A term or a month is worked and paid by the day, so its price is the day rate (p ÷ term_days, to the fen)
times the days: what the household is quoted is then exactly what the worker's daily statement lines add up
to for a full term (12800 元 / 26 天 = 492.31 元/天, quoted 12800.06 元), never a fen lost or made up on the
last day.
Every amount is Decimal, rounded half up to the fen (0.01). A quantity outside [min, max] is refused (422).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from lingong.core.errors import InvalidInput
from lingong.housekeeping.models import HousekeepingService, PriceRule

CENT = Decimal("0.01")
HEALTH = "health_certificate"

# Quantities that must be whole (appliances, terms, months), and the step for the others.
_WHOLE_RULES = (PriceRule.UNIT, PriceRule.TERM, PriceRule.MONTHLY)
_HALF = Decimal("0.5")


def default_catalogue() -> list[dict[str, Any]]:
    """The catalogue a market starts with (the demo and the tests install it; staff edit it after).

    Elder care (护工) is priced by the hour (a visit of 4 to 12 hours at home or in hospital, 07:00-21:00):
    households mostly book daytime care for some hours; round-the-clock care is the live-in nanny's monthly
    service. In-home work needs the health certificate; elder care, childcare and maternity care also the
    skill certificate of their occupation (DOMAIN-RULES "Housekeeping").
    """
    return [
        {
            "code": "hourly_cleaning",
            "name": "日常保洁",
            "description": "按小时计费的日常家庭保洁：地面、厨房、卫生间、门窗擦拭，2小时起约。",
            "occupation": "domestic_helper",
            "certificates": [HEALTH],
            "price_rule": PriceRule.HOURLY,
            "unit_price": Decimal("50.00"),
            "min_quantity": Decimal("2"),
            "max_quantity": Decimal("8"),
            "minutes_per_unit": 60,
            "term_days": None,
            "daily_hours": Decimal("8"),
            "live_in": False,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 10,
        },
        {
            "code": "deep_cleaning",
            "name": "深度保洁",
            "description": "按建筑面积计费的深度保洁（含厨房油污、卫生间除垢），40平方米起。",
            "occupation": "deep_cleaner",
            "certificates": [HEALTH],
            "price_rule": PriceRule.AREA,
            "unit_price": Decimal("8.00"),
            "min_quantity": Decimal("40"),
            "max_quantity": Decimal("300"),
            "minutes_per_unit": 3,
            "term_days": None,
            "daily_hours": Decimal("8"),
            "live_in": False,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 20,
        },
        {
            "code": "appliance_cleaning",
            "name": "家电清洗",
            "description": "空调、油烟机、洗衣机等家电拆洗，按台计费，每台约90分钟。",
            "occupation": "appliance_cleaner",
            "certificates": [HEALTH],
            "price_rule": PriceRule.UNIT,
            "unit_price": Decimal("120.00"),
            "min_quantity": Decimal("1"),
            "max_quantity": Decimal("6"),
            "minutes_per_unit": 90,
            "term_days": None,
            "daily_hours": Decimal("8"),
            "live_in": False,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 30,
        },
        {
            "code": "elder_care",
            "name": "护工",
            "description": "上门或医院陪护老人，按小时计费，4小时起约；需养老护理员职业技能等级证书。",
            "occupation": "elderly_carer",
            "certificates": [HEALTH, "elderly_care_skill"],
            "price_rule": PriceRule.HOURLY,
            "unit_price": Decimal("45.00"),
            "min_quantity": Decimal("4"),
            "max_quantity": Decimal("12"),
            "minutes_per_unit": 60,
            "term_days": None,
            "daily_hours": Decimal("8"),
            "live_in": False,
            "service_start": dt.time(7, 0),
            "service_end": dt.time(21, 0),
            "order": 40,
        },
        {
            "code": "childcare",
            "name": "育儿嫂",
            "description": "白天照看0-3岁婴幼儿（每日10小时），按月计费；需育婴员职业技能等级证书。",
            "occupation": "infant_carer",
            "certificates": [HEALTH, "infant_care_skill"],
            "price_rule": PriceRule.MONTHLY,
            "unit_price": Decimal("6500.00"),
            "min_quantity": Decimal("1"),
            "max_quantity": Decimal("12"),
            "minutes_per_unit": 60,
            "term_days": 30,
            "daily_hours": Decimal("10"),
            "live_in": False,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 50,
        },
        {
            "code": "maternity_care",
            "name": "月嫂",
            "description": "住家照护产妇和新生儿，26天为一个周期；需母婴护理职业技能等级证书。",
            "occupation": "maternity_nurse",
            "certificates": [HEALTH, "maternity_care_skill"],
            "price_rule": PriceRule.TERM,
            "unit_price": Decimal("12800.00"),
            "min_quantity": Decimal("1"),
            "max_quantity": Decimal("3"),
            "minutes_per_unit": 60,
            "term_days": 26,
            "daily_hours": Decimal("24"),
            "live_in": True,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 60,
        },
        {
            "code": "live_in_nanny",
            "name": "保姆",
            "description": "住家保姆：做饭、保洁、照看家人，按月计费。",
            "occupation": "live_in_nanny",
            "certificates": [HEALTH],
            "price_rule": PriceRule.MONTHLY,
            "unit_price": Decimal("5500.00"),
            "min_quantity": Decimal("1"),
            "max_quantity": Decimal("12"),
            "minutes_per_unit": 60,
            "term_days": 30,
            "daily_hours": Decimal("24"),
            "live_in": True,
            "service_start": dt.time(8, 0),
            "service_end": dt.time(20, 0),
            "order": 70,
        },
    ]


@dataclass(frozen=True)
class QuoteLine:
    label: str
    amount: Decimal

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "amount": str(self.amount)}


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...]
    total: Decimal
    starts_at: dt.datetime
    ends_at: dt.datetime
    quantity: Decimal

    def lines_json(self) -> list[dict[str, str]]:
        return [line.as_json() for line in self.lines]


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """3.0 -> "3", 2.5 -> "2.5" (for labels)."""
    text = format(value.normalize(), "f")
    return text


def unit_word(rule: str) -> str:
    words: dict[str, str] = {
        PriceRule.HOURLY: _("小时"),
        PriceRule.AREA: _("平方米"),
        PriceRule.UNIT: _("台"),
        PriceRule.TERM: _("个周期"),
        PriceRule.MONTHLY: _("个月"),
    }
    return words.get(rule, "")


def price_display(service: HousekeepingService) -> str:
    """ "50.00 元/小时" for the catalogue."""
    pers: dict[str, str] = {
        PriceRule.HOURLY: _("小时"),
        PriceRule.AREA: _("平方米"),
        PriceRule.UNIT: _("台"),
        PriceRule.TERM: _("周期（%(days)s天）") % {"days": service.term_days or 26},
        PriceRule.MONTHLY: _("月"),
    }
    per = pers.get(service.price_rule, "")
    return _("%(price)s 元/%(per)s") % {"price": money(service.unit_price), "per": per}


def minimum_message(service: HousekeepingService) -> str:
    if service.price_rule == PriceRule.HOURLY:
        return _("最少预约%(n)s小时") % {"n": plain(service.min_quantity)}
    return _("最少预约%(n)s%(unit)s") % {
        "n": plain(service.min_quantity),
        "unit": unit_word(service.price_rule),
    }


def maximum_message(service: HousekeepingService) -> str:
    return _("最多预约%(n)s%(unit)s") % {
        "n": plain(service.max_quantity),
        "unit": unit_word(service.price_rule),
    }


def parse_quantity(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except Exception:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput(_("请填写数量。"), errors={"quantity": [_("请填写有效的数量")]})
    return value


def check_quantity(service: HousekeepingService, quantity: Any) -> Decimal:
    """The quantity as Decimal within the service's bounds and step; 422 otherwise."""
    q = parse_quantity(quantity)
    if q <= 0:
        raise InvalidInput(_("数量必须大于0。"), errors={"quantity": [_("数量必须大于0")]})
    if q < service.min_quantity:
        message = minimum_message(service)
        raise InvalidInput(message, code="below_minimum", errors={"quantity": [message]})
    if q > service.max_quantity:
        message = maximum_message(service)
        raise InvalidInput(message, code="above_maximum", errors={"quantity": [message]})
    step = Decimal(1) if service.price_rule in _WHOLE_RULES else _HALF
    if service.price_rule == PriceRule.AREA:
        step = Decimal(1)
    if q % step != 0:
        message = _("数量须为%(step)s的整数倍") % {"step": plain(step)}
        raise InvalidInput(message, errors={"quantity": [message]})
    return q


def ends_at(service: HousekeepingService, quantity: Decimal, starts_at: dt.datetime) -> dt.datetime:
    rule = service.price_rule
    if rule == PriceRule.HOURLY:
        return starts_at + dt.timedelta(minutes=int(quantity * 60))
    if rule in (PriceRule.AREA, PriceRule.UNIT):
        return starts_at + dt.timedelta(minutes=int(quantity * service.minutes_per_unit))
    return starts_at + dt.timedelta(days=period_days(service) * int(quantity))


def period_days(service: HousekeepingService) -> int:
    """Days in one term or month of a term or monthly service."""
    return int(service.term_days or (26 if service.price_rule == PriceRule.TERM else 30))


def day_rate(service: HousekeepingService) -> Decimal:
    """The pay for one day of a term or monthly service: its price over the period's days, to the fen."""
    return money(Decimal(service.unit_price) / period_days(service))


def quote(service: HousekeepingService, quantity: Any, starts_at: dt.datetime) -> Quote:
    """The price lines and the total of a visit, and its end. 422 for a quantity outside the bounds."""
    q = check_quantity(service, quantity)
    price = money(service.unit_price)
    amount = money(q * service.unit_price)
    rule = service.price_rule
    if rule in (PriceRule.TERM, PriceRule.MONTHLY):
        days = period_days(service) * int(q)
        rate = day_rate(service)
        amount = rate * days
        label = _("%(name)s %(q)s%(unit)s（%(price)s 元/%(period)s天，按天计 %(rate)s 元 × %(days)s 天）") % {
            "name": service.name,
            "q": plain(q),
            "unit": unit_word(rule),
            "price": price,
            "period": period_days(service),
            "rate": rate,
            "days": days,
        }
    else:
        label = _("%(name)s %(q)s %(unit)s × %(price)s 元") % {
            "name": service.name,
            "q": plain(q),
            "unit": unit_word(rule),
            "price": price,
        }
    lines = (QuoteLine(label=label, amount=amount),)
    return Quote(
        lines=lines,
        total=money(sum((line.amount for line in lines), Decimal(0))),
        starts_at=starts_at,
        ends_at=ends_at(service, q, starts_at),
        quantity=q,
    )
