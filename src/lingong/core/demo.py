"""Deterministic demo data for the Lunan gig market (路南区零工市场), written with bulk inserts.

Why bulk: the services write one row per call plus audit entries and notifications, which for ~100k rows
takes minutes. The generator builds unsaved model instances in Python and writes them with
``bulk_create`` inside one transaction, while keeping every invariant the services enforce: valid resident
IDs and credit codes, unique blind indexes and phones, coordinates in the served area, hard-gate
certificates on jobs and on applicants, and never more accepted applications than places.

Determinism: every draw comes from one ``random.Random(seed)`` in a fixed order and no draw depends on
database ids or on the date, so the same seed gives the same people, employers and titles. Dates that
must be live (jobs, applications, certificate validity, registration times) are placed relative to the
run's reference moment; birth dates, and so the ID numbers, are fixed relative to ``IDENTITY_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import secrets
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lingong.accounts import services as account_services
from lingong.accounts.models import OtpCode, OtpPurpose, Role, User
from lingong.contracts import services as contract_services
from lingong.contracts.models import Contract, ContractSignature
from lingong.core import crypto
from lingong.core.validators import USCC_ALPHABET, make_resident_id, make_uscc
from lingong.employers.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseMember,
    MemberRole,
    VerificationStatus,
)
from lingong.engagements import services as engagement_services
from lingong.engagements.models import AttendanceCase, Engagement, Shift
from lingong.insurance import selectors as insurance_selectors
from lingong.insurance import services as insurance_services
from lingong.insurance.models import InsurancePolicy, LocalIssuedPolicy
from lingong.jobs import services as job_services
from lingong.jobs.models import (
    Application,
    ApplicationStatus,
    JobPosting,
    JobStatus,
    SettlementCycle,
    SourceChannel,
)
from lingong.org.area import region_of
from lingong.org.models import Division, DivisionLevel, Market, ServiceCentre, Station
from lingong.ratings import services as rating_services
from lingong.ratings.models import EmployerReputation, Rating, WorkerReputation
from lingong.settlement import services as settlement_services
from lingong.settlement.models import ArrearsFlag, Payment, Statement, StatementShift
from lingong.taxonomy.models import Occupation, PayUnit
from lingong.workers.models import (
    Availability,
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    DayType,
    Gender,
    RegistrationChannel,
    TargetGroup,
    WorkerCertificate,
    WorkerProfile,
    WorkerSkill,
)

MARKET_CODE = "lunan"
MARKET_NAME = "路南区零工市场"
MARKET_ADDRESS = "唐山市路南区创新里产业园（大南湖）"
LUNAN = "130202"
DEMO_PASSWORD = "Lingong2026"  # noqa: S105 - the published password of the demo accounts, demo data only
NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "names.json"

# Birth dates are drawn relative to this fixed day so that ID numbers do not change from one day to the
# next; ages are 18-59 on it, so everybody stays within 18-60 for at least a year after.
IDENTITY_EPOCH = dt.date(2026, 9, 1)

# --- Fixed cast ------------------------------------------------------------------------------------------

ADMIN_PHONE = "13800000001"
CENTRE_STAFF_PHONE = "13800000002"
STATION_STAFF_PHONE = "13800000003"
EMPLOYER_PHONE = "13800000004"
HOUSEHOLD_PHONE = "13800000005"
JIANG_PHONE = "13800000006"
LI_PHONE = "13800000007"
DEMO_PHONES = (
    ADMIN_PHONE,
    CENTRE_STAFF_PHONE,
    STATION_STAFF_PHONE,
    EMPLOYER_PHONE,
    HOUSEHOLD_PHONE,
    JIANG_PHONE,
    LI_PHONE,
)

DEMO_ENTERPRISE_NAME = "唐山市路南区鑫达路桥工程有限公司"
BANK_NAME = "中国工商银行唐山路南支行"
KINDERGARTEN_NAME = "唐山市路南区阳光幼儿园"
HOUSEHOLD_NAME = "王女士家"
STORY_ENTERPRISES = 4  # the four above are part of --enterprises

# (name, address, division whose centre the building stands near)
CENTRES = (
    ("万达广场服务中心", "唐山市路南区新华西道万达广场三层", "130202003"),
    ("南湖市民中心服务中心", "唐山市路南区南湖市民中心一层", "130202008"),
    ("梁家屯路街道初心家园服务中心", "唐山市路南区梁家屯路街道初心家园", "130202009"),
)


@dataclass(frozen=True)
class DemoLogin:
    phone: str
    role: str
    who: str
    try_this: str


DEMO_LOGINS = (
    DemoLogin(
        ADMIN_PHONE, "市场管理员", "路南区零工市场", "审核用工单位和岗位，查看全市场数据；后台 /admin/"
    ),
    DemoLogin(CENTRE_STAFF_PHONE, "服务中心工作人员", "万达广场服务中心", "查看本中心下辖驿站的求职者与岗位"),
    DemoLogin(
        STATION_STAFF_PHONE,
        "驿站工作人员",
        "万达广场服务中心下辖驿站",
        "代为登记求职者、代发岗位、即时快招；处理工时异议",
    ),
    DemoLogin(
        EMPLOYER_PHONE, "用工单位", DEMO_ENTERPRISE_NAME, "查看岗位报名，录用、签约、确认工时、结算发薪、评价"
    ),
    DemoLogin(HOUSEHOLD_PHONE, "家庭雇主", HOUSEHOLD_NAME, "发布木工、整理收纳等家庭用工需求"),
    DemoLogin(
        JIANG_PHONE,
        "求职者",
        "江小军（铲车司机，8年）",
        "签署丰南区公路融雪铲车司机的劳务协议；今天的装载机班次可签到",
    ),
    DemoLogin(
        LI_PHONE, "求职者", "李建国（45岁，装修师傅）", "查看已结清的工资单和评价；3 公里内的家装岗位推荐"
    ),
)

# Engagements (issue 4): postings the engagement step adds through the services, counted in --jobs.
ENGAGEMENT_JOBS = 3
SEED_USER_AGENT = "演示数据生成（python manage.py seed）"  # recorded on the demo's contract signatures
SHIFT_GRID = 30  # minutes: the demo's shifts start and end on the hour or the half hour

# --- Proportions -----------------------------------------------------------------------------------------

# Share of jobs, employers and workers' main trade by industry (source: the report's mix of needs).
INDUSTRY_SHARE = {
    "construction": 0.20,
    "decoration": 0.12,
    "manufacturing": 0.12,
    "logistics": 0.12,
    "catering": 0.12,
    "housekeeping": 0.12,
    "retail": 0.03,
    "hospitality": 0.025,
    "security_property": 0.025,
    "sanitation_landscaping": 0.025,
    "repair": 0.02,
    "education_sports": 0.015,
    "office_admin": 0.015,
    "auto_service": 0.01,
    "agriculture": 0.01,
    "ecommerce_media": 0.01,
    "events": 0.01,
    "medical_assist": 0.01,
    "personal_services": 0.01,
}
HOUSEHOLD_INDUSTRY_SHARE = {
    "housekeeping": 0.55,
    "decoration": 0.2,
    "repair": 0.1,
    "education_sports": 0.1,
    "medical_assist": 0.05,
}
# Share of women among workers whose main trade is in the industry.
FEMALE_SHARE = {
    "construction": 0.05,
    "decoration": 0.08,
    "manufacturing": 0.35,
    "logistics": 0.15,
    "catering": 0.55,
    "housekeeping": 0.92,
    "retail": 0.7,
    "hospitality": 0.65,
    "security_property": 0.2,
    "sanitation_landscaping": 0.45,
    "repair": 0.08,
    "education_sports": 0.65,
    "office_admin": 0.65,
    "auto_service": 0.1,
    "agriculture": 0.45,
    "ecommerce_media": 0.6,
    "events": 0.5,
    "medical_assist": 0.7,
    "personal_services": 0.7,
}
# Where Tangshan residents' ID numbers were issued (GB/T 2260), weighted toward Lunan.
ID_AREA_SHARE = {
    "130202": 0.45,
    "130203": 0.12,
    "130207": 0.10,
    "130205": 0.06,
    "130208": 0.06,
    "130204": 0.04,
    "130209": 0.03,
    "130224": 0.03,
    "130225": 0.02,
    "130227": 0.02,
    "130229": 0.02,
    "130281": 0.02,
    "130283": 0.02,
    "130284": 0.02,
}
# Districts outside Lunan where a quarter of the people and jobs are.
OUTER_DISTRICT_SHARE = {
    "130203": 0.30,
    "130207": 0.26,
    "130205": 0.14,
    "130208": 0.12,
    "130209": 0.10,
    "130204": 0.08,
}
LUNAN_SHARE = 0.75
LUNAN_SPREAD_KM = 1.5
OUTER_SPREAD_KM = 3.0
STATION_SPREAD_KM = 0.6

JOB_STATUS_SHARE = {
    JobStatus.OPEN: 0.75,
    JobStatus.FILLED: 0.10,
    JobStatus.PENDING_REVIEW: 0.05,
    JobStatus.CLOSED: 0.05,
    JobStatus.EXPIRED: 0.05,
}
CHANNEL_SHARE = {
    SourceChannel.ONLINE: 0.55,
    SourceChannel.STATION: 0.30,
    SourceChannel.LIVE_STREAM: 0.08,
    SourceChannel.PHONE: 0.07,
}
# Open jobs get applicants with this probability; filled jobs always have them: ~60% overall.
OPEN_JOB_APPLICATION_SHARE = 0.55
APPLICANT_COUNT_WEIGHTS = (22, 18, 14, 11, 9, 7, 5, 4, 3, 3, 2, 2)  # for 1..12 applicants
HEADCOUNT_CHOICES = ((1, 35), (2, 20), (3, 12), (4, 7), (5, 8), (6, 3), (8, 3), (10, 4), (12, 2), (15, 2))
SKILL_COUNT_WEIGHTS = (35, 30, 20, 10, 5)  # for 1..5 skills

NEGOTIABLE_SHARE = 0.08
URGENT_SHARE = 0.10
CERTIFICATE_VERIFIED_SHARE = 0.8
STATION_REGISTERED_SHARE = 0.7
TARGET_GROUP_SHARE = 0.25
ENTERPRISE_HOUSEHOLD_SHARE = 0.12
ENTERPRISE_STATUS_SHARE = {
    VerificationStatus.VERIFIED: 0.85,
    VerificationStatus.PENDING: 0.10,
    VerificationStatus.REJECTED: 0.05,
}
REJECTION_REASONS = (
    "营业执照照片不清晰，请重新上传",
    "统一社会信用代码与营业执照不一致",
    "联系人与授权委托书不一致，请补充材料",
    "经营范围与所发布的用工内容不符",
)
HOUSEHOLD_REJECTION_REASONS = (
    "身份证信息与本人不一致，请到驿站现场核验",
    "联系电话无法接通，请核实后重新提交",
)
APPLICATION_REJECTION_REASONS = ("工作经验与岗位要求不符", "通勤距离较远", "到岗时间不合适", "已招到合适人选")
APPLICATION_MESSAGES = ("随时可以到岗", "有多年相关经验，可先试工", "家住附近，通勤方便", "可长期干")
# Industries whose jobs happen at the employer's own premises rather than on a site.
PREMISES_INDUSTRIES = frozenset(
    {
        "catering",
        "retail",
        "hospitality",
        "auto_service",
        "personal_services",
        "office_admin",
        "education_sports",
    }
)
OTHER_DISTRICT_ROADS = (
    "迎宾路",
    "新华道",
    "建设路",
    "光明路",
    "幸福道",
    "文化大街",
    "人民路",
    "青年路",
    "长宁道",
)

FULL_SHIFTS = (
    (dt.time(8, 0), dt.time(17, 0), Decimal("8")),
    (dt.time(7, 30), dt.time(17, 30), Decimal("9")),
    (dt.time(8, 30), dt.time(17, 30), Decimal("8")),
    (dt.time(9, 0), dt.time(18, 0), Decimal("8")),
    (dt.time(7, 0), dt.time(15, 0), Decimal("8")),
)
PART_SHIFTS = (
    (dt.time(8, 30), dt.time(12, 0), Decimal("3.5")),
    (dt.time(13, 30), dt.time(17, 30), Decimal("4")),
    (dt.time(18, 0), dt.time(22, 0), Decimal("4")),
    (dt.time(10, 0), dt.time(14, 0), Decimal("4")),
    (dt.time(16, 0), dt.time(20, 0), Decimal("4")),
)
OPENING_HOURS = ("周一至周五 8:30-17:30", "周一至周六 8:30-17:30", "周一至周日 8:00-18:00")
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "139", "150", "151",
    "152", "155", "156", "157", "158", "159", "180", "181", "186", "187", "188", "189",
)  # fmt: skip
# Issuers named the way Tangshan people see them on the card.
CERT_ISSUERS = {
    "special_operations": "唐山市应急管理局",
    "special_equipment": "唐山市市场监督管理局",
    "driving": "唐山市公安局交通警察支队车辆管理所",
    "health": "唐山市路南区疾病预防控制中心",
}
CERT_NUMBER_PREFIX = {"special_operations": "T", "special_equipment": "TS", "health": "JK"}


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def set_description(self, desc: str | None = None, refresh: bool = True) -> Any: ...


class NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def set_description(self, desc: str | None = None, refresh: bool = True) -> None:
        return None


@dataclass(frozen=True)
class SeedOptions:
    seed: int = 2026
    stations: int = 133
    enterprises: int = 1100
    workers: int = 5200
    jobs: int = 3200


# --- Small helpers ---------------------------------------------------------------------------------------


class Picker:
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them every call)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items: list[Any] = list(items)
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]


def picker(shares: dict[Any, float]) -> Picker:
    return Picker(list(shares), list(shares.values()))


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    """Occupations are listed most common first; a Zipf-like tail gives the rarer trades fewer people."""
    return [1 / (rank + 1) ** s for rank in range(n)]


def pay_in_range(rng: random.Random, low: int, high: int) -> Decimal:
    """A whole amount within [low, high] rounded the way people quote pay: to 5, 10 or 100 yuan."""
    low, high = min(low, high), max(low, high)
    step = 100 if high >= 2000 else 10 if high >= 100 else 5
    first, last = math.ceil(low / step), high // step
    if first <= last:
        return Decimal(rng.randint(first, last) * step)
    return Decimal(rng.randint(low, high))  # a range narrower than one step: whole yuan


def local_dt(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


Window = tuple[dt.time, dt.time]


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def live_window(now: dt.datetime) -> Window:
    """An eight-hour shift starting one to one and a half hours after ``now`` (23:30 at the latest): its
    check-in, open from two hours before the start, is live at once, and no-show marking is over an hour
    away. Late in the evening it is a night shift that ends the next morning."""
    local = timezone.localtime(now)
    start = min(-(-(local.hour * 60 + local.minute + 60) // SHIFT_GRID) * SHIFT_GRID, 23 * 60 + 30)
    return _clock(start), _clock((start + 8 * 60) % (24 * 60))


def worked_windows(now: dt.datetime) -> tuple[Window | None, Window]:
    """Two stretches of today that are over by ``now``, (earlier, later): up to four hours each, half an
    hour apart, the later one ending at the last full or half hour. Shifts cannot start before today, so a
    seed run in the small hours gets shorter stretches; before 01:30 there is room for one only (None for
    the earlier), and before 00:30 it ends after ``now`` (its check-out is then ``now``)."""
    local = timezone.localtime(now)
    end = (local.hour * 60 + local.minute) // SHIFT_GRID * SHIFT_GRID
    length = min(240, (end - SHIFT_GRID) // 2 // SHIFT_GRID * SHIFT_GRID)
    if length < SHIFT_GRID:
        return None, (_clock(0), _clock(max(end, SHIFT_GRID)))
    earlier_end = end - length - SHIFT_GRID
    return (_clock(earlier_end - length), _clock(earlier_end)), (_clock(end - length), _clock(end))


@lru_cache(maxsize=1)
def load_names() -> dict[str, Any]:
    with NAMES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


# --- Geography -------------------------------------------------------------------------------------------

KM_PER_DEG = 111.32
# The area the demo market gets (its city's default from the reference data): points drawn outside it retry.
TANGSHAN_AREA = region_of(Market(code="lunan", city_code="130200"))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    lat: float
    lon: float

    @property
    def in_lunan(self) -> bool:
        return self.code.startswith(LUNAN)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within one city, and cheaper than haversine."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return KM_PER_DEG * math.hypot(x, lat2 - lat1)


class NearestFinder:
    """Nearest of a fixed set of points, by the same flat-earth distance, without a call per point."""

    def __init__(self, items: Sequence[Any], coords: Sequence[tuple[float, float]]) -> None:
        self.items = list(items)
        self.coords = list(coords)

    def nearest(self, lat: float, lon: float) -> Any:
        scale = math.cos(math.radians(lat)) ** 2
        best, best_d = 0, math.inf
        for i, (plat, plon) in enumerate(self.coords):
            d = (plat - lat) ** 2 + (plon - lon) ** 2 * scale
            if d < best_d:
                best, best_d = i, d
        return self.items[best]


class Geography:
    """Lunan's sub-districts and the other districts, with Gaussian clusters around their centres."""

    def __init__(self, divisions: Sequence[Division]) -> None:
        def place(d: Division) -> Place:
            return Place(d.code, d.name, d.lat, d.lon)

        self.by_code = {d.code: place(d) for d in divisions}
        self.subdistricts = [
            place(d) for d in divisions if d.level == DivisionLevel.SUBDISTRICT and d.code.startswith(LUNAN)
        ]
        outer = [
            place(d)
            for d in divisions
            if d.level in (DivisionLevel.DISTRICT, DivisionLevel.COUNTY) and d.code != LUNAN
        ]
        # A point is labelled with the nearest centre of the right kind: a sub-district inside Lunan,
        # a district or county elsewhere.
        leaves = self.subdistricts + outer
        self.leaves = NearestFinder(leaves, [(p.lat, p.lon) for p in leaves])
        towns_weight = {"130202007": 0.7, "130202102": 0.6, "130202103": 0.6}
        self.lunan_picker = Picker(
            self.subdistricts, [towns_weight.get(p.code, 1.0) for p in self.subdistricts]
        )
        present = {code: w for code, w in OUTER_DISTRICT_SHARE.items() if code in self.by_code}
        self.outer_picker = Picker([self.by_code[c] for c in present], list(present.values()))

    def nearest(self, lat: float, lon: float) -> Place:
        place: Place = self.leaves.nearest(lat, lon)
        return place

    def near(self, rng: random.Random, centre: Place, spread_km: float) -> tuple[float, float]:
        """A point around ``centre``; the rare draw outside the served area falls back to the centre."""
        lat = centre.lat + rng.gauss(0, spread_km) / KM_PER_DEG
        lon = centre.lon + rng.gauss(0, spread_km) / (KM_PER_DEG * math.cos(math.radians(centre.lat)))
        if not TANGSHAN_AREA.contains(lat, lon):
            return centre.lat, centre.lon
        return round(lat, 6), round(lon, 6)

    def sample(self, rng: random.Random, lunan_share: float = LUNAN_SHARE) -> tuple[float, float, Place]:
        if rng.random() < lunan_share:
            lat, lon = self.near(rng, self.lunan_picker.pick(rng), LUNAN_SPREAD_KM)
        else:
            lat, lon = self.near(rng, self.outer_picker.pick(rng), OUTER_SPREAD_KM)
        return lat, lon, self.nearest(lat, lon)


