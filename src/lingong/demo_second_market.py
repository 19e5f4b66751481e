"""A second demo market in another city, 秦皇岛市海港区, to show that nothing is Tangshan-only.

Everything is made through the real services (centres, stations, enterprise registration and verification,
walk-in worker registration, job posting and approval, the market's policy), except the few rows that have no
service: the Market itself, its staff accounts and the employer login of a staff-registered enterprise. Its
served area is its city's polygon from the reference data (GCJ-02), and its policy differs from the defaults
(another premium, insurer and geofence), changed through ``update_policy`` (so it is in its audit chain).

Idempotent: when the market exists, nothing is built. ``python manage.py seed --second-market``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lingong.accounts import services as accounts
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.validators import make_resident_id, make_uscc
from lingong.employers import services as employer_services
from lingong.employers.models import EnterpriseMember, MemberRole
from lingong.jobs import services as job_services
from lingong.org import services as org_services
from lingong.org.area import reference_area
from lingong.org.models import Datum, Division, Market
from lingong.org.policy import update_policy
from lingong.workers import services as worker_services
from lingong.workers.models import ConsentChannel

MARKET_CODE = "haigang"
MARKET_NAME = "海港区零工市场"
CITY = "130300"  # 秦皇岛市
DISTRICT = "130302"  # 海港区
PASSWORD = "Lingong2026"  # noqa: S105 - the published password of the demo accounts, demo data only
# The policy the city set: a dearer cover from another insurer and a wider geofence (sprawling port sites).
POLICY = {
    "insurance_premium_per_day": Decimal("4.50"),
    "insurer_name": "秦皇岛零工保险合作机构（本地模拟）",
    "geofence_meters": 800,
    "no_show_minutes": 45,
}
STATIONS = (
    ("港城大街零工驿站", DISTRICT, "秦皇岛市海港区港城大街"),
    ("北戴河零工驿站", "130304", "秦皇岛市北戴河区西山路"),
)
ENTERPRISES = (
    ("秦皇岛港盛装卸服务有限公司", "logistics", "秦皇岛市海港区海滨路"),
    ("秦皇岛海韵物业服务有限公司", "security_property", "秦皇岛市海港区建设大街"),
    ("秦皇岛鑫源建筑劳务有限公司", "construction", "秦皇岛市山海关区南关大街"),
)
WORKERS = (
    ("王海涛", dt.date(1985, 3, 12), [("loader_driver", 6)], DISTRICT),
    ("刘春燕", dt.date(1990, 7, 2), [("cleaner", 3)], DISTRICT),
    ("赵建国", dt.date(1978, 11, 23), [("bricklayer", 12)], "130303"),
    ("孙立新", dt.date(1995, 1, 30), [("port_stevedore", 2)], "130304"),
)
JOBS = (
    ("港区装载机司机", "loader_driver", 0, DISTRICT, "秦皇岛市海港区东港路", "350"),
    ("写字楼保洁", "cleaner", 1, DISTRICT, "秦皇岛市海港区河北大街", "160"),
    ("古城修缮瓦工", "bricklayer", 2, "130303", "秦皇岛市山海关区古城东街", "320"),
)


def _phone(n: int) -> str:
    return f"1370335{n:04d}"


def market_exists() -> bool:
    return Market.objects.filter(code=MARKET_CODE).exists()


def _staff(market: Market, n: int, role: str, name: str, **extra: Any) -> User:
    return accounts.create_account(
        phone=_phone(n), password=PASSWORD, role=role, display_name=name, market_id=market.pk, **extra
    )


@transaction.atomic
def build_second_market(*, today: dt.date | None = None) -> dict[str, Any]:
    """Build the Haigang market (see the module docstring); returns what it made (empty when it exists)."""
    if market_exists():
        return {}
    today = today or timezone.localdate()
    district = Division.objects.get(code=DISTRICT)
    market = Market.objects.create(
        code=MARKET_CODE,
        name=MARKET_NAME,
        address="秦皇岛市海港区文化路",
        division=district,
        city_code=CITY,
        lat=district.lat,
        lon=district.lon,
        served_area=reference_area(CITY),
        area_datum=Datum.GCJ02,
        opening_hours="周一至周六 8:00-17:00",
        phone="0335-3000000",
    )
    admin = _staff(market, 1, Role.MARKET_ADMIN, "海港市场管理员", is_staff=True)
    update_policy(actor=admin, market_id=market.pk, changes=POLICY)
    centre = org_services.create_centre(
        actor=admin,
        data=org_services.OrgUnitInput(
            name="海港区零工服务中心", address="秦皇岛市海港区文化路", division=DISTRICT
        ),
    )
    stations = [
        org_services.create_station(
            actor=admin,
            centre_id=centre.pk,
            data=org_services.OrgUnitInput(name=name, address=address, division=code),
        )
        for name, code, address in STATIONS
    ]
    station_staff = _staff(
        market, 2, Role.STATION_STAFF, "港城大街驿站工作人员", centre=centre, station=stations[0]
    )
    employers = []
    for i, (name, industry, address) in enumerate(ENTERPRISES):
        enterprise = employer_services.register_enterprise_by_staff(
            actor=station_staff,
            data=employer_services.EnterpriseInput(
                name=name,
                credit_code=make_uscc(f"91130302MA{i + 1:07d}"[:17]),
                industry=industry,
                address=address,
                division=DISTRICT,
                contact_name="联系人",
                contact_phone=_phone(100 + i),
            ),
        )
        employer_services.verify_enterprise(actor=admin, enterprise_id=enterprise.pk)
        # A staff-registered enterprise has no login yet; this is its administrator's (no service makes one).
        user = _staff(market, 10 + i, Role.EMPLOYER, f"{name[:6]}负责人")
        EnterpriseMember.objects.create(user=user, enterprise=enterprise, role=MemberRole.ADMIN)
        trail.record(action="enterprise.member_added", obj=enterprise, actor=admin, data={"user": user.pk})
        employers.append(user)
    workers = [
        worker_services.register_walk_in(
            actor=station_staff,
            phone=_phone(200 + i),
            consent_channel=ConsentChannel.PAPER,
            consent_reference=f"QHD-{i + 1:04d}",
            data=worker_services.ProfileInput(
                real_name=name,
                id_number=make_resident_id(DISTRICT, birth, 100 + i),
                home_division=home,
                skills=skills,
                expected_pay=Decimal("200"),
                expected_pay_unit="day",
            ),
        )
        for i, (name, birth, skills, home) in enumerate(WORKERS)
    ]
    jobs = []
    for title, occupation, employer_index, code, address, pay in JOBS:
        job = job_services.create_job(
            actor=employers[employer_index],
            data=job_services.JobInput(
                title=title,
                description=f"{title}，{address}，按日结算，工期一周。",
                occupations=[occupation],
                headcount=2,
                address=address,
                division=code,
                start_date=today + dt.timedelta(days=1),
                end_date=today + dt.timedelta(days=7),
                pay_unit="day",
                pay_amount=Decimal(pay),
            ),
        )
        jobs.append(job_services.approve_job(actor=admin, job_id=job.pk))
    return {
        "market": market,
        "admin": admin,
        "station_staff": station_staff,
        "stations": stations,
        "employers": employers,
        "workers": workers,
        "jobs": jobs,
    }
