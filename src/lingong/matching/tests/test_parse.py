"""The text parser on >= 150 labelled phrases (precision / recall per field) and on arbitrary input."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lingong.matching.parse import cn_number, default_parser, evaluate

CASES = json.loads((Path(__file__).parent / "parse_cases.json").read_text(encoding="utf-8"))["cases"]


def test_labelled_phrases_precision_and_recall():
    assert len(CASES) >= 150
    report = evaluate(CASES)
    for field, m in report.items():
        print(f"{field:22} P {m['precision']:.3f}  R {m['recall']:.3f}  (n={m['n']})")
    assert report["occupations"]["precision"] >= 0.9 and report["occupations"]["recall"] >= 0.9
    assert report["divisions"]["precision"] >= 0.9 and report["divisions"]["recall"] >= 0.9
    for field in ("headcount", "pay", "pay_unit"):
        assert report[field]["precision"] >= 0.9 and report[field]["recall"] >= 0.85, field


def test_the_issue_examples():
    p = default_parser()
    job = p.parse_job("丰南招铲车司机2名，公路融雪，干6个月，日结300")
    assert (job.occupations, job.headcount, job.pay, job.pay_unit) == (("loader_driver",), 2, 300.0, "day")
    assert job.divisions == ("130207",) and job.duration_days == 180
    worker = p.parse_worker("我会开铲车，有证，想在唐山本地干，一天三百")
    assert worker.occupations == ("loader_driver",) and worker.mentions_certificate
    assert worker.divisions == ("130200",) and (worker.pay, worker.pay_unit) == (300.0, "day")


def test_chinese_numbers():
    assert [cn_number(t) for t in ("300", "三百", "两百五", "十二", "一万二", "三千五", "天")] == [
        300,
        300,
        250,
        12,
        12000,
        3500,
        None,
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_unknown_words_never_crash(text):
    p = default_parser()
    p.parse_job(text)
    p.parse_worker(text)
