"""Time to render a labour-service contract to PDF, unsigned and signed: ``python -m lingong.bench.pdf``.

Every accepted offer renders one contract, and the signed copy once both sides have signed (task workers,
``workflow.tasks``); reports and receipts use the same builder (``core.pdf``). The figures are the median
and the mean of ``--repeat`` renders after one warm-up (fonts parsed once per process), in this process, on
the specimen contract (``contracts.specimen``) with two signatures. No database is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from lingong.contracts.rendering import render_contract_pdf, render_signed_contract_pdf
from lingong.contracts.specimen import specimen_signatures, specimen_terms


def timed(render: Callable[[], bytes], repeat: int) -> dict[str, float]:
    render()  # warm-up: the fonts are parsed once per process
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render()
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "mean_ms": round(statistics.fmean(times), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lingong.bench.pdf", description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10, help="renders of each document (default 10)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    terms = specimen_terms()
    unsigned = render_contract_pdf(terms)
    digest = hashlib.sha256(unsigned).hexdigest()
    marks = specimen_signatures(digest)
    result = {
        "contract": timed(lambda: render_contract_pdf(terms), args.repeat),
        "signed_contract": timed(lambda: render_signed_contract_pdf(terms, marks, digest), args.repeat),
        "bytes": {
            "contract": len(unsigned),
            "signed_contract": len(render_signed_contract_pdf(terms, marks, digest)),
        },
        "repeat": args.repeat,
    }
    for name in ("contract", "signed_contract"):
        print(
            f"{name:16s} median {result[name]['median_ms']:7.1f} ms  mean {result[name]['mean_ms']:7.1f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
