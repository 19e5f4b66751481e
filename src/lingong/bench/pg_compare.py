"""The same top-50 query answered by PostgreSQL (earthdistance + cube GiST, btree_gist), for comparison.

Loads the benchmark's workers into a scratch database (one row per worker and occupation, denormalised, as
the engine's postings are), builds two layouts and times the same queries on one core with a warm cache:
  gist_earth:      GiST on ll_to_earth(lat, lon), occupation filtered after the index scan
  gist_occ_earth:  btree_gist on (occupation, earth), both in one index
The SQL applies the engine's filters and formula (static term precomputed per worker, as in the engine),
with the exact distance in the same local-km projection, so both must return the same ids.
"""

from __future__ import annotations

import io
import time
from typing import Any

import numpy as np
import psycopg

from lingong.matching.config import PayUnit
from lingong.matching.query import JobQuery
from lingong.matching.workers import WorkerArrays, WorkerIndex

SCRATCH_DB = "lingong_bench"

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP TABLE IF EXISTS w, wo, wc, wocc;
CREATE TABLE w (id bigint PRIMARY KEY, lon float8, lat float8, x float8, y float8, radius float8,
                pay float8, pay_unit int2, pay_day float8, avail bigint, static float8);
CREATE TABLE wo (id bigint, occupation int2);
CREATE TABLE wc (id bigint, ctype int2, expiry int4);
"""

BUILD = """
CREATE INDEX wc_id ON wc (id);
CREATE TABLE wocc AS
  SELECT wo.occupation, w.*, ll_to_earth(w.lat, w.lon) AS earth,
         coalesce((SELECT array_agg(ctype ORDER BY ctype, expiry) FROM wc WHERE wc.id = w.id), '{}')
           AS ctypes,
         coalesce((SELECT array_agg(expiry ORDER BY ctype, expiry) FROM wc WHERE wc.id = w.id), '{}')
           AS cexp
  FROM wo JOIN w USING (id);
