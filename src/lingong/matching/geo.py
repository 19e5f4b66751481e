"""Local-km projection around the market centre and the uniform grid the postings are sorted by.

Distances are Euclidean in an equirectangular projection centred on the market (error well under 1 % within
the ~200 km of one prefecture-level city), which keeps the hot loop to multiplies and adds.
Coordinates stay in the datum they came in (Tangshan data is GCJ-02); the projection does not convert datums.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from lingong.matching.errors import OutsideServedAreaError

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180.0
DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.json"


@dataclass(frozen=True)
class ServedArea:
    centre_lon: float
    centre_lat: float
    min_lon: float
    max_lon: float
    min_lat: float
    max_lat: float
    datum: str = "gcj02"

    @property
    def km_per_deg_lon(self) -> float:
        return KM_PER_DEG * math.cos(math.radians(self.centre_lat))

    def to_km(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        x = (np.asarray(lon, dtype=np.float64) - self.centre_lon) * self.km_per_deg_lon
        y = (np.asarray(lat, dtype=np.float64) - self.centre_lat) * KM_PER_DEG
        return x, y

    def to_lonlat(self, x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        lon = np.asarray(x, dtype=np.float64) / self.km_per_deg_lon + self.centre_lon
        lat = np.asarray(y, dtype=np.float64) / KM_PER_DEG + self.centre_lat
        return lon, lat

    def bounds_km(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) of the served rectangle in local km."""
        x0, y0 = self.to_km(self.min_lon, self.min_lat)
        x1, y1 = self.to_km(self.max_lon, self.max_lat)
        return float(x0), float(x1), float(y0), float(y1)


@lru_cache(maxsize=1)
def tangshan_area() -> ServedArea:
    """Tangshan's default area and centre (唐山市 seat) from data/divisions.json, for the library's tests and
    benchmarks.

    The platform builds each market's area from the Market row (lingong.org.area), not from here."""
    with DIVISIONS_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    city = next(d for d in data["divisions"] if d["code"] == "130200")
    west, south, east, north = data["served_areas"]["130200"]["bbox"]
    return ServedArea(
        centre_lon=city["lon"],
        centre_lat=city["lat"],
        min_lon=west,
        max_lon=east,
        min_lat=south,
        max_lat=north,
        datum=data.get("datum", "gcj02"),
    )


@dataclass(frozen=True)
class Grid:
    """Uniform square cells over the served rectangle; cell id = row * ncols + col (row-major)."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float
    cell_km: float
    ncols: int
    nrows: int

    @classmethod
    def over(cls, area: ServedArea, cell_km: float) -> Grid:
        if not cell_km > 0:
            raise ValueError("cell_km must be positive")
        x0, x1, y0, y1 = area.bounds_km()
        ncols = max(1, math.ceil((x1 - x0) / cell_km))
        nrows = max(1, math.ceil((y1 - y0) / cell_km))
        return cls(x0, y0, x1, y1, cell_km, ncols, nrows)

    @property
    def ncells(self) -> int:
        return self.ncols * self.nrows

    def contains(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        x = np.asarray(x)
        y = np.asarray(y)
        ok: np.ndarray = (x >= self.x_min) & (x <= self.x_max) & (y >= self.y_min) & (y <= self.y_max)
        return ok

    def check_point(self, x: float, y: float) -> None:
        if not (math.isfinite(x) and math.isfinite(y) and bool(self.contains(np.float64(x), np.float64(y)))):
            raise OutsideServedAreaError(f"point ({x:.3f}, {y:.3f}) km lies outside the served area")

    def _col(self, x: np.ndarray) -> np.ndarray:
        c = np.floor((x - self.x_min) / self.cell_km).astype(np.int64)
        return np.clip(c, 0, self.ncols - 1)

    def _row(self, y: np.ndarray) -> np.ndarray:
        r = np.floor((y - self.y_min) / self.cell_km).astype(np.int64)
        return np.clip(r, 0, self.nrows - 1)

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        cells: np.ndarray = (self._row(np.asarray(y)) * self.ncols + self._col(np.asarray(x))).astype(
            np.int32
        )
        return cells

    def box(self, x: float, y: float, radius: float) -> tuple[int, int, int, int]:
        """(row0, row1, col0, col1), inclusive, of the cells meeting the square around a circle.

        Plain floats on purpose: this runs once per query and numpy scalars cost microseconds each.
        """
        size, last_col, last_row = self.cell_km, self.ncols - 1, self.nrows - 1
        c0 = min(max(math.floor((x - radius - self.x_min) / size), 0), last_col)
        c1 = min(max(math.floor((x + radius - self.x_min) / size), 0), last_col)
        r0 = min(max(math.floor((y - radius - self.y_min) / size), 0), last_row)
        r1 = min(max(math.floor((y + radius - self.y_min) / size), 0), last_row)
        return r0, r1, c0, c1
