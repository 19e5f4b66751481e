"""Numbers as people type them in posts: 300, 3百, 三百五, 两百五, 1.5万, 1万2, 4千, 8k, 叁佰伍拾, 廿五.

cn2an does the Chinese numerals (it knows 两百五 = 250 and 一万二 = 12000); this module only brings the forms
cn2an does not take to ones it does: formal (大写) digits it lacks, 廿/卅, 俩, and Latin k/w as 千/万.
"""

from __future__ import annotations

import re
import warnings

import cn2an

# Characters that may make up a typed number, for the regular expressions that find them.
CN_NUMERAL_CHARS = "零〇一二两俩三四五六七八九十百千万壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬廿卅"
_TO_PLAIN = str.maketrans(
    {
        "貳": "贰",
        "參": "叁",
        "陸": "陆",
        "萬": "万",
        "俩": "两",
        "〇": "零",
    }
)
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_WITH_MAGNITUDE = re.compile(r"\d+(?:\.\d+)?[百千万]\d?")


def _plain(text: str) -> str:
    text = text.strip().translate(_TO_PLAIN)
    text = text.replace("廿", "二十").replace("卅", "三十")
    text = re.sub(r"(?<=\d)[kK]", "千", text)
    return re.sub(r"(?<=\d)[wW]", "万", text)


def cn_number(text: str) -> float | None:
    """'300' -> 300, '三百' -> 300, '两百五' -> 250, '一万二' -> 12000, '1.5万' -> 15000, '1万2' -> 12000,
    '叁佰伍拾' -> 350, '廿五' -> 25; None when the text is no number ('天', '')."""
    if not isinstance(text, str):
        return None
    plain = _plain(text)
    if not plain:
        return None
    if _ARABIC.fullmatch(plain):
        return float(plain)
    if not (_ARABIC_WITH_MAGNITUDE.fullmatch(plain) or all(ch in CN_NUMERAL_CHARS for ch in plain)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = cn2an.cn2an(plain, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def magnitude_suffix(text: str) -> int:
    """1000 for '6千' or '六千', 10000 for '1万' or '两万', else 1: a range's lower end written without it
    ('4-5千', '五到六千') takes the upper end's magnitude."""
    plain = _plain(text)
    if plain.endswith("万"):
        return 10000
    if plain.endswith("千"):
        return 1000
    if plain.endswith("百"):
        return 100
    return 1
