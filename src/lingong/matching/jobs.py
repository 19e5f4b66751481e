"""The job index: top-k open jobs for a worker, the same layout and filters seen from the worker's side."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from lingong.matching import scoring
from lingong.matching.config import ALL_SLOTS, IndexConfig, MatchConfig, PayUnit
from lingong.matching.errors import InvalidInputError, InvalidQueryError
from lingong.matching.geo import ServedArea
from lingong.matching.index import ColumnSpec, SpatialTable
from lingong.matching.query import JobQuery, Ranking, WorkerQuery
from lingong.matching.taxonomy import Taxonomy
from lingong.matching.workers import NO_CERT, _csr_pad

_INT32_MIN = np.iinfo(np.int32).min
_INT32_MAX = np.iinfo(np.int32).max


@dataclass(frozen=True, eq=False)
class JobArrays:
    """Open jobs as parallel arrays. `open_places` is the remaining headcount; a job with 0 is not offered.

    Required certificates are CSR (cert_ptr, cert_idx); include the occupation's own certificate
    (Taxonomy.required_certs) when the adapter wants the taxonomy default.
    """

    ids: np.ndarray
    x_km: np.ndarray
    y_km: np.ndarray
    occupation: np.ndarray
    allow_related: np.ndarray | None = None
    open_places: np.ndarray | None = None
    start_day: np.ndarray | None = None
    end_day: np.ndarray | None = None
    slots: np.ndarray | None = None
    pay: np.ndarray | None = None
    pay_unit: np.ndarray | None = None
    urgent: np.ndarray | None = None
    posted_day: np.ndarray | None = None
    employer_rating_sum: np.ndarray | None = None
    employer_rating_count: np.ndarray | None = None
    cert_ptr: np.ndarray | None = None
    cert_idx: np.ndarray | None = None
    # Further occupations the job accepts besides `occupation` (CSR: job i has
    # extra_occ_idx[extra_occ_ptr[i]:extra_occ_ptr[i + 1]]); the job is indexed under each of them.
    extra_occ_ptr: np.ndarray | None = None
    extra_occ_idx: np.ndarray | None = None

    def __len__(self) -> int:
        return int(np.asarray(self.ids).size)

    def queries(self, i: int, *, radius_km: float, exclude_ids: tuple[int, ...] = ()) -> list[JobQuery]:
        """Job ``i`` looking for workers, as the engine ranks them: one query per occupation it accepts, its
        main one first (a posting that takes a loader driver or a labourer asks for both). Adapters (the
        live index, the simulator) build their queries here so that a posting means the same to each."""
        n = len(self)
        if not 0 <= i < n:
            raise InvalidInputError(f"job row {i} is outside 0..{n - 1}")

        def column(values: np.ndarray | None, default: float | int) -> float | int:
            return default if values is None else np.asarray(values).reshape(-1)[i].item()

        certs: tuple[int, ...] = ()
        if self.cert_ptr is not None and self.cert_idx is not None:
            ptr = np.asarray(self.cert_ptr).reshape(-1)
            certs = tuple(int(c) for c in np.asarray(self.cert_idx).reshape(-1)[ptr[i] : ptr[i + 1]])
        main = JobQuery(
            x_km=float(column(self.x_km, 0.0)),
            y_km=float(column(self.y_km, 0.0)),
            occupation=int(column(self.occupation, 0)),
            radius_km=radius_km,
            allow_related=bool(column(self.allow_related, True)),
            required_certs=certs,
            start_day=int(column(self.start_day, 0)),
            end_day=int(column(self.end_day, 0)),
            slots=int(column(self.slots, 0)),
            pay=float(column(self.pay, 0.0)),
            pay_unit=int(column(self.pay_unit, int(PayUnit.DAY))),
            exclude_ids=exclude_ids,
        )
        ptr, occs = self.occupation_csr()
        others = [int(o) for o in occs[ptr[i] : ptr[i + 1]] if o != main.occupation]
        return [main] + [dataclasses.replace(main, occupation=o) for o in others]

    def occupation_csr(self) -> tuple[np.ndarray, np.ndarray]:
        """(ptr, idx): every occupation of each job, its main one first, duplicates dropped."""
        n = len(self)
        main = np.asarray(self.occupation, dtype=np.int16).reshape(-1)
        if self.extra_occ_ptr is None or self.extra_occ_idx is None:
            return np.arange(n + 1, dtype=np.int64), main
        ptr = np.asarray(self.extra_occ_ptr, dtype=np.int64).reshape(-1)
        extra = np.asarray(self.extra_occ_idx, dtype=np.int16).reshape(-1)
        if ptr.shape != (n + 1,) or ptr[0] != 0 or ptr[-1] != extra.size or (np.diff(ptr) < 0).any():
            raise InvalidInputError("extra occupation CSR has inconsistent lengths")
        occs = [
            list(dict.fromkeys([int(main[i]), *(int(o) for o in extra[ptr[i] : ptr[i + 1]])]))
            for i in range(n)
        ]
        out_ptr = np.zeros(n + 1, dtype=np.int64)
        out_ptr[1:] = np.cumsum([len(o) for o in occs])
        return out_ptr, np.array([o for row in occs for o in row], dtype=np.int16)


class JobIndex(SpatialTable):
    COLUMNS: ClassVar[ColumnSpec] = {
        "occ": (np.int16, 0),
        "allow_related": (np.bool_, True),
        "open": (np.int32, 1),
        "start": (np.int32, 0),
        "end": (np.int32, 0),
        "slots": (np.uint64, 0),
        "pay": (np.float64, 0.0),
        "pay_unit": (np.int8, int(PayUnit.DAY)),
        "pay_day": (np.float64, np.nan),  # offer per day (NaN for piece rates)
        "urgent": (np.bool_, False),
        "posted": (np.int32, 0),
        "emp_rating_sum": (np.float64, 0.0),
        "emp_rating_count": (np.float64, 0.0),
        "static": (np.float64, 0.0),
        "req_cert": (np.int16, NO_CERT),
    }

    def __init__(
        self,
        taxonomy: Taxonomy,
        area: ServedArea,
        config: MatchConfig | None = None,
        index_config: IndexConfig | None = None,
        today: int = 0,
    ) -> None:
        super().__init__(taxonomy, area, config, index_config)
        self.today = today
        self._cols["req_cert"] = self._cols["req_cert"].reshape(0, 1)

    @classmethod
    def build(
        cls,
        jobs: JobArrays,
        taxonomy: Taxonomy,
        area: ServedArea,
        config: MatchConfig | None = None,
        index_config: IndexConfig | None = None,
        today: int = 0,
    ) -> JobIndex:
        index = cls(taxonomy, area, config, index_config, today)
        cols = index._columns(jobs)
        ptr, occs = jobs.occupation_csr()
        index._check_occupations(occs)
        index._load(cols, np.repeat(np.arange(len(jobs)), np.diff(ptr)), occs)
        return index

    def upsert(self, jobs: JobArrays) -> None:
        """Add or replace jobs by id (a changed headcount is an upsert too)."""
        cols = self._columns(jobs)
        ptr, occs = jobs.occupation_csr()
        self._append(cols, ptr, occs)

    def set_today(self, today: int) -> None:
        self.today = today
        c = self._cols
        c["static"][: self._n] = scoring.job_static(
            c["urgent"][: self._n],
            c["posted"][: self._n],
            c["emp_rating_sum"][: self._n],
            c["emp_rating_count"][: self._n],
            today,
            self.config,
        )

    def _columns(self, j: JobArrays) -> dict[str, np.ndarray]:
        n = len(j)
        x = np.asarray(j.x_km, dtype=np.float64)
        y = np.asarray(j.y_km, dtype=np.float64)
        occ = np.asarray(j.occupation, dtype=np.int16)
        if x.shape != (n,) or y.shape != (n,) or occ.shape != (n,):
            raise InvalidInputError("job arrays have inconsistent lengths")
        self._check_points(x, y)
        self._check_occupations(occ)

        def opt(value: np.ndarray | None, dtype: type, default: float | int) -> np.ndarray:
            if value is None:
                return np.full(n, default, dtype=dtype)
            arr: np.ndarray = np.asarray(value).astype(dtype)
            if arr.shape != (n,):
                raise InvalidInputError("optional job array has the wrong length")
            return arr

        cols: dict[str, np.ndarray] = {
            "id": np.asarray(j.ids, dtype=np.int64),
            "x": x,
            "y": y,
            "occ": occ,
            "allow_related": opt(j.allow_related, np.bool_, True),
            "open": opt(j.open_places, np.int32, 1),
            "start": opt(j.start_day, np.int32, self.today),
            "end": opt(j.end_day, np.int32, self.today),
            "slots": opt(j.slots, np.uint64, 0),
            "pay": opt(j.pay, np.float64, 0.0),
            "pay_unit": opt(j.pay_unit, np.int8, int(PayUnit.DAY)),
            "urgent": opt(j.urgent, np.bool_, False),
            "posted": opt(j.posted_day, np.int32, self.today),
            "emp_rating_sum": opt(j.employer_rating_sum, np.float64, 0.0),
            "emp_rating_count": opt(j.employer_rating_count, np.float64, 0.0),
        }
        cols["pay_day"] = scoring.per_day(cols["pay"], cols["pay_unit"], self.config)
        cols["static"] = scoring.job_static(
            cols["urgent"],
            cols["posted"],
            cols["emp_rating_sum"],
            cols["emp_rating_count"],
            self.today,
            self.config,
        )
        if j.cert_ptr is None or j.cert_idx is None:
            cols["req_cert"] = np.full((n, 1), NO_CERT, dtype=np.int16)
        else:
            cptr = np.asarray(j.cert_ptr, dtype=np.int64)
            if cptr.shape != (n + 1,) or cptr[-1] != np.asarray(j.cert_idx).size:
                raise InvalidInputError("certificate CSR has inconsistent lengths")
            cidx = np.asarray(j.cert_idx, dtype=np.int16)
            if cidx.size and (cidx.min() < 0 or cidx.max() >= len(self.taxonomy.cert_codes)):
                raise InvalidInputError("certificate index outside the taxonomy")
            cols["req_cert"] = _csr_pad(cptr, cidx, NO_CERT, np.int16)
        return cols

    # ---- querying ----------------------------------------------------------------------------------------
    def _plan(self, worker: WorkerQuery) -> tuple[list[int], int]:
        """(job occupations to scan, how many of them are exact): the worker's own, then those they count as
        related for (a job of occupation o accepts holders of taxonomy.related(o))."""
        own = list(dict.fromkeys(int(o) for o in worker.occupations))
        for o in own:
            self.taxonomy.check(o)
        related = {int(r) for o in own for r in self.taxonomy.related_to(o)} - set(own)
        return own + sorted(related), len(own)

    def _valid_until(self, worker: WorkerQuery) -> np.ndarray:
        """Per certificate type, the last day the worker's certificate is valid; the pad slot never blocks."""
        n_cert = len(self.taxonomy.cert_codes)
        vu = np.full(n_cert + 1, _INT32_MIN, dtype=np.int64)
        vu[n_cert] = _INT32_MAX
        for cert, expiry in worker.certs:
            if not 0 <= cert < n_cert:
                raise InvalidQueryError(f"unknown certificate index {cert}")
            vu[cert] = max(vu[cert], expiry)
        return vu

    def top_jobs(self, worker: WorkerQuery, k: int = 50) -> Ranking:
        """The k best open jobs for a worker, best first, ties by ascending job id."""
        radius = worker.radius_km if worker.radius_km is not None else worker.travel_radius_km
        self._check_query(worker.x_km, worker.y_km, radius, k)
        if not 0 <= worker.slots <= ALL_SLOTS:
            raise InvalidQueryError("slots must be a weekly mask from config.slot_mask")
        plan, n_own = self._plan(worker)
        vu = self._valid_until(worker)
        c, cfg = self._cols, self.config
        rows, d2, pos, scanned, _ = self._scan(plan, worker.x_km, worker.y_km, radius)
        in_radius = rows.size
        fit, fit_w = scoring.plan_fit(pos, n_own, cfg)
        ok = (c["open"][rows] > 0) & ((fit == scoring.EXACT) | c["allow_related"][rows])
        if worker.slots:
            js = c["slots"][rows]
            ok &= (js == 0) | ((js & np.uint64(worker.slots)) != 0)
        ok &= (vu[c["req_cert"][rows]] >= c["end"][rows][:, None]).all(axis=1)
        if worker.exclude_ids:
            ok &= ~np.isin(c["id"][rows], np.asarray(worker.exclude_ids, dtype=np.int64))
        if not ok.any():
            return Ranking.empty()
        rows, d2, pos, fit, fit_w = rows[ok], d2[ok], pos[ok], fit[ok], fit_w[ok]
        dist = np.sqrt(d2)
        travel = max(worker.travel_radius_km, cfg.min_travel_radius_km)
        # The pay fit is symmetric in form: the job's offer against this worker's single expectation.
        expect, offers = scoring.comparable_pay(
            worker.pay, worker.pay_unit, c["pay"][rows], c["pay_unit"][rows], c["pay_day"][rows], cfg
        )
        pfit = scoring.pay_fit(offers, np.float64(expect), cfg)
        score = (
            fit_w
            + cfg.distance_weight * scoring.distance_decay(dist, np.float64(travel))
            + cfg.pay_weight * pfit
        ) + c["static"][rows]
        ids = c["id"][rows]
        # A job indexed under several occupations can be reached more than once: keep its best reading.
        best = _best_per_row(rows, score) if self._n_entries != self._n else None
        if best is not None:
            rows, dist, fit, pos, pfit, score, ids = (
                rows[best],
                dist[best],
                fit[best],
                pos[best],
                pfit[best],
                score[best],
                ids[best],
            )
        top = scoring.top_k_order(score, ids, k)
        occ = np.asarray(plan, dtype=np.int16)[pos[top]]
        return Ranking(ids[top], score[top], dist[top], fit[top], occ, pfit[top], scanned, in_radius)


def _best_per_row(rows: np.ndarray, score: np.ndarray) -> np.ndarray | None:
    """Positions keeping each row once, at its highest score; None when no row repeats (the usual case)."""
    if rows.size < 2:
        return None
    order = np.lexsort((-score, rows))
    sorted_rows = rows[order]
    first = np.ones(order.size, dtype=np.bool_)
    first[1:] = sorted_rows[1:] != sorted_rows[:-1]
    if first.all():
        return None
    kept: np.ndarray = order[first]
    return kept
