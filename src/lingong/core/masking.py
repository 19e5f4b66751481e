"""Masking of personal data for display (PIPL; GB/T 35273-2020 asks for de-identified display).

Every function is total: any string (or None) gives a string and never raises, because masking runs in
templates, API serialisers and logs where an exception would leak more than it protects. When a value is
too short to keep anything while still hiding most of it, it is starred completely.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from lingong.core.validators import normalize_phone

STAR = "*"

# Two-character surnames, so "欧阳娜娜" shows the whole surname ("欧阳**") and not half of it.
COMPOUND_SURNAMES = frozenset(
    [
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
        "司徒",
        "司空",
        "夏侯",
        "公孙",
        "长孙",
        "宇文",
        "轩辕",
        "端木",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "钟离",
        "闻人",
        "万俟",
        "呼延",
        "南宫",
        "西门",
        "百里",
        "东郭",
        "左丘",
        "拓跋",
        "赫连",
        "第五",
        "梁丘",
        "公羊",
    ]
)


def _compact(value: str | None) -> str:
    """Identifiers are shown without the spaces people type into them."""
    return "".join(value.split()) if isinstance(value, str) else ""


def mask_middle(value: str, keep_head: int, keep_tail: int, min_hidden: int = 4) -> str:
    """Keep ``keep_head`` and ``keep_tail`` characters and star the rest, one star per character.

    Unless at least ``min_hidden`` characters would be hidden, everything is starred: showing 7 of 8
    characters is not masking.
    """
    if len(value) < keep_head + keep_tail + min_hidden:
        return STAR * len(value)
    hidden = len(value) - keep_head - keep_tail
    return value[:keep_head] + STAR * hidden + value[len(value) - keep_tail :]


def mask_phone(value: str | None) -> str:
    """``13812348000`` -> ``138****8000``; ``+86 138 1234 8000`` is normalised to the same first."""
    try:
        number = normalize_phone(value or "")
    except ValidationError:
        number = _compact(value)
    return mask_middle(number, 3, 4)


def mask_id_number(value: str | None) -> str:
    """``11010519491231002X`` -> ``110***********002X`` (first 3 and last 4 visible)."""
    return mask_middle(_compact(value), 3, 4)


def mask_bank_account(value: str | None) -> str:
    """Only the last 4 characters visible, the way bank apps show a card."""
    return mask_middle(_compact(value), 0, 4)


def mask_name(value: str | None) -> str:
    """Keep the surname: ``张三`` -> ``张*``, ``欧阳娜娜`` -> ``欧阳**``, ``王`` -> ``王``.

    A two-character name is always shown as surname + star, even if it spells a compound surname
    ("司马" may be 司 + given name 马), so a given name is never revealed.
    """
    name = value.strip() if isinstance(value, str) else ""
    if len(name) <= 1:
        return name
    keep = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:keep] + STAR * (len(name) - keep)
