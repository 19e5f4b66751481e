"""The index agrees with a brute-force oracle on random small markets, before and after updates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lingong.matching.config import ALL_SLOTS, IndexConfig, PayUnit, slot_mask
from lingong.matching.errors import InvalidInputError
from lingong.matching.jobs import JobArrays, JobIndex
from lingong.matching.query import JobQuery, WorkerQuery
from lingong.matching.tests.oracle import (
    AREA,
    CFG,
    TAXONOMY,
    TODAY,
    J,
    W,
    assert_matches_oracle,
    job_arrays,
    oracle_jobs,
    oracle_workers,
    random_worker,
    worker_arrays,
)
from lingong.matching.workers import WorkerArrays, WorkerIndex

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A small cell size puts a query's box across many cells and rows, exercising the posting slices.
SMALL_CELLS = IndexConfig(cell_km=1.5, compact_min_rows=8)
# prune_min_entries=0 sends every query through the two-pass, cell-bounded path.
PRUNED = IndexConfig(cell_km=1.5, compact_min_rows=8, prune_min_entries=0, prune_first_pass_per_k=1)
# Tiny bound blocks: many blocks per (occupation, cell) list, so block-level pruning skips parts of a cell.
TINY_BLOCKS = IndexConfig(
    cell_km=3.0, compact_min_rows=8, prune_min_entries=0, prune_first_pass_per_k=1, bound_block_entries=2
)


def random_job(rng: np.random.Generator) -> JobQuery:
    certs = tuple(sorted({int(c) for c in rng.integers(0, 3, int(rng.integers(0, 2)))}))
    return JobQuery(
        x_km=float(rng.integers(-20, 21)) * 0.5,
        y_km=float(rng.integers(-20, 21)) * 0.5,
        occupation=int(rng.integers(0, 6)),
        radius_km=float(rng.choice([0.5, 1.0, 2.5, 5.0, 12.0])),
        allow_related=bool(rng.integers(0, 2)),
        required_certs=certs,
        end_day=TODAY + int(rng.integers(-3, 4)),
        slots=int(rng.choice([0, 0b1, 0b110000, ALL_SLOTS])),
        pay=float(rng.choice([0.0, 250.0, 30.0])),
        pay_unit=int(rng.integers(0, 4)),
        exclude_ids=tuple(int(v) for v in rng.integers(0, 40, int(rng.integers(0, 4)))),
        seen_ids=tuple(int(v) for v in rng.integers(0, 40, int(rng.choice([0, 0, 3, 12])))),
    )


def check_queries(index: WorkerIndex, ws: dict[int, W], rng: np.random.Generator) -> None:
    for _ in range(6):
        job = random_job(rng)
        k = int(rng.integers(1, 12))
        ranking = index.top_workers(job, k)
        assert_matches_oracle(ranking.ids, ranking.scores, oracle_workers(ws, job), k)


def mutate(index: WorkerIndex, ws: dict[int, W], rng: np.random.Generator, next_id: int) -> int:
    """One random update applied to both the index and the oracle's copy; returns the next fresh id."""
    op = int(rng.integers(0, 4))
    if op == 0 or not ws:
        w = random_worker(rng, next_id)
        ws[w.id] = w
        index.upsert(worker_arrays([w]))
        return next_id + 1
    wid = int(rng.choice(sorted(ws)))
    if op == 1:
        ws[wid] = random_worker(rng, wid)
        index.upsert(worker_arrays([ws[wid]]))
    elif op == 2:
        del ws[wid]
        assert index.remove(np.array([wid])) == 1
    else:
        ws[wid].exposure += 1
        index.record_exposure(np.array([wid]))
    return next_id


@FAST
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), n_updates=st.integers(1, 25))
def test_top_workers_equal_oracle_before_and_after_updates_and_compaction(seed: int, n: int, n_updates: int):
    rng = np.random.default_rng(seed)
    ws = {i: random_worker(rng, i) for i in range(n)}
    layout = PRUNED if seed % 2 else SMALL_CELLS
    index = WorkerIndex.build(worker_arrays(list(ws.values())), TAXONOMY, AREA, CFG, layout, today=TODAY)
    check_queries(index, ws, rng)
    next_id = n
    for _ in range(n_updates):
        next_id = mutate(index, ws, rng, next_id)
    assert len(index) == len(ws)
    check_queries(index, ws, rng)
    index.compact()
    assert index.delta_rows == 0 and len(index) == len(ws)
    check_queries(index, ws, rng)


