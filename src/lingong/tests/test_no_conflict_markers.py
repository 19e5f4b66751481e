"""No merge-conflict marker survives in the project's own files (a stray ``=======`` once sat in app.css,
silently dropping the CSS rule after it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MARKER = re.compile(r"^(<<<<<<< |>>>>>>> |=======$)", re.M)
GIT = shutil.which("git") or "/usr/bin/git"
SKIP = ("src/lingong/static/vendor/", "/locale/")


def test_no_file_keeps_a_merge_conflict_marker() -> None:
    listed = (
        subprocess.run([GIT, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)  # noqa: S603
        .stdout.decode()
        .split("\0")
    )
    found = []
    for name in listed:
        if not name or any(part in name for part in SKIP):
            continue
        path = ROOT / name
        if path.suffix not in {
            ".py",
            ".html",
            ".css",
            ".js",
            ".md",
            ".json",
            ".toml",
            ".txt",
            ".yml",
            ".cfg",
            "",
        }:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        found += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in MARKER.finditer(text)]
    assert found == []
