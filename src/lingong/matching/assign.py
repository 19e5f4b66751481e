"""Batch assignment: open places x candidate workers -> the assignment of maximum total score.

Each job j has capacity[j] places; each worker fills at most one place; any place may stay unfilled, which is
worth `unfilled_score`. We expand job j into capacity[j] slot rows, give every slot its own "unfilled" column,
and solve a min-cost full matching of the rows (LAPJVsp,
scipy.sparse.csgraph.min_weight_full_bipartite_matching) over the sparse candidate edges.
cost = M - score with M above every score, so every cost is positive, and minimising cost over a full
matching of the rows maximises the total score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from lingong.matching.errors import InvalidInputError
from lingong.matching.query import Ranking


@dataclass(frozen=True, eq=False)
class Assignment:
    job: np.ndarray  # job position (into capacity) of each assigned pair
    worker: np.ndarray  # worker id of each assigned pair
    score: np.ndarray
    unfilled: np.ndarray  # per job, places left unfilled
    total: float  # sum of assigned scores plus unfilled_score per unfilled place


def edges_from_rankings(rankings: list[Ranking]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(job position, worker id, score) edges from one top_workers ranking per job."""
    if not rankings:
        z = np.zeros(0, dtype=np.int64)
        return z, z, np.zeros(0)
    job = np.concatenate([np.full(len(r), j, dtype=np.int64) for j, r in enumerate(rankings)])
    return job, np.concatenate([r.ids for r in rankings]), np.concatenate([r.scores for r in rankings])


def _clean(
    capacity: np.ndarray, job: np.ndarray, worker: np.ndarray, score: np.ndarray, unfilled_score: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    capacity = np.asarray(capacity, dtype=np.int64)
    job = np.asarray(job, dtype=np.int64)
    worker = np.asarray(worker, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    if not (job.shape == worker.shape == score.shape and job.ndim == 1):
        raise InvalidInputError("edge arrays must be 1-D and of equal length")
    if capacity.size and capacity.min() < 0:
        raise InvalidInputError("capacity must be >= 0")
    if job.size and (job.min() < 0 or job.max() >= capacity.size):
        raise InvalidInputError("edge job position outside capacity")
    if not np.isfinite(score).all():
        raise InvalidInputError("scores must be finite")
    # An edge no better than leaving the place empty never helps; duplicates keep their best score.
    keep = (score > unfilled_score) & (capacity[job] > 0) if job.size else np.zeros(0, dtype=np.bool_)
    job, worker, score = job[keep], worker[keep], score[keep]
    order = np.lexsort((-score, worker, job))
    job, worker, score = job[order], worker[order], score[order]
    first = np.ones(job.size, dtype=np.bool_)
    first[1:] = (job[1:] != job[:-1]) | (worker[1:] != worker[:-1])
    return capacity, job[first], worker[first], score[first]


def _slots(capacity: np.ndarray, job: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slot count per job (capacity, but never more than its candidates) and each job's first slot."""
    n_cand = np.bincount(job, minlength=capacity.size)
    slots = np.minimum(capacity, n_cand)
    first = np.zeros(capacity.size + 1, dtype=np.int64)
    np.cumsum(slots, out=first[1:])
    return slots, first


def _expand(job: np.ndarray, slots: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each edge, one copy per slot of its job: (edge index, slot row)."""
    reps = slots[job]
    edge = np.repeat(np.arange(job.size), reps)
    offset = np.arange(edge.size) - np.repeat(np.cumsum(reps) - reps, reps)
    return edge, first[job[edge]] + offset


def _result(
    capacity: np.ndarray,
    job: np.ndarray,
    worker: np.ndarray,
    score: np.ndarray,
    chosen: np.ndarray,
    unfilled_score: float,
) -> Assignment:
    filled = np.bincount(job[chosen], minlength=capacity.size)
    unfilled = capacity - filled
    total = float(score[chosen].sum() + unfilled_score * unfilled.sum())
    order = np.lexsort((worker[chosen], job[chosen]))
    pick = chosen[order]
    return Assignment(job[pick], worker[pick], score[pick], unfilled, total)


def assign(
    capacity: np.ndarray,
    edge_job: np.ndarray,
    edge_worker: np.ndarray,
    edge_score: np.ndarray,
    unfilled_score: float = 0.0,
) -> Assignment:
    """Optimal assignment over sparse candidate edges (worker ids may be any integers)."""
    capacity, job, worker, score = _clean(capacity, edge_job, edge_worker, edge_score, unfilled_score)
    if job.size == 0:
        return _result(capacity, job, worker, score, np.zeros(0, dtype=np.int64), unfilled_score)
    w_ids, w_col = np.unique(worker, return_inverse=True)
    slots, first = _slots(capacity, job)
    n_slots = int(first[-1])
    edge, row = _expand(job, slots, first)
    big = max(float(score.max()), unfilled_score) + 1.0
    rows = np.concatenate([row, np.arange(n_slots)])
    cols = np.concatenate([w_col[edge], w_ids.size + np.arange(n_slots)])
    cost = np.concatenate([big - score[edge], np.full(n_slots, big - unfilled_score)])
    graph = csr_matrix((cost, (rows, cols)), shape=(n_slots, w_ids.size + n_slots))
    r_ind, c_ind = min_weight_full_bipartite_matching(graph)
    # Map each matched (slot row, worker column) back to its edge.
    real = c_ind < w_ids.size
    slot_job = np.repeat(np.arange(capacity.size), slots)
    edge_key = job * w_ids.size + w_col
    want = slot_job[r_ind[real]] * w_ids.size + c_ind[real]
    by_key = np.argsort(edge_key)
    chosen = by_key[np.searchsorted(edge_key[by_key], want)]
    return _result(capacity, job, worker, score, chosen, unfilled_score)


def assign_dense(
    capacity: np.ndarray,
    edge_job: np.ndarray,
    edge_worker: np.ndarray,
    edge_score: np.ndarray,
    unfilled_score: float = 0.0,
) -> Assignment:
    """The same problem on the dense slot matrix with linear_sum_assignment: the reference for small cases."""
    capacity, job, worker, score = _clean(capacity, edge_job, edge_worker, edge_score, unfilled_score)
    w_ids, w_col = np.unique(worker, return_inverse=True)
    slot_job = np.repeat(np.arange(capacity.size), capacity)
    n_slots = slot_job.size
    if n_slots == 0 or job.size == 0:
        return _result(capacity, job, worker, score, np.zeros(0, dtype=np.int64), unfilled_score)
    gain = np.full((capacity.size, w_ids.size), -np.inf)
    gain[job, w_col] = score
    matrix = np.full((n_slots, w_ids.size + n_slots), -np.inf)
    matrix[:, : w_ids.size] = gain[slot_job]
    matrix[np.arange(n_slots), w_ids.size + np.arange(n_slots)] = unfilled_score
    r_ind, c_ind = linear_sum_assignment(matrix, maximize=True)
    real = c_ind < w_ids.size
    edge_of = np.full((capacity.size, w_ids.size), -1, dtype=np.int64)
    edge_of[job, w_col] = np.arange(job.size)
    chosen = edge_of[slot_job[r_ind[real]], c_ind[real]]
    return _result(capacity, job, worker, score, chosen, unfilled_score)