def random_open_job(rng: np.random.Generator, jid: int) -> J:
    return J(
        id=jid,
        x=float(rng.integers(-20, 21)) * 0.5,
        y=float(rng.integers(-20, 21)) * 0.5,
        occ=int(rng.integers(0, 6)),
        allow_related=bool(rng.integers(0, 2)),
        open=int(rng.integers(0, 3)),
        end=TODAY + int(rng.integers(-3, 4)),
        slots=int(rng.choice([0, 0b1, 0b110000])),
        pay=float(rng.choice([0.0, 250.0, 30.0])),
        unit=int(rng.integers(0, 4)),
        urgent=bool(rng.integers(0, 2)),
        posted=TODAY - int(rng.integers(0, 20)),
        certs=sorted({int(c) for c in rng.integers(0, 3, int(rng.integers(0, 2)))}),
        # Some jobs accept a second or third occupation (indexed under each, found once).
        extra=[int(o) for o in rng.integers(0, 6, int(rng.choice([0, 0, 1, 2])))],
    )


def random_worker_query(rng: np.random.Generator) -> WorkerQuery:
    w = random_worker(rng, 0)
    return WorkerQuery(
        x_km=w.x,
        y_km=w.y,
        occupations=tuple(w.occs),
        travel_radius_km=w.radius,
        radius_km=float(rng.choice([1.0, 4.0, 12.0])) if rng.integers(0, 2) else None,
        certs=tuple(w.certs),
        slots=int(rng.choice([0, 0b1, 0b110000])),
        pay=w.pay,
        pay_unit=w.unit,
        exclude_ids=tuple(int(v) for v in rng.integers(0, 30, int(rng.integers(0, 3)))),
    )


@FAST
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 30), n_updates=st.integers(0, 15))
def test_top_jobs_equal_oracle_before_and_after_updates(seed: int, n: int, n_updates: int):
    rng = np.random.default_rng(seed)
    js = {i: random_open_job(rng, i) for i in range(n)}
    index = JobIndex.build(job_arrays(list(js.values())), TAXONOMY, AREA, CFG, SMALL_CELLS, today=TODAY)

    def check() -> None:
        for _ in range(5):
            wq = random_worker_query(rng)
            k = int(rng.integers(1, 10))
            ranking = index.top_jobs(wq, k)
            assert_matches_oracle(ranking.ids, ranking.scores, oracle_jobs(js, wq), k)

    check()
    for step in range(n_updates):
        if js and rng.integers(0, 3) == 0:
            jid = int(rng.choice(sorted(js)))
            del js[jid]
            index.remove(np.array([jid]))
        else:
            jid = int(rng.integers(0, n + 5)) if rng.integers(0, 2) else 1000 + step
            js[jid] = random_open_job(rng, jid)
            index.upsert(job_arrays([js[jid]]))
    check()
    index.compact()
    check()


def test_filters_exclude_far_uncertified_unavailable_and_excluded_workers():
    monday_morning = slot_mask((0,), 9, 12)
    ws = [
        W(1, 0.0, 0.0, [4], certs=[(0, TODAY + 10)], avail=monday_morning),  # the only fit
        W(2, 0.0, 0.0, [4], certs=[(0, TODAY - 1)], avail=monday_morning),  # certificate expired
        W(3, 0.0, 0.0, [4], certs=[], avail=monday_morning),  # no certificate
        W(4, 0.0, 0.0, [4], certs=[(0, TODAY + 10)], avail=slot_mask((1,), 9, 12)),  # Tuesday only
        W(5, 9.0, 0.0, [4], certs=[(0, TODAY + 10)], avail=monday_morning),  # too far
        W(6, 0.0, 0.0, [4], certs=[(0, TODAY + 10)], avail=monday_morning),  # already applied
    ]
    index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, today=TODAY)
    job = JobQuery(
        0.0, 0.0, 4, radius_km=5, required_certs=(0,), end_day=TODAY + 3, slots=slot_mask((0,), 10, 11)
    )
    assert index.top_workers(JobQuery(**{**job.__dict__, "exclude_ids": (6,)}), 10).ids.tolist() == [1]


def test_exact_occupation_outranks_related_at_equal_everything_else():
    ws = [W(1, 0.0, 0.0, [1]), W(2, 0.0, 0.0, [0])]  # 1 is related to 0
    index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, today=TODAY)
    ranking = index.top_workers(JobQuery(0.0, 0.0, 0, radius_km=3), 5)
    assert ranking.ids.tolist() == [2, 1]
    assert index.top_workers(JobQuery(0.0, 0.0, 0, radius_km=3, allow_related=False), 5).ids.tolist() == [2]


