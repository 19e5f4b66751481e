"""The worker index: top-k workers for a job under hard filters, with incremental updates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from lingong.matching import scoring
from lingong.matching.config import ALL_SLOTS, IndexConfig, MatchConfig, PayUnit
from lingong.matching.errors import InvalidInputError, InvalidQueryError
from lingong.matching.geo import ServedArea
from lingong.matching.index import ColumnSpec, SpatialTable
from lingong.matching.query import JobQuery, Ranking
from lingong.matching.taxonomy import Taxonomy

NO_CERT = -1


def _csr_pad(ptr: np.ndarray, values: np.ndarray, fill: int, dtype: type) -> np.ndarray:
    """CSR rows -> a (rows, max length) matrix padded with `fill`."""
    counts = np.diff(ptr)
    width = max(1, int(counts.max()) if counts.size else 1)
    out: np.ndarray = np.full((counts.size, width), fill, dtype=dtype)
    row = np.repeat(np.arange(counts.size), counts)
    col = np.arange(values.size) - np.repeat(ptr[:-1], counts)
    out[row, col] = values
    return out


@dataclass(frozen=True, eq=False)
class WorkerArrays:
    """Workers as parallel arrays (one adapter converts database rows to this).

    Occupations and certificates are CSR: worker i holds occ_idx[occ_ptr[i]:occ_ptr[i+1]]. Pass only verified,
    unrevoked certificates; expiry is a day number. Availability is the weekly slot mask (0 = not available).
    Missing optional arrays take neutral defaults.
    """

    ids: np.ndarray
    x_km: np.ndarray
    y_km: np.ndarray
    occ_ptr: np.ndarray
    occ_idx: np.ndarray
    travel_radius_km: np.ndarray | None = None
    pay: np.ndarray | None = None
    pay_unit: np.ndarray | None = None
    availability: np.ndarray | None = None
    rating_sum: np.ndarray | None = None
    rating_count: np.ndarray | None = None
    reliability: np.ndarray | None = None
    last_active_day: np.ndarray | None = None
    groups: np.ndarray | None = None
    exposure: np.ndarray | None = None
    cert_ptr: np.ndarray | None = None
    cert_type: np.ndarray | None = None
    cert_expiry: np.ndarray | None = None

    @classmethod
    def one(
        cls,
        worker_id: int,
        x_km: float,
        y_km: float,
        occupations: tuple[int, ...],
        certs: tuple[tuple[int, int], ...] = (),
        **scalars: float | int,
    ) -> WorkerArrays:
        """A single worker, e.g. for an upsert after a profile edit."""
        arrays = {name: np.array([value]) for name, value in scalars.items()}
        return cls(
            ids=np.array([worker_id]),
            x_km=np.array([x_km], dtype=np.float64),
            y_km=np.array([y_km], dtype=np.float64),
            occ_ptr=np.array([0, len(occupations)]),
            occ_idx=np.array(occupations, dtype=np.int16),
            cert_ptr=np.array([0, len(certs)]),
            cert_type=np.array([c[0] for c in certs], dtype=np.int16),
            cert_expiry=np.array([c[1] for c in certs], dtype=np.int32),
            **arrays,
        )

    def __len__(self) -> int:
        return int(np.asarray(self.ids).size)


class WorkerIndex(SpatialTable):
    COLUMNS: ClassVar[ColumnSpec] = {
        "radius": (np.float64, 10.0),  # effective travel radius (>= config.min_travel_radius_km)
        "pay": (np.float64, 0.0),
        "pay_unit": (np.int8, int(PayUnit.DAY)),
        "pay_day": (np.float64, np.nan),  # expected pay per day (NaN for piece rates), for the pay fit
        "avail": (np.uint64, 0),
        "rating_sum": (np.float64, 0.0),
        "rating_count": (np.float64, 0.0),
        "reliability": (np.float64, np.nan),
        "last_active": (np.int32, 0),
        "groups": (np.uint16, 0),
        "exposure": (np.float64, 0.0),
        "static": (np.float64, 0.0),
        "cert_type": (np.int16, NO_CERT),
        "cert_expiry": (np.int32, 0),
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
        # Bound blocks: runs of at most bound_block_entries entries within one (occupation, cell) list.
        self._blk_off = np.zeros(1, dtype=np.int64)  # blocks of key q: _blk_off[q] .. _blk_off[q + 1]
        self._blk_start = np.zeros(0, dtype=np.int64)
        self._blk_len = np.zeros(0, dtype=np.int32)
        self._blk_static = np.zeros(0, dtype=np.float32)
        self._blk_radius = np.zeros(0, dtype=np.float32)
        for name in ("cert_type", "cert_expiry"):
            self._cols[name] = self._cols[name].reshape(0, 1)

    # ---- building and updating ---------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        workers: WorkerArrays,
        taxonomy: Taxonomy,
        area: ServedArea,
        config: MatchConfig | None = None,
        index_config: IndexConfig | None = None,
        today: int = 0,
    ) -> WorkerIndex:
        index = cls(taxonomy, area, config, index_config, today)
        cols, occ_ptr, occ_idx = index._columns(workers)
        counts = np.diff(occ_ptr)
        index._load(cols, np.repeat(np.arange(counts.size), counts), occ_idx)
        return index

    def upsert(self, workers: WorkerArrays) -> None:
        """Add new workers or replace existing ones (by id) without a rebuild."""
        cols, occ_ptr, occ_idx = self._columns(workers)
        self._append(cols, occ_ptr, occ_idx)

    def record_exposure(self, ids: np.ndarray, amount: float = 1.0) -> None:
        """Count that these workers were shown to an employer (lowers their next scores a little).

        A negative amount (decaying old exposure) raises scores, so the cell bounds are recomputed."""
        rows = self.rows_of(ids)
        rows = rows[rows >= 0]
        np.add.at(self._cols["exposure"], rows, amount)
        self._refresh_static(rows)
        if amount < 0:
            self._refresh_bounds()

    def set_today(self, today: int) -> None:
        """Move the clock that recency is measured against (recomputes the static scores, O(N))."""
        self.today = today
        self._refresh_static(np.arange(self._n))
        self._refresh_bounds()

    def _load(self, cols: dict[str, np.ndarray], entry_row: np.ndarray, entry_occ: np.ndarray) -> None:
        super()._load(cols, entry_row, entry_occ)
        self._refresh_bounds()

    def _row_order(self, cols: dict[str, np.ndarray], cell: np.ndarray) -> np.ndarray:
        """By cell, then travel radius and static score descending (ties by input order), so that a bound
        block holds workers of similar radius and score. Affects speed only: results never depend on it."""
        order: np.ndarray = np.lexsort((-cols["static"], -cols["radius"], cell))
        return order

    def _refresh_bounds(self) -> None:
        """Per bound block of the postings: the largest static score and travel radius, rounded up to float32.

        Only posted (base) rows count; delta rows are always evaluated. Updates that lower a score may leave a
        bound loose, never wrong."""
        counts = np.diff(self._offsets)
        size = max(int(self.index_config.bound_block_entries), 1)
        per_key = (counts + (size - 1)) // size
        # One block offset per (occupation, cell) key, like the postings' offsets: 4 bytes while they fit.
        dtype = np.int32 if int(per_key.sum()) < np.iinfo(np.int32).max else np.int64
        self._blk_off = np.zeros(counts.size + 1, dtype=dtype)
        np.cumsum(per_key, out=self._blk_off[1:])
        n_blocks = int(self._blk_off[-1])
        first = np.repeat(
            self._offsets[:-1].astype(np.int64) - self._blk_off[:-1].astype(np.int64) * size, per_key
        )
        self._blk_start = first + np.arange(n_blocks, dtype=np.int64) * size
        ends = np.repeat(self._offsets[1:], per_key)
        self._blk_len = (np.minimum(self._blk_start + size, ends) - self._blk_start).astype(np.int32)
        self._blk_static = np.full(n_blocks, -np.inf, dtype=np.float32)
        self._blk_radius = np.ones(n_blocks, dtype=np.float32)
        if n_blocks == 0:
            return
        for name, out in (("static", self._blk_static), ("radius", self._blk_radius)):
            top = np.maximum.reduceat(self._cols[name][self._postings], self._blk_start)
            out[:] = np.nextafter(top.astype(np.float32), np.float32(np.inf))

    def _refresh_static(self, rows: np.ndarray) -> None:
        c = self._cols
        c["static"][rows] = scoring.worker_static(
            c["rating_sum"][rows],
            c["rating_count"][rows],
            c["reliability"][rows],
            c["last_active"][rows],
            c["groups"][rows],
            c["exposure"][rows],
            self.today,
            self.config,
        )

    def _columns(self, w: WorkerArrays) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        n = len(w)
        ids = np.asarray(w.ids, dtype=np.int64)
        x = np.asarray(w.x_km, dtype=np.float64)
        y = np.asarray(w.y_km, dtype=np.float64)
        occ_ptr = np.asarray(w.occ_ptr, dtype=np.int64)
        occ_idx = np.asarray(w.occ_idx, dtype=np.int16)
        if x.shape != (n,) or y.shape != (n,) or occ_ptr.shape != (n + 1,) or occ_ptr[-1] != occ_idx.size:
            raise InvalidInputError("worker arrays have inconsistent lengths")
        self._check_points(x, y)
        self._check_occupations(occ_idx)

        def opt(value: np.ndarray | None, dtype: type, default: float | int) -> np.ndarray:
            if value is None:
                return np.full(n, default, dtype=dtype)
            arr: np.ndarray = np.asarray(value).astype(dtype)
            if arr.shape != (n,):
                raise InvalidInputError("optional worker array has the wrong length")
            return arr

        cfg = self.config
        radius = opt(w.travel_radius_km, np.float64, 10.0)
        units = opt(w.pay_unit, np.int8, int(PayUnit.DAY))
        if not np.isfinite(radius).all() or units.min(initial=0) < 0 or units.max(initial=0) > 3:
            raise InvalidInputError("travel radius must be finite and pay unit one of PayUnit")
        cols = {
            "id": ids,
            "x": x,
            "y": y,
            "radius": np.maximum(radius, cfg.min_travel_radius_km),
            "pay": opt(w.pay, np.float64, 0.0),
            "pay_unit": units,
            "avail": opt(w.availability, np.uint64, ALL_SLOTS),
            "rating_sum": opt(w.rating_sum, np.float64, 0.0),
            "rating_count": opt(w.rating_count, np.float64, 0.0),
            "reliability": opt(w.reliability, np.float64, np.nan),
            "last_active": opt(w.last_active_day, np.int32, self.today),
            "groups": opt(w.groups, np.uint16, 0),
            "exposure": opt(w.exposure, np.float64, 0.0),
        }
        cols["pay_day"] = scoring.per_day(cols["pay"], cols["pay_unit"], cfg)
        cols["static"] = scoring.worker_static(
            cols["rating_sum"],
            cols["rating_count"],
            cols["reliability"],
            cols["last_active"],
            cols["groups"],
            cols["exposure"],
            self.today,
            cfg,
        )
        if w.cert_ptr is None or w.cert_type is None or w.cert_expiry is None:
            cols["cert_type"] = np.full((n, 1), NO_CERT, dtype=np.int16)
            cols["cert_expiry"] = np.zeros((n, 1), dtype=np.int32)
        else:
            cptr = np.asarray(w.cert_ptr, dtype=np.int64)
            ctype = np.asarray(w.cert_type, dtype=np.int16)
            if cptr.shape != (n + 1,) or cptr[-1] != ctype.size:
                raise InvalidInputError("certificate CSR has inconsistent lengths")
            if ctype.size and (ctype.min() < 0 or ctype.max() >= len(self.taxonomy.cert_codes)):
                raise InvalidInputError("certificate index outside the taxonomy")
            cols["cert_type"] = _csr_pad(cptr, ctype, NO_CERT, np.int16)
            cols["cert_expiry"] = _csr_pad(cptr, np.asarray(w.cert_expiry, dtype=np.int32), 0, np.int32)
        return cols, occ_ptr, occ_idx

    # ---- querying ----------------------------------------------------------------------------------------
    def _check_job(self, job: JobQuery, k: int) -> None:
        self._check_query(job.x_km, job.y_km, job.radius_km, k)
        self.taxonomy.check(job.occupation)
        for cert in job.required_certs:
            if not 0 <= cert < len(self.taxonomy.cert_codes):
                raise InvalidQueryError(f"unknown certificate index {cert}")
        if not 0 <= job.slots <= ALL_SLOTS:
            raise InvalidQueryError("slots must be a weekly mask from config.slot_mask")

    def _eligible(self, job: JobQuery, rows: np.ndarray) -> np.ndarray:
        """Mask of rows passing availability, certificates and exclusions."""
        c = self._cols
        ok = np.ones(rows.size, dtype=np.bool_)
        if job.slots:
            ok &= (c["avail"][rows] & np.uint64(job.slots)) != 0
        for cert in job.required_certs:
            holds = (c["cert_type"][rows] == cert) & (c["cert_expiry"][rows] >= job.end_day)
            ok &= holds.any(axis=1)
        if job.exclude_ids:
            ok &= ~np.isin(c["id"][rows], np.asarray(job.exclude_ids, dtype=np.int64))
        return ok

    def top_workers(self, job: JobQuery, k: int = 50) -> Ranking:
        """The k best workers for `job`, best first, ties by ascending worker id.

        Raises a MatchingError (a ValueError) for bad parameters; an empty market gives an empty Ranking.
        """
        self._check_job(job, k)
        plan = [job.occupation]
        if job.allow_related:
            plan = list(dict.fromkeys(plan + [int(r) for r in self.taxonomy.related(job.occupation)]))
        slices = self._row_slices(plan, job.x_km, job.y_km, job.radius_km)
        if int(slices[1].sum()) <= self.index_config.prune_min_entries:
            return self._evaluate(job, plan, k, slices)
        return self._pruned(job, plan, k)

    def _pruned(self, job: JobQuery, plan: list[int], k: int) -> Ranking:
        """Two passes over bound blocks: the best-bounded blocks give a k-th score, then only blocks whose
        bound reaches it are evaluated. Exact: a skipped block's bound is below a score k workers already
        reach."""
        starts, lengths, pos, ub = self._block_bounds(job, plan)
        order = np.argsort(-ub)
        target = self.index_config.prune_first_pass_per_k * k
        m = int(np.searchsorted(np.cumsum(lengths[order]), target)) + 1
        first = np.zeros(ub.size, dtype=np.bool_)
        first[order[:m]] = True  # a mask keeps the slices in plan order, as deduplication needs
        trial = self._evaluate(job, plan, k, (starts[first], lengths[first], pos[first]))
        if len(trial) < k:
            return self._evaluate(job, plan, k, (starts, lengths, pos))
        chosen = ub >= trial.scores[-1]
        final = self._evaluate(job, plan, k, (starts[chosen], lengths[chosen], pos[chosen]))
        return replace(final, scanned=final.scanned + trial.scanned)

    def _block_bounds(self, job: JobQuery, plan: list[int]) -> tuple[np.ndarray, ...]:
        """Bound blocks of the (plan occupation, cell) lists meeting the circle, in plan order, with an upper
        bound on their scores: (starts, lengths, plan positions, bounds)."""
        g, cfg = self.grid, self.config
        r0, r1, c0, c1 = g.box(job.x_km, job.y_km, job.radius_km)
        cx0 = g.x_min + np.arange(c0, c1 + 1) * g.cell_km
        ry0 = g.y_min + np.arange(r0, r1 + 1) * g.cell_km
        dx = np.maximum(np.maximum(cx0 - job.x_km, job.x_km - (cx0 + g.cell_km)), 0.0)
        dy = np.maximum(np.maximum(ry0 - job.y_km, job.y_km - (ry0 + g.cell_km)), 0.0)
        near2 = (dy[:, None] ** 2 + dx[None, :] ** 2).ravel()
        cells = (np.arange(r0, r1 + 1)[:, None] * g.ncols + np.arange(c0, c1 + 1)[None, :]).ravel()
        keys = (np.asarray(plan, dtype=np.int64)[:, None] * g.ncells + cells[None, :]).ravel()
        starts = self._offsets[keys]
        lengths = self._offsets[keys + 1] - starts
        near2 = np.tile(near2, len(plan))
        pos = np.repeat(np.arange(len(plan), dtype=np.int16), cells.size)
        keep = (lengths > 0) & (near2 <= job.radius_km * job.radius_km)
        keys, near2, pos = keys[keep], near2[keep], pos[keep]
        b0 = self._blk_off[keys]
        nb = self._blk_off[keys + 1] - b0
        blk = np.repeat(b0 - (np.cumsum(nb) - nb), nb) + np.arange(int(nb.sum()), dtype=np.int64)
        near2, pos = np.repeat(near2, nb), np.repeat(pos, nb)
        rmax = self._blk_radius[blk].astype(np.float64)
        fit_w = np.where(pos == 0, cfg.exact_weight, cfg.related_weight)
        ub = fit_w + cfg.distance_weight / (1.0 + near2 / (rmax * rmax)) + cfg.pay_weight
        ub = ub + self._blk_static[blk] + 1e-9  # the margin covers rounding in the exact score
        if job.seen_ids:
            ub = ub + self._seen_credit_bound()
        return self._blk_start[blk], self._blk_len[blk].astype(np.int64), pos, ub

    def _static_for(self, job: JobQuery, rows: np.ndarray) -> np.ndarray:
        """The static scores of these rows as this job sees them: a worker in ``job.seen_ids`` counts one
        showing fewer (the job's own). Recomputed with the same function as the stored scores, so a worker's
        score for the job is exactly what it was before the job showed them."""
        c = self._cols
        static: np.ndarray = c["static"][rows]
        if not job.seen_ids:
            return static
        seen = np.isin(c["id"][rows], np.asarray(job.seen_ids, dtype=np.int64))
        if not seen.any():
            return static
        r = rows[seen]
        static = static.copy()
        static[seen] = scoring.worker_static(
            c["rating_sum"][r],
            c["rating_count"][r],
            c["reliability"][r],
            c["last_active"][r],
            c["groups"][r],
            np.maximum(c["exposure"][r] - 1.0, 0.0),
            self.today,
            self.config,
        )
        return static

    def _seen_credit_bound(self) -> float:
        """The most one showing fewer can raise a static score: the penalty is concave and capped, so its
        largest one-step difference is its first step, from 0 to 1."""
        one = scoring.exposure_penalty(np.ones(1), self.config)
        return float(self.config.exposure_weight * one[0])

    def _evaluate(self, job: JobQuery, plan: list[int], k: int, slices: tuple[np.ndarray, ...]) -> Ranking:
        """Filter and score the rows of these posting slices (plus all delta rows); top k."""
        rows, d2, pos, scanned, n_base = self._scan(plan, job.x_km, job.y_km, job.radius_km, slices)
        if len(plan) > 1 and rows.size:
            rows, d2, pos = self._first_per_row(rows, d2, pos, n_base, len(plan))
        in_radius = rows.size
        ok = self._eligible(job, rows)
        if not ok.all():
            rows, d2, pos = rows[ok], d2[ok], pos[ok]
        if rows.size == 0:
            return replace(Ranking.empty(), scanned=scanned, in_radius=in_radius)
        c, cfg = self._cols, self.config
        dist = np.sqrt(d2)
        fit, fit_w = scoring.plan_fit(pos, 1, cfg)
        part = fit_w + cfg.distance_weight * scoring.distance_decay(dist, c["radius"][rows])
        static = self._static_for(job, rows)
        if rows.size > 4 * k:
            # The pay term lies in [0, pay_weight]: drop rows whose best case is below the k-th worst case.
            low = part + static
            kth = np.partition(low, low.size - k)[low.size - k]
            sure = (part + cfg.pay_weight) + static >= kth - 1e-9
            rows, dist, fit, pos = rows[sure], dist[sure], fit[sure], pos[sure]
            part, static = part[sure], static[sure]
        offer, expect = scoring.comparable_pay(
            job.pay, job.pay_unit, c["pay"][rows], c["pay_unit"][rows], c["pay_day"][rows], cfg
        )
        pfit = scoring.pay_fit(offer, expect, cfg)
        score = (part + cfg.pay_weight * pfit) + static
        ids = c["id"][rows]
        top = scoring.top_k_order(score, ids, k)
        occ = np.asarray(plan, dtype=np.int16)[pos[top]]
        return Ranking(ids[top], score[top], dist[top], fit[top], occ, pfit[top], scanned, in_radius)
