"""Lingong's matching engine: a pure library (numpy, scipy, jieba; never Django).

Arrays and frozen dataclasses in and out; one adapter in the platform converts models to arrays.

    taxonomy = load_taxonomy(); area = tangshan_area()
    workers = WorkerIndex.build(WorkerArrays(...), taxonomy, area, today=day)
    ranking = workers.top_workers(JobQuery(x_km=.., y_km=.., occupation=.., radius_km=3), k=50)
    reasons = explain_workers(workers, job, ranking)   # each with a Chinese sentence
"""

from lingong.matching.assign import Assignment, assign
from lingong.matching.config import (
    ALL_SLOTS,
    TARGET_GROUPS,
    VERSION,
    IndexConfig,
    MatchConfig,
    PayUnit,
    slot_mask,
)
from lingong.matching.errors import (
    InvalidInputError,
    InvalidQueryError,
    MatchingError,
    OutsideServedAreaError,
    UnknownOccupationError,
)
from lingong.matching.geo import Grid, ServedArea, tangshan_area
from lingong.matching.jobs import JobArrays, JobIndex
from lingong.matching.query import JobQuery, Ranking, Reason, WorkerQuery
from lingong.matching.reasons import explain_jobs, explain_workers
from lingong.matching.taxonomy import Taxonomy, load_taxonomy
from lingong.matching.workers import WorkerArrays, WorkerIndex

__all__ = [
    "ALL_SLOTS",
    "TARGET_GROUPS",
    "VERSION",
    "Assignment",
    "Grid",
    "IndexConfig",
    "InvalidInputError",
    "InvalidQueryError",
    "JobArrays",
    "JobIndex",
    "JobQuery",
    "MatchConfig",
    "MatchingError",
    "OutsideServedAreaError",
    "PayUnit",
    "Ranking",
    "Reason",
    "ServedArea",
    "Taxonomy",
    "UnknownOccupationError",
    "WorkerArrays",
    "WorkerIndex",
    "WorkerQuery",
    "assign",
    "explain_jobs",
    "explain_workers",
    "load_taxonomy",
    "slot_mask",
    "tangshan_area",
]
