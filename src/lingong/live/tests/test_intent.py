"""Sign-up intent on labelled comments. Three sets, each written blind to the rules of its time:
- the tuning set (data/intent_tuning.json, 320 comments): 80 of ours, a first blind set of 120 (precision
  0.941 / recall 0.711 before the rules were revised on it) and a second blind set of 120 (0.964 / 0.600
  before the second revision, issue 12's closing session); the rules now get all 320 right except two
  sign-ups for someone else ("帮我儿子报名"), which that set labels "no" and the rules read as a lead for
  staff to follow up, as the market's stations do;
- the held-out set (data/intent_heldout.json, 160 comments, a third blind set written before the second
  revision and never tuned on): precision 1.000, recall 0.917 (the rules before the revision: 1.000 / 0.625).
Figures are printed with ``pytest -s``; the held-out one is the one to quote, and its floor guards against
regressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lingong.live.intent import is_signup_intent, normalise

DATA = Path(__file__).resolve().parent.parent / "data"


def scores(name: str) -> tuple[float, float, list[str]]:
    rows = json.loads((DATA / name).read_text(encoding="utf-8"))
    tp = fp = fn = 0
    wrong = []
    for row in rows:
        got = is_signup_intent(row["text"])
        tp += got and row["intent"]
        fp += got and not row["intent"]
        fn += (not got) and row["intent"]
        if got != row["intent"]:
            wrong.append(row["text"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name}: n={len(rows)} precision={precision:.3f} recall={recall:.3f} wrong={wrong}")
    return precision, recall, wrong


# A sign-up for a family member is a lead for the stations (the mother asking work for her son); the second
# blind set labelled these two "no".
FOR_SOMEONE_ELSE = {"帮我儿子报名", "给我老公报个名"}


def test_tuning_set() -> None:
    _precision, recall, wrong = scores("intent_tuning.json")
    assert set(wrong) == FOR_SOMEONE_ELSE and recall == 1.0, wrong


def test_held_out_set() -> None:
    precision, recall, wrong = scores("intent_heldout.json")
    assert precision >= 0.97 and recall >= 0.9, wrong


def test_near_misses_named_in_the_issue() -> None:
    for text in ("11点开始吗", "1号线", "不去"):
        assert not is_signup_intent(text)
    for text in ("1", "扣1", "报名", "我要去", "想去"):
        assert is_signup_intent(text)


def test_market_phrases_add_to_the_defaults() -> None:
    assert not is_signup_intent("我参加")
    assert is_signup_intent("我参加", extra_phrases=["参加"])
    assert not is_signup_intent("我参加吗", extra_phrases=["参加"])


@given(st.text(max_size=60))
def test_any_text_gives_an_answer_and_normalising_is_stable(text: str) -> None:
    assert isinstance(is_signup_intent(text), bool)
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize("digit", ["2", "3", "0", "7", "9"])
def test_other_digits_alone_are_not_sign_ups(digit: str) -> None:
    assert not is_signup_intent(digit) and not is_signup_intent(digit * 3)
