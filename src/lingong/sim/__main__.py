"""python -m lingong.sim: run the comparison, print the table (and the wall-clock per policy)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from lingong.sim import DEFAULT_POLICIES, Knobs, Settings, simulate
from lingong.sim.report import table, to_json, write_svgs


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m lingong.sim", description="零工市场招聘策略仿真对比")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = the Lunan-sized market")
    p.add_argument(
        "--policies", default=",".join(DEFAULT_POLICIES), help="comma-separated; join parts with +"
    )
    p.add_argument("--exposure-weight", type=float, default=None, help="MatchConfig.exposure_weight")
    p.add_argument("--target-weight", type=float, default=None, help="weight of each target group")
    p.add_argument("--radius-km", type=float, default=None, help="recommendations' search radius")
    p.add_argument("--batch-radius-km", type=float, default=10.0)
    p.add_argument("--wave-size", type=float, default=None, help="invitations per open place and wave")
    p.add_argument("--batch-minutes", type=int, default=30)
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a behaviour setting (scenario.Settings), e.g. --set checks_per_day=0.2",
    )
    p.add_argument("--json", type=Path, default=None, help="write the result as JSON here")
    p.add_argument("--svg", type=Path, default=None, help="write one SVG chart per metric into this folder")
    return p.parse_args(argv)


def settings_from(pairs: Sequence[str]) -> Settings:
    """Settings with NAME=VALUE overrides, each converted to the field's type."""
    defaults = Settings()
    changes: dict[str, float | int] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        current = getattr(defaults, name, None)
        if not isinstance(current, int | float) or isinstance(current, bool):
            raise ValueError(f"--set {pair}: not a numeric setting of scenario.Settings")
        changes[name] = type(current)(float(value)) if isinstance(current, int) else float(value)
    return dataclasses.replace(defaults, **changes)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    knobs = Knobs(
        exposure_weight=args.exposure_weight,
        target_weight=args.target_weight,
        radius_km=args.radius_km,
        batch_radius_km=args.batch_radius_km,
        wave_size=args.wave_size,
        batch_minutes=args.batch_minutes,
    )
    policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    started = time.perf_counter()
    try:
        settings = settings_from(args.set)
        result = simulate(args.seed, args.days, args.scale, policies, settings=settings, knobs=knobs)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = time.perf_counter() - started
    print(
        f"seed {result['seed']}, {result['days']} days, scale {args.scale}: "
        f"{result['workers']} workers, {result['postings']} postings"
    )
    print(table(result))
    timings = ", ".join(f"{name} {secs:.1f}s" for name, secs in result["wall_s"].items())
    print(
        f"wall-clock: {total:.1f}s in all (world and supply included); per policy: {timings}", file=sys.stderr
    )
    if args.json is not None:
        args.json.write_text(to_json(result) + "\n", encoding="utf-8")
    if args.svg is not None:
        write_svgs(result, args.svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
