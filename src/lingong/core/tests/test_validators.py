"""Resident ID, unified social credit code, phone and OTP validation (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from lingong.core.validators import (
    USCC_ALPHABET,
    ResidentId,
    issued_area_codes,
    make_resident_id,
    make_uscc,
    normalize_phone,
    parse_resident_id,
    phone_validator,
    resident_id_check_char,
    resident_id_validator,
    uscc_check_char,
    uscc_validator,
    validate_otp_code,
    validate_uscc,
)

TODAY = dt.date(2025, 6, 15)
GB_EXAMPLE_ID = "11010519491231002X"  # the worked example of GB 11643-1999


def error_of(func: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func()
    return info.value


def message_and_code(func: Callable[[], object]) -> tuple[str, str | None]:
    exc = error_of(func)
    return str(exc.messages[0]), exc.code


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


# --- Resident ID: known values ----------------------------------------------------------------------------


def test_gb_example_is_valid_and_decoded() -> None:
    rid = parse_resident_id(GB_EXAMPLE_ID, today=TODAY)
    assert rid == ResidentId(
        number="11010519491231002X", area_code="110105", birth_date=dt.date(1949, 12, 31), gender="female"
    )
    assert rid.age_on(TODAY) == 75


def test_check_char_of_gb_example_is_x() -> None:
    assert resident_id_check_char("11010519491231002") == "X"


def test_lowercase_x_spaces_and_full_width_digits_are_normalised() -> None:
    assert parse_resident_id(" 110105 19491231 002x ", today=TODAY).number == GB_EXAMPLE_ID
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number == GB_EXAMPLE_ID


def test_make_resident_id_builds_a_known_number() -> None:
    assert make_resident_id("110105", dt.date(1949, 12, 31), 2) == GB_EXAMPLE_ID


def test_odd_sequence_is_male() -> None:
    number = make_resident_id("130202", dt.date(1990, 3, 8), 17)
    rid = parse_resident_id(number, today=TODAY)
    assert rid.gender == "male"
    assert rid.area_code == "130202"
    assert rid.birth_date == dt.date(1990, 3, 8)


@pytest.mark.parametrize(
    ("value", "message", "code"),
    [
        ("", "身份证号码应为18位", "id_length"),
        ("11010519491231002", "身份证号码应为18位", "id_length"),
        ("110105194912310021X", "身份证号码应为18位", "id_length"),
        ("110105491231002", "身份证号码应为18位", "id_length"),  # first-generation 15-digit numbers
        ("1101051949123100XX", "身份证号码格式不正确：前17位应为数字，最后一位为数字或X", "id_format"),
        ("11010519491231002Y", "身份证号码格式不正确：前17位应为数字，最后一位为数字或X", "id_format"),
        ("A1010519491231002X", "身份证号码格式不正确：前17位应为数字，最后一位为数字或X", "id_format"),
        ("11010519491231002１", "身份证号码校验位不正确，请核对后重新输入", "id_checksum"),
        ("110105194912310021", "身份证号码校验位不正确，请核对后重新输入", "id_checksum"),
    ],
)
def test_malformed_ids_are_rejected(value: str, message: str, code: str) -> None:
    assert message_and_code(lambda: parse_resident_id(value, today=TODAY)) == (message, code)


def test_non_ascii_digits_are_not_digits() -> None:
    arabic_indic = "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"  # int() would accept these; the ID format does not
    assert error_of(lambda: parse_resident_id(arabic_indic, today=TODAY)).code == "id_format"


@pytest.mark.parametrize(
    "area",
    [
        "000000",
        "010105",
        "910105",
        "130299",  # 唐山 has no 99 district
        "110199",
        "139900",  # no prefecture 99 in 河北
        "500400",  # 重庆 has had 500100, 500200 and 500300, never a 500400
        "710000",  # 台湾省 issues no mainland ID numbers (its residents' permits carry 830000)
        "810001",  # the residence permits' codes are whole provinces only
        "123456",
    ],
)
def test_an_area_code_no_revision_of_gb_t_2260_has_is_refused(area: str) -> None:
    number = make_resident_id(area, dt.date(1980, 1, 1), 11)
    assert message_and_code(lambda: parse_resident_id(number, today=TODAY)) == (
        "身份证号码前6位的地区码不存在，请核对后重新输入",
        "id_area",
    )


@pytest.mark.parametrize(
    ("area", "birth"),
    [
        ("130223", dt.date(1975, 5, 4)),  # 滦县, abolished in 2018 (now 滦州市 130284): the number keeps it
        ("130284", dt.date(2019, 1, 2)),  # 滦州市 since 2018
        ("130209", dt.date(2013, 7, 1)),  # 曹妃甸区, created in 2012
        ("130230", dt.date(1990, 1, 1)),  # 唐海县, before 曹妃甸
        ("350405", dt.date(2022, 3, 3)),  # 沙县区, created in 2021 (the current list, not the history)
        ("110105", dt.date(1949, 12, 31)),
    ],
)
def test_codes_of_every_revision_are_accepted(area: str, birth: dt.date) -> None:
    number = make_resident_id(area, birth, 11)
    assert parse_resident_id(number, today=TODAY, min_age=None).area_code == area


def test_only_a_small_share_of_random_area_codes_exist() -> None:
    """The old check (first digit 1-8) let every code through; the list lets through about 1 in 100."""
    codes = issued_area_codes()
    assert 6_000 < len(codes) < 10_000
    assert all(len(code) == 6 and code.isdigit() and "1" <= code[0] <= "8" for code in codes)


@pytest.mark.parametrize(
    "pasted",
    [
        "110105-19491231-002X",
        "110105－19491231－002X",  # full-width hyphens
        "110105\u200b19491231\u200b002X",  # zero-width spaces from a chat message
        "\ufeff11010519491231002X",
        "110105 1949-1231 002x",
        "110105\u201319491231\u2013002X",  # en dashes
    ],
)
def test_hyphens_and_zero_width_characters_in_pasted_numbers_are_ignored(pasted: str) -> None:
    assert parse_resident_id(pasted, today=TODAY).number == GB_EXAMPLE_ID


def test_hong_kong_macao_taiwan_permit_area_codes_are_accepted() -> None:
    for area in ("810000", "820000", "830000"):
        assert (
            parse_resident_id(make_resident_id(area, dt.date(1980, 1, 1), 11), today=TODAY).area_code == area
        )


@pytest.mark.parametrize(
    "birth_digits",
    ["19490231", "19491301", "19490001", "19490100", "20230229", "18991231", "20250616", "29991231"],
)
def test_impossible_or_future_birth_dates_are_rejected(birth_digits: str) -> None:
    first17 = f"130202{birth_digits}011"
    number = first17 + resident_id_check_char(first17)  # valid checksum, so only the date is wrong
    assert message_and_code(lambda: parse_resident_id(number, today=TODAY, min_age=None)) == (
        "出生日期无效",
        "id_birth_date",
    )


def test_leap_day_birth_date_is_accepted() -> None:
    number = make_resident_id("130202", dt.date(2000, 2, 29), 11)
    assert parse_resident_id(number, today=TODAY).birth_date == dt.date(2000, 2, 29)


def test_born_1900_01_01_is_the_earliest_accepted() -> None:
    number = make_resident_id("130202", dt.date(1900, 1, 1), 11)
    assert parse_resident_id(number, today=TODAY).birth_date == dt.date(1900, 1, 1)


def test_sixteenth_birthday_is_the_first_day_a_worker_may_register() -> None:
    number = make_resident_id("130202", dt.date(2009, 6, 15), 11)
    assert parse_resident_id(number, today=dt.date(2025, 6, 15)).age_on(dt.date(2025, 6, 15)) == 16
    assert message_and_code(lambda: parse_resident_id(number, today=dt.date(2025, 6, 14))) == (
        "未满16周岁，不能登记求职",
        "id_too_young",
    )


def test_min_age_is_configurable_and_can_be_switched_off() -> None:
    number = make_resident_id("130202", dt.date(2008, 1, 1), 12)
    assert message_and_code(lambda: parse_resident_id(number, today=TODAY, min_age=18)) == (
        "未满18周岁，不能登记求职",
        "id_too_young",
    )
    assert parse_resident_id(number, today=TODAY).gender == "female"  # 17 >= default 16
    child = make_resident_id("130202", dt.date(2020, 1, 1), 12)
    assert parse_resident_id(child, today=TODAY, min_age=None).birth_date == dt.date(2020, 1, 1)


def test_default_today_is_used_when_not_given() -> None:
    assert parse_resident_id(make_resident_id("130202", dt.date(1980, 5, 1), 1)).gender == "male"
    newborn = make_resident_id("130202", dt.date.today() - dt.timedelta(days=2), 1)
    assert error_of(lambda: parse_resident_id(newborn)).code == "id_too_young"


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (dt.date(2000, 2, 29), dt.date(2016, 2, 28), 15),
        (dt.date(2000, 2, 29), dt.date(2016, 2, 29), 16),
        (dt.date(2000, 2, 29), dt.date(2017, 2, 28), 16),
        (dt.date(2000, 2, 29), dt.date(2017, 3, 1), 17),
        (dt.date(1990, 12, 31), dt.date(2025, 12, 30), 34),
        (dt.date(1990, 12, 31), dt.date(2025, 12, 31), 35),
    ],
)
def test_age_on(birth: dt.date, day: dt.date, age: int) -> None:
    assert ResidentId("x", "130202", birth, "male").age_on(day) == age


@pytest.mark.parametrize(
    ("area", "sequence"), [("13020", 1), ("1302021", 1), ("13020A", 1), ("130202", -1), ("130202", 1000)]
)
def test_make_resident_id_rejects_bad_parts(area: str, sequence: int) -> None:
    with pytest.raises(ValueError):
        make_resident_id(area, dt.date(1990, 1, 1), sequence)


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100X"])
def test_check_char_rejects_bad_input(first17: str) -> None:
    with pytest.raises(ValueError):
        resident_id_check_char(first17)


def test_non_string_id_is_a_validation_error_not_a_crash() -> None:
    assert error_of(lambda: parse_resident_id(None, today=TODAY)).code == "id_length"  # type: ignore[arg-type]


# --- Resident ID: properties ------------------------------------------------------------------------------

area_codes = st.sampled_from(sorted(issued_area_codes()))
adult_birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=years_before(TODAY, 16))


@given(area=area_codes, birth=adult_birth_dates, sequence=st.integers(0, 999))
def test_generated_ids_round_trip(area: str, birth: dt.date, sequence: int) -> None:
    number = make_resident_id(area, birth, sequence)
    rid = parse_resident_id(number, today=TODAY)
    assert rid.number == number
    assert rid.area_code == area
    assert rid.birth_date == birth
    assert rid.gender == ("male" if sequence % 2 else "female")
    assert rid.age_on(TODAY) >= 16


@given(
    area=area_codes,
    birth=adult_birth_dates,
    sequence=st.integers(0, 999),
    position=st.integers(0, 16),
    shift=st.integers(1, 9),
)
def test_any_single_digit_substitution_is_detected(
    area: str, birth: dt.date, sequence: int, position: int, shift: int
) -> None:
    number = make_resident_id(area, birth, sequence)
    new_digit = str((int(number[position]) + shift) % 10)
    altered = number[:position] + new_digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_resident_id(altered, today=TODAY, min_age=None)


@given(
    area=area_codes,
    birth=adult_birth_dates,
    sequence=st.integers(0, 999),
    check=st.sampled_from("0123456789X"),
)
def test_only_the_right_check_char_is_accepted(area: str, birth: dt.date, sequence: int, check: str) -> None:
    number = make_resident_id(area, birth, sequence)
    assume(check != number[17])
    assert error_of(lambda: parse_resident_id(number[:17] + check, today=TODAY)).code == "id_checksum"


# --- Unified social credit code ---------------------------------------------------------------------------

# Published on the national enterprise credit information system; their check characters were computed by
# the registration authorities, so they test the algorithm independently of our own make_uscc.
PUBLISHED_USCCS = ["914403001922038216", "9144030071526726XG", "91330100716105852F"]


@pytest.mark.parametrize("code", PUBLISHED_USCCS)
def test_published_codes_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]


def test_make_uscc_and_normalisation() -> None:
    code = make_uscc("91110108MA01ABCDE")
    assert code == "91110108MA01ABCDE" + uscc_check_char("91110108MA01ABCDE")
    assert len(code) == 18
    assert validate_uscc(" " + code.lower() + " ") == code
    assert make_uscc("91130202ma0000001") == make_uscc("91130202MA0000001")


def test_check_value_zero_maps_to_0() -> None:
    # Sum of 17 zeros is 0 and (31 - 0) mod 31 = 0: the mod must be applied after the subtraction.
    assert uscc_check_char("0" * 17) == "0"
    assert uscc_check_char("1" + "0" * 16) == "Y"  # (31 - 1) mod 31 = 30, the last character
    assert uscc_check_char("0" * 16 + "1") == "3"  # weight 28: (31 - 28) mod 31 = 3


@pytest.mark.parametrize(
    ("value", "message", "code"),
    [
        ("", "统一社会信用代码应为18位", "uscc_length"),
        ("91440300192203821", "统一社会信用代码应为18位", "uscc_length"),
        ("9144030019220382160", "统一社会信用代码应为18位", "uscc_length"),
        ("9144030019220382I6", "统一社会信用代码含有无效字符", "uscc_chars"),
        ("O14403001922038216", "统一社会信用代码含有无效字符", "uscc_chars"),
        ("914403001922038-16", "统一社会信用代码含有无效字符", "uscc_chars"),
        ("914403001922038217", "统一社会信用代码校验位不正确", "uscc_checksum"),
        (
            make_uscc("9144A3001922038Y1"),
            "统一社会信用代码格式不正确：第3至8位应为行政区划代码（数字）",
            "uscc_format",
        ),
    ],
)
def test_malformed_usccs_are_rejected(value: str, message: str, code: str) -> None:
    assert message_and_code(lambda: validate_uscc(value)) == (message, code)


@pytest.mark.parametrize("body", ["9144030019220382", "914403001922038216", "914403001922038I6"])
def test_uscc_check_char_rejects_bad_bodies(body: str) -> None:
    with pytest.raises(ValueError):
        uscc_check_char(body)


uscc_chars = st.sampled_from(USCC_ALPHABET)
uscc_bodies = st.builds(
    lambda head, division, rest: head + division + rest,
    st.text(uscc_chars, min_size=2, max_size=2),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.text(uscc_chars, min_size=9, max_size=9),
)


@given(body=uscc_bodies)
def test_generated_usccs_are_valid(body: str) -> None:
    code = make_uscc(body)
    assert validate_uscc(code) == code
    assert code[:17] == body


@given(body=uscc_bodies, position=st.integers(0, 16), replacement=uscc_chars)
def test_any_single_uscc_substitution_is_detected(body: str, position: int, replacement: str) -> None:
    assume(replacement != body[position])
    code = make_uscc(body)
    altered = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_uscc(altered)


# --- Phone and OTP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13812348000",
        "138 1234 8000",
        "138-1234-8000",
        "+86 138 1234 8000",
        "+8613812348000",
        "008613812348000",
        "0086 138-1234-8000",
        "8613812348000",
        "86 13812348000",
        "１３８１２３４８０００",
        " 13812348000\n",
    ],
)
def test_phone_forms_are_normalised(value: str) -> None:
    assert normalize_phone(value) == "13812348000"


@pytest.mark.parametrize(
    "value",
    [
        "12345678901",  # second digit must be 3-9
        "1234",
        "",
        "1381234800",  # 10 digits
        "138123480001",  # 12 digits
        "+8612345678901",
        "+86 86 13812348000",
        "+1 13812348000",
        "23812348000",
        "1381234800a",
        "138.1234.8000",
        "13812348000\n1",
        "١٣٨١٢٣٤٨٠٠٠",  # Arabic-Indic digits match \d but are not a Chinese phone number
    ],
)
def test_bad_phones_are_rejected(value: str) -> None:
    assert message_and_code(lambda: normalize_phone(value)) == ("请输入正确的11位手机号码", "phone_invalid")


@given(second=st.sampled_from("3456789"), rest=st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_every_mainland_mobile_survives_every_prefix(second: str, rest: str) -> None:
    number = f"1{second}{rest}"
    for prefix in ("", "+86", "0086", "86", "+86 ", "+86-"):
        assert normalize_phone(prefix + number) == number


@pytest.mark.parametrize(
    ("value", "expected"), [("012345", "012345"), (" 123 456 ", "123456"), ("６５４３２１", "654321")]
)
def test_otp_codes(value: str, expected: str) -> None:
    assert validate_otp_code(value) == expected


@pytest.mark.parametrize("value", ["12345", "1234567", "12a456", "", None, 123456])
def test_bad_otp_codes(value: object) -> None:
    assert message_and_code(lambda: validate_otp_code(value)) == ("请输入6位数字验证码", "otp_invalid")


# --- Field validators -------------------------------------------------------------------------------------


def test_field_validators_return_none_or_raise() -> None:
    assert resident_id_validator(GB_EXAMPLE_ID) is None
    assert uscc_validator(PUBLISHED_USCCS[0]) is None
    assert phone_validator("+86 138 1234 8000") is None
    for validator, bad in ((resident_id_validator, "123"), (uscc_validator, "123"), (phone_validator, "123")):
        with pytest.raises(ValidationError):
            validator(bad)
