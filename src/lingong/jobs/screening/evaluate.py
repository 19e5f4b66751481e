"""Offline evaluation of the text rules against labelled postings (no Django, no database).

A labelled file has one JSON object a line: id, title, description, occupation (taxonomy code or name),
pay_amount, pay_unit, district, label ("bad" or "ok") and why. "bad" is the positive class. Two operating
points are reported: "hold" (score >= the hold score: the posting waits for staff) and "hold-or-flag"
(score >= the flag score: staff see it, held or published with a flag). The scores are the content part
only; an employer's history and reports add to it on the platform.

    python scripts/screening_eval.py [FILE ...] [--hold 50] [--flag 25]

Tuning files (rules may be changed to fit their rows): dev.jsonl, tuning2.jsonl and tuning3.jsonl. Held-out
file (measure only): heldout3.jsonl.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lingong.jobs.screening.rules import Hit, OccupationNorm, PostingText, check_text

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
OCCUPATIONS_FILE = DATA_DIR / "occupations.json"
DEV_FILE = DATA_DIR / "screening" / "dev.jsonl"
# Written blind as the first held-out set, evaluated once (2026-12-03), then used for tuning: see the README.
TUNING2_FILE = DATA_DIR / "screening" / "tuning2.jsonl"
# Written blind as the second held-out set (heldout2.jsonl), evaluated once (2026-12-03), then tuned on.
TUNING3_FILE = DATA_DIR / "screening" / "tuning3.jsonl"
TUNING_FILES = (DEV_FILE, TUNING2_FILE, TUNING3_FILE)
# The held-out set: written blind by someone else, never read while writing or tuning the rules.
HELDOUT_FILE = DATA_DIR / "screening" / "heldout3.jsonl"
DEFAULT_HOLD = 50
DEFAULT_FLAG = 25


def content_score(hits: list[Hit]) -> int:
    """The content part of the risk score: each rule's weight once, capped at 100."""
    return min(100, sum(h.weight for h in hits))


def load_norms(path: Path = OCCUPATIONS_FILE) -> dict[str, OccupationNorm]:
    """Occupation code and name -> its usual pay, from the taxonomy file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    norms: dict[str, OccupationNorm] = {}
    for industry in data["industries"]:
        for occ in industry.get("occupations", []):
            low, high = occ.get("typical_pay") or (0, 0)
            norm = OccupationNorm(occ["name"], occ["default_pay_unit"], int(low), int(high))
            for synonym in occ.get("synonyms", []):
                norms.setdefault(synonym, norm)  # "普工", "小工": the names people write
            norms[occ["code"]] = norm
            norms[occ["name"]] = norm
    return norms


def posting_from_row(row: dict[str, str], norms: dict[str, OccupationNorm]) -> PostingText:
    occupation = norms.get(str(row.get("occupation", "")).strip())
    pay = str(row.get("pay_amount") or "").strip()
    return PostingText(
        title=str(row.get("title", "")),
        description=str(row.get("description", "")),
        address=None,  # the sets give a district only, not a street address
        pay_amount=Decimal(pay) if pay else None,
        pay_unit=str(row.get("pay_unit") or ""),
        occupations=(occupation,) if occupation else (),
    )


@dataclass
class Point:
    """Confusion counts at one operating point."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    path: Path
    total: int
    hold: Point
    hold_or_flag: Point


def evaluate(path: Path, *, hold: int = DEFAULT_HOLD, flag: int = DEFAULT_FLAG) -> Evaluation:
    norms = load_norms()
    points = {"hold": Point(), "flag": Point()}
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        total += 1
        hits = check_text(posting_from_row(row, norms))
        score = content_score(hits)
        bad = row["label"] == "bad"
        summary = (
            f"{row.get('id')} [{row['label']}, {row.get('why', '')}] score={score} "
            f"{','.join(h.code for h in hits) or '-'} | {row.get('title', '')}：{row.get('description', '')}"
        )
        for name, threshold in (("hold", hold), ("flag", flag)):
            point = points[name]
            predicted = score >= threshold
            if bad and predicted:
                point.tp += 1
            elif bad:
                point.fn += 1
                point.missed.append(summary)
            elif predicted:
                point.fp += 1
                point.false_alarms.append(summary)
            else:
                point.tn += 1
    return Evaluation(path, total, points["hold"], points["flag"])


def role(path: Path) -> str:
    if path.resolve() == HELDOUT_FILE.resolve():
        return "held-out, measure only"
    if path.resolve() in {f.resolve() for f in TUNING_FILES}:
        return "tuning"
    return "other"


def report(evaluation: Evaluation, *, examples: int = 20) -> str:
    lines = [f"== {evaluation.path.name} ({role(evaluation.path)}): {evaluation.total} postings"]
    for name, point in (("hold", evaluation.hold), ("hold-or-flag", evaluation.hold_or_flag)):
        lines.append(
            f"  {name:13s} precision={point.precision:.3f} recall={point.recall:.3f} f1={point.f1:.3f} "
            f"tp={point.tp} fp={point.fp} fn={point.fn} tn={point.tn}"
        )
        for label, items in (("missed bad", point.missed), ("false alarm", point.false_alarms)):
            for item in items[:examples]:
                lines.append(f"    {label}: {item}")
            if len(items) > examples:
                lines.append(f"    ... {len(items) - examples} more {label}")
    return "\n".join(lines)
