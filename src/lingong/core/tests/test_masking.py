"""Display masking of personal data (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lingong.core.masking import (
    COMPOUND_SURNAMES,
    mask_bank_account,
    mask_id_number,
    mask_middle,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812348000", "138****8000"),
        ("+86 138 1234 8000", "138****8000"),
        ("0086-138-1234-8000", "138****8000"),
        ("138 1234 8000", "138****8000"),
        ("", ""),
        (None, ""),
        ("1234", "****"),
        ("0315-2345678", "031*****5678"),  # a landline: not a mobile, still masked generically
    ],
)
def test_mask_phone(value: str | None, expected: str) -> None:
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "110***********002X"),
        ("110105 19491231 002X", "110***********002X"),
        ("110105491231002", "110********1002"),  # first-generation 15-digit number
        ("E12345678", "*********"),  # too short to show 7 of 9 characters
        ("12345678901", "123****8901"),
        ("abc", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value: str | None, expected: str) -> None:
    assert mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张*"),
        ("李小龙", "李**"),
        ("欧阳娜娜", "欧阳**"),
        ("诸葛亮", "诸葛*"),
        ("司马", "司*"),  # two characters: never reveal what may be a given name
        ("王", "王"),
        ("", ""),
        (None, ""),
        ("  张三  ", "张*"),
        ("买买提·艾力", "买*****"),
    ],
)
def test_mask_name(value: str | None, expected: str) -> None:
    assert mask_name(value) == expected


def test_compound_surname_list() -> None:
    assert len(COMPOUND_SURNAMES) >= 30
    assert {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "皇甫",
        "东方",
        "独孤",
        "慕容",
        "尉迟",
        "令狐",
    } <= COMPOUND_SURNAMES
    assert all(len(surname) == 2 for surname in COMPOUND_SURNAMES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6222021234567890123", "***************0123"),
        ("6222 0212 3456 7890", "************7890"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_bank_account(value: str | None, expected: str) -> None:
    assert mask_bank_account(value) == expected


# --- Properties: total, and the middle never shows ---------------------------------------------------------


def compact(value: str) -> str:
    return "".join(value.split())


@given(st.text())
def test_mask_id_number_never_reveals_the_middle(value: str) -> None:
    masked = mask_id_number(value)
    plain = compact(value)
    assert len(masked) == len(plain)
    if len(plain) >= 11:
        assert masked == plain[:3] + "*" * (len(plain) - 7) + plain[-4:]
    else:
        assert masked == "*" * len(plain)


@given(st.text())
def test_mask_phone_never_raises_and_hides_at_least_four(value: str) -> None:
    masked = mask_phone(value)
    assert masked.count("*") >= min(4, len(masked))
    if len(masked) >= 11:
        assert set(masked[3:-4]) == {"*"}
    else:
        assert set(masked) <= {"*"}


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mask_phone_of_any_mobile(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[7:]
    assert number[3:7] not in masked[3:7]


@given(st.text())
def test_mask_bank_account_shows_at_most_the_last_four(value: str) -> None:
    masked = mask_bank_account(value)
    plain = compact(value)
    assert len(masked) == len(plain)
    assert set(masked[:-4]) <= {"*"}


@given(st.text())
def test_mask_name_never_shows_more_than_the_surname(value: str) -> None:
    masked = mask_name(value)
    name = value.strip()
    kept = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    assert masked == name[:kept] + "*" * (len(name) - kept)


@given(st.text(), st.integers(0, 5), st.integers(0, 5), st.integers(0, 5))
def test_mask_middle_hides_enough_or_everything(value: str, head: int, tail: int, min_hidden: int) -> None:
    masked = mask_middle(value, head, tail, min_hidden)
    assert len(masked) == len(value)
    assert masked.count("*") >= min(len(value), min_hidden)
    for i, shown in enumerate(masked):
        if shown != "*":
            assert shown == value[i]
            assert i < head or i >= len(value) - tail
