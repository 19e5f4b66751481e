"""Understanding plain Chinese: a job request or a worker's self-description -> structured fields.

jieba segments the text with the taxonomy's names and synonyms and the division names added as user words;
rules (regular expressions over the text) read numbers, pay, headcount, duration and urgency. Unknown words
are simply not matched; nothing here raises on odd input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba

from lingong.matching.geo import DIVISIONS_FILE
from lingong.matching.taxonomy import OCCUPATIONS_FILE

ALIASES_FILE = Path(__file__).resolve().parent / "parse_aliases.json"

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUM = r"(\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千万]+)"
_PAY_RULES = [  # (pattern, unit); the first match wins, so explicit pay words come first
    (rf"(?:日结|日薪|一天|每天|天薪)\s*{NUM}", "day"),
    (rf"(?:时薪|每小时|一小时|一个小时)\s*{NUM}", "hour"),
    (rf"(?:月薪|每月|一个月|月结|包月)\s*{NUM}", "month"),
    (rf"(?:计件|每件|一件)\s*{NUM}", "piece"),
    # a bare "26天" is a duration: a figure needs 元/块 or a slash to be pay
    (rf"{NUM}\s*(?:(?:元|块钱|块)\s*(?:/|每|一)?|/)\s*(?:天|日)", "day"),
    (rf"{NUM}\s*(?:(?:元|块钱|块)\s*(?:/|每|一)?|/)\s*(?:小时|钟头)", "hour"),
    (rf"{NUM}\s*(?:(?:元|块钱|块)\s*(?:/|每|一)?|/)\s*(?:个)?月", "month"),
    (rf"{NUM}\s*(?:元|块钱|块)?\s*(?:/|每|一)\s*件", "piece"),
]
_HEADCOUNT = re.compile(rf"{NUM}\s*(?:名|个人|位|人|个(?!月|小时|钟|星期|工作日|天|多))")
_DURATION = re.compile(rf"{NUM}\s*个?\s*(天|日|周|星期|月|年)(?!薪|结)")
_DAYS_PER = {"天": 1, "日": 1, "周": 7, "星期": 7, "月": 30, "年": 365}
_URGENT = ("急", "紧急", "加急", "马上", "立即", "立刻", "今天", "明天", "速来", "尽快")
_CERT_WORDS = ("有证", "持证", "证件齐全", "带证")


def cn_number(text: str) -> float | None:
    """'300' -> 300, '三百' -> 300, '两百五' -> 250, '十二' -> 12, '一万二' -> 12000; None if not a number."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, section, digit, last_unit = 0, 0, None, 1
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit == 10000:
                total = (total + section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
            last_unit = unit
        else:
            return None
    if digit is not None:  # '两百五' means 250: a trailing digit counts one unit below the last
        section += digit * (last_unit // 10 if last_unit >= 10 else 1)
    value = total + section
    return float(value) if value or text in ("零", "〇") else None


@dataclass(frozen=True)
class JobParse:
    occupations: tuple[str, ...] = ()
    headcount: int | None = None
    pay: float | None = None
    pay_unit: str | None = None
    divisions: tuple[str, ...] = ()
    duration_days: int | None = None
    urgent: bool = False
    certificates: tuple[str, ...] = ()
    mentions_certificate: bool = False  # "持证" etc., even where the taxonomy names no certificate


@dataclass(frozen=True)
class WorkerParse:
    occupations: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    mentions_certificate: bool = False
    divisions: tuple[str, ...] = ()
    pay: float | None = None
    pay_unit: str | None = None


class TextParser:
    """Build once (loads jieba's dictionary and the reference files), then parse many texts."""

    def __init__(self) -> None:
        with OCCUPATIONS_FILE.open(encoding="utf-8") as fh:
            taxonomy = json.load(fh)
        with DIVISIONS_FILE.open(encoding="utf-8") as fh:
            divisions = json.load(fh)["divisions"]
        with ALIASES_FILE.open(encoding="utf-8") as fh:
            aliases = json.load(fh)
        occs = [o for ind in taxonomy["industries"] for o in ind["occupations"]]
        self.occupation_words: dict[str, str] = {}
        for o in occs:
            for word in [o["name"], *(o.get("synonyms") or [])]:
                self.occupation_words.setdefault(word, o["code"])
        for word, code in aliases.get("occupations", {}).items():
            self.occupation_words.setdefault(word, code)
        self.occupation_cert = {o["code"]: o.get("certificate") for o in occs}
        self.cert_words: dict[str, str] = dict(aliases["certificates"])
        city = next(d["code"] for d in divisions if d["level"] == "city")
        self.place_words: dict[str, str] = dict.fromkeys(aliases["city_words"], city)
        for d in divisions:
            if d["level"] != "city":
                self.place_words[d["name"]] = d["code"]
                self.place_words[d["short_name"]] = d["code"]
        self.tokenizer = jieba.Tokenizer()
        for word in [*self.occupation_words, *self.cert_words, *self.place_words]:
            self.tokenizer.add_word(word, freq=200000)

    # ---- public -------------------------------------------------------------------------------------------
    def parse_job(self, text: str) -> JobParse:
        text = _normalise(text)
        occupations = self._occupations(text)
        pay, unit = _pay(text)
        return JobParse(
            occupations=occupations,
            headcount=_headcount(text),
            pay=pay,
            pay_unit=unit,
            divisions=self._places(text),
            duration_days=_duration(text),
            urgent=any(w in text for w in _URGENT),
            certificates=self._certificates(text, occupations),
            mentions_certificate=any(w in text for w in _CERT_WORDS),
        )

    def parse_worker(self, text: str) -> WorkerParse:
        text = _normalise(text)
        occupations = self._occupations(text)
        pay, unit = _pay(text)
        return WorkerParse(
            occupations=occupations,
            certificates=self._certificates(text, occupations),
            mentions_certificate=any(w in text for w in _CERT_WORDS),
            divisions=self._places(text),
            pay=pay,
            pay_unit=unit,
        )

    # ---- fields -------------------------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[str]:
        return [t for t in self.tokenizer.lcut(text, HMM=False) if t.strip()]

    def _occupations(self, text: str) -> tuple[str, ...]:
        found = [self.occupation_words[t] for t in self._tokens(text) if t in self.occupation_words]
        return tuple(dict.fromkeys(found))

    def _places(self, text: str) -> tuple[str, ...]:
        tokens = self._tokens(text)
        found = [self.place_words[t] for t in tokens if t in self.place_words]
        specific = [c for c in found if len(c) > 6 or not c.endswith("00")]
        return tuple(dict.fromkeys(specific or found))

    def _certificates(self, text: str, occupations: tuple[str, ...]) -> tuple[str, ...]:
        found = [self.cert_words[t] for t in self._tokens(text) if t in self.cert_words]
        if any(w in text for w in _CERT_WORDS):
            found += [c for c in (self.occupation_cert.get(o) for o in occupations) if c]
        return tuple(dict.fromkeys(found))


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII; never fails on odd input."""
    if not isinstance(text, str):
        return ""
    return text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}).strip()


def _pay_match(text: str) -> tuple[float | None, str | None, tuple[int, int]]:
    for pattern, unit in _PAY_RULES:
        for m in re.finditer(pattern, text):
            value = cn_number(m.group(1))
            if value is not None and value >= 10:  # '一天' and '2名' are not pay
                return value, unit, m.span()
    return None, None, (0, 0)


def _pay(text: str) -> tuple[float | None, str | None]:
    value, unit, _ = _pay_match(text)
    return value, unit


def _headcount(text: str) -> int | None:
    m = _HEADCOUNT.search(text)
    value = cn_number(m.group(1)) if m else None
    return int(value) if value else None


def _duration(text: str) -> int | None:
    """'干6个月' -> 180, '26天' -> 26; figures inside the pay phrase ('一天350') are not durations."""
    _, _, (p0, p1) = _pay_match(text)
    for m in _DURATION.finditer(text):
        if m.start() < p1 and m.end() > p0:
            continue
        value = cn_number(m.group(1))
        if value and value < 1000 and text[max(0, m.start() - 1) : m.start()] not in ("每", "/"):
            return int(value * _DAYS_PER[m.group(2)])
    return None


@lru_cache(maxsize=1)
def default_parser() -> TextParser:
    return TextParser()


SET_FIELDS = ("occupations", "divisions", "certificates")
SCALAR_FIELDS = ("headcount", "pay", "pay_unit", "duration_days", "urgent", "mentions_certificate")


def evaluate(cases: list[dict], parser: TextParser | None = None) -> dict[str, dict[str, float]]:
    """Micro precision and recall per field over labelled cases ({"kind", "text", "expect"}).

    Set fields count items; a scalar field counts a prediction when it is not empty/None/False."""
    parser = parser or default_parser()
    tally = {f: [0, 0, 0] for f in SET_FIELDS + SCALAR_FIELDS}  # true positives, predicted, expected
    for case in cases:
        parsed = (
            parser.parse_job(case["text"]) if case["kind"] == "job" else parser.parse_worker(case["text"])
        )
        for field in SET_FIELDS + SCALAR_FIELDS:
            if not hasattr(parsed, field):
                continue
            got, want = getattr(parsed, field), case["expect"].get(field)
            t = tally[field]
            if field in SET_FIELDS:
                got_set, want_set = set(got), set(want or ())
                t[0] += len(got_set & want_set)
                t[1] += len(got_set)
                t[2] += len(want_set)
            else:
                t[0] += int(bool(got) and got == want)
                t[1] += int(bool(got))
                t[2] += int(bool(want))
    return {
        f: {"precision": tp / pred if pred else 1.0, "recall": tp / exp if exp else 1.0, "n": exp}
        for f, (tp, pred, exp) in tally.items()
    }