# --- Taxonomy --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occ:
    code: str
    name: str
    industry: str
    certificate: str | None
    cert_kind: str
    cert_years: int
    insurance: bool
    unit: str
    low: int
    high: int
    related: tuple[str, ...]


class Catalogue:
    """Occupations grouped by industry, most common first, with Zipf pickers."""

    def __init__(self) -> None:
        related: dict[str, list[str]] = {}
        through = Occupation.related.through.objects.order_by("from_occupation_id", "to_occupation_id")
        for src, dst in through.values_list("from_occupation_id", "to_occupation_id"):
            related.setdefault(src, []).append(dst)
        rows = Occupation.objects.select_related("certificate").order_by("industry__order", "order", "code")
        self.by_code: dict[str, Occ] = {}
        self.by_industry: dict[str, list[Occ]] = {}
        for o in rows:
            cert = o.certificate
            occ = Occ(
                code=o.code,
                name=o.name,
                industry=o.industry_id,
                certificate=cert.code if cert else None,
                cert_kind=cert.kind if cert else "",
                cert_years=(cert.validity_years or 6) if cert else 0,
                insurance=o.insurance_default,
                unit=o.default_pay_unit,
                low=o.typical_pay_min,
                high=o.typical_pay_max,
                related=tuple(related.get(o.code, ())),
            )
            self.by_code[occ.code] = occ
            self.by_industry.setdefault(occ.industry, []).append(occ)
        self.occ_pickers = {
            ind: Picker(occs, zipf_weights(len(occs))) for ind, occs in self.by_industry.items()
        }
        shares = {ind: w for ind, w in INDUSTRY_SHARE.items() if ind in self.by_industry}
        for ind in self.by_industry:
            shares.setdefault(ind, 0.005)
        self.industry_picker = picker(shares)
        self.household_picker = picker({k: v for k, v in HOUSEHOLD_INDUSTRY_SHARE.items() if k in shares})

    def occupation(self, rng: random.Random, industry: str) -> Occ:
        result: Occ = self.occ_pickers[industry].pick(rng)
        return result

    def industry(self, rng: random.Random) -> str:
        result: str = self.industry_picker.pick(rng)
        return result


# --- Names, phones and identifiers -----------------------------------------------------------------------


