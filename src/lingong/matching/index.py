"""Structure-of-arrays table shared by the worker and job indexes.

Layout (why: a query must cost what the qualified rows near it cost, not N):
- Rows are stored column-wise and, after a build or compaction, sorted by grid cell, so rows that are near
  each other in space are near each other in memory.
- Postings: one int32 row array sorted by (occupation, cell, row) with a flat offsets array, so the rows of
  one occupation in one grid row of cells are a single contiguous slice.
- Updates never touch the postings: an upsert tombstones the old row (alive = False) and appends a delta row;
  delta rows are scanned linearly by occupation. compact() folds deltas in and drops tombstones.
Writes must be serialised by the caller (one writer, which may also run compact()); reads need no lock between
writes.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from lingong.matching.config import IndexConfig, MatchConfig
from lingong.matching.errors import InvalidInputError, InvalidQueryError
from lingong.matching.geo import Grid, ServedArea
from lingong.matching.taxonomy import Taxonomy

# column name -> (dtype, fill value for padding 2-D columns)
ColumnSpec = dict[str, tuple[type, int | float]]


class _Growable:
    """A 1-D or 2-D array with spare capacity in its first dimension."""

    @staticmethod
    def grow(arr: np.ndarray, needed: int, fill: int | float) -> np.ndarray:
        if needed <= arr.shape[0]:
            return arr
        cap = max(needed, int(arr.shape[0] * 1.25) + 1024)
        out = np.full((cap, *arr.shape[1:]), fill, dtype=arr.dtype)
        out[: arr.shape[0]] = arr
        return out


class SpatialTable:
    """Rows with an id, a point in local km and one or more occupations."""

    COLUMNS: ClassVar[ColumnSpec] = {}
    _BASE: ClassVar[ColumnSpec] = {
        "id": (np.int64, -1),
        "x": (np.float64, 0.0),
        "y": (np.float64, 0.0),
        "cell": (np.int32, 0),
        "alive": (np.bool_, False),
    }

    def __init__(
        self,
        taxonomy: Taxonomy,
        area: ServedArea,
        config: MatchConfig | None = None,
        index_config: IndexConfig | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.area = area
        self.config = config or MatchConfig()
        self.index_config = index_config or IndexConfig()
        self.grid = Grid.over(area, self.index_config.cell_km)
        self._n = 0
        self._base_rows = 0
        self._cols: dict[str, np.ndarray] = {}
        for name, (dtype, fill) in {**self._BASE, **self.COLUMNS}.items():
            self._cols[name] = np.full(0, fill, dtype=dtype)
        self._entry_row = np.zeros(0, dtype=np.int32)
        self._entry_occ = np.zeros(0, dtype=np.int16)
        self._n_entries = 0
        self._base_entries = 0
        self._postings = np.zeros(0, dtype=np.int32)
        self._offsets = np.zeros(taxonomy.n_occupations * self.grid.ncells + 1, dtype=np.int32)
        self._sorted_ids = np.zeros(0, dtype=np.int64)
        self._sorted_rows = np.zeros(0, dtype=np.int32)
        self._delta_ids: dict[int, int] = {}
        self._live = 0
        self._dead = 0  # tombstones still in the postings or deltas; 0 lets queries skip the alive check
        self._mark = np.zeros(0, dtype=np.bool_)

    # ---- sizes -------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        """Number of live rows."""
        return self._live

    @property
    def delta_rows(self) -> int:
        return self._n - self._base_rows

    @property
    def needs_compaction(self) -> bool:
        ic = self.index_config
        return self.delta_rows > max(ic.compact_min_rows, ic.compact_fraction * self._base_rows)

    def nbytes(self) -> int:
        """Bytes held by the index's arrays (allocated, including spare capacity)."""
        arrays = [
            *self._cols.values(),
            self._entry_row,
            self._entry_occ,
            self._postings,
            self._offsets,
            self._sorted_ids,
            self._sorted_rows,
            self._mark,
        ]
        extra = [
            v for v in vars(self).values() if isinstance(v, np.ndarray) and not any(v is a for a in arrays)
        ]
        return sum(a.nbytes for a in arrays + extra) + 100 * len(self._delta_ids)

    def col(self, name: str) -> np.ndarray:
        return self._cols[name]

    # ---- loading and compaction ------------------------------------------------------------------------
    def _check_points(self, x: np.ndarray, y: np.ndarray) -> None:
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise InvalidInputError("coordinates must be finite")
        outside = int((~self.grid.contains(x, y)).sum())
        if outside:
            raise InvalidInputError(
                f"{outside} rows lie outside the served area; filter them before indexing"
            )

    def _check_occupations(self, codes: np.ndarray) -> None:
        if codes.size and (codes.min() < 0 or codes.max() >= self.taxonomy.n_occupations):
            raise InvalidInputError("occupation index outside the taxonomy")

    def _load(self, cols: dict[str, np.ndarray], entry_row: np.ndarray, entry_occ: np.ndarray) -> None:
        """Replace everything with these rows (all alive), sorted by cell, and rebuild the postings."""
        ids = cols["id"]
        if np.unique(ids).size != ids.size:
            raise InvalidInputError("duplicate ids")
        cell = self.grid.cell_of(cols["x"], cols["y"])
        order = self._row_order(cols, cell)
        new_of_old = np.empty_like(order)
        new_of_old[order] = np.arange(order.size)
        n = ids.size
        self._cols = {name: np.ascontiguousarray(arr[order]) for name, arr in cols.items()}
        self._cols["cell"] = cell[order]
        self._cols["alive"] = np.ones(n, dtype=np.bool_)
        rows = new_of_old[entry_row].astype(np.int64)
        key = entry_occ.astype(np.int64) * self.grid.ncells + self._cols["cell"][rows]
        full = key * max(n, 1) + rows
        eorder = np.argsort(full, kind="stable")
        # A row listing the same occupation twice must still appear once in its posting list.
        once = np.ones(eorder.size, dtype=np.bool_)
        once[1:] = full[eorder[1:]] != full[eorder[:-1]]
        eorder, key = eorder[once], key[eorder[once]]
        self._entry_row = rows[eorder].astype(np.int32)
        self._entry_occ = entry_occ[eorder].astype(np.int16)
        self._postings = self._entry_row.copy()
        counts = np.bincount(key.astype(np.int64), minlength=self.taxonomy.n_occupations * self.grid.ncells)
        # One offset per (occupation, cell): millions of them, so 4 bytes each while the entries fit.
        dtype = np.int32 if eorder.size < np.iinfo(np.int32).max else np.int64
        self._offsets = np.zeros(counts.size + 1, dtype=dtype)
        np.cumsum(counts, out=self._offsets[1:])
        self._n = self._base_rows = self._live = n
        self._n_entries = self._base_entries = self._entry_row.size
        id_order = np.argsort(self._cols["id"], kind="stable")
        self._sorted_ids = self._cols["id"][id_order]
        self._sorted_rows = id_order.astype(np.int32)
        self._delta_ids = {}
        self._dead = 0
        self._mark = np.zeros(n, dtype=np.bool_)  # scratch for deduplication, over base rows only

    def _row_order(self, cols: dict[str, np.ndarray], cell: np.ndarray) -> np.ndarray:
        """Row order after a build or compaction: by grid cell (subclasses may refine it within a cell)."""
        order: np.ndarray = np.argsort(cell, kind="stable")
        return order

    def compact(self) -> None:
        """Fold delta rows into the postings and drop tombstones (O(N log N); run when needs_compaction)."""
        alive = self._cols["alive"][: self._n]
        keep = np.flatnonzero(alive)
        new_of_old = np.full(self._n, -1, dtype=np.int64)
        new_of_old[keep] = np.arange(keep.size)
        e_row = self._entry_row[: self._n_entries]
        e_ok = alive[e_row]
        cols = {
            name: arr[: self._n][keep] for name, arr in self._cols.items() if name not in ("cell", "alive")
        }
        self._load(cols, new_of_old[e_row[e_ok]], self._entry_occ[: self._n_entries][e_ok])

    # ---- incremental updates ----------------------------------------------------------------------------
    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """Current live row of each id, or -1."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        rows = np.full(ids.size, -1, dtype=np.int64)
        if self._sorted_ids.size:
            pos = np.minimum(np.searchsorted(self._sorted_ids, ids), self._sorted_ids.size - 1)
            hit = self._sorted_ids[pos] == ids
            rows[hit] = self._sorted_rows[pos[hit]]
        if self._delta_ids:
            for i, ext in enumerate(ids.tolist()):
                row = self._delta_ids.get(ext)
                if row is not None:
                    rows[i] = row
        live = rows >= 0
        live[live] = self._cols["alive"][rows[live]]
        return np.where(live, rows, -1)

    def remove(self, ids: np.ndarray) -> int:
        """Tombstone these ids; unknown ids are ignored. Returns how many rows were removed."""
        rows = self.rows_of(ids)
        rows = rows[rows >= 0]
        self._cols["alive"][rows] = False
        self._live -= rows.size
        self._dead += rows.size
        for ext in np.asarray(ids, dtype=np.int64).reshape(-1).tolist():
            self._delta_ids.pop(ext, None)
        return int(rows.size)

    def _append(self, cols: dict[str, np.ndarray], occ_ptr: np.ndarray, occ_idx: np.ndarray) -> None:
        """Upsert: tombstone existing rows of these ids, then append them as delta rows."""
        ids = cols["id"]
        if np.unique(ids).size != ids.size:
            raise InvalidInputError("duplicate ids in one update")
        self._check_points(cols["x"], cols["y"])
        self._check_occupations(occ_idx)
        self.remove(ids)
        m, start = ids.size, self._n
        for name, (_, fill) in {**self._BASE, **self.COLUMNS}.items():
            arr = self._cols[name]
            src = cols.get(name)
            if src is not None and arr.ndim == 2 and src.shape[1] > arr.shape[1]:
                pad = np.full((arr.shape[0], src.shape[1] - arr.shape[1]), fill, dtype=arr.dtype)
                arr = np.concatenate([arr, pad], axis=1)
            arr = _Growable.grow(arr, start + m, fill)
            if src is not None:
                if arr.ndim == 2:
                    arr[start : start + m] = fill
                    arr[start : start + m, : src.shape[1]] = src
                else:
                    arr[start : start + m] = src
            self._cols[name] = arr
        self._cols["cell"][start : start + m] = self.grid.cell_of(cols["x"], cols["y"])
        self._cols["alive"][start : start + m] = True
        counts = np.diff(occ_ptr)
        e_rows = np.repeat(np.arange(start, start + m, dtype=np.int64), counts)
        pairs = np.unique(e_rows * self.taxonomy.n_occupations + occ_idx)  # drop repeated occupations
        e_rows = (pairs // self.taxonomy.n_occupations).astype(np.int32)
        occ_idx = (pairs % self.taxonomy.n_occupations).astype(np.int16)
        n_e = self._n_entries
        self._entry_row = _Growable.grow(self._entry_row, n_e + e_rows.size, 0)
        self._entry_occ = _Growable.grow(self._entry_occ, n_e + e_rows.size, 0)
        self._entry_row[n_e : n_e + e_rows.size] = e_rows
        self._entry_occ[n_e : n_e + e_rows.size] = occ_idx
        self._n_entries += e_rows.size
        self._n += m
        self._live += m
        self._delta_ids.update(zip(ids.tolist(), range(start, start + m), strict=True))

    # ---- query helpers ----------------------------------------------------------------------------------
    def _check_query(self, x: float, y: float, radius_km: float, k: int) -> None:
        if not (isinstance(k, int | np.integer) and 0 < k <= self.config.max_k):
            raise InvalidQueryError(f"k must be an integer in 1..{self.config.max_k}")
        if not (math.isfinite(radius_km) and 0 < radius_km <= self.config.max_radius_km):
            raise InvalidQueryError(f"radius must be in (0, {self.config.max_radius_km}] km")
        self.grid.check_point(x, y)

    def _row_slices(self, plan: list[int], x: float, y: float, radius: float) -> tuple[np.ndarray, ...]:
        """Posting slices covering the query box: one per (plan occupation, grid row of cells), plan-major.

        Returns (starts, lengths, plan position of each slice)."""
        g = self.grid
        r0, r1, c0, c1 = g.box(x, y, radius)
        first = (np.asarray(plan, dtype=np.int64) * g.ncells)[:, None] + (
            np.arange(r0, r1 + 1, dtype=np.int64) * g.ncols
        )
        starts = self._offsets[first + c0].ravel()
        lengths = self._offsets[first + (c1 + 1)].ravel() - starts
        return starts, lengths, np.repeat(np.arange(len(plan), dtype=np.int16), r1 - r0 + 1)

    def _scan(
        self,
        plan: list[int],
        x: float,
        y: float,
        radius: float,
        slices: tuple[np.ndarray, ...] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
        """Live rows within `radius` of (x, y) holding any occupation of `plan` (all delta rows included).

        Returns (rows, squared distances, position in plan of the occupation each entry came from, entries
        scanned, how many of the returned entries come from the postings rather than the deltas). A row
        holding several plan occupations appears once per occupation. `slices` (starts, lengths, plan
        positions, in plan order) default to the query box; all are gathered with one fancy index, so the
        numpy call count does not grow with the plan or the radius.
        """
        starts, lengths, slice_pos = slices if slices is not None else self._row_slices(plan, x, y, radius)
        total = int(lengths.sum())
        pos = np.repeat(slice_pos, lengths)
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        rows = self._postings[shift + np.arange(total)]
        if self._n_entries > self._base_entries:
            rows, pos = self._with_delta(plan, rows, pos)
        scanned = rows.size
        dx = self._cols["x"][rows] - x
        dy = self._cols["y"][rows] - y
        d2 = dx * dx + dy * dy
        keep = d2 <= radius * radius
        if self._dead:
            keep &= self._cols["alive"][rows]
        n_base = int(np.count_nonzero(keep[:total]))
        return rows[keep], d2[keep], pos[keep], scanned, n_base

    def _with_delta(
        self, plan: list[int], rows: np.ndarray, pos: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Append the delta rows of the plan's occupations (delta rows are not in the postings yet)."""
        d_occ = self._entry_occ[self._base_entries : self._n_entries]
        pos_of = np.full(self.taxonomy.n_occupations, -1, dtype=np.int16)
        pos_of[np.asarray(plan, dtype=np.int64)[::-1]] = np.arange(len(plan), dtype=np.int16)[::-1]
        d_pos = pos_of[d_occ]
        hit = d_pos >= 0
        d_rows = self._entry_row[self._base_entries : self._n_entries][hit]
        return np.concatenate([rows, d_rows]), np.concatenate([pos, d_pos[hit]])

    def _first_per_row(
        self, rows: np.ndarray, d2: np.ndarray, pos: np.ndarray, n_base: int, n_plan: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keep one entry per row: the one earliest in the plan (exact before related, related in order).

        Base entries come in plan order, one block per occupation, each block free of repeats, so a scratch
        mark over base rows dedupes in O(n) (an argsort here cost more than the rest of a large query).
        Delta entries (few) are deduped by sorting.
        """
        mark = self._mark
        keep = np.ones(rows.size, dtype=np.bool_)
        base_rows = rows[:n_base]
        bounds = np.searchsorted(pos[:n_base], np.arange(n_plan + 1)).tolist()
        for p in range(n_plan):
            block = base_rows[bounds[p] : bounds[p + 1]]
            if block.size == 0:
                continue
            if p:
                fresh = ~mark[block]
                keep[bounds[p] : bounds[p + 1]] = fresh
                block = block[fresh]
            mark[block] = True
        mark[base_rows] = False
        if rows.size > n_base:
            d_rows, d_pos = rows[n_base:], pos[n_base:]
            order = np.lexsort((d_pos, d_rows))
            dup = np.zeros(d_rows.size, dtype=np.bool_)
            dup[order[1:]] = d_rows[order[1:]] == d_rows[order[:-1]]
            keep[n_base:] = ~dup
        return rows[keep], d2[keep], pos[keep]
