"""Employers: the four story employers the demo logins and stories need, then random enterprises and
households, each with its admin (and sometimes a recruiter) as members."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field

from lingong.accounts.models import Role, User
from lingong.core import crypto
from lingong.demo.cast import (
    BANK_NAME,
    BANK_PHONE,
    DEMO_ENTERPRISE_NAME,
    EMPLOYER_PHONE,
    HOUSEHOLD_NAME,
    HOUSEHOLD_PHONE,
    KINDERGARTEN_NAME,
    LUNAN,
    STORY_ENTERPRISES,
)
from lingong.demo.common import Picker, picker
from lingong.demo.context import DemoContext
from lingong.demo.geography import LUNAN_SHARE
from lingong.demo.identities import credit_entity_type
from lingong.demo.org import Org
from lingong.employers.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseMember,
    MemberRole,
    VerificationStatus,
)
from lingong.org.models import Station
from lingong.workers.models import Gender

ENTERPRISE_HOUSEHOLD_SHARE = 0.12
ENTERPRISE_STATUS = picker(
    {
        VerificationStatus.VERIFIED: 0.85,
        VerificationStatus.PENDING: 0.10,
        VerificationStatus.REJECTED: 0.05,
    }
)
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


@dataclass(eq=False)  # rows are compared and hashed by identity
class EmployerRow:
    enterprise: Enterprise
    admin: User
    industry: str
    household: bool
    members: list[EnterpriseMember] = field(default_factory=list)


@dataclass
class Employers:
    """The built employers, the story ones by name, and who posts the random jobs of each industry."""

    rows: list[EmployerRow]
    xinda: EmployerRow
    bank: EmployerRow
    kindergarten: EmployerRow
    household: EmployerRow
    li_home: tuple[float, float]  # where 李建国 lives: his household employer and nearby jobs are near it
    verified_by_industry: dict[str, list[EmployerRow]]
    pickers: dict[str, Picker]
    any_employer: Picker

    def pick(self, rng: random.Random, industry: str) -> EmployerRow:
        pool = self.pickers.get(industry) or self.any_employer
        row: EmployerRow = pool.pick(rng)
        return row


class EmployerBuilder:
    def __init__(self, ctx: DemoContext, org: Org) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.org = org
        self.rows: list[EmployerRow] = []
        self.names: set[str] = set()

    def build(self) -> Employers:
        ctx = self.ctx
        ctx.progress.set_description("用工单位")
        story = self._story_employers()
        for _ in range(ctx.opts.enterprises - len(self.rows)):
            self._random_employer()
            ctx.progress.update(1)
        ctx.progress.set_description("写入用工单位")
        members = [m for e in self.rows for m in e.members]
        ctx.save(User, [m.user for m in members], "users")
        ctx.save(Enterprise, [e.enterprise for e in self.rows], "enterprises")
        ctx.save(EnterpriseMember, members, "members")
        return self._index(*story)

    def _index(
        self,
        xinda: EmployerRow,
        bank: EmployerRow,
        kindergarten: EmployerRow,
        household: EmployerRow,
        li_home: tuple[float, float],
    ) -> Employers:
        """Verified employers by industry, each with an activity weight: a few post many jobs. The story
        employers only post their story jobs, so the demo shows exactly what the stories describe."""
        verified = [e for e in self.rows if e.enterprise.status == VerificationStatus.VERIFIED]
        story = set(self.rows[:STORY_ENTERPRISES])
        posting = [e for e in verified if e not in story] or verified
        by_industry: dict[str, list[EmployerRow]] = {}
        for row in posting:
            by_industry.setdefault(row.industry, []).append(row)
        return Employers(
            rows=self.rows,
            xinda=xinda,
            bank=bank,
            kindergarten=kindergarten,
            household=household,
            li_home=li_home,
            verified_by_industry=by_industry,
            pickers={
                ind: Picker(rows, [self.rng.lognormvariate(0, 0.8) for _ in rows])
                for ind, rows in by_industry.items()
            },
            any_employer=Picker(posting, [1.0] * len(posting)),
        )

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
        ctx, rng = self.ctx, self.rng
        lat, lon, address = location
        contact_name, gender = contact
        place = ctx.geo.nearest(lat, lon)
        created = ctx.past(600, 30)
        enterprise = Enterprise(
            market=self.org.market,
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
            # Served by its nearest station unless told (staff scope, accounts.access).
            station=station or self.org.nearest_station(lat, lon),
            created_at=created,
        )
        area = LUNAN if place.in_lunan else place.code
        if household:  # a household has no credit code; the contact's ID number identifies it
            birth = ctx.ids.birth_date(rng, rng.randint(28, 58))
            number = ctx.ids.resident_id(rng, birth, gender, area)
            enterprise.contact_id_number = number
            enterprise.contact_id_index = crypto.blind_index(number)
        else:
            enterprise.credit_code = ctx.ids.credit_code(rng, credit_entity_type(name), area)
        enterprise.submitted_at = self._submitted_at(enterprise)
        self._review(enterprise, household)
        row = EmployerRow(enterprise=enterprise, admin=admin, industry=industry, household=household)
        for user, role in ((admin, MemberRole.ADMIN), (recruiter, MemberRole.RECRUITER)):
            if user is not None:
                user.date_joined = created
                row.members.append(
                    EnterpriseMember(user=user, enterprise=enterprise, role=role, joined_at=created)
                )
        self.rows.append(row)
        return row

    def _submitted_at(self, enterprise: Enterprise) -> dt.datetime:
        """When it went to verification: at registration, except that the ones still waiting were
        (re)submitted in the last three days, some past the 48-hour deadline. A checksum, not a draw, keeps
        the seed's random sequence unchanged."""
        if enterprise.status != VerificationStatus.PENDING:
            return enterprise.created_at
        hours = zlib.crc32(enterprise.name.encode()) % 72 + 0.5
        return max(enterprise.created_at, self.ctx.now - dt.timedelta(hours=hours))

    def _review(self, enterprise: Enterprise, household: bool) -> None:
        """Verified and rejected employers carry the reviewer and time, as the review services set them."""
        if enterprise.status == VerificationStatus.PENDING:
            return
        enterprise.verified_by = self.org.admin
        enterprise.verified_at = enterprise.created_at + dt.timedelta(days=self.rng.uniform(0.2, 3))
        if enterprise.status == VerificationStatus.REJECTED:
            reasons = HOUSEHOLD_REJECTION_REASONS if household else REJECTION_REASONS
            enterprise.rejection_reason = self.rng.choice(reasons)

    def _enterprise_name(self, industry: str) -> str:
        """Tangshan-style names; after a few clashes a number is added instead of retrying for ever."""
        rng, names = self.rng, self.ctx.names
        forms = names["enterprise_forms_by_industry"].get(industry) or ["有限公司"]
        for _ in range(8):
            city = rng.choice(("唐山", "唐山市", "唐山市路南区"))
            name = f"{city}{rng.choice(names['enterprise_prefixes'])}{rng.choice(forms)}"
            if name not in self.names:
                break
        else:
            name = f"{name}（{len(self.names)}）"
        self.names.add(name)
        return name

    def _random_employer(self) -> None:
        ctx, rng, users = self.ctx, self.rng, self.org.users
        household = rng.random() < ENTERPRISE_HOUSEHOLD_SHARE
        industry: str = (ctx.cat.household_picker if household else ctx.cat.industry_picker).pick(rng)
        status: str = ENTERPRISE_STATUS.pick(rng)
        lat, lon, place = ctx.geo.sample(rng, 0.85 if household else LUNAN_SHARE)
        if household:
            suffix = rng.choice(ctx.names["household_suffixes"])
            gender = Gender.MALE if suffix == "先生家" else Gender.FEMALE
            surname, given = ctx.ids.person(rng, gender)
            name, contact = f"{surname}{suffix}", surname + given
            building = f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 1804)}"
            address = f"{ctx.address(place)}院{building}"
        else:
            gender = Gender.FEMALE if rng.random() < 0.4 else Gender.MALE
            contact = ctx.ids.person_name(rng, gender)
            name, address = self._enterprise_name(industry), ctx.address(place)
        recruiter = None
        if not household and rng.random() < 0.35:
            other_gender = Gender.FEMALE if rng.random() < 0.6 else Gender.MALE
            recruiter = users.user(ctx.ids.person_name(rng, other_gender), Role.EMPLOYER, ctx.now)
        if place.in_lunan:
            rng.random()  # drawn as before (whether a station served it): the rest of the demo is unchanged
        # Every employer is served by its nearest station, as ``register_employer`` assigns it: the staff
        # scope (accounts.access) of that station and its centre holds it.
        station = self.org.nearest_station(lat, lon)
        self._employer(
            name=name,
            industry=industry,
            status=status,
            location=(lat, lon, address),
            contact=(contact, gender),
            admin=users.user(contact, Role.EMPLOYER, ctx.now),
            household=household,
            recruiter=recruiter,
            station=station,
        )

    def _story_employers(
        self,
    ) -> tuple[EmployerRow, EmployerRow, EmployerRow, EmployerRow, tuple[float, float]]:
        """The employers the demo logins and the report's stories need; all verified. Returns them and
        李建国's home, which the household employer is near."""
        ctx, rng, users = self.ctx, self.rng, self.org.users
        self.names.update({DEMO_ENTERPRISE_NAME, BANK_NAME, KINDERGARTEN_NAME})
        verified = VerificationStatus.VERIFIED
        lat, lon = ctx.geo.near(rng, ctx.geo.by_code["130202004"], 0.4)
        xinda = self._employer(
            name=DEMO_ENTERPRISE_NAME,
            industry="construction",
            status=verified,
            location=(lat, lon, "唐山市路南区建设南路88号"),
            contact=("么建红", Gender.MALE),
            admin=users.login(EMPLOYER_PHONE, "么建红", Role.EMPLOYER),
            recruiter=users.user("高丽娟", Role.EMPLOYER, ctx.now),
            station=self.org.demo_station,
        )
        bank = self._plain_story_employer(BANK_NAME, "finance", "130202003", "唐山市路南区新华东道66号")
        bank.enterprise.station = self.org.demo_station
        # The bank's canteen manager signs in to watch its quick-recruit fill (a demo login; no draw).
        canteen = users.login(BANK_PHONE, "刘晓梅", Role.EMPLOYER, date_joined=bank.enterprise.created_at)
        bank.members.append(
            EnterpriseMember(
                user=canteen,
                enterprise=bank.enterprise,
                role=MemberRole.ADMIN,
                joined_at=bank.enterprise.created_at,
            )
        )
        kindergarten = self._plain_story_employer(
            KINDERGARTEN_NAME, "education", "130202008", "唐山市路南区惠民道18号"
        )
        li_home = ctx.geo.near(rng, ctx.geo.by_code["130202002"], 0.3)
        lat, lon = ctx.near(*li_home, 0.8)
        household = self._employer(
            name=HOUSEHOLD_NAME,
            industry="housekeeping",
            status=verified,
            location=(lat, lon, "唐山市路南区友谊南路友谊里小区12号楼3单元502"),
            contact=("王秀英", Gender.FEMALE),
            admin=users.login(HOUSEHOLD_PHONE, "王秀英", Role.EMPLOYER),
            household=True,
        )
        ctx.progress.update(len(self.rows))
        return xinda, bank, kindergarten, household, li_home

    def _plain_story_employer(self, name: str, industry: str, near: str, address: str) -> EmployerRow:
        lat, lon = self.ctx.geo.near(self.rng, self.ctx.geo.by_code[near], 0.3)
        contact = self.ctx.ids.person_name(self.rng, Gender.FEMALE)
        return self._employer(
            name=name,
            industry=industry,
            status=VerificationStatus.VERIFIED,
            location=(lat, lon, address),
            contact=(contact, Gender.FEMALE),
            admin=self.org.users.user(contact, Role.EMPLOYER, self.ctx.now),
        )