class Identities:
    """Names, phones, resident IDs and credit codes, each unique across the whole run."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.names = names
        self.surnames = Picker([s for s, _ in names["surnames"]], [w for _, w in names["surnames"]])
        self.phones: set[str] = set(DEMO_PHONES)
        self.id_numbers: set[str] = set()
        self.credit_codes: set[str] = set()
        self.id_area = picker(ID_AREA_SHARE)

    def person(self, rng: random.Random, gender: str) -> tuple[str, str]:
        """(surname, given name); a third of given names have one character, like 江军 or 李娜."""
        chars = self.names["given_chars_female" if gender == Gender.FEMALE else "given_chars_male"]
        given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
        return self.surnames.pick(rng), given

    def person_name(self, rng: random.Random, gender: str) -> str:
        return "".join(self.person(rng, gender))

    def phone(self, rng: random.Random) -> str:
        while True:
            number = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    @staticmethod
    def birth_date(rng: random.Random, age: int) -> dt.date:
        """Someone who is ``age`` or ``age + 1`` on IDENTITY_EPOCH, born on any real day of the year."""
        year = IDENTITY_EPOCH.year - age - 1
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days))

    def resident_id(self, rng: random.Random, birth: dt.date, gender: str, area: str | None = None) -> str:
        """A well-formed ID whose sequence parity matches the gender (odd = male), unique in this run."""
        area_code: str = area or self.id_area.pick(rng)
        while True:
            sequence = rng.randrange(500) * 2 + (1 if gender == Gender.MALE else 0)
            number = make_resident_id(area_code, birth, sequence)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def credit_code(self, rng: random.Random, entity: str, area: str) -> str:
        """GB 32100 code: authority and type (91 = company), registering area, organisation code, check."""
        while True:
            org = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
            code = make_uscc(f"{entity}{area[:6]}{org}")
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code


def age_draw(rng: random.Random) -> int:
    """Ages 18-58 (plus up to a year), most between 30 and 55 like the market's registrations."""
    r = rng.random()
    if r < 0.12:
        return rng.randint(18, 29)
    if r < 0.88:
        return rng.randint(30, 54)
    return rng.randint(55, 58)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def credit_entity_type(name: str) -> str:
    """Registration authority + entity type: 91 company, 52 private non-enterprise unit, 92 sole trader."""
    if "公司" in name or "银行" in name:
        return "91"
    if any(word in name for word in ("学校", "幼儿园", "护理院", "养老服务中心", "培训中心")):
        return "52"
    return "92"


# --- Rows in progress ------------------------------------------------------------------------------------


@dataclass(eq=False)  # rows are compared and hashed by identity
class EmployerRow:
    enterprise: Enterprise
    admin: User
    industry: str
    household: bool
    members: list[EnterpriseMember] = field(default_factory=list)


@dataclass(eq=False)
class WorkerRow:
    profile: WorkerProfile
    skills: list[tuple[str, int]]
    certs_ok: set[str] = field(default_factory=set)  # verified certificate types, valid today
    in_pools: bool = True  # the two demo workers are left for the person trying the demo


@dataclass
class JobRow:
    job: JobPosting
    occupations: list[str]
    certificates: list[str]
    applications: list[Application] = field(default_factory=list)


@dataclass
class JobPlan:
    """A job before it becomes a model instance."""

    employer: EmployerRow
    occupations: list[Occ]
    status: str
    headcount: int
    start: dt.date
    end: dt.date
    published_at: dt.datetime | None
    lat: float
    lon: float
    place: Place
    address: str
    title: str = ""
    description: str = ""
    pay_unit: str = PayUnit.DAY
    pay_amount: Decimal | None = None
    settlement: str = SettlementCycle.DAILY
    urgent: bool = False
    channel: str = SourceChannel.ONLINE
    shift: tuple[dt.time, dt.time, Decimal] = FULL_SHIFTS[0]
    extra_certs: tuple[str, ...] = ()


@dataclass
class WorkerSpec:
    """Who a worker is; the builder derives the profile, certificates, availability and consents."""

    name: str
    gender: str
    birth: dt.date
    lat: float
    lon: float
    skills: list[tuple[str, int]]
    station: Station | None
    registered: dt.datetime
    id_area: str | None = None
    certs_verified: bool = False  # force verification (the bank story's cooks)
    profile: dict[str, Any] = field(default_factory=dict)  # fixed profile values (the demo workers)
    intents: tuple[list[str], list[str]] | None = None


# --- The builder -----------------------------------------------------------------------------------------


