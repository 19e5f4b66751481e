"""Write the labelled posts the parser's nearest-post guess answers from: python -m lingong.bench.examples.

They are the posts of every labelled set the rules were tuned on (``lingong.bench.parse.TUNED``), never of a
set kept to measure, with each ``new:<trade>`` label read as the code the taxonomy now gives that trade (or
dropped, when it has none). ``--check`` only says whether ``data/occupation_examples.json`` is up to date.
Run it after adding a set to ``TUNED`` or a synonym that names a ``new:`` trade.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lingong.bench.parse import TUNED, load_cases
from lingong.matching.parse import default_parser
from lingong.matching.similar import EXAMPLES_FILE


def build() -> dict[str, Any]:
    words = default_parser().occupation_words
    seen: set[tuple[str, str]] = set()
    examples: list[list[Any]] = []
    for path in TUNED:
        for case in load_cases(path):
            key = (case["kind"], case["text"])
            if key in seen:
                continue
            seen.add(key)
            codes = []
            for label in case["expect"].get("occupations") or ():
                code = words.get(label[4:], label) if label.startswith("new:") else label
                if not code.startswith("new:") and code not in codes:
                    codes.append(code)
            examples.append([case["kind"], case["text"], codes])
    return {
        "note": (
            "Labelled posts for the parser's nearest-post guess (lingong.matching.similar), written by "
            "python -m lingong.bench.examples from the labelled sets the rules were tuned on; never edit by "
            "hand. Each example is [kind, text, occupation codes]."
        ),
        "sets": [path.name for path in TUNED],
        "examples": examples,
    }


def _dumped(data: dict[str, Any]) -> str:
    # one example per line: a diff shows which posts came or went
    lines = [json.dumps(e, ensure_ascii=False) for e in data["examples"]]
    head = {k: v for k, v in data.items() if k != "examples"}
    body = ",\n  ".join(lines)
    return json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "examples": [\n  ' + body + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lingong.bench.examples", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is not what would be written")
    ap.add_argument("--out", type=Path, default=EXAMPLES_FILE)
    args = ap.parse_args(argv)
    text = _dumped(build())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m lingong.bench.examples", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(json.loads(text)['examples'])} examples to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
