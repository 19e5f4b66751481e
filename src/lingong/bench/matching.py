"""Benchmark of the matching engine: python -m lingong.bench.matching [--workers N] [--json PATH] [--pg URL].

Everything runs in one process on one core (set OMP/BLAS threads to 1 before numpy loads).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from lingong.bench import market  # noqa: E402
from lingong.matching.assign import assign, assign_dense, edges_from_rankings  # noqa: E402
from lingong.matching.geo import tangshan_area  # noqa: E402
from lingong.matching.jobs import JobIndex  # noqa: E402
from lingong.matching.query import JobQuery, Ranking, WorkerQuery  # noqa: E402
from lingong.matching.reasons import explain_workers  # noqa: E402
from lingong.matching.taxonomy import Taxonomy, load_taxonomy  # noqa: E402
from lingong.matching.workers import WorkerArrays, WorkerIndex  # noqa: E402

RADII = (3, 10, 30)
K = 50


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def percentiles(ms: list[float]) -> dict[str, float]:
    a = np.array(ms)
    return {f"p{p}_ms": round(float(np.percentile(a, p)), 4) for p in (50, 95, 99)} | {"n": len(ms)}


def read_bandwidth_gbs() -> float:
    """Single-core sequential read bandwidth: best of several sums over a 512 MB array."""
    a = np.ones(64 * 1024 * 1024, dtype=np.float64)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        a.sum()
        best = min(best, time.perf_counter() - t)
    return a.nbytes / best / 1e9


def bytes_touched(index: WorkerIndex, r: Ranking) -> int:
    """Bytes a query must read at least: postings, alive, x, y for scanned rows; row attributes in radius."""
    per_scanned = 4 + 1 + 8 + 8
    cert_width = index.col("cert_type").shape[1]
    per_candidate = 8 * 5 + 1 + cert_width * 6  # avail, radius, pay, static, id, unit, certificates
    return r.scanned * per_scanned + r.in_radius * per_candidate


def time_queries(
    index: WorkerIndex, queries: list[JobQuery]
) -> tuple[list[float], list[float], list[Ranking]]:
    """Wall-clock and CPU (thread) time per query: on a shared machine the CPU time shows the engine's own
    cost when the wall clock also counts time the process spent descheduled."""
    for q in queries[:20]:  # warm caches and code paths
        index.top_workers(q, K)
    wall, cpu, rankings = [], [], []
    for q in queries:
        c0 = time.thread_time_ns()
        t0 = time.perf_counter_ns()
        r = index.top_workers(q, K)
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        rankings.append(r)
    return wall, cpu, rankings


def bench_queries(
    index: WorkerIndex, tax: Taxonomy, n_queries: int, bw_gbs: float, seed: int
) -> tuple[dict[str, Any], dict[str, list[JobQuery]]]:
    ranks = market.occupation_ranks(tax, 7)
    classes = {"head": ranks[:5], "tail": ranks[100:]}
    result: dict[str, Any] = {}
    queries_by_radius: dict[str, list[JobQuery]] = {}
    area = index.area
    for radius in RADII:
        all_ms: list[float] = []
        all_cpu: list[float] = []
        entry: dict[str, Any] = {}
        queries_by_radius[str(radius)] = []
        for name, occs in classes.items():
            qs = market.job_queries(n_queries, occs, radius, tax, area, seed + radius + len(name))
            ms, cpu, rankings = time_queries(index, qs)
            all_ms += ms
            all_cpu += cpu
            queries_by_radius[str(radius)] += qs
            floor_ms = [bytes_touched(index, r) / (bw_gbs * 1e9) * 1e3 for r in rankings]
            ratio = np.array(ms) / np.maximum(np.array(floor_ms), 1e-9)
            entry[name] = (
                percentiles(ms)
                | {f"cpu_{k}": v for k, v in percentiles(cpu).items() if k != "n"}
                | {
                    "mean_scanned": round(float(np.mean([r.scanned for r in rankings])), 1),
                    "mean_in_radius": round(float(np.mean([r.in_radius for r in rankings])), 1),
                    "mean_returned": round(float(np.mean([len(r) for r in rankings])), 1),
                    "median_x_bandwidth_floor": round(float(np.median(ratio)), 1),
                }
            )
        cpu_all = {f"cpu_{k}": v for k, v in percentiles(all_cpu).items() if k != "n"}
        result[str(radius)] = percentiles(all_ms) | cpu_all | entry
    return result, queries_by_radius


def bench_updates(index: WorkerIndex, tax: Taxonomy, n: int) -> dict[str, float]:
    area = index.area
    fresh = market.workers(n, tax, area, seed=99, id_offset=10**9)
    pay = np.asarray(fresh.pay)
    t = time.perf_counter()
    for i in range(n):
        lo, hi = int(fresh.occ_ptr[i]), int(fresh.occ_ptr[i + 1])
        one = WorkerArrays.one(
            int(fresh.ids[i]) if i % 2 else i,  # half replace existing workers, half add new ones
            float(fresh.x_km[i]),
            float(fresh.y_km[i]),
            tuple(int(v) for v in fresh.occ_idx[lo:hi]),
            pay=float(pay[i]),
        )
        index.upsert(one)
    single = n / (time.perf_counter() - t)
    t = time.perf_counter()
    index.record_exposure(np.arange(0, n, dtype=np.int64))
    exposure = n / (time.perf_counter() - t)
    batch = market.workers(n, tax, area, seed=98, id_offset=2 * 10**9)
    t = time.perf_counter()
    index.upsert(batch)
    batched = n / (time.perf_counter() - t)
    t = time.perf_counter()
    index.remove(np.arange(n, 2 * n, dtype=np.int64))
    removed = n / (time.perf_counter() - t)
    delta = index.delta_rows
    t = time.perf_counter()
    index.compact()
    return {
        "single_upserts_per_s": round(single),
        "batch_upserts_per_s": round(batched),
        "exposure_updates_per_s": round(exposure),
        "removes_per_s": round(removed),
        "delta_rows_before_compact": delta,
        "compact_s": round(time.perf_counter() - t, 3),
    }


def bench_reverse(tax: Taxonomy, n_jobs: int, n_queries: int, source: WorkerArrays) -> dict[str, Any]:
    area = tangshan_area()
    t = time.perf_counter()
    index = JobIndex.build(market.jobs(n_jobs, tax, area), tax, area, today=market.TODAY)
    build = time.perf_counter() - t
    queries = []
    for i in range(n_queries):
        lo, hi = int(source.occ_ptr[i]), int(source.occ_ptr[i + 1])
        c_lo, c_hi = int(source.cert_ptr[i]), int(source.cert_ptr[i + 1])  # type: ignore[index]
        queries.append(
            WorkerQuery(
                x_km=float(source.x_km[i]),
                y_km=float(source.y_km[i]),
                occupations=tuple(int(v) for v in source.occ_idx[lo:hi]),
                travel_radius_km=float(source.travel_radius_km[i]),  # type: ignore[index]
                certs=tuple(
                    (int(a), int(b))
                    for a, b in zip(
                        source.cert_type[c_lo:c_hi],  # type: ignore[index]
                        source.cert_expiry[c_lo:c_hi],  # type: ignore[index]
                        strict=True,
                    )
                ),
                slots=int(source.availability[i]),  # type: ignore[index]
                pay=float(source.pay[i]),  # type: ignore[index]
                pay_unit=int(source.pay_unit[i]),  # type: ignore[index]
            )
        )
    ms = []
    for q in queries:
        t0 = time.perf_counter_ns()
        index.top_jobs(q, K)
        ms.append((time.perf_counter_ns() - t0) / 1e6)
    return {"jobs": n_jobs, "build_s": round(build, 3)} | percentiles(ms)


def bench_assignment(tax: Taxonomy, n_workers: int, n_jobs: int, seed: int) -> dict[str, Any]:
    area = tangshan_area()
    index = WorkerIndex.build(market.workers(n_workers, tax, area, seed=seed), tax, area, today=market.TODAY)
    ranks = market.occupation_ranks(tax, 7)
    qs = market.job_queries(n_jobs, ranks[:30], 10, tax, area, seed + 1)
    capacity = np.random.default_rng(seed).integers(1, 6, n_jobs)
    t = time.perf_counter()
    rankings = [index.top_workers(q, K) for q in qs]
    candidates_s = time.perf_counter() - t
    job, worker, score = edges_from_rankings(rankings)
    t = time.perf_counter()
    result = assign(capacity, job, worker, score)
    solve_s = time.perf_counter() - t
    return {
        "workers": n_workers,
        "jobs": n_jobs,
        "places": int(capacity.sum()),
        "edges": int(job.size),
        "candidates_s": round(candidates_s, 3),
        "assign_s": round(solve_s, 4),
        "filled": int(result.job.size),
        "total_score": round(result.total, 4),
    }


def optimality_check(tax: Taxonomy, seed: int) -> dict[str, Any]:
    """Sparse solver against the dense linear_sum_assignment on a case small enough for the dense matrix."""
    area = tangshan_area()
    index = WorkerIndex.build(market.workers(5_000, tax, area, seed=seed), tax, area, today=market.TODAY)
    qs = market.job_queries(150, market.occupation_ranks(tax, 7)[:10], 10, tax, area, seed + 2)
    capacity = np.random.default_rng(seed).integers(1, 6, len(qs))
    job, worker, score = edges_from_rankings([index.top_workers(q, 30) for q in qs])
    sparse = assign(capacity, job, worker, score)
    dense = assign_dense(capacity, job, worker, score)
    return {
        "jobs": len(qs),
        "places": int(capacity.sum()),
        "edges": int(job.size),
        "sparse_total": round(sparse.total, 6),
        "dense_total": round(dense.total, 6),
        "optimal": bool(abs(sparse.total - dense.total) <= 1e-6),
    }


def explain_cost(index: WorkerIndex, queries: list[JobQuery]) -> dict[str, float]:
    ms = []
    for q in queries[:200]:
        r = index.top_workers(q, K)
        t = time.perf_counter_ns()
        explain_workers(index, q, r)
        ms.append((time.perf_counter_ns() - t) / 1e6)
    return percentiles(ms)


def step(label: str, fn: Callable[..., Any], *args: Any) -> Any:
    print(f"... {label}", file=sys.stderr, flush=True)
    return fn(*args)


def run(args: argparse.Namespace) -> dict[str, Any]:
    tax, area = load_taxonomy(), tangshan_area()
    bw = step("memory bandwidth", read_bandwidth_gbs)
    gc.collect()
    data = step(f"generate {args.workers:,} workers", lambda: market.workers(args.workers, tax, area))
    rss0 = rss_mb()
    t = time.perf_counter()
    index = WorkerIndex.build(data, tax, area, today=market.TODAY)
    build_s = time.perf_counter() - t
    report: dict[str, Any] = {
        "workers": args.workers,
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpu": platform.processor(),
        },
        "bandwidth_gbs": round(bw, 2),
        "build_s": round(build_s, 3),
        "index_mb": round(index.nbytes() / 1e6, 1),
        "build_rss_delta_mb": round(rss_mb() - rss0, 1),
        "posting_entries": int(index._n_entries),
    }
    engine, queries = step("top-50 queries", bench_queries, index, tax, args.queries, bw, 3)
    report["engine"] = engine
    report["explain_k50"] = step("reasons", explain_cost, index, queries["10"])
    if args.pg:
        import lingong.bench.pg_compare as pg_compare

        report |= step("postgres", pg_compare.compare, args.pg, data, index, queries, K)
        report["ratio"] = {
            r: {
                p: round(report["postgres"][r][f"{p}_ms"] / engine[r][f"{p}_ms"], 1)
                for p in ("p50", "p95", "p99")
            }
            for r in engine
        }
    report["updates"] = step("updates", bench_updates, index, tax, args.updates)
    report["reverse"] = step("reverse", bench_reverse, tax, args.jobs, args.queries, data)
    del index
    gc.collect()
    a10 = step("assign x10k", lambda: bench_assignment(tax, 10_000, 1000, 21))
    a100 = step("assign x100k", lambda: bench_assignment(tax, 100_000, 1000, 22))
    report["assignment"] = {"1000x10000": a10, "1000x100000": a100}
    report["assign_1000x10000_s"] = a10["assign_s"]
    report["assign_1000x100000_s"] = a100["assign_s"]
    report["assignment_optimality"] = step("optimality", lambda: optimality_check(tax, 23))
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)
    return report


def print_table(r: dict[str, Any]) -> None:
    print(
        f"workers {r['workers']:,}   build {r['build_s']} s   index {r['index_mb']} MB   "
        f"bandwidth {r['bandwidth_gbs']} GB/s"
    )
    print(
        f"{'radius':>6} {'class':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'scanned':>9} "
        f"{'in radius':>9} {'x floor':>8} {'cpu p50':>8} {'cpu p99':>8}"
    )
    for radius in RADII:
        e = r["engine"][str(radius)]
        print(
            f"{radius:>6} {'all':>6} {e['p50_ms']:>8} {e['p95_ms']:>8} {e['p99_ms']:>8} "
            f"{'':>9} {'':>9} {'':>8} {e['cpu_p50_ms']:>8} {e['cpu_p99_ms']:>8}"
        )
        for cls in ("head", "tail"):
            c = e[cls]
            print(
                f"{'':>6} {cls:>6} {c['p50_ms']:>8} {c['p95_ms']:>8} {c['p99_ms']:>8} {c['mean_scanned']:>9} "
                f"{c['mean_in_radius']:>9} {c['median_x_bandwidth_floor']:>8} "
                f"{c['cpu_p50_ms']:>8} {c['cpu_p99_ms']:>8}"
            )
    if "postgres" in r:
        for radius in RADII:
            p = r["postgres"][str(radius)]
            print(
                f"postgres {radius:>3} km: p50 {p['p50_ms']} p95 {p['p95_ms']} p99 {p['p99_ms']} ms   "
                f"ratio pg/engine p99 {r['ratio'][str(radius)]['p99']}"
            )
        print(f"same ids: {r['same_ids']}")
    print(f"reasons for k=50: p50 {r['explain_k50']['p50_ms']} ms")
    print(f"updates: {r['updates']}")
    print(f"reverse: {r['reverse']}")
    for key, a in r["assignment"].items():
        print(
            f"assignment {key}: solve {a['assign_s']} s, candidates {a['candidates_s']} s, "
            f"{a['edges']} edges, {a['filled']}/{a['places']} places filled"
        )
    print(f"optimality check: {r['assignment_optimality']}")
    print(f"peak RSS {r['peak_rss_mb']} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500, help="queries per radius and occupation class")
    parser.add_argument("--jobs", type=int, default=50_000, help="open jobs for the reverse query")
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--pg", help="PostgreSQL URL for the comparison (optional)")
    args = parser.parse_args(argv)
    report = run(args)
    print_table(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
