"""The text parser on >= 150 labelled phrases (precision / recall per field) and on arbitrary input."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lingong.matching.geo import DIVISIONS_FILE
from lingong.matching.parse import JobParse, WorkerParse, cn_number, default_parser, evaluate
from lingong.matching.taxonomy import OCCUPATIONS_FILE

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


def test_heldout_phrases_parse_to_well_formed_results():
    """Every held-out phrase (parse_heldout.json, written blind) parses, and each parse is well-formed.

    No accuracy is asserted: python -m lingong.bench.parse measures and reports the held-out figures."""
    taxonomy = json.loads(Path(OCCUPATIONS_FILE).read_text(encoding="utf-8"))
    divisions = json.loads(Path(DIVISIONS_FILE).read_text(encoding="utf-8"))["divisions"]
    known = {
        "occupations": {o["code"] for ind in taxonomy["industries"] for o in ind["occupations"]},
        "certificates": {c["code"] for c in taxonomy["certificates"]},
        "divisions": {d["code"] for d in divisions},
    }
    units = {o["default_pay_unit"] for ind in taxonomy["industries"] for o in ind["occupations"]}
    heldout = json.loads((Path(__file__).parent / "parse_heldout.json").read_text(encoding="utf-8"))["cases"]
    assert len(heldout) >= 80
    assert not {c["text"] for c in heldout} & {c["text"] for c in CASES}, "phrase also in tuning set"
    p = default_parser()
    for case in heldout:
        text = case["text"]
        parsed = p.parse_job(text) if case["kind"] == "job" else p.parse_worker(text)
        assert isinstance(parsed, JobParse if case["kind"] == "job" else WorkerParse), text
        for field, codes in known.items():
            assert set(case["expect"].get(field, ())) <= codes, (text, field)  # the label itself is valid
            got = getattr(parsed, field)
            assert isinstance(got, tuple) and len(set(got)) == len(got) and set(got) <= codes, (text, field)
        assert isinstance(parsed.mentions_certificate, bool), text
        assert parsed.pay is None or (isinstance(parsed.pay, (int, float)) and parsed.pay > 0), text
        assert parsed.pay_unit is None or parsed.pay_unit in units, text
        if isinstance(parsed, JobParse):
            for field in ("headcount", "duration_days"):
                value = getattr(parsed, field)
                assert value is None or (type(value) is int and value > 0), (text, field)
            assert isinstance(parsed.urgent, bool), text