"""

LAYOUTS = {
    "gist_earth": "CREATE INDEX wocc_earth ON wocc USING gist (earth)",
    "gist_occ_earth": "CREATE INDEX wocc_occ_earth ON wocc USING gist (occupation, earth)",
}

QUERY = """
SELECT id, score FROM (
  SELECT id, (fit + %(wd)s / (1.0 + (sqrt(d2) / radius) ^ 2) + %(wp)s * pf) + static AS score FROM (
    SELECT DISTINCT ON (id) id, d2, radius, static,
           CASE WHEN array_position(%(plan)s::int2[], occupation) = 1
                THEN %(exact)s ELSE %(related)s END AS fit,
           CASE WHEN ed > 0 AND %(od)s > 0
                THEN least(greatest(1.0 - (ed - %(od)s) / (ed * %(tol)s), 0.0), 1.0)
                ELSE %(unknown)s END AS pf
    FROM (
      SELECT id, occupation, radius, static,
             (x - %(x)s) * (x - %(x)s) + (y - %(y)s) * (y - %(y)s) AS d2,
             CASE WHEN %(piece)s THEN (CASE WHEN pay_unit = 3 THEN pay END) ELSE pay_day END AS ed
      FROM wocc
      WHERE occupation = ANY(%(plan)s::int2[])
        AND earth_box(ll_to_earth(%(lat)s, %(lon)s), %(box_m)s) @> earth
        AND (%(slots)s = 0 OR (avail & %(slots)s) <> 0)
        AND NOT EXISTS (SELECT 1 FROM unnest(%(certs)s::int2[]) AS need(c)
                        WHERE NOT EXISTS (SELECT 1 FROM unnest(ctypes, cexp) AS h(t, e)
                                          WHERE h.t = need.c AND h.e >= %(end)s))
    ) near
    WHERE d2 <= %(r2)s
    ORDER BY id, array_position(%(plan)s::int2[], occupation)
  ) cand
) scored
ORDER BY score DESC, id
LIMIT %(k)s
"""


def _copy(cur: psycopg.Cursor[Any], table: str, columns: list[np.ndarray]) -> None:
    buf = io.StringIO()
    np.savetxt(buf, np.column_stack(columns), fmt="%.17g", delimiter="\t")
    text = buf.getvalue().replace("nan", "\\N")
    with cur.copy(f"COPY {table} FROM STDIN") as copy:  # table names are constants of this module
        copy.write(text)


def load(conn: psycopg.Connection[Any], data: WorkerArrays, index: WorkerIndex) -> float:
    t = time.perf_counter()
    rows = index.rows_of(np.asarray(data.ids))
    c = index._cols
    lon, lat = index.area.to_lonlat(c["x"][rows], c["y"][rows])
    with conn.cursor() as cur:
        cur.execute(SCHEMA)
        _copy_workers(cur, {name: c[name][rows] for name in WORKER_COLUMNS}, lon, lat)
        counts = np.diff(np.asarray(data.occ_ptr))
        _copy(cur, "wo", [np.repeat(np.asarray(data.ids), counts), np.asarray(data.occ_idx)])
        cptr = np.asarray(data.cert_ptr)
        _copy(
            cur,
            "wc",
            [
                np.repeat(np.asarray(data.ids), np.diff(cptr)),
                np.asarray(data.cert_type),
                np.asarray(data.cert_expiry),
            ],
        )
        cur.execute(BUILD)
        cur.execute("ANALYZE wocc")
    conn.commit()
    return time.perf_counter() - t


WORKER_COLUMNS = ("id", "x", "y", "radius", "pay", "pay_unit", "pay_day", "avail", "static")


def _copy_workers(
    cur: psycopg.Cursor[Any], cols: dict[str, np.ndarray], lon: np.ndarray, lat: np.ndarray
) -> None:
    """Row by row through Python objects: repr() of a float round-trips exactly, and the 56-bit availability
    mask must not pass through float64."""
    columns = [cols["id"].tolist(), lon.tolist(), lat.tolist()]
    columns += [cols[name].tolist() for name in WORKER_COLUMNS[1:]]
    lines = io.StringIO()
    for values in zip(*columns, strict=True):
        lines.write("\t".join("\\N" if v != v else repr(v) for v in values) + "\n")
    names = "id, lon, lat, x, y, radius, pay, pay_unit, pay_day, avail, static"
    with cur.copy(f"COPY w ({names}) FROM STDIN") as cp:
        cp.write(lines.getvalue())


def params(index: WorkerIndex, job: JobQuery, k: int) -> dict[str, Any]:
    cfg = index.config
    plan = [job.occupation]
    if job.allow_related:
        plan = list(dict.fromkeys(plan + [int(r) for r in index.taxonomy.related(job.occupation)]))
    lon, lat = index.area.to_lonlat(job.x_km, job.y_km)
    piece = job.pay_unit == PayUnit.PIECE
    factor = [cfg.hours_per_day, 1.0, 1.0 / cfg.days_per_month]
    return {
        "plan": plan,
        "x": job.x_km,
        "y": job.y_km,
        "lon": float(lon),
        "lat": float(lat),
        "r2": job.radius_km * job.radius_km,
        "box_m": job.radius_km * 1000 * 1.02 + 200,  # the local projection differs from the sphere by < 1 %
        "slots": int(job.slots),
        "certs": list(job.required_certs),
        "end": job.end_day,
        "piece": piece,
        "od": float(job.pay if piece else job.pay * factor[job.pay_unit]),
        "wd": cfg.distance_weight,
        "wp": cfg.pay_weight,
        "tol": cfg.pay_tolerance,
        "unknown": cfg.pay_unknown_fit,
        "exact": cfg.exact_weight,
        "related": cfg.related_weight,
        "k": k,
    }


def _percentiles(ms: list[float]) -> dict[str, float]:
    a = np.array(ms)
    return {f"p{p}_ms": round(float(np.percentile(a, p)), 3) for p in (50, 95, 99)} | {"n": len(ms)}


def compare(
    url: str,
    data: WorkerArrays,
    index: WorkerIndex,
    queries: dict[str, list[JobQuery]],
    k: int,
    per_radius: int = 100,
) -> dict[str, Any]:
    """Load, index and query PostgreSQL; returns the "postgres", "same_ids" and "ratio" report entries."""
    admin = psycopg.connect(url, autocommit=True)
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (SCRATCH_DB,)).fetchone():
        admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
    admin.close()
    target = url.rsplit("/", 1)[0] + "/" + SCRATCH_DB
    conn = psycopg.connect(target)
    conn.execute("SET max_parallel_workers_per_gather = 0")  # one core, like the engine
    load_s = load(conn, data, index)
    out: dict[str, Any] = {"postgres_load_s": round(load_s, 1), "postgres_layouts": {}}
    same = True
    for layout, ddl in LAYOUTS.items():
        for other in LAYOUTS:
            conn.execute(f"DROP INDEX IF EXISTS wocc_{other.split('_', 1)[1]}")
        t = time.perf_counter()
        conn.execute(ddl)
        conn.execute("ANALYZE wocc")
        conn.commit()
        result: dict[str, Any] = {"index_build_s": round(time.perf_counter() - t, 1)}
        for radius, qs in queries.items():
            # head and tail alike: take per_radius queries spread over both classes
            pick = qs[:: max(1, len(qs) // per_radius)][:per_radius]
            for q in pick[:5]:
                conn.execute(QUERY, params(index, q, k)).fetchall()  # warm the cache
            ms = []
            for q in pick:
                p = params(index, q, k)
                t0 = time.perf_counter_ns()
                got = conn.execute(QUERY, p).fetchall()
                ms.append((time.perf_counter_ns() - t0) / 1e6)
                same &= _same(got, index.top_workers(q, k))
            result[radius] = _percentiles(ms)
        out["postgres_layouts"][layout] = result
    conn.close()
    best = min(out["postgres_layouts"], key=lambda name: out["postgres_layouts"][name]["30"]["p99_ms"])
    out["postgres_best_layout"] = best
    out["postgres"] = {r: out["postgres_layouts"][best][r] for r in queries}
    out["same_ids"] = same
    return out


def _same(got: list[tuple[Any, ...]], ranking: Any) -> bool:
    """Same ids in the same order, allowing swaps among scores equal to 1e-9 (float rounding differs)."""
    if len(got) != len(ranking):
        return False
    for (_, pscore), _eid, escore in zip(got, ranking.ids.tolist(), ranking.scores.tolist(), strict=True):
        if abs(float(pscore) - escore) > 1e-9:  # also catches a different id unless tied
            return False
    return True
