"""Workers: 江小军 and 李建国 (the two demo workers), a few certified cooks for the bank story, then
random workers; each with skills, certificates, availability, consents and intended work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from lingong.accounts.models import Role, User
from lingong.core import crypto
from lingong.demo.cast import JIANG_PHONE, LI_PHONE, LUNAN
from lingong.demo.catalogue import Occ
from lingong.demo.common import PART_SHIFTS, Picker, pay_in_range
from lingong.demo.context import DemoContext
from lingong.demo.geography import Place
from lingong.demo.identities import IDENTITY_EPOCH, age_draw, age_on
from lingong.demo.org import Org
from lingong.org.models import Station
from lingong.taxonomy.models import PayUnit
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
SKILL_COUNT = Picker(range(1, 6), (35, 30, 20, 10, 5))  # 1..5 skills
CERTIFICATE_VERIFIED_SHARE = 0.8
STATION_REGISTERED_SHARE = 0.7
TARGET_GROUP_SHARE = 0.25
# Issuers named the way Tangshan people see them on the card.
CERT_ISSUERS = {
    "special_operations": "唐山市应急管理局",
    "special_equipment": "唐山市市场监督管理局",
    "driving": "唐山市公安局交通警察支队车辆管理所",
    "health": "唐山市路南区疾病预防控制中心",
}
CERT_NUMBER_PREFIX = {"special_operations": "T", "special_equipment": "TS", "health": "JK"}


@dataclass(eq=False)  # rows are compared and hashed by identity
class WorkerRow:
    profile: WorkerProfile
    skills: list[tuple[str, int]]
    certs_ok: set[str] = field(default_factory=set)  # verified certificate types, valid today
    in_pools: bool = True  # the two demo workers are left for the person trying the demo


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


@dataclass
class Workers:
    rows: list[WorkerRow]
    by_skill: dict[str, list[WorkerRow]]  # who may apply for a trade (not the demo workers)
    pool: list[WorkerRow]  # everybody but the demo workers


class WorkerBuilder:
    def __init__(self, ctx: DemoContext, org: Org, li_home: tuple[float, float]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.org = org
        self.li_home = li_home
        self.rows: list[WorkerRow] = []
        self.certs: list[WorkerCertificate] = []
        self.slots: list[Availability] = []
        self.consents: list[ConsentRecord] = []
        self.intents: list[tuple[WorkerProfile, list[str], list[str]]] = []

    def build(self) -> Workers:
        ctx = self.ctx
        ctx.progress.set_description("求职者")
        self._story_workers()
        # The bank story needs cooks holding a verified health certificate (11 apply), and the quick-recruit
        # drill eleven who say yes though some decline: up to 16, one in eight workers.
        chefs = min(16, max(2, ctx.opts.workers // 8))
        for i in range(ctx.opts.workers - len(self.rows)):
            self._add_worker(self._random_worker(chef=i < chefs))
            ctx.progress.update(1)
        ctx.progress.set_description("写入求职者")
        self._save()
        by_skill: dict[str, list[WorkerRow]] = {}
        for w in self.rows:
            for code, _years in w.skills if w.in_pools else ():
                by_skill.setdefault(code, []).append(w)
        return Workers(rows=self.rows, by_skill=by_skill, pool=[w for w in self.rows if w.in_pools])

    def _save(self) -> None:
        ctx = self.ctx
        profiles = [w.profile for w in self.rows]
        ctx.save(User, [p.user for p in profiles], "users")
        ctx.save(WorkerProfile, profiles, "workers")
        skills = [
            WorkerSkill(worker=w.profile, occupation_id=c, years=y) for w in self.rows for c, y in w.skills
        ]
        ctx.save(WorkerSkill, skills, "skills")
        ctx.save(WorkerCertificate, self.certs, "certificates")
        ctx.save(Availability, self.slots, "availability")
        ctx.save(ConsentRecord, self.consents, "consents")
        occ_through = WorkerProfile.intended_occupations.through
        div_through = WorkerProfile.intended_divisions.through
        occ_rows = [
            occ_through(workerprofile_id=p.pk, occupation_id=c) for p, occs, _ in self.intents for c in occs
        ]
        div_rows = [
            div_through(workerprofile_id=p.pk, division_id=c) for p, _, divs in self.intents for c in divs
        ]
        ctx.save(occ_through, occ_rows)
        ctx.save(div_through, div_rows)

    def _random_worker(self, chef: bool) -> WorkerSpec:
        ctx, rng = self.ctx, self.rng
        if chef:
            main = ctx.cat.by_code.get("chinese_cook") or ctx.cat.occupation(rng, "catering")
        else:
            main = ctx.cat.occupation(rng, ctx.cat.industry(rng))
        gender = Gender.FEMALE if rng.random() < FEMALE_SHARE.get(main.industry, 0.4) else Gender.MALE
        birth = ctx.ids.birth_date(rng, age_draw(rng))
        lat, lon, _place = ctx.geo.sample(rng)
        at_station = rng.random() < STATION_REGISTERED_SHARE
        return WorkerSpec(
            name=ctx.ids.person_name(rng, gender),
            gender=gender,
            birth=birth,
            lat=lat,
            lon=lon,
            skills=self._skills(main, age_on(birth, IDENTITY_EPOCH)),
            station=self.org.nearest_station(lat, lon) if at_station else None,
            registered=ctx.past(700, 1),
            certs_verified=chef,
        )

    def _skills(self, main: Occ, age: int) -> list[tuple[str, int]]:
        """1-5 skills: the main trade, then related trades, the same industry, now and then another one."""
        rng, cat = self.rng, self.ctx.cat
        count: int = SKILL_COUNT.pick(rng)
        cap = max(0, min(30, age - 18))
        skills = {main.code: int(rng.triangular(0, cap, cap / 3)) if cap else 0}
        for _ in range(8):
            if len(skills) >= count:
                break
            r = rng.random()
            if r < 0.6 and main.related:
                code = rng.choice(main.related)
            elif r < 0.9:
                code = cat.occupation(rng, main.industry).code
            else:
                code = cat.occupation(rng, cat.industry(rng)).code
            skills.setdefault(code, rng.randint(0, cap // 2))
        return list(skills.items())

    def _add_worker(self, spec: WorkerSpec, user: User | None = None) -> WorkerRow:
        """Profile with ID (encrypted on save, blind index for uniqueness), certificates, slots, consents."""
        ctx, rng, org = self.ctx, self.rng, self.org
        number = ctx.ids.resident_id(rng, spec.birth, spec.gender, spec.id_area)
        main = ctx.cat.by_code[spec.skills[0][0]]
        home = ctx.geo.nearest(spec.lat, spec.lon)
        by_demo_station = spec.station is not None and spec.station == org.demo_station
        profile = WorkerProfile(
            user=user or org.users.user(spec.name, Role.WORKER, spec.registered),
            market=org.market,
            real_name=spec.name,
            id_number=number,
            id_number_index=crypto.blind_index(number),
            gender=spec.gender,
            birth_date=spec.birth,
            home_division_id=home.code,
            home_lat=spec.lat,
            home_lon=spec.lon,
            travel_radius_km=rng.choice((3, 5, 5, 10, 10, 10, 15, 20, 30)),
            expected_pay=pay_in_range(rng, int(main.low * 0.9), int(main.high * 1.05)),
            expected_pay_unit=main.unit,
            day_type=self._day_type(main),
            target_groups=self._target_groups(spec.gender, age_on(spec.birth, IDENTITY_EPOCH)),
            station=spec.station,
            registration_channel=RegistrationChannel.STATION if spec.station else RegistrationChannel.SELF,
            registered_by=org.station_staff if by_demo_station else None,
            created_at=spec.registered,
        )
        for key, value in spec.profile.items():
            setattr(profile, key, value)
        row = WorkerRow(profile=profile, skills=spec.skills)
        self.rows.append(row)
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
        rng = self.rng
        if rng.random() >= TARGET_GROUP_SHARE:
            return []
        eligible = [TargetGroup.DISABILITY, TargetGroup.LONG_TERM_UNEMPLOYED, TargetGroup.LOW_INCOME]
        if age <= 25:
            eligible += [TargetGroup.GRADUATE] * 4
        if 22 <= age <= 55 and gender == Gender.MALE:
            eligible += [TargetGroup.VETERAN] * 2
        if age >= (40 if gender == Gender.FEMALE else 50):  # 大龄: 40+ women, 50+ men in local policy
            eligible += [TargetGroup.OLDER_WORKER] * 4
        groups = {str(rng.choice(eligible))}
        if rng.random() < 0.15:
            groups.add(str(rng.choice(eligible)))
        return sorted(groups)

    def _add_certificates(self, row: WorkerRow, registered: dt.datetime, force_verified: bool) -> None:
        """One certificate per type the worker's skills need, valid today; most verified by staff."""
        ctx, rng = self.ctx, self.rng
        seen: set[str] = set()
        for code, _years in row.skills:
            occ = ctx.cat.by_code[code]
            if occ.certificate is None or occ.certificate in seen:
                continue
            seen.add(occ.certificate)
            lifetime = occ.cert_years * 365
            issued = ctx.today - dt.timedelta(days=rng.randint(30, max(31, lifetime - 60)))
            cert = WorkerCertificate(
                worker=row.profile,
                certificate_type_id=occ.certificate,
                number=self._cert_number(occ, row.profile.id_number or ""),
                issuer=CERT_ISSUERS.get(occ.cert_kind, ""),
                issued_on=issued,
                expires_on=issued + dt.timedelta(days=lifetime),
            )
            if force_verified or rng.random() < CERTIFICATE_VERIFIED_SHARE:
                cert.verified_by = row.profile.registered_by or self.org.admin
                cert.verified_at = max(registered, ctx.now - dt.timedelta(days=rng.uniform(1, 25)))
                row.certs_ok.add(occ.certificate)
            self.certs.append(cert)

    def _cert_number(self, occ: Occ, id_number: str) -> str:
        """Special-operations certificates and driving licences carry the holder's ID number."""
        if occ.cert_kind in ("special_operations", "driving"):
            return CERT_NUMBER_PREFIX.get(occ.cert_kind, "") + id_number
        prefix = CERT_NUMBER_PREFIX.get(occ.cert_kind, "ZS")
        return f"{prefix}{self.rng.randint(2018, 2026)}{self.rng.randrange(10**7):07d}"

    def _add_availability(self, profile: WorkerProfile) -> None:
        rng = self.rng
        if profile.day_type == DayType.FULL_DAY:
            slots = [(d, dt.time(8), dt.time(18)) for d in range(6 if rng.random() < 0.4 else 5)]
        elif profile.day_type == DayType.PART_DAY:
            start, end, _hours = rng.choice(PART_SHIFTS)
            slots = [(d, start, end) for d in sorted(rng.sample(range(7), rng.randint(2, 5)))]
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
        rng = self.rng
        occupations = [code for code, _ in row.skills[: rng.randint(1, 3)]]
        divisions = [home.code]
        if home.in_lunan and rng.random() < 0.5:
            divisions.append(LUNAN)
        if rng.random() < 0.3:
            other = self.ctx.geo.lunan_picker.pick(rng).code
            if other not in divisions:
                divisions.append(other)
        return occupations, divisions

    def _story_workers(self) -> None:
        """江小军 (story 1: a loader driver whose mother registers him at a station) and 李建国 (story 2)."""
        ctx = self.ctx
        jiang_lat, jiang_lon = ctx.geo.near(self.rng, ctx.geo.by_code["130202001"], 0.3)
        self._add_story_worker(
            JIANG_PHONE,
            WorkerSpec(
                name="江小军",
                gender=Gender.MALE,
                birth=dt.date(1992, 5, 17),
                lat=jiang_lat,
                lon=jiang_lon,
                skills=[("loader_driver", 8)],
                station=self.org.demo_station,
                registered=ctx.now - dt.timedelta(days=20),
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
        self._add_story_worker(
            LI_PHONE,
            WorkerSpec(
                name="李建国",
                gender=Gender.MALE,
                birth=dt.date(1981, 6, 18),  # 45 from mid-2026 to mid-2027, as in the report
                lat=self.li_home[0],
                lon=self.li_home[1],
                skills=[("carpenter", 20), ("painter", 15), ("tiler", 12)],
                # He scanned the demo station's QR code and signed up himself: the station's staff see
                # him in their list, though nobody there registered him.
                station=self.org.demo_station,
                registered=ctx.now - dt.timedelta(days=3),
                id_area=LUNAN,
                profile={
                    "registration_channel": RegistrationChannel.SELF,
                    "registered_by": None,
                    "expected_pay": Decimal("350"),
                    "travel_radius_km": 5,
                    "about": "干装修二十年，木工、油漆、贴砖都拿手，想在家附近接活。",
                },
                intents=(["carpenter", "painter", "tiler"], ["130202002", LUNAN]),
            ),
        )
        ctx.progress.update(2)

    def _add_story_worker(self, phone: str, spec: WorkerSpec) -> WorkerRow:
        spec.profile.update(expected_pay_unit=PayUnit.DAY, day_type=DayType.FULL_DAY, target_groups=[])
        login = self.org.users.login(phone, spec.name, Role.WORKER, date_joined=spec.registered)
        row = self._add_worker(spec, login)
        row.in_pools = False
        return row
