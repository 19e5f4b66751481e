"""The house is one-way: apps import only apps below them, and no two apps import each other.

Every import between apps counts, at module level or inside a function (tests, migrations and the
benchmark scripts are not part of the platform and are skipped). The order is written in
docs/architecture.md; a new app must be placed here before it can import anything.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # src/lingong
SKIPPED_PARTS = {"tests", "migrations"}
NOT_APPS = {"bench", "tests", "locale", "static", "templates", "data"}

# Bottom to top. Apps on one line form a layer: they may not import each other either.
LAYERS: list[set[str]] = [
    {"core", "matching"},
    {"audit"},
    {"notifications"},
    {"taxonomy"},
    {"accounts"},
    {"org"},
    {"sim"},
    {"workers", "employers"},
    {"jobs"},
    {"engagements"},
    {"contracts", "insurance"},
    {"settlement"},
    {"ratings"},
    {"workflow"},
    {"skills"},
    {"recruit"},
    {"disputes"},
    {"mediation"},
    {"arbitration"},
    {"legal"},
    {"live", "fairs"},
    {"training", "housekeeping"},
    {"rights"},
    {"stats"},
    {"reports"},
    {"simulation"},
    {"staff"},
    {"ops"},
    {"demo"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# An import inside a function needs a reason written next to it (a comment on the line or just above).
# Each entry is (file, imported module); the reasons are in the code.
INNER_IMPORTS_WITH_A_REASON = {
    ("ratings/apps.py", "lingong.engagements.signals"),  # AppConfig.ready: connect once models are loaded
    ("settlement/apps.py", "lingong.jobs.guards"),  # AppConfig.ready: register the arrears guard
    ("disputes/apps.py", "lingong.settlement.models"),  # AppConfig.ready: paid arrears close complaints
    ("arbitration/apps.py", "lingong.disputes.report_sections"),  # AppConfig.ready: report section
    # issue 13 hk-dispatch: AppConfig.ready: the booking follows its engagement (post_save)
    ("housekeeping/apps.py", "lingong.engagements.models"),
}


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    source: str
    target: str
    module: str
    in_function: bool


def app_dirs() -> set[str]:
    return {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_APPS
    }


def imports() -> Iterator[Import]:
    apps = app_dirs()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or rel.parts[0] not in apps or SKIPPED_PARTS & set(rel.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        inner = {id(m) for f in functions for m in ast.walk(f) if isinstance(m, ast.Import | ast.ImportFrom)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if (
                    len(parts) >= 2
                    and parts[0] == "lingong"
                    and parts[1] in apps
                    and parts[1] != rel.parts[0]
                ):
                    yield Import(str(rel), node.lineno, rel.parts[0], parts[1], module, id(node) in inner)


def test_every_app_has_a_layer() -> None:
    assert sorted(app_dirs() - set(LEVEL)) == [], "place the new app in LAYERS (and docs/architecture.md)"


def test_apps_import_only_apps_below_them() -> None:
    upward = [
        f"{i.file}:{i.line} {i.source} -> {i.target} ({i.module})"
        for i in imports()
        if LEVEL.get(i.target, -1) >= LEVEL.get(i.source, len(LAYERS))
    ]
    assert upward == []


def test_no_two_apps_import_each_other_in_a_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for i in imports():
        edges.setdefault(i.source, set()).add(i.target)
    assert find_cycle(edges) is None


def test_imports_inside_functions_say_why() -> None:
    unexplained = sorted(
        (i.file, i.module)
        for i in imports()
        if i.in_function and (i.file, i.module) not in INNER_IMPORTS_WITH_A_REASON
    )
    assert unexplained == []
    stale = INNER_IMPORTS_WITH_A_REASON - {(i.file, i.module) for i in imports() if i.in_function}
    assert stale == set(), "remove entries whose import is gone"


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the graph (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected: list[str] | None) -> None:
    assert find_cycle(edges) == expected


def test_the_scan_sees_imports_inside_functions() -> None:
    found = {(i.file, i.module) for i in imports() if i.in_function}
    assert ("ratings/apps.py", "lingong.engagements.signals") in found  # a known one, inside ready()
