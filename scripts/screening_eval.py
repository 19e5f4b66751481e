"""Precision, recall, F1 and confusion counts of the posting screening rules on labelled files.

    python scripts/screening_eval.py   # each tuning file (dev, tuning2, tuning3), then heldout3.jsonl if any
    python scripts/screening_eval.py FILE.jsonl --hold 50 --flag 25

Needs no database and no Django settings (the rules are pure Python).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lingong.jobs.screening.evaluate import (
    DEFAULT_FLAG,
    DEFAULT_HOLD,
    HELDOUT_FILE,
    TUNING_FILES,
    evaluate,
    report,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--hold", type=int, default=DEFAULT_HOLD)
    parser.add_argument("--flag", type=int, default=DEFAULT_FLAG)
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args()
    files = args.files or [f for f in (*TUNING_FILES, HELDOUT_FILE) if f.exists()]
    if not args.files and not HELDOUT_FILE.exists():
        print(f"({HELDOUT_FILE.name} is not in this checkout: no held-out figures)")
    for path in files:
        print(report(evaluate(path, hold=args.hold, flag=args.flag), examples=args.examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