class DemoMarketBuilder:
    """Builds the whole demo market; call ``build()`` inside a transaction."""

    def __init__(self, options: SeedOptions, progress: Progress | None = None) -> None:
        self.opts = options
        self.rng = random.Random(options.seed)
        self.progress: Progress = progress or NoProgress()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.names = load_names()
        self.geo = Geography(list(Division.objects.order_by("code")))
        self.cat = Catalogue()
        self.ids = Identities(self.names)
        self.counts: dict[str, int] = {}
        self.stations: list[Station] = []
        self.employers: list[EmployerRow] = []
        self.enterprise_names: set[str] = set()
        self.workers: list[WorkerRow] = []
        self.jobs: list[JobRow] = []
        self.certs: list[WorkerCertificate] = []
        self.slots: list[Availability] = []
        self.consents: list[ConsentRecord] = []
        self.intents: list[tuple[WorkerProfile, list[str], list[str]]] = []
        self.skill_count = Picker(range(1, 6), SKILL_COUNT_WEIGHTS)
        self.headcounts = Picker([c for c, _ in HEADCOUNT_CHOICES], [w for _, w in HEADCOUNT_CHOICES])
        self.applicant_count = Picker(range(1, 13), APPLICANT_COUNT_WEIGHTS)
        self.enterprise_status = picker(ENTERPRISE_STATUS_SHARE)
        self.job_status = picker(JOB_STATUS_SHARE)
        self.channels = picker(CHANNEL_SHARE)
        self.household_channels = picker(
            {k: v for k, v in CHANNEL_SHARE.items() if k != SourceChannel.LIVE_STREAM}
        )

    def build(self) -> dict[str, int]:
        self._build_org()
        self._build_staff()
        self._build_employers()
        self._build_workers()
        self._build_jobs()
        self._build_engagements()
        return self.counts

    def _save(self, model: type[models.Model], rows: Sequence[Any], label: str = "") -> None:
        for start in range(0, len(rows), 2000):
            model._default_manager.bulk_create(rows[start : start + 2000])
        if label:
            self.counts[label] = self.counts.get(label, 0) + len(rows)

    def _past(self, max_days: float, min_days: float = 0.0) -> dt.datetime:
        return self.now - dt.timedelta(days=self.rng.uniform(min_days, max_days))

    def _near(self, lat: float, lon: float, spread_km: float) -> tuple[float, float]:
        return self.geo.near(self.rng, Place("", "", lat, lon), spread_km)

    def _address(self, place: Place) -> str:
        if place.in_lunan:
            street = self.rng.choice(self.names["lunan_streets"])
            return f"唐山市路南区{street}{self.rng.randint(1, 400)}号"
        return f"唐山市{place.name}{self.rng.choice(OTHER_DISTRICT_ROADS)}{self.rng.randint(1, 400)}号"

    def _landline(self) -> str:
        return f"0315-{self.rng.choice('2356789')}{self.rng.randrange(10**6):06d}"

    # -- organisation ---------------------------------------------------------------------------------

    def _build_org(self) -> None:
        self.progress.set_description("驿站")
        lunan = self.geo.by_code[LUNAN]
        self.market = Market.objects.create(
            code=MARKET_CODE,
            name=MARKET_NAME,
            address=MARKET_ADDRESS,
            division_id=LUNAN,
            lat=lunan.lat,
            lon=lunan.lon,
            opening_hours="周一至周日 8:00-17:30",
            phone=self._landline(),
        )
        self.centres = [
            ServiceCentre.objects.create(
                market=self.market,
                name=name,
                address=address,
                division_id=code,
                lat=self.geo.by_code[code].lat,
                lon=self.geo.by_code[code].lon,
                opening_hours=OPENING_HOURS[1],
                phone=self._landline(),
            )
            for name, address, code in CENTRES
        ]
        self.stations = self._plan_stations()
        self._save(Station, self.stations, "stations")
        self.station_finder = NearestFinder(self.stations, [(st.lat, st.lon) for st in self.stations])
        self.progress.update(len(self.stations))

    def _station_names(self) -> list[str]:
        """Community names + 零工驿站; past the end of the list the names come round again, numbered."""
        base = self.names["community_station_names"]
        names = []
        for i in range(self.opts.stations):
            lap, index = divmod(i, len(base))
            names.append(f"{base[index]}零工驿站" + (f"（{lap + 1}）" if lap else ""))
        return names

    def _plan_stations(self) -> list[Station]:
        """Communities go to the nine street sub-districts and villages (村) to the two towns. Stations are
        then ordered by sub-district and cut into three runs, so each centre serves one contiguous area."""
        streets = [p for p in self.geo.subdistricts if p.code[6] == "0"]
        towns = [p for p in self.geo.subdistricts if p.code[6] != "0"] or streets
        planned = []
        for i, name in enumerate(self._station_names()):
            group = towns if "村零工驿站" in name else streets
            # 友谊里社区 belongs in 友谊街道, 小山社区 in 小山街道; the rest are dealt round in turn.
            named = [p for p in group if name.startswith(p.name[:2])]
            planned.append(((named or [group[i % len(group)]])[0].code, i, name))
        planned.sort()
        run = max(1, len(planned) // len(self.centres))
        stations = []
        for rank, (code, _i, name) in enumerate(planned):
            lat, lon = self.geo.near(self.rng, self.geo.by_code[code], STATION_SPREAD_KM)
            street = self.rng.choice(self.names["lunan_streets"])
            community = name.removesuffix("零工驿站")
            stations.append(
                Station(
                    market=self.market,
                    centre=self.centres[min(rank // run, len(self.centres) - 1)],
                    name=name,
                    address=f"唐山市路南区{street}{self.rng.randint(1, 300)}号（{community}党群服务中心）",
                    division_id=self.geo.nearest(lat, lon).code,
                    lat=lat,
                    lon=lon,
                    opening_hours=self.rng.choice(OPENING_HOURS),
                    phone=self._landline(),
                )
            )
        return stations

    def nearest_station(self, lat: float, lon: float) -> Station:
        station: Station = self.station_finder.nearest(lat, lon)
        return station

    # -- accounts -------------------------------------------------------------------------------------

    def _build_staff(self) -> None:
        """The three staff logins. Argon2 runs once here; the other demo logins copy the hash."""
        self.demo_station = next(s for s in self.stations if s.centre == self.centres[0])
        self.admin = User(
            phone=ADMIN_PHONE,
            display_name="市场管理员",
            role=Role.MARKET_ADMIN,
            market=self.market,
            is_staff=True,
            is_superuser=True,
            date_joined=self.now - dt.timedelta(days=400),
        )
        self.admin.set_password(DEMO_PASSWORD)
        self.password_hash = self.admin.password
        self.centre_staff = self._login(
            CENTRE_STAFF_PHONE, "赵敏", Role.CENTRE_STAFF, centre=self.centres[0], is_staff=True
        )
        self.station_staff = self._login(
            STATION_STAFF_PHONE, "王芳", Role.STATION_STAFF, centre=self.centres[0], station=self.demo_station
        )
        self._save(User, [self.admin, self.centre_staff, self.station_staff], "users")

    def _login(self, phone: str, name: str, role: str, **extra: Any) -> User:
        """A demo login: usable password (the shared hash)."""
        extra.setdefault("date_joined", self.now - dt.timedelta(days=90))
        return User(
            phone=phone,
            display_name=name,
            role=role,
            market=self.market,
            password=self.password_hash,
            **extra,
        )

    def _user(self, name: str, role: str, joined: dt.datetime) -> User:
        """Everyone else has not set a password: unusable, in Django's format (make_password(None) draws
        40 characters one by one from ``secrets`` and costs seconds over thousands of rows)."""
        return User(
            phone=self.ids.phone(self.rng),
            display_name=name[:50],
            role=role,
            market=self.market,
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            date_joined=joined,
        )

    # -- employers ------------------------------------------------------------------------------------

    def _build_employers(self) -> None:
        self.progress.set_description("用工单位")
        self._story_employers()
        for _ in range(self.opts.enterprises - len(self.employers)):
            self._random_employer()
            self.progress.update(1)
        self.progress.set_description("写入用工单位")
        members = [m for e in self.employers for m in e.members]
        self._save(User, [m.user for m in members], "users")
        self._save(Enterprise, [e.enterprise for e in self.employers], "enterprises")
        self._save(EnterpriseMember, members, "members")
        self._index_employers()

    def _index_employers(self) -> None:
        """Verified employers by industry, each with an activity weight: a few post many jobs. The story
        employers only post their story jobs, so the demo shows exactly what the stories describe."""
        self.verified = [e for e in self.employers if e.enterprise.status == VerificationStatus.VERIFIED]
        story = set(self.employers[:STORY_ENTERPRISES])
        posting = [e for e in self.verified if e not in story] or self.verified
        by_industry: dict[str, list[EmployerRow]] = {}
        for row in posting:
            by_industry.setdefault(row.industry, []).append(row)
        self.verified_by_industry = by_industry
        self.employer_pickers = {
            ind: Picker(rows, [self.rng.lognormvariate(0, 0.8) for _ in rows])
            for ind, rows in by_industry.items()
        }
        self.any_employer = Picker(posting, [1.0] * len(posting))

    def _employer(
        self,
        *,
        name: str,
        industry: str,
        status: str,
        location: tuple[float, float, str],
        contact: tuple[str, str],
        admin: User,
        household: bool = False,
        recruiter: User | None = None,
        station: Station | None = None,
    ) -> EmployerRow:
        lat, lon, address = location
        contact_name, gender = contact
        place = self.geo.nearest(lat, lon)
        created = self._past(600, 30)
        enterprise = Enterprise(
            market=self.market,
            kind=EnterpriseKind.HOUSEHOLD if household else EnterpriseKind.ENTERPRISE,
            name=name,
            industry_id=industry,
            address=address,
            division_id=place.code,
            lat=lat,
            lon=lon,
            contact_name=contact_name,
            contact_phone=admin.phone,
            status=status,
            station=station,
            created_at=created,
        )
        area = LUNAN if place.in_lunan else place.code
        if household:  # a household has no credit code; the contact's ID number identifies it
            birth = self.ids.birth_date(self.rng, self.rng.randint(28, 58))
            number = self.ids.resident_id(self.rng, birth, gender, area)
            enterprise.contact_id_number = number
            enterprise.contact_id_index = crypto.blind_index(number)
        else:
            enterprise.credit_code = self.ids.credit_code(self.rng, credit_entity_type(name), area)
        self._review(enterprise, household)
        row = EmployerRow(enterprise=enterprise, admin=admin, industry=industry, household=household)
        for user, role in ((admin, MemberRole.ADMIN), (recruiter, MemberRole.RECRUITER)):
            if user is not None:
                user.date_joined = created
                row.members.append(
                    EnterpriseMember(user=user, enterprise=enterprise, role=role, joined_at=created)
                )
        self.employers.append(row)
        return row

    def _review(self, enterprise: Enterprise, household: bool) -> None:
        """Verified and rejected employers carry the reviewer and time, as the review services set them."""
        if enterprise.status == VerificationStatus.PENDING:
            return
        enterprise.verified_by = self.admin
        enterprise.verified_at = enterprise.created_at + dt.timedelta(days=self.rng.uniform(0.2, 3))
        if enterprise.status == VerificationStatus.REJECTED:
            reasons = HOUSEHOLD_REJECTION_REASONS if household else REJECTION_REASONS
            enterprise.rejection_reason = self.rng.choice(reasons)

    def _enterprise_name(self, industry: str) -> str:
        """Tangshan-style names; after a few clashes a number is added instead of retrying for ever."""
        forms = self.names["enterprise_forms_by_industry"].get(industry) or ["有限公司"]
        for _ in range(8):
            city = self.rng.choice(("唐山", "唐山市", "唐山市路南区"))
            name = f"{city}{self.rng.choice(self.names['enterprise_prefixes'])}{self.rng.choice(forms)}"
            if name not in self.enterprise_names:
                break
        else:
            name = f"{name}（{len(self.enterprise_names)}）"
        self.enterprise_names.add(name)
        return name

    def _random_employer(self) -> None:
        household = self.rng.random() < ENTERPRISE_HOUSEHOLD_SHARE
        industry: str = (self.cat.household_picker if household else self.cat.industry_picker).pick(self.rng)
        status: str = self.enterprise_status.pick(self.rng)
        lat, lon, place = self.geo.sample(self.rng, 0.85 if household else LUNAN_SHARE)
        if household:
            suffix = self.rng.choice(self.names["household_suffixes"])
            gender = Gender.MALE if suffix == "先生家" else Gender.FEMALE
            surname, given = self.ids.person(self.rng, gender)
            name, contact = f"{surname}{suffix}", surname + given
            building = (
                f"{self.rng.randint(1, 30)}号楼{self.rng.randint(1, 6)}单元{self.rng.randint(101, 1804)}"
            )
            address = f"{self._address(place)}院{building}"
        else:
            gender = Gender.FEMALE if self.rng.random() < 0.4 else Gender.MALE
            contact = self.ids.person_name(self.rng, gender)
            name, address = self._enterprise_name(industry), self._address(place)
        recruiter = None
        if not household and self.rng.random() < 0.35:
            other_gender = Gender.FEMALE if self.rng.random() < 0.6 else Gender.MALE
            recruiter = self._user(self.ids.person_name(self.rng, other_gender), Role.EMPLOYER, self.now)
        station = self.nearest_station(lat, lon) if place.in_lunan and self.rng.random() < 0.3 else None
        self._employer(
            name=name,
            industry=industry,
            status=status,
            location=(lat, lon, address),
            contact=(contact, gender),
            admin=self._user(contact, Role.EMPLOYER, self.now),
            household=household,
            recruiter=recruiter,
            station=station,
        )

    def _story_employers(self) -> None:
        """The employers the demo logins and the report's stories need; all verified."""
        self.enterprise_names.update({DEMO_ENTERPRISE_NAME, BANK_NAME, KINDERGARTEN_NAME})
        verified = VerificationStatus.VERIFIED
        lat, lon = self.geo.near(self.rng, self.geo.by_code["130202004"], 0.4)
        self.xinda = self._employer(
            name=DEMO_ENTERPRISE_NAME,
            industry="construction",
            status=verified,
            location=(lat, lon, "唐山市路南区建设南路88号"),
            contact=("么建红", Gender.MALE),
            admin=self._login(EMPLOYER_PHONE, "么建红", Role.EMPLOYER),
            recruiter=self._user("高丽娟", Role.EMPLOYER, self.now),
            station=self.demo_station,
        )
        self.bank = self._plain_story_employer(
            BANK_NAME, "office_admin", "130202003", "唐山市路南区新华东道66号"
        )
        self.bank.enterprise.station = self.demo_station
        self.kindergarten = self._plain_story_employer(
            KINDERGARTEN_NAME, "education_sports", "130202008", "唐山市路南区惠民道18号"
        )
        self.li_home = self.geo.near(self.rng, self.geo.by_code["130202002"], 0.3)
        lat, lon = self._near(*self.li_home, 0.8)
        self.household = self._employer(
            name=HOUSEHOLD_NAME,
            industry="housekeeping",
            status=verified,
            location=(lat, lon, "唐山市路南区友谊南路友谊里小区12号楼3单元502"),
            contact=("王秀英", Gender.FEMALE),
            admin=self._login(HOUSEHOLD_PHONE, "王秀英", Role.EMPLOYER),
            household=True,
        )
        self.progress.update(len(self.employers))

    def _plain_story_employer(self, name: str, industry: str, near: str, address: str) -> EmployerRow:
        lat, lon = self.geo.near(self.rng, self.geo.by_code[near], 0.3)
        contact = self.ids.person_name(self.rng, Gender.FEMALE)
        return self._employer(
            name=name,
            industry=industry,
            status=VerificationStatus.VERIFIED,
            location=(lat, lon, address),
            contact=(contact, Gender.FEMALE),
            admin=self._user(contact, Role.EMPLOYER, self.now),
        )

    # -- workers --------------------------------------------------------------------------------------

    def _build_workers(self) -> None:
        self.progress.set_description("求职者")
        self._story_workers()
        # The bank story needs cooks holding a verified health certificate.
        chefs = min(11, max(2, self.opts.workers // 8))
        for i in range(self.opts.workers - len(self.workers)):
            self._add_worker(self._random_worker(chef=i < chefs))
            self.progress.update(1)
        self.progress.set_description("写入求职者")
        profiles = [w.profile for w in self.workers]
        self._save(User, [p.user for p in profiles], "users")
        self._save(WorkerProfile, profiles, "workers")
        skills = [
            WorkerSkill(worker=w.profile, occupation_id=c, years=y) for w in self.workers for c, y in w.skills
        ]
        self._save(WorkerSkill, skills, "skills")
        self._save(WorkerCertificate, self.certs, "certificates")
        self._save(Availability, self.slots, "availability")
        self._save(ConsentRecord, self.consents, "consents")
        self._save_worker_intents()
        self.by_skill: dict[str, list[WorkerRow]] = {}
        for w in self.workers:
            for code, _years in w.skills if w.in_pools else ():
                self.by_skill.setdefault(code, []).append(w)
        self.pool_workers = [w for w in self.workers if w.in_pools]

    def _save_worker_intents(self) -> None:
        occ_through = WorkerProfile.intended_occupations.through
        div_through = WorkerProfile.intended_divisions.through
        occ_rows = [
            occ_through(workerprofile_id=p.pk, occupation_id=c) for p, occs, _ in self.intents for c in occs
        ]
        div_rows = [
            div_through(workerprofile_id=p.pk, division_id=c) for p, _, divs in self.intents for c in divs
        ]
        self._save(occ_through, occ_rows)
        self._save(div_through, div_rows)

    def _random_worker(self, chef: bool) -> WorkerSpec:
        if chef:
            main = self.cat.by_code.get("chinese_cook") or self.cat.occupation(self.rng, "catering")
        else:
            main = self.cat.occupation(self.rng, self.cat.industry(self.rng))
        gender = Gender.FEMALE if self.rng.random() < FEMALE_SHARE.get(main.industry, 0.4) else Gender.MALE
        birth = self.ids.birth_date(self.rng, age_draw(self.rng))
        lat, lon, _place = self.geo.sample(self.rng)
        at_station = self.rng.random() < STATION_REGISTERED_SHARE
        return WorkerSpec(
            name=self.ids.person_name(self.rng, gender),
            gender=gender,
            birth=birth,
            lat=lat,
            lon=lon,
            skills=self._skills(main, age_on(birth, IDENTITY_EPOCH)),
            station=self.nearest_station(lat, lon) if at_station else None,
            registered=self._past(700, 1),
            certs_verified=chef,
        )

    def _skills(self, main: Occ, age: int) -> list[tuple[str, int]]:
        """1-5 skills: the main trade, then related trades, the same industry, now and then another one."""
        count: int = self.skill_count.pick(self.rng)
        cap = max(0, min(30, age - 18))
        skills = {main.code: int(self.rng.triangular(0, cap, cap / 3)) if cap else 0}
        for _ in range(8):
            if len(skills) >= count:
                break
            r = self.rng.random()
            if r < 0.6 and main.related:
                code = self.rng.choice(main.related)
            elif r < 0.9:
                code = self.cat.occupation(self.rng, main.industry).code
            else:
                code = self.cat.occupation(self.rng, self.cat.industry(self.rng)).code
            skills.setdefault(code, self.rng.randint(0, cap // 2))
        return list(skills.items())

    def _add_worker(self, spec: WorkerSpec, user: User | None = None) -> WorkerRow:
        """Profile with ID (encrypted on save, blind index for uniqueness), certificates, slots, consents."""
        number = self.ids.resident_id(self.rng, spec.birth, spec.gender, spec.id_area)
        main = self.cat.by_code[spec.skills[0][0]]
        home = self.geo.nearest(spec.lat, spec.lon)
        by_demo_station = spec.station is not None and spec.station == self.demo_station
        profile = WorkerProfile(
            user=user or self._user(spec.name, Role.WORKER, spec.registered),
            market=self.market,
            real_name=spec.name,
            id_number=number,
            id_number_index=crypto.blind_index(number),
            gender=spec.gender,
            birth_date=spec.birth,
            home_division_id=home.code,
            home_lat=spec.lat,
            home_lon=spec.lon,
            travel_radius_km=self.rng.choice((3, 5, 5, 10, 10, 10, 15, 20, 30)),
            expected_pay=pay_in_range(self.rng, int(main.low * 0.9), int(main.high * 1.05)),
            expected_pay_unit=main.unit,
            day_type=self._day_type(main),
            target_groups=self._target_groups(spec.gender, age_on(spec.birth, IDENTITY_EPOCH)),
            station=spec.station,
            registration_channel=RegistrationChannel.STATION if spec.station else RegistrationChannel.SELF,
            registered_by=self.station_staff if by_demo_station else None,
            created_at=spec.registered,
        )
        for key, value in spec.profile.items():
            setattr(profile, key, value)
        row = WorkerRow(profile=profile, skills=spec.skills)
        self.workers.append(row)
        self._add_certificates(row, spec.registered, spec.certs_verified)
        self._add_availability(profile)
        self._add_consents(profile, spec.registered)
        self.intents.append((profile, *(spec.intents or self._intents(row, home))))
        return row

    def _day_type(self, main: Occ) -> str:
        if main.unit == PayUnit.HOUR:
            return self.rng.choice((DayType.PART_DAY, DayType.PART_DAY, DayType.ANY))
        r = self.rng.random()
        return DayType.FULL_DAY if r < 0.5 else DayType.PART_DAY if r < 0.7 else DayType.ANY

    def _target_groups(self, gender: str, age: int) -> list[str]:
        if self.rng.random() >= TARGET_GROUP_SHARE:
            return []
        eligible = [TargetGroup.DISABILITY, TargetGroup.LONG_TERM_UNEMPLOYED, TargetGroup.LOW_INCOME]
        if age <= 25:
            eligible += [TargetGroup.GRADUATE] * 4
        if 22 <= age <= 55 and gender == Gender.MALE:
            eligible += [TargetGroup.VETERAN] * 2
        if age >= (40 if gender == Gender.FEMALE else 50):  # 大龄: 40+ women, 50+ men in local policy
            eligible += [TargetGroup.OLDER_WORKER] * 4
        groups = {str(self.rng.choice(eligible))}
        if self.rng.random() < 0.15:
            groups.add(str(self.rng.choice(eligible)))
        return sorted(groups)

    def _add_certificates(self, row: WorkerRow, registered: dt.datetime, force_verified: bool) -> None:
        """One certificate per type the worker's skills need, valid today; most verified by staff."""
        seen: set[str] = set()
        for code, _years in row.skills:
            occ = self.cat.by_code[code]
            if occ.certificate is None or occ.certificate in seen:
                continue
            seen.add(occ.certificate)
            lifetime = occ.cert_years * 365
            issued = self.today - dt.timedelta(days=self.rng.randint(30, max(31, lifetime - 60)))
            cert = WorkerCertificate(
                worker=row.profile,
                certificate_type_id=occ.certificate,
                number=self._cert_number(occ, row.profile.id_number or ""),
                issuer=CERT_ISSUERS.get(occ.cert_kind, ""),
                issued_on=issued,
                expires_on=issued + dt.timedelta(days=lifetime),
            )
            if force_verified or self.rng.random() < CERTIFICATE_VERIFIED_SHARE:
                cert.verified_by = row.profile.registered_by or self.admin
                cert.verified_at = max(registered, self.now - dt.timedelta(days=self.rng.uniform(1, 25)))
                row.certs_ok.add(occ.certificate)
            self.certs.append(cert)

    def _cert_number(self, occ: Occ, id_number: str) -> str:
        """Special-operations certificates and driving licences carry the holder's ID number."""
        if occ.cert_kind in ("special_operations", "driving"):
            return CERT_NUMBER_PREFIX.get(occ.cert_kind, "") + id_number
        prefix = CERT_NUMBER_PREFIX.get(occ.cert_kind, "ZS")
        return f"{prefix}{self.rng.randint(2018, 2026)}{self.rng.randrange(10**7):07d}"

    def _add_availability(self, profile: WorkerProfile) -> None:
        if profile.day_type == DayType.FULL_DAY:
            slots = [(d, dt.time(8), dt.time(18)) for d in range(6 if self.rng.random() < 0.4 else 5)]
        elif profile.day_type == DayType.PART_DAY:
            start, end, _hours = self.rng.choice(PART_SHIFTS)
            slots = [(d, start, end) for d in sorted(self.rng.sample(range(7), self.rng.randint(2, 5)))]
        else:
            slots = [(d, dt.time(7), dt.time(19)) for d in range(7)]
        self.slots += [Availability(worker=profile, weekday=d, start_time=s, end_time=e) for d, s, e in slots]

    def _add_consents(self, profile: WorkerProfile, given: dt.datetime) -> None:
        """Registration and sensitive-data consent, recorded the way the services do (PIPL art. 14, 29)."""
        paper = profile.registration_channel == RegistrationChannel.STATION
        reference = f"LN{given:%Y%m%d}{self.rng.randrange(10**5):05d}" if paper else ""
        for purpose in (ConsentPurpose.REGISTRATION, ConsentPurpose.SENSITIVE):
            self.consents.append(
                ConsentRecord(
                    user=profile.user,
                    notice_version=settings.LINGONG_PRIVACY_NOTICE_VERSION,
                    purpose=purpose,
                    channel=ConsentChannel.PAPER if paper else ConsentChannel.APP,
                    reference=reference,
                    given_at=given,
                    recorded_by=profile.registered_by,
                )
            )

    def _intents(self, row: WorkerRow, home: Place) -> tuple[list[str], list[str]]:
        occupations = [code for code, _ in row.skills[: self.rng.randint(1, 3)]]
        divisions = [home.code]
        if home.in_lunan and self.rng.random() < 0.5:
            divisions.append(LUNAN)
        if self.rng.random() < 0.3:
            other = self.geo.lunan_picker.pick(self.rng).code
            if other not in divisions:
                divisions.append(other)
        return occupations, divisions

    def _story_workers(self) -> None:
        """江小军 (story 1: a loader driver whose mother registers him at a station) and 李建国 (story 2)."""
        jiang_lat, jiang_lon = self.geo.near(self.rng, self.geo.by_code["130202001"], 0.3)
        self.jiang = self._add_story_worker(
            JIANG_PHONE,
            WorkerSpec(
                name="江小军",
                gender=Gender.MALE,
                birth=dt.date(1992, 5, 17),
                lat=jiang_lat,
                lon=jiang_lon,
                skills=[("loader_driver", 8)],
                station=self.demo_station,
                registered=self.now - dt.timedelta(days=20),
                id_area=LUNAN,
                profile={
                    "expected_pay": Decimal("300"),
                    "travel_radius_km": 30,
                    "about": "装载机（铲车）驾驶经验8年，能吃苦，冬季可参加道路除雪作业，希望离家近一些。",
                },
                intents=(
                    ["loader_driver", "snow_remover", "excavator_driver"],
                    ["130202001", LUNAN, "130207"],
                ),
            ),
        )
        self.li = self._add_story_worker(
            LI_PHONE,
            WorkerSpec(
                name="李建国",
                gender=Gender.MALE,
                birth=dt.date(1981, 6, 18),  # 45 from mid-2026 to mid-2027, as in the report
                lat=self.li_home[0],
                lon=self.li_home[1],
                skills=[("carpenter", 20), ("painter", 15), ("tiler", 12)],
                station=None,
                registered=self.now - dt.timedelta(days=3),
                id_area=LUNAN,
                profile={
                    "expected_pay": Decimal("350"),
                    "travel_radius_km": 5,
                    "about": "干装修二十年，木工、油漆、贴砖都拿手，想在家附近接活。",
                },
                intents=(["carpenter", "painter", "tiler"], ["130202002", LUNAN]),
            ),
        )
        self.progress.update(2)

    def _add_story_worker(self, phone: str, spec: WorkerSpec) -> WorkerRow:
        spec.profile.update(expected_pay_unit=PayUnit.DAY, day_type=DayType.FULL_DAY, target_groups=[])
        row = self._add_worker(spec, self._login(phone, spec.name, Role.WORKER, date_joined=spec.registered))
        row.in_pools = False
        return row

    # -- jobs -----------------------------------------------------------------------------------------

    def _build_jobs(self) -> None:
        self.progress.set_description("岗位")
        self._story_jobs()
        self.progress.update(len(self.jobs))
        # The engagement step posts ENGAGEMENT_JOBS more through the services: --jobs counts them too.
        for _ in range(self.opts.jobs - len(self.jobs) - ENGAGEMENT_JOBS):
            self._add_job(self._random_plan(self.job_status.pick(self.rng)))
            self.progress.update(1)
        self.progress.set_description("写入岗位与报名")
        self._save(JobPosting, [r.job for r in self.jobs], "jobs")
        occ_through = JobPosting.occupations.through
        cert_through = JobPosting.certificates_required.through
        occ_rows = [
            occ_through(jobposting_id=r.job.pk, occupation_id=c) for r in self.jobs for c in r.occupations
        ]
        cert_rows = [
            cert_through(jobposting_id=r.job.pk, certificatetype_id=c)
            for r in self.jobs
            for c in r.certificates
        ]
        self._save(occ_through, occ_rows)
        self._save(cert_through, cert_rows)
        self._save(Application, [a for r in self.jobs for a in r.applications], "applications")

    def _pick_employer(self, industry: str) -> EmployerRow:
        pool = self.employer_pickers.get(industry) or self.any_employer
        row: EmployerRow = pool.pick(self.rng)
        return row

    def _random_plan(self, status: str) -> JobPlan:
        employer = self._pick_employer(self.cat.industry(self.rng))
        industry = employer.industry  # the same unless that industry has no verified employer yet
        occs = [self.cat.occupation(self.rng, industry)]
        if self.rng.random() < 0.15 and occs[0].related:
            occs.append(self.cat.by_code[self.rng.choice(occs[0].related)])
        lat, lon, place, address = self._job_location(employer, industry)
        headcount = self._headcount(employer, status)
        start, end, published = self._job_dates(status, occs[0].unit)
        plan = JobPlan(employer, occs, status, headcount, start, end, published, lat, lon, place, address)
        self._fill_terms(plan)
        return plan

    def _job_location(self, employer: EmployerRow, industry: str) -> tuple[float, float, Place, str]:
        """Shops, restaurants and homes hire for their own premises; sites are anywhere in the area."""
        e = employer.enterprise
        if employer.household or (industry in PREMISES_INDUSTRIES and self.rng.random() < 0.7):
            return e.lat, e.lon, self.geo.nearest(e.lat, e.lon), e.address
        lat, lon, place = self.geo.sample(self.rng)
        return lat, lon, place, self._address(place)

    def _headcount(self, employer: EmployerRow, status: str) -> int:
        if employer.household:
            return 1 if self.rng.random() < 0.8 else 2
        count: int = self.headcounts.pick(self.rng)
        if count >= 10 and self.rng.random() < 0.5:
            count = self.rng.randint(10, 30)
        if count >= 10 and self.rng.random() < 0.03:
            count = self.rng.randint(50, 200)  # the odd factory line or road project
        # A filled job has exactly headcount accepted applicants, and at most 12 people apply.
        return min(count, 5) if status == JobStatus.FILLED else count

    def _duration(self, unit: str) -> int:
        r = self.rng.random()
        if unit == PayUnit.MONTH:
            return self.rng.randint(30, 240)
        if unit == PayUnit.PIECE or r < 0.55:
            return self.rng.randint(1, 7)
        if unit == PayUnit.HOUR or r < 0.85:
            return self.rng.randint(8, 60)
        return self.rng.randint(61, 240)

    def _job_dates(self, status: str, unit: str) -> tuple[dt.date, dt.date, dt.datetime | None]:
        """Relative to today: open and filled jobs run now or soon, expired ones ended before today."""
        days = self._duration(unit)
        lead = self.rng.randint(0, 7)
        if status == JobStatus.PENDING_REVIEW:
            start = self.today + dt.timedelta(days=lead + 1)
            return start, start + dt.timedelta(days=days - 1), None
        if status == JobStatus.EXPIRED:
            published = self._past(28, 2)
            start = min(
                timezone.localdate(published) + dt.timedelta(days=lead), self.today - dt.timedelta(days=1)
            )
            end = min(start + dt.timedelta(days=days - 1), self.today - dt.timedelta(days=1))
            return start, end, published
        published = self._past(30, 0.05)
        start = timezone.localdate(published) + dt.timedelta(days=lead)
        end = start + dt.timedelta(days=days - 1)
        if status in (JobStatus.OPEN, JobStatus.FILLED) and end < self.today:
            end = self.today + dt.timedelta(days=lead)
        return start, end, published

    def _fill_terms(self, plan: JobPlan) -> None:
        main = plan.occupations[0]
        if self.rng.random() < NEGOTIABLE_SHARE:
            plan.pay_unit, plan.pay_amount = PayUnit.NEGOTIABLE, None
        else:
            plan.pay_unit, plan.pay_amount = main.unit, pay_in_range(self.rng, main.low, main.high)
        plan.settlement = self._settlement(main.unit, (plan.end - plan.start).days + 1)
        part_time = main.unit in (PayUnit.HOUR, PayUnit.PIECE) and self.rng.random() < 0.6
        plan.shift = self.rng.choice(PART_SHIFTS if part_time else FULL_SHIFTS)
        plan.urgent = self.rng.random() < URGENT_SHARE
        plan.channel = (self.household_channels if plan.employer.household else self.channels).pick(self.rng)
        # Health certificates are the employer's call (create_job only forces the legal gates).
        if main.certificate == "health_certificate" and self.rng.random() < 0.6:
            plan.extra_certs = ("health_certificate",)
        plan.title = self._title(plan)
        plan.description = self._description(plan)

    def _settlement(self, unit: str, days: int) -> str:
        """Short jobs are paid daily or on completion, long ones monthly."""
        if unit == PayUnit.MONTH or days > 60:
            return SettlementCycle.MONTHLY if self.rng.random() < 0.85 else SettlementCycle.WEEKLY
        if days <= 7:
            return SettlementCycle.DAILY if self.rng.random() < 0.65 else SettlementCycle.ON_COMPLETION
        r = self.rng.random()
        return (
            SettlementCycle.DAILY
            if r < 0.35
            else SettlementCycle.WEEKLY
            if r < 0.75
            else SettlementCycle.ON_COMPLETION
        )

    def _title(self, plan: JobPlan) -> str:
        days = (plan.end - plan.start).days + 1
        fitting = [t for t in self.names["job_title_templates"] if self._template_fits(t, plan, days)]
        template = self.rng.choice(fitting or ["招{occupation}{n}名"])
        lunan_wide = plan.place.in_lunan and self.rng.random() < 0.6
        area = self.geo.by_code[LUNAN].name if lunan_wide else plan.place.name
        title: str = template.format(occupation=plan.occupations[0].name, n=plan.headcount, district=area)
        return title[:60]

    @staticmethod
    def _template_fits(template: str, plan: JobPlan, days: int) -> bool:
        """Only urgent jobs say 急, only daily pay says 日结, and 长期/短期 must match the dates."""
        if ("急" in template) != plan.urgent:
            return False
        if "日结" in template and plan.settlement != SettlementCycle.DAILY:
            return False
        if "长期" in template and days <= 30:
            return False
        return not (("短期" in template or "临时" in template) and days > 30)

    def _description(self, plan: JobPlan) -> str:
        main = plan.occupations[0]
        templates = self.names["job_description_templates_by_industry"].get(main.industry)
        template = self.rng.choice(templates or ["{place}需要{occupation}，工作时间{hours}。"])
        start, end, _hours = plan.shift
        place = plan.address.removeprefix("唐山市").split("号")[0].rstrip("0123456789")
        text: str = template.format(place=place, occupation=main.name, hours=f"{start:%H:%M}-{end:%H:%M}")
        return text

    def _add_job(self, plan: JobPlan, applicants: int | None = None) -> JobRow:
        """The posting as the services leave it; ``applicants`` fixes how many apply (story jobs)."""
        e = plan.employer
        station = None
        if plan.channel == SourceChannel.STATION:
            station = e.enterprise.station or self.nearest_station(plan.lat, plan.lon)
        staff_posted = plan.channel != SourceChannel.ONLINE
        poster = (
            (self.station_staff if station == self.demo_station else self.admin) if staff_posted else e.admin
        )
        created = (plan.published_at or self.now) - dt.timedelta(hours=self.rng.uniform(0.2, 48))
        start_time, end_time, hours = plan.shift
        job = JobPosting(
            market=self.market,
            enterprise=e.enterprise,
            station=station,
            created_by=poster,
            title=plan.title,
            description=plan.description,
            headcount=plan.headcount,
            address=plan.address,
            division_id=plan.place.code,
            lat=plan.lat,
            lon=plan.lon,
            pay_amount=plan.pay_amount,
            pay_unit=plan.pay_unit,
            start_date=plan.start,
            end_date=plan.end,
            daily_start_time=start_time,
            daily_end_time=end_time,
            daily_hours=hours,
            settlement_cycle=plan.settlement,
            is_urgent=plan.urgent,
            insurance_required=any(o.insurance for o in plan.occupations),
            source_channel=plan.channel,
            status=plan.status,
            created_at=created,
            published_at=plan.published_at,
        )
        if plan.published_at is not None:  # staff postings open at once; the others passed review
            job.reviewed_by = poster if staff_posted else self.admin
        if plan.status in (JobStatus.CLOSED, JobStatus.EXPIRED):
            job.closed_at = self._closed_at(plan)
        row = JobRow(
            job=job, occupations=[o.code for o in plan.occupations], certificates=self._job_certs(plan)
        )
        self.jobs.append(row)
        self._plan_applications(row, applicants)
        return row

    def _closed_at(self, plan: JobPlan) -> dt.datetime:
        published = plan.published_at or self.now
        if plan.status == JobStatus.EXPIRED:  # the nightly expiry run after the end date
            return min(local_dt(plan.end + dt.timedelta(days=1), 1, 30), self.now)
        return published + (self.now - published) * self.rng.uniform(0.2, 0.9)

    @staticmethod
    def _job_certs(plan: JobPlan) -> list[str]:
        """Legal-gate certificates are always required, as create_job does; health ones when asked for."""
        gates = [o.certificate for o in plan.occupations if o.certificate and o.cert_kind != "health"]
        return sorted({*gates, *plan.extra_certs})

    # -- applications ---------------------------------------------------------------------------------

    def _plan_applications(self, row: JobRow, count: int | None) -> None:
        job = row.job
        if job.status not in (JobStatus.OPEN, JobStatus.FILLED):
            return
        if count is None:
            if job.status == JobStatus.OPEN and self.rng.random() >= OPEN_JOB_APPLICATION_SHARE:
                return
            count = self.applicant_count.pick(self.rng)
            if job.status == JobStatus.FILLED:
                count = min(12, job.headcount + self.rng.randint(0, 3))
        applicants = self._applicants(row, count)
        if job.status == JobStatus.FILLED and len(applicants) < job.headcount:
            job.status = JobStatus.OPEN  # not enough qualified people: still recruiting
        self._set_statuses(row, applicants)

    def _applicants(self, row: JobRow, count: int) -> list[WorkerRow]:
        """Workers with the trade (or a related one) and every certificate the job requires, nearest first.
        Jobs without a certificate gate may also get applicants from other trades, as in real life."""
        if count <= 0:
            return []
        needed = set(row.certificates)
        related = [r for code in row.occupations for r in self.cat.by_code[code].related]
        skilled = chain.from_iterable(self.by_skill.get(code, ()) for code in [*row.occupations, *related])
        pool = list(dict.fromkeys(skilled))  # first occurrence wins, so the order is reproducible
        if needed:
            pool = [w for w in pool if needed <= w.certs_ok]
        elif len(pool) < count:
            extra = self.rng.sample(self.pool_workers, min(len(self.pool_workers), count * 3))
            taken = set(pool)
            pool += [w for w in extra if w not in taken]
        if len(pool) > count * 4:
            pool = self.rng.sample(pool, count * 4)
        lat, lon = row.job.lat, row.job.lon
        pool.sort(key=lambda w: km_between(lat, lon, w.profile.home_lat or lat, w.profile.home_lon or lon))
        return pool[:count]

    def _set_statuses(self, row: JobRow, applicants: Sequence[WorkerRow]) -> None:
        """A filled job has exactly headcount accepted; an open one fewer than its places."""
        job = row.job
        if job.status == JobStatus.FILLED:
            accepted = job.headcount
            others = Picker(
                (ApplicationStatus.REJECTED, ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED),
                (60, 25, 15),
            )
        else:
            room = min(job.headcount - 1, len(applicants))
            accepted = self.rng.randint(1, room) if room > 0 and self.rng.random() < 0.4 else 0
            others = Picker(
                (
                    ApplicationStatus.APPLIED,
                    ApplicationStatus.SHORTLISTED,
                    ApplicationStatus.OFFERED,
                    ApplicationStatus.REJECTED,
                ),
                (50, 20, 10, 20),
            )
        for i, worker in enumerate(applicants):
            status: str = ApplicationStatus.ACCEPTED if i < accepted else others.pick(self.rng)
            row.applications.append(self._application(job, worker, status))

    def _application(
        self, job: JobPosting, worker: WorkerRow, status: str, applied: dt.datetime | None = None
    ) -> Application:
        """Timestamps follow the transitions: applied, then shortlisted, offered, decided or rejected."""
        published = job.published_at or self.now
        applied = applied or published + (self.now - published) * self.rng.random() ** 2
        app = Application(job=job, worker=worker.profile, status=status, applied_at=applied)
        if self.rng.random() < 0.3:
            app.message = self.rng.choice(APPLICATION_MESSAGES)
        step = applied
        if status in (ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
            step = app.shortlisted_at = step + (self.now - step) * self.rng.uniform(0.05, 0.4)
        if status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED):
            step = app.offered_at = step + (self.now - step) * self.rng.uniform(0.05, 0.4)
        if status == ApplicationStatus.ACCEPTED:
            app.decided_at = step + (self.now - step) * self.rng.uniform(0.05, 0.5)
        if status == ApplicationStatus.REJECTED:
            app.rejected_at = step + (self.now - step) * self.rng.uniform(0.05, 0.6)
            filled = job.status == JobStatus.FILLED
            app.reason = "已招满" if filled else self.rng.choice(APPLICATION_REJECTION_REASONS)
        return app

    # -- story jobs -----------------------------------------------------------------------------------

    def _story_plan(
        self,
        employer: EmployerRow,
        occupation: str,
        *,
        title: str,
        where: tuple[float, float, str],
        headcount: int,
        days: int,
        published: dt.datetime,
        start: dt.date | None = None,
        pay: Decimal | None = None,
        description: str = "",
        **terms: Any,
    ) -> JobPlan:
        """An open job with fixed wording; ``pay=None`` means pay negotiable (面议)."""
        occ = self.cat.by_code[occupation]
        lat, lon, address = where
        start = start or self.today + dt.timedelta(days=1)
        terms.setdefault("settlement", self._settlement(occ.unit, days))
        plan = JobPlan(
            employer=employer,
            occupations=[occ],
            status=JobStatus.OPEN,
            headcount=headcount,
            start=start,
            end=start + dt.timedelta(days=days - 1),
            published_at=published,
            lat=lat,
            lon=lon,
            place=self.geo.nearest(lat, lon),
            address=address,
            title=title,
            pay_unit=PayUnit.NEGOTIABLE if pay is None else occ.unit,
            pay_amount=pay,
            **terms,
        )
        plan.description = description or self._description(plan)
        return plan

    def _story_jobs(self) -> None:
        self._xinda_jobs()
        self._bank_job()
        self._household_and_li_jobs()
        self._kindergarten_and_live_jobs()

    def _xinda_jobs(self) -> None:
        """The demo employer: story 1's snow-removal job in Fengnan plus road and bridge work."""
        snow = (
            "冬季公路融雪除雪作业，驾驶装载机（铲车）清雪、装运融雪剂，"
            "工期约6个月，下雪天需随叫随到，按月结算。"
        )
        specs = (  # occupation, title, near, address, headcount, days, description
            (
                "loader_driver",
                "丰南区公路融雪铲车司机3名",
                "130207",
                "唐山市丰南区迎宾路（唐丰快速路沿线）",
                3,
                180,
                snow,
            ),
            ("road_worker", "路南区道路维修招筑路工10人", "130202009", "唐山市路南区梁家屯路", 10, 45, ""),
            ("road_roller_driver", "丰南区招压路机司机2名", "130207", "唐山市丰南区光明路", 2, 60, ""),
            ("rebar_worker", "路南区桥梁工程招钢筋工6名", "130202102", "唐山市路南区稻地镇唐柏路", 6, 90, ""),
        )
        self.xinda_rows: list[JobRow] = []
        for code, title, near, address, headcount, days, description in specs:
            lat, lon = self.geo.near(self.rng, self.geo.by_code[near], 0.8)
            occ = self.cat.by_code[code]
            plan = self._story_plan(
                self.xinda,
                code,
                title=title,
                where=(lat, lon, address),
                headcount=headcount,
                days=days,
                published=self._past(6, 0.5),
                start=self.today + dt.timedelta(days=2),
                pay=pay_in_range(self.rng, occ.low, occ.high),
                description=description,
            )
            self.xinda_rows.append(self._add_job(plan, applicants=min(headcount + 3, 8)))

    def _bank_job(self) -> None:
        """Story 3: the bank posts for 2 cooks at 9:00 and 11 cooks apply within 30 minutes."""
        posted = min(local_dt(self.today, 9), self.now - dt.timedelta(minutes=40))
        bank = self.bank.enterprise
        plan = self._story_plan(
            self.bank,
            "chinese_cook",
            title="今日急招中式烹调师2名（银行职工食堂）",
            where=(bank.lat, bank.lon, bank.address),
            headcount=2,
            days=30,
            published=posted,
            start=self.today,
            pay=Decimal("260"),
            description="中国工商银行唐山路南支行职工食堂招中式烹调师2名，负责午餐制作，工作时间09:30-14:00，"
            "需持有效健康证，今天即可上岗，按天结算。",
            settlement=SettlementCycle.DAILY,
            urgent=True,
            channel=SourceChannel.STATION,
            shift=PART_SHIFTS[3],
            extra_certs=("health_certificate",),
        )
        row = self._add_job(plan, applicants=0)
        cooks = [w for w in self.by_skill.get("chinese_cook", ()) if "health_certificate" in w.certs_ok][:11]
        for i, cook in enumerate(cooks):
            status = ApplicationStatus.SHORTLISTED if i < 2 else ApplicationStatus.APPLIED
            applied = posted + dt.timedelta(minutes=self.rng.uniform(2, 30))
            row.applications.append(self._application(row.job, cook, status, applied=applied))

    def _household_and_li_jobs(self) -> None:
        """Story 2 (home-renovation work within 3 km of 李建国) and story 6 (home organising)."""
        home = self.household.enterprise
        where = (home.lat, home.lon, home.address)
        carpenter = self._story_plan(
            self.household,
            "carpenter",
            title="老房局部改造需木工1名",
            where=where,
            headcount=1,
            days=5,
            published=self._past(1, 0.1),
            pay=Decimal("350"),
            settlement=SettlementCycle.ON_COMPLETION,
        )
        self._add_job(carpenter, applicants=2)
        organiser = self._story_plan(
            self.household,
            "home_organizer",
            title="上门整理衣柜和储物间，需整理收纳师",
            where=where,
            headcount=1,
            days=1,
            published=self._past(1, 0.1),
            pay=Decimal("60"),
            shift=PART_SHIFTS[1],
        )
        self._add_job(organiser, applicants=2)
        decorators = self.verified_by_industry.get("decoration") or [self.household]
        for code in ("painter", "tiler", "carpenter"):
            lat, lon = self._near(*self.li_home, 1.0)
            occ = self.cat.by_code[code]
            plan = self._story_plan(
                decorators[self.rng.randrange(len(decorators))],
                code,
                title=f"路南区家装招{occ.name}（就近上岗）",
                where=(lat, lon, self._address(self.geo.nearest(lat, lon))),
                headcount=self.rng.randint(1, 2),
                days=self.rng.randint(3, 10),
                published=self._past(3, 0.2),
                pay=pay_in_range(self.rng, occ.low, occ.high),
            )
            self._add_job(plan, applicants=self.rng.randint(1, 4))

    def _kindergarten_and_live_jobs(self) -> None:
        """Story 4 (a kindergarten's urgent dishwasher) and story 5 (three live-streamed cook jobs, 面议)."""
        kg = self.kindergarten.enterprise
        dishwasher = self._story_plan(
            self.kindergarten,
            "dishwasher",
            title="幼儿园食堂急招洗碗工1名",
            where=(kg.lat, kg.lon, kg.address),
            headcount=1,
            days=90,
            published=self._past(0.2, 0.05),
            start=self.today,
            pay=Decimal("25"),
            urgent=True,
            channel=SourceChannel.STATION,
            shift=PART_SHIFTS[3],
            extra_certs=("health_certificate",),
        )
        self._add_job(dishwasher, applicants=2)
        caterers = self.verified_by_industry.get("catering") or [self.bank]
        lubei = self.geo.by_code.get("130203", self.geo.by_code[LUNAN])
        for _ in range(3):
            lat, lon = self.geo.near(self.rng, lubei, 1.5)
            road = f"{self.rng.choice(OTHER_DISTRICT_ROADS)}{self.rng.randint(1, 300)}号"
            plan = self._story_plan(
                caterers[self.rng.randrange(len(caterers))],
                "chinese_cook",
                title="高新区餐厅招中式烹调师（直播带岗）",
                where=(lat, lon, f"唐山市高新区{road}"),
                headcount=1,
                days=120,
                published=self._past(2, 0.1),
                channel=SourceChannel.LIVE_STREAM,
            )
            self._add_job(plan, applicants=self.rng.randint(1, 3))

    # -- engagements ----------------------------------------------------------------------------------

    def _build_engagements(self) -> None:
        """The demo cast's engagements, made the way people make them: every step goes through its service
        (posting and review, application, offer, acceptance, contract and signatures, insurance, check-in
        and check-out, confirmation or dispute, settlement, payment, ratings), so the contracts, policies,
        statements, notifications and the audit trail are the real ones.

        All of it happens today. The services place an engagement's first shift today at the earliest and
        stamp each step with the current time, so "last week's job" would need rows rewritten by hand;
        instead 李建国's work is shifts earlier today that are already over (``worked_windows``).
        """
        self.progress.set_description("用工单")
        users = {u.phone: u for u in User.objects.filter(phone__in=DEMO_PHONES)}
        self.cast_admin, self.boss = users[ADMIN_PHONE], users[EMPLOYER_PHONE]
        jiang, li = users[JIANG_PHONE], users[LI_PHONE]
        earlier, later = worked_windows(self.now)
        made = []

        # 李建国: half a day of railing painting earlier today, done, confirmed, paid and rated by both.
        lat, lon = self._near(*self.li_home, 1.2)
        painting = self._post_job(
            "路南区人行天桥护栏刷漆，招油漆工1名（当天结清）",
            "人行天桥钢护栏除锈、刷防锈漆和面漆，按小时计酬，当天确认工时后结清。需自带刷具，防护用品由公司提供。",
            "painter",
            (lat, lon, self._address(self.geo.nearest(lat, lon))),
            days=1,
            window=later,
            pay=Decimal("45"),
            pay_unit=PayUnit.HOUR,
        )
        done = self._hire(li, painting)
        self._sign_both(done, li)
        shift = done.shifts.get()
        self._work(li, shift)  # the last shift: checking out completes the engagement
        engagement_services.confirm_shift(actor=self.boss, shift_id=shift.pk)
        statement = settlement_services.settle(
            actor=self.boss, engagement_id=done.pk, idempotency_key=f"demo-seed-settle-{done.pk}"
        )
        settlement_services.pay(
            actor=self.boss,
            statement_id=statement.pk,
            idempotency_key=f"demo-seed-pay-{statement.pk}",
            reference="网银转账（演示数据）",
        )
        rating_services.rate(
            actor=li,
            engagement_id=done.pk,
            stars=5,
            dimensions={"pay_on_time": 5, "safety": 4, "as_described": 5},
            comment="当天就结了工钱，现场有专人看护，活和说的一样。",
        )
        rating_services.rate(
            actor=self.boss,
            engagement_id=done.pk,
            stars=5,
            dimensions={"quality": 5, "punctuality": 5, "attitude": 5},
            comment="油漆刷得均匀，边角处理干净，准时到岗。",
        )
        made.append(done)

        # 李建国: three days of formwork; the employer disputes the hours of today's shift, which puts a case
        # in the station staff's queue. A seed run before 01:30 has no earlier stretch: he starts tomorrow.
        lat, lon = self._near(*self.li_home, 1.2)
        formwork = self._post_job(
            "路南区小区道路改造招木工（支模）1名",
            "小区道路及路缘石改造，木工支设、拆除模板，连续3天，按小时计酬、每日确认工时后结算。",
            "carpenter",
            (lat, lon, self._address(self.geo.nearest(lat, lon))),
            days=3,
            window=earlier or (dt.time(8, 0), dt.time(16, 0)),
            start=self.today if earlier else self.today + dt.timedelta(days=1),
            pay=Decimal("45"),
            pay_unit=PayUnit.HOUR,
        )
        ongoing = self._hire(li, formwork)
        self._sign_both(ongoing, li)
        if earlier is not None:
            first = ongoing.shifts.order_by("date")[0]
            self._work(li, first)
            first.refresh_from_db()
            engagement_services.dispute_shift(
                actor=self.boss,
                shift_id=first.pk,
                reason="工人提前约半小时离开工地，签退时间与实际不符",
                claimed_hours=max(Decimal(0), (first.worked_hours or Decimal(0)) - Decimal("0.5")),
            )
        made.append(ongoing)

        # 江小军: a loader shift on a road-repair site starting within the next hour or two, signed and
        # insured, so his check-in button is live; his story's snow-removal job waits for his signature.
        lat, lon = self._near(self.xinda.enterprise.lat, self.xinda.enterprise.lon, 1.5)
        loader = self._post_job(
            "路南区道路维修工地招装载机司机1名（日结）",
            "道路维修工地驾驶装载机（铲车）清运渣土、配合摊铺，连续2天，按天计酬、每日结算。",
            "loader_driver",
            (lat, lon, "唐山市路南区建设南路（道路维修工地）"),
            days=2,
            window=live_window(self.now),
            pay=Decimal("320"),
        )
        made.append(self._hire(jiang, loader))
        self._sign_both(made[-1], jiang)
        snow = self._hire(jiang, JobPosting.objects.get(pk=self.xinda_rows[0].job.pk))
        self._sign(self.boss, snow)
        made.append(snow)

        self.counts["jobs"] = self.counts.get("jobs", 0) + ENGAGEMENT_JOBS
        self.counts["applications"] = self.counts.get("applications", 0) + len(made)
        self.counts["engagements"] = len(made)
        self.progress.update(ENGAGEMENT_JOBS)

    def _post_job(
        self,
        title: str,
        description: str,
        occupation: str,
        where: tuple[float, float, str],
        *,
        days: int,
        window: tuple[dt.time, dt.time],
        pay: Decimal,
        pay_unit: str = PayUnit.DAY,
        start: dt.date | None = None,
    ) -> JobPosting:
        """The demo employer posts (create_job) and the market admin approves it (approve_job)."""
        lat, lon, address = where
        start = start or self.today
        begin, end = (dt.datetime.combine(self.today, t) for t in window)
        if end <= begin:  # a night shift ends the next morning
            end += dt.timedelta(days=1)
        data = job_services.JobInput(
            title=title,
            description=description,
            occupations=[occupation],
            headcount=1,
            address=address,
            division=self.geo.nearest(lat, lon).code,
            lat=lat,
            lon=lon,
            start_date=start,
            end_date=start + dt.timedelta(days=days - 1),
            pay_unit=pay_unit,
            pay_amount=pay,
            daily_start_time=window[0],
            daily_end_time=window[1],
            daily_hours=Decimal((end - begin).total_seconds()) / Decimal(3600),
            settlement_cycle=SettlementCycle.DAILY,
        )
        job = job_services.create_job(actor=self.boss, data=data)
        return job_services.approve_job(actor=self.cast_admin, job_id=job.pk)

    def _hire(self, worker: User, job: JobPosting) -> Engagement:
        """Apply, offer, accept: accepting the offer creates the engagement and its contract."""
        application = job_services.apply(actor=worker, job_id=job.pk)
        job_services.offer(actor=self.boss, application_id=application.pk)
        job_services.accept_offer(actor=worker, application_id=application.pk)
        return Engagement.objects.get(application_id=application.pk)

    def _sign_both(self, engagement: Engagement, worker: User) -> None:
        """Employer first, then the worker; the second signature completes the contract, which marks the
        engagement signed and, when the job needs it, buys the accident policy (-> insured)."""
        self._sign(self.boss, engagement)
        self._sign(worker, engagement)
        if engagement.insurance_required:
            self._insure(engagement)

    @staticmethod
    def _insure(engagement: Engagement) -> None:
        """Buy the accident cover now. The signature requested the policy and queued its purchase as a task
        after commit; the seed runs in one transaction and its workers check in before that, so it makes
        the purchase itself through the service the task calls (as the system, like the task). The task,
        when a worker runs it later, finds the policy issued and changes nothing."""
        policy = insurance_selectors.current_policy(engagement)
        assert policy is not None
        insurance_services.purchase_policy(policy_id=policy.pk)

    def _sign(self, user: User, engagement: Engagement) -> None:
        """Sign the current contract version through ``contracts.services.sign``, one-time code included.

        The code is stored the way ``accounts.services.send_otp`` stores it, without the text message:
        send_otp hands the code to the SMS sender only after the transaction commits (the seed runs in
        one) and its per-number limit would refuse the employer's next code within the minute.
        """
        contract = contract_services.current_contract(engagement)
        assert contract is not None
        code = f"{secrets.randbelow(1_000_000):06d}"
        OtpCode.objects.create(
            phone=user.phone,
            purpose=OtpPurpose.SIGN,
            code_hash=account_services._hash(f"{user.phone}:{OtpPurpose.SIGN}:{code}"),
            expires_at=timezone.now() + dt.timedelta(seconds=settings.LINGONG_OTP_TTL_SECONDS),
        )
        contract_services.sign(
            actor=user,
            contract_id=contract.pk,
            code=code,
            pdf_sha256=contract.pdf_sha256,
            ip=None,
            user_agent=SEED_USER_AGENT,
        )

    def _work(self, worker: User, shift: Shift) -> None:
        """Check in at the start and out at the end (or now, if the shift has not ended yet), a few metres
        from the site."""
        engagement = shift.engagement
        lat, lon = engagement.site_lat + 0.0001, engagement.site_lon + 0.0001
        engagement_services.check_in(actor=worker, shift_id=shift.pk, lat=lat, lon=lon, at=shift.starts_at)
        engagement_services.check_out(
            actor=worker, shift_id=shift.pk, lat=lat, lon=lon, at=min(shift.ends_at, timezone.now())
        )


# --- Public API ------------------------------------------------------------------------------------------


def market_is_loaded() -> bool:
    """The demo market counts as loaded once it has workers."""
    return WorkerProfile.objects.filter(market__code=MARKET_CODE).exists()


def delete_demo_data() -> None:
    """Delete the demo market and everything hanging off it, children before parents.

    The demo logins' phones are cleared too, so an account made by hand with one of those numbers
    cannot block the rebuild.
    """
    market = Market.objects.filter(code=MARKET_CODE).first()
    if market is not None:
        _delete_engagement_chain(market)
        Application.objects.filter(Q(job__market=market) | Q(worker__market=market)).delete()
        JobPosting.objects.filter(market=market).delete()
        EnterpriseMember.objects.filter(enterprise__market=market).delete()
        Enterprise.objects.filter(market=market).delete()
        WorkerSkill.objects.filter(worker__market=market).delete()
        WorkerCertificate.objects.filter(worker__market=market).delete()
        Availability.objects.filter(worker__market=market).delete()
        WorkerProfile.intended_occupations.through.objects.filter(workerprofile__market=market).delete()
        WorkerProfile.intended_divisions.through.objects.filter(workerprofile__market=market).delete()
        ConsentRecord.objects.filter(user__market=market).delete()
        # only("pk"): the deletion collector would otherwise decrypt every ID number it loads.
        WorkerProfile.objects.filter(market=market).only("pk").delete()
    User.objects.filter(Q(market__code=MARKET_CODE) | Q(phone__in=DEMO_PHONES)).delete()
    if market is not None:
        Station.objects.filter(market=market).delete()
        ServiceCentre.objects.filter(market=market).delete()
        market.delete()


def _delete_engagement_chain(market: Market) -> None:
    """Everything issue 4's chain adds for the market, children first: engagements, their jobs and
    applications, workers and enterprises are PROTECTed by it. The audit trail stays: it is append-only."""
    of_market = Q(market=market) | Q(worker__market=market) | Q(enterprise__market=market)
    engagements = Engagement.objects.filter(of_market)
    Rating.objects.filter(engagement__in=engagements).delete()
    statements = Statement.objects.filter(
        Q(engagement__in=engagements) | Q(worker__market=market) | Q(enterprise__market=market)
    )
    Payment.objects.filter(statement__in=statements).delete()
    StatementShift.objects.filter(statement__in=statements).delete()
    statements.delete()
    ArrearsFlag.objects.filter(Q(engagement__in=engagements) | Q(enterprise__market=market)).delete()
    policies = InsurancePolicy.objects.filter(engagement__in=engagements)
    # The local provider's book holds no reference, only the key it issued the policy under.
    LocalIssuedPolicy.objects.filter(idempotency_key__in=policies.values("idempotency_key")).delete()
    policies.delete()
    ContractSignature.objects.filter(contract__engagement__in=engagements).delete()
    Contract.objects.filter(engagement__in=engagements).delete()
    AttendanceCase.objects.filter(shift__engagement__in=engagements).delete()
    Shift.objects.filter(engagement__in=engagements).delete()
    engagements.delete()
    WorkerReputation.objects.filter(worker__market=market).delete()
    EmployerReputation.objects.filter(enterprise__market=market).delete()


def ensure_reference_data() -> None:
    """Divisions and occupations arrive with migrate; load them if this database lacks them."""
    from lingong.org.reference import sync_divisions
    from lingong.taxonomy.reference import sync_taxonomy

    if not Division.objects.filter(code=LUNAN).exists():
        sync_divisions()
    if not Occupation.objects.exists():
        sync_taxonomy()


def build_demo_market(options: SeedOptions, progress: Progress | None = None) -> dict[str, int]:
    """Build the market; the caller wraps this (and any reset) in one transaction."""
    ensure_reference_data()
    return DemoMarketBuilder(options, progress).build()


# --- Demo logins table -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def demo_logins_table() -> str:
    """The demo accounts as a plain-text table, with the station actually assigned in this database."""
    users = {u.phone: u for u in User.objects.filter(phone__in=DEMO_PHONES).select_related("station")}
    rows = [("角色", "手机号", "密码", "可以试试")]
    for login in DEMO_LOGINS:
        user = users.get(login.phone)
        who = user.station.name if user is not None and user.station is not None else login.who
        rows.append((f"{login.role}：{who}", login.phone, DEMO_PASSWORD, login.try_this))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"演示账号（登录地址：{settings.SITE_URL}{reverse('accounts:login')}）"]
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if len(users) < len(DEMO_PHONES):
        lines.append("提示：演示账号尚未全部生成，请先运行 python manage.py seed")
    return "\n".join(lines)