def test_exposure_lowers_a_workers_rank():
    ws = [W(1, 0.0, 0.0, [0]), W(2, 0.0, 0.0, [0])]
    index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, today=TODAY)
    job = JobQuery(0.0, 0.0, 0, radius_km=3)
    assert index.top_workers(job, 2).ids.tolist() == [1, 2]
    index.record_exposure(np.array([1]), 10)
    assert index.top_workers(job, 2).ids.tolist() == [2, 1]


def test_equal_scores_are_ordered_by_worker_id_on_every_path():
    """Twenty identical workers: any k of them come back as the k smallest ids, whatever the layout."""
    ws = [W(i, 0.1, 0.1, [0], exposure=1.0) for i in range(40, 0, -2)]
    for layout in (SMALL_CELLS, PRUNED, TINY_BLOCKS):
        index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, layout, today=TODAY)
        index.upsert(worker_arrays([W(1, 0.1, 0.1, [0], exposure=1.0)]))  # a delta row among base rows
        for k in (1, 5, 11, 30):
            ranking = index.top_workers(JobQuery(0.0, 0.0, 0, radius_km=3), k)
            assert ranking.ids.tolist() == sorted(w.id for w in [*ws, W(1, 0, 0, [0])])[:k]
            assert len(set(ranking.scores.tolist())) == 1


def test_a_job_looking_again_sees_the_same_order():
    """Showing workers lowers their scores (exposure spreads work around), but not for the job that
    showed them: with its shown workers as ``seen_ids`` the job's ranking is exactly the first one,
    while another job now sees the workers that were not shown first."""
    # Fifteen equal workers (the case that reshuffled on every reload) and three better-rated ones.
    ws = [W(i, 0.1, 0.0, [0]) for i in range(1, 16)]
    ws += [W(i, 0.3, 0.0, [0], rating_sum=5.0 * i, rating_count=float(i)) for i in (16, 17, 18)]
    for layout in (SMALL_CELLS, PRUNED, TINY_BLOCKS):
        index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, layout, today=TODAY)
        job = JobQuery(0.0, 0.0, 0, radius_km=5)
        first = index.top_workers(job, 10)
        assert first.ids.tolist() == [18, 17, 16, 1, 2, 3, 4, 5, 6, 7]
        index.record_exposure(first.ids)
        seen = JobQuery(**{**job.__dict__, "seen_ids": tuple(first.ids.tolist())})
        for _ in range(2):
            again = index.top_workers(seen, 10)
            assert again.ids.tolist() == first.ids.tolist()
            assert again.scores.tolist() == first.scores.tolist()
        # Any other job: those shown now rank below their equals who were not.
        others = [18, 17, 16, *range(8, 16), *range(1, 8)]
        assert index.top_workers(job, 18).ids.tolist() == others


def test_needs_compaction_after_many_updates_and_compact_keeps_results():
    rng = np.random.default_rng(5)
    ws = {i: random_worker(rng, i) for i in range(50)}
    index = WorkerIndex.build(worker_arrays(list(ws.values())), TAXONOMY, AREA, CFG, SMALL_CELLS, today=TODAY)
    for i in range(50, 70):
        ws[i] = random_worker(rng, i)
    index.upsert(worker_arrays([ws[i] for i in range(50, 70)]))
    assert index.needs_compaction
    job = JobQuery(0.0, 0.0, 0, radius_km=20)
    before = index.top_workers(job, 30).ids.tolist()
    index.compact()
    assert not index.needs_compaction
    assert index.top_workers(job, 30).ids.tolist() == before


def test_single_worker_helper_upserts():
    index = WorkerIndex.build(worker_arrays([W(1, 0.0, 0.0, [0])]), TAXONOMY, AREA, CFG, today=TODAY)
    index.upsert(WorkerArrays.one(7, 0.5, 0.0, (0,), certs=((1, TODAY + 5),), pay=300.0))
    assert sorted(index.top_workers(JobQuery(0.0, 0.0, 0, radius_km=3), 5).ids.tolist()) == [1, 7]


def test_repeated_occupation_in_one_worker_is_listed_once():
    ws = [W(1, 0.0, 0.0, [0, 0, 1]), W(2, 0.5, 0.0, [1, 1])]
    for layout in (SMALL_CELLS, PRUNED):
        index = WorkerIndex.build(worker_arrays(ws), TAXONOMY, AREA, CFG, layout, today=TODAY)
        index.upsert(worker_arrays([W(3, 0.2, 0.0, [0, 1, 0])]))
        assert sorted(index.top_workers(JobQuery(0.0, 0.0, 0, radius_km=3), 10).ids.tolist()) == [1, 2, 3]


