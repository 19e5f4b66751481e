"""Bad input, reasons in Chinese, and the no-Django rule."""

from __future__ import annotations

import math
import pkgutil
import subprocess
import sys

import numpy as np
import pytest

import lingong.matching
from lingong.matching import (
    InvalidQueryError,
    JobArrays,
    JobIndex,
    JobQuery,
    OutsideServedAreaError,
    UnknownOccupationError,
    WorkerArrays,
    WorkerIndex,
    WorkerQuery,
    explain_jobs,
    explain_workers,
    load_taxonomy,
    tangshan_area,
)
from lingong.matching.errors import InvalidInputError, MatchingError
from lingong.matching.tests.oracle import AREA, CFG, TAXONOMY, TODAY, W, worker_arrays


def empty_index() -> WorkerIndex:
    return WorkerIndex.build(worker_arrays([]), TAXONOMY, AREA, CFG, today=TODAY)


def test_empty_market_gives_empty_results():
    assert len(empty_index().top_workers(JobQuery(0.0, 0.0, 0), 10)) == 0
    jobs = JobIndex.build(JobArrays(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0)), TAXONOMY, AREA)
    assert len(jobs.top_jobs(WorkerQuery(0.0, 0.0, (0,)), 10)) == 0


@pytest.mark.parametrize("radius", [0.0, -1.0, 1e6, math.nan, math.inf])
def test_bad_radius_is_a_clear_error(radius):
    with pytest.raises(InvalidQueryError):
        empty_index().top_workers(JobQuery(0.0, 0.0, 0, radius_km=radius), 10)


@pytest.mark.parametrize("k", [0, -3, 10**9])
def test_bad_k_is_a_clear_error(k):
    with pytest.raises(InvalidQueryError):
        empty_index().top_workers(JobQuery(0.0, 0.0, 0), k)


def test_unknown_occupation_and_outside_area_are_clear_errors():
    index = empty_index()
    with pytest.raises(UnknownOccupationError):
        index.top_workers(JobQuery(0.0, 0.0, 99), 10)
    with pytest.raises(OutsideServedAreaError):
        index.top_workers(JobQuery(5000.0, 0.0, 0), 10)
    with pytest.raises(OutsideServedAreaError):
        index.top_workers(JobQuery(math.nan, 0.0, 0), 10)
    with pytest.raises(UnknownOccupationError):
        load_taxonomy().index_of("no_such_job")
    with pytest.raises(InvalidInputError):
        index.upsert(worker_arrays([W(1, 9999.0, 0.0, [0])]))
    assert issubclass(MatchingError, ValueError)


def test_reason_sentence_in_chinese():
    tax, area = load_taxonomy(), tangshan_area()
    forklift = tax.index_of("forklift_driver") if "forklift_driver" in tax.codes else None
    occ = forklift if forklift is not None else int(np.flatnonzero(tax.occupation_cert >= 0)[0])
    cert = int(tax.occupation_cert[occ])
    x, y = area.to_km(118.2108, 39.6152)
    workers = WorkerArrays.one(
        42,
        float(x) + 2.1,
        float(y),
        (occ,),
        certs=((cert, TODAY + 400),),
        pay=300.0,
        rating_sum=48.0,
        rating_count=10,
    )
    index = WorkerIndex.build(workers, tax, area, today=TODAY)
    job = JobQuery(
        float(x), float(y), occ, radius_km=5, required_certs=(cert,), end_day=TODAY + 30, pay=300.0
    )
    (reason,) = explain_workers(index, job, index.top_workers(job, 5))
    assert (
        reason.sentence == f"{tax.names[occ]}（持证）· 距离 2.1 公里 · 评分 4.8 · 期望日薪 300 元与报价相符"
    )
    assert reason.certified and reason.exact and reason.rating_count == 10

    jobs = JobIndex.build(
        JobArrays(
            np.array([7]),
            np.array([float(x)]),
            np.array([float(y) + 1]),
            np.array([occ]),
            pay=np.array([250.0]),
        ),
        tax,
        area,
        today=TODAY,
    )
    wq = WorkerQuery(float(x), float(y), (occ,), pay=300.0)
    (jr,) = explain_jobs(jobs, wq, jobs.top_jobs(wq, 3))
    assert "距离 1.0 公里" in jr.sentence and "偏低" in jr.sentence


def test_library_never_imports_django():
    modules = [
        m.name
        for m in pkgutil.walk_packages(lingong.matching.__path__, "lingong.matching.")
        if ".tests" not in m.name
    ]
    modules.append("lingong.bench.matching")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    env_free = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert env_free.returncode == 0, env_free.stderr
