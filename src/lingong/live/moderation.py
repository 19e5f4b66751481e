"""Masking contact details typed into live-room comments (pure functions, no Django).

Employers and touts must not move viewers off the platform, and viewers must not expose their own numbers
to a crowd: on everyone else's screen, mobile numbers (11 digits, also typed with spaces or dashes or after
+86), landlines with an area code (0315-2851234) and WeChat ids (微信/VX/wx/威信... followed by an id, and
any id-like word after such a word) are replaced by stars. Prices, times, dates and headcounts are not
contact details and stay as typed (see the near misses in tests/test_moderation.py).
"""

from __future__ import annotations

import re

STAR = "*"
# ASCII and full-width digits (phones typed on a Chinese keyboard).
_D = "[0-9\uff10-\uff19]"
_SEP = r"[ \-\u2014\u2013\uff0d.]?"
_NOT_DIGIT_BEFORE = r"(?<![0-9\uff10-\uff19])"
_NOT_DIGIT_AFTER = r"(?![0-9\uff10-\uff19])"

# +86 / 0086 optional, then 1[3-9]x and 8 more digits, one separator allowed between digits.
MOBILE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}(?:(?:\+|00)?86{_SEP})?[1\uff11]{_SEP}[3-9\uff13-\uff19](?:{_SEP}{_D}){{9}}{_NOT_DIGIT_AFTER}"
)
# Area code 0xx or 0xxx (in brackets or not), then a 7 or 8 digit number.
LANDLINE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}(?:[(（][0\uff10]{_D}{{2,3}}[)）]|[0\uff10]{_D}{{2,3}}){_SEP}[2-9\uff12-\uff19](?:{_SEP}?{_D}){{6,7}}"
    rf"{_NOT_DIGIT_AFTER}"
)
_WECHAT_WORD = (
    r"(?:微信|威信|薇信|徽信|魏信|维信|微\s*信|[vV]\s*信|[vV][xX]|[wW][xX]|[wW]e[cC]hat|[wW]ei[xX]in|加\s*[vV]|"
    r"[vV]\s*[:：])"
)
WECHAT_WORD = re.compile(_WECHAT_WORD)
# What people type as a WeChat id: 5-30 letters, digits, _ or - (an id proper starts with a letter;
# a bare number after 微信 is a phone or QQ number, masked as well).
_ID = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9][A-Za-z0-9_\-]{4,29}(?![A-Za-z0-9_\-])")


def _stars(match: re.Match[str]) -> str:
    return STAR * len(match.group(0))


def _mask_mobile(match: re.Match[str]) -> str:
    """Keep the first three and last four digits as the platform shows numbers (138****8000)."""
    text = match.group(0)
    digit_positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digit_positions) < 11:
        return STAR * len(text)
    hidden = set(digit_positions[-11:][3:7])  # a +86 in front stays as typed
    return "".join(STAR if i in hidden else ch for i, ch in enumerate(text))


def mask_phones(text: str) -> str:
    text = MOBILE.sub(_mask_mobile, text)
    return LANDLINE.sub(_stars, text)


def mask_wechat(text: str) -> str:
    """Every id-like word after the first WeChat word is starred (the word itself stays, so the host sees
    that someone tried)."""
    first = WECHAT_WORD.search(text)
    if first is None:
        return text
    head, tail = text[: first.end()], text[first.end() :]
    # An id typed straight after the word ("vx123456", "wxid_abc"): the rest of that token.
    tail = re.sub(r"^[A-Za-z0-9_\-]{3,30}", lambda m: STAR * len(m.group(0)), tail)
    return head + _ID.sub(lambda m: _stars(m) if _looks_like_id(m.group(0)) else m.group(0), tail)


def _looks_like_id(word: str) -> bool:
    # A word of letters only ("hello", "ok") after 微信 is still an id if long enough to be one (6+).
    return len(word) >= 6 or any(ch.isdigit() for ch in word)


def public_text(text: str) -> str:
    """What other viewers see of a comment."""
    return mask_wechat(mask_phones(text))


def contains_blocked(text: str, words: list[str]) -> bool:
    """Whether the comment contains any word of the market's list (case-insensitive, spaces ignored)."""
    folded = "".join(text.split()).casefold()
    return any(w and "".join(w.split()).casefold() in folded for w in words)