def test_clock_and_negative_exposure_keep_the_pruned_path_exact():
    rng = np.random.default_rng(11)
    ws = {i: random_worker(rng, i) for i in range(60)}
    index = WorkerIndex.build(worker_arrays(list(ws.values())), TAXONOMY, AREA, CFG, PRUNED, today=TODAY)
    for w in ws.values():
        w.exposure -= 1.0
    index.record_exposure(np.arange(60), -1.0)
    check_queries(index, ws, rng)
    index.set_today(TODAY - 10)  # going back raises recency scores: the cell bounds must follow
    plain = WorkerIndex.build(
        worker_arrays(list(ws.values())), TAXONOMY, AREA, CFG, SMALL_CELLS, today=TODAY - 10
    )
    for _ in range(10):
        job = random_job(rng)
        got, want = index.top_workers(job, 5), plain.top_workers(job, 5)
        assert got.ids.tolist() == want.ids.tolist()


@FAST
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), n_updates=st.integers(0, 20))
def test_block_bounds_prune_exactly_with_tiny_blocks(seed: int, n: int, n_updates: int):
    rng = np.random.default_rng(seed)
    ws = {i: random_worker(rng, i) for i in range(n)}
    index = WorkerIndex.build(worker_arrays(list(ws.values())), TAXONOMY, AREA, CFG, TINY_BLOCKS, today=TODAY)
    check_block_bounds(index)
    check_queries(index, ws, rng)
    next_id = n
    for _ in range(n_updates):
        next_id = mutate(index, ws, rng, next_id)
    check_queries(index, ws, rng)
    index.compact()
    check_block_bounds(index)
    check_queries(index, ws, rng)


def check_block_bounds(index: WorkerIndex) -> None:
    """Blocks tile the postings without crossing an (occupation, cell) list, and bound every member."""
    size = index.index_config.bound_block_entries
    starts, lengths = index._blk_start, index._blk_len
    assert int(lengths.sum()) == index._postings.size and (lengths >= 1).all() and (lengths <= size).all()
    assert (starts == np.cumsum(lengths) - lengths).all()
    for q in np.flatnonzero(np.diff(index._offsets)):
        blocks = range(int(index._blk_off[q]), int(index._blk_off[q + 1]))
        assert starts[blocks[0]] == index._offsets[q]
        assert starts[blocks[-1]] + lengths[blocks[-1]] == index._offsets[q + 1]
    block_of_entry = np.repeat(np.arange(starts.size), lengths)
    rows = index._postings
    assert (index.col("static")[rows] <= index._blk_static[block_of_entry]).all()
    assert (index.col("radius")[rows] <= index._blk_radius[block_of_entry]).all()


def test_a_posting_row_becomes_one_query_per_occupation():
    jobs = JobArrays(
        ids=np.array([10, 11]),
        x_km=np.array([1.0, 2.0]),
        y_km=np.array([3.0, 4.0]),
        occupation=np.array([5, 6]),
        start_day=np.array([100, 200]),
        end_day=np.array([101, 202]),
        slots=np.array([0, 7], dtype=np.uint64),
        pay=np.array([300.0, 25.0]),
        pay_unit=np.array([int(PayUnit.DAY), int(PayUnit.HOUR)]),
        cert_ptr=np.array([0, 0, 2]),
        cert_idx=np.array([3, 4], dtype=np.int16),
        extra_occ_ptr=np.array([0, 0, 2]),
        extra_occ_idx=np.array([6, 8], dtype=np.int16),
    )
    assert jobs.queries(0, radius_km=5.0) == [
        JobQuery(x_km=1.0, y_km=3.0, occupation=5, radius_km=5.0, start_day=100, end_day=101, pay=300.0)
    ]
    second = jobs.queries(1, radius_km=8.0, exclude_ids=(1,))
    assert [q.occupation for q in second] == [6, 8]
    assert second[0] == JobQuery(
        x_km=2.0, y_km=4.0, occupation=6, radius_km=8.0, required_certs=(3, 4), start_day=200, end_day=202,
        slots=7, pay=25.0, pay_unit=int(PayUnit.HOUR), exclude_ids=(1,),
    )  # fmt: skip
    with pytest.raises(InvalidInputError):
        jobs.queries(2, radius_km=5.0)
