"""Precision / recall of the text parser on the labelled phrases: python -m lingong.bench.parse."""

from __future__ import annotations

import json
from pathlib import Path

from lingong.matching.parse import evaluate

CASES_FILE = Path(__file__).resolve().parent.parent / "matching" / "tests" / "parse_cases.json"


def main() -> int:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    for label, subset in (("all", cases), ("hand", [c for c in cases if c["source"] == "hand"])):
        print(f"{label}: {len(subset)} phrases")
        for field, m in evaluate(subset).items():
            print(f"  {field:22} precision {m['precision']:.3f}  recall {m['recall']:.3f}  (n={m['n']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
