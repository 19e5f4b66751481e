"""Names, phones, resident IDs and credit codes, each unique across the whole run; ages and birth dates.

Birth dates are drawn relative to ``IDENTITY_EPOCH``, not today, so ID numbers do not change from one
day to the next.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from lingong.core.validators import USCC_ALPHABET, make_resident_id, make_uscc
from lingong.demo.cast import DEMO_PHONES
from lingong.demo.common import Picker, picker
from lingong.workers.models import Gender

# Ages are 18-59 on this day, so everybody stays within 18-60 for at least a year after.
IDENTITY_EPOCH = dt.date(2026, 9, 1)

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
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "139", "150", "151",
    "152", "155", "156", "157", "158", "159", "180", "181", "186", "187", "188", "189",
)  # fmt: skip


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
