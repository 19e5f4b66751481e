"""The screening rules reach the issue's target on the labelled postings: recall >= 0.9 on bad postings
with precision >= 0.9, at the operating point staff see (held or flagged), and the holds alone are precise.

dev.jsonl, tuning2.jsonl and tuning3.jsonl are tuning sets (the rules were fitted to them), so they must
clear a margin above the target (0.93). heldout3.jsonl is written blind by someone else and is only measured
here, at the target (see the comment there for each blind measurement)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lingong.jobs.screening.evaluate import HELDOUT_FILE, TUNING_FILES, evaluate, report

TARGET = 0.9
TUNING_TARGET = 0.93  # margin for postings the rules have not seen


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _check(path: Path, target: float) -> None:
    result = evaluate(path)
    text = report(result, examples=50)
    assert result.hold_or_flag.recall >= target, text
    assert result.hold_or_flag.precision >= target, text
    assert result.hold.precision >= TARGET, text


@pytest.mark.parametrize("path", TUNING_FILES, ids=lambda p: p.name)
def test_the_tuning_sets_are_labelled(path: Path) -> None:
    rows = _rows(path)
    assert len(rows) >= 100
    assert {r["label"] for r in rows} == {"bad", "ok"}
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("path", TUNING_FILES, ids=lambda p: p.name)
def test_targets_with_margin_on_each_tuning_set(path: Path) -> None:
    _check(path, TUNING_TARGET)


# The blind measurements, each taken once with the rules final at the time (2026-12-03, hold-or-flag
# precision / recall): first set (now tuning2) 0.900 / 0.831; second set (now tuning3) 0.944 / 0.823; third
# set, heldout3.jsonl, 0.950 / 0.919 (holds alone 0.965 / 0.887). Only the third reaches the target.
# Once this set's misses are read to change the rules, it becomes a tuning set and a new blind one is needed.


@pytest.mark.skipif(
    not HELDOUT_FILE.exists(),
    reason="heldout3.jsonl (the blind held-out set) is not in this checkout yet; it is written separately",
)
def test_targets_on_the_held_out_set() -> None:
    tuning_texts = {(r["title"], r["description"]) for path in TUNING_FILES for r in _rows(path)}
    held_out = _rows(HELDOUT_FILE)
    assert not {(r["title"], r["description"]) for r in held_out} & tuning_texts, (
        "held-out row also in tuning"
    )
    _check(HELDOUT_FILE, TARGET)
