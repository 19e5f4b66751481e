"""Batch assignment: feasible, and as good as the dense solver on small cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingong.matching.assign import assign, assign_dense, edges_from_rankings
from lingong.matching.errors import InvalidInputError
from lingong.matching.query import Ranking


def random_case(seed: int, n_jobs: int, n_workers: int):
    rng = np.random.default_rng(seed)
    capacity = rng.integers(0, 4, n_jobs)
    n_edges = int(rng.integers(0, n_jobs * n_workers + 1)) if n_jobs and n_workers else 0
    job = rng.integers(0, max(n_jobs, 1), n_edges)
    worker = rng.integers(0, max(n_workers, 1), n_edges) * 10 + 3  # ids need not be dense
    score = rng.integers(-2, 8, n_edges) / 2.0  # coarse: ties and non-positive scores happen
    return capacity, job, worker, score


def check_feasible(result, capacity, job, worker, score, unfilled_score):
    assert np.unique(result.worker).size == result.worker.size, "a worker used twice"
    filled = np.bincount(result.job, minlength=capacity.size)
    assert (filled <= capacity).all(), "a job over-filled"
    assert (result.unfilled == capacity - filled).all()
    best: dict[tuple[int, int], float] = {}
    for j, w, s in zip(job.tolist(), worker.tolist(), score.tolist(), strict=True):
        best[(j, w)] = max(best.get((j, w), -np.inf), s)
    for j, w, s in zip(result.job.tolist(), result.worker.tolist(), result.score.tolist(), strict=True):
        assert (j, w) in best and s == best[(j, w)] and s > unfilled_score
    expected_total = result.score.sum() + unfilled_score * result.unfilled.sum()
    assert result.total == pytest.approx(expected_total)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_jobs=st.integers(0, 6),
    n_workers=st.integers(0, 9),
    unfilled_score=st.sampled_from([0.0, 0.5, -1.0]),
)
def test_sparse_assignment_is_feasible_and_matches_dense_optimum(seed, n_jobs, n_workers, unfilled_score):
    capacity, job, worker, score = random_case(seed, n_jobs, n_workers)
    sparse = assign(capacity, job, worker, score, unfilled_score)
    dense = assign_dense(capacity, job, worker, score, unfilled_score)
    check_feasible(sparse, capacity, job, worker, score, unfilled_score)
    check_feasible(dense, capacity, job, worker, score, unfilled_score)
    assert sparse.total == pytest.approx(dense.total, abs=1e-9)


def test_leaves_a_place_unfilled_rather_than_take_a_worse_than_empty_match():
    result = assign(
        np.array([2]), np.array([0, 0]), np.array([1, 2]), np.array([3.0, 0.5]), unfilled_score=1.0
    )
    assert result.worker.tolist() == [1] and result.unfilled.tolist() == [1]
    assert result.total == pytest.approx(4.0)


def test_gives_the_contested_worker_to_the_job_that_gains_most_overall():
    # worker 1 is best for both jobs; job 1 has no alternative, so job 0 should take worker 2.
    result = assign(np.array([1, 1]), np.array([0, 0, 1]), np.array([1, 2, 1]), np.array([5.0, 4.5, 3.0]))
    assert dict(zip(result.job.tolist(), result.worker.tolist(), strict=True)) == {0: 2, 1: 1}


def test_edges_from_rankings_and_bad_input():
    r = Ranking(
        np.array([4, 5]), np.array([2.0, 1.0]), np.zeros(2), np.zeros(2, np.int8), np.zeros(2), np.ones(2)
    )
    job, worker, score = edges_from_rankings([r, Ranking.empty(), r])
    assert job.tolist() == [0, 0, 2, 2] and worker.tolist() == [4, 5, 4, 5]
    assert assign(np.array([1, 0, 1]), job, worker, score).total == pytest.approx(3.0)
    with pytest.raises(InvalidInputError):
        assign(np.array([1]), np.array([3]), np.array([1]), np.array([1.0]))
    with pytest.raises(InvalidInputError):
        assign(np.array([-1]), np.array([0]), np.array([1]), np.array([1.0]))
