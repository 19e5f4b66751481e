"""No code writes a status field except ``audit/lifecycle.py`` (``Lifecycle.advance`` / ``advance_many``).

An AST scan over ``src/lingong`` (tests, migrations, benchmarks and the demo data builder are skipped)
finds assignments to a status field (``obj.status = ...``, ``setattr(obj, "status", ...)``) and bulk
writes (``.update(status=...)``, ``bulk_update(..., ["status"])``). Creating a row with its initial
status (``Model(status=...)``, ``objects.create(status=...)``) is allowed.

The status fields are read from the models: fields named ``status`` or ``*_status``, fields whose
choices are a ``*Status`` class, and ``Shift.confirmation``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[2]  # src/lingong
SKIPPED_DIRS = {"tests", "migrations", "bench", "demo"}
SKIPPED_FILES = {"audit/lifecycle.py"}
EXTRA_FIELDS = {("Shift", "confirmation")}  # a status in all but name (its choices are Confirmation)

# Direct status writes still allowed: (file under src/lingong, field). Empty: every stateful model changes
# status through its Lifecycle table. Keep it empty; the scan also fails on an entry that no longer occurs.
ALLOWLIST: set[tuple[str, str]] = set()


def status_fields() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("lingong."):
            continue
        module = vars(sys.modules[model.__module__])
        status_choices = [
            list(c.choices)
            for n, c in module.items()
            if isinstance(c, type) and issubclass(c, models.Choices) and n.endswith("Status")
        ]
        for field in model._meta.concrete_fields:
            if (
                field.name == "status"
                or field.name.endswith("_status")
                or (field.choices and list(field.choices) in status_choices)
                or (model.__name__, field.name) in EXTRA_FIELDS
            ):
                names.add(field.name)
    return names


def scanned_files() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if SKIPPED_DIRS & set(relative.split("/")[:-1]) or relative in SKIPPED_FILES:
            continue
        yield relative, path


def _constant_strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [s for element in node.elts for s in _constant_strings(element)]
    return []


def _targets(node: ast.AST) -> Iterator[ast.AST]:
    if isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            yield from _targets(element)
    else:
        yield node


def writes(tree: ast.AST, fields: set[str]) -> Iterator[tuple[int, str, str]]:
    """(line, field, what) for every direct write of a status field."""
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in _targets(target)]
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in fields:
                yield node.lineno, target.attr, f"assigns .{target.attr}"
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "update":
            for keyword in node.keywords:
                if keyword.arg in fields:
                    yield node.lineno, keyword.arg, f".update({keyword.arg}=...)"
        elif name == "setattr" and len(node.args) >= 2:
            for field in set(_constant_strings(node.args[1])) & fields:
                yield node.lineno, field, f'setattr(..., "{field}", ...)'
        elif name == "bulk_update":
            chosen = node.args[1:2] + [k.value for k in node.keywords if k.arg == "fields"]
            for field in {s for arg in chosen for s in _constant_strings(arg)} & fields:
                yield node.lineno, field, f'bulk_update(..., ["{field}"])'


def findings() -> list[tuple[str, int, str, str]]:
    fields = status_fields()
    found = []
    for relative, path in scanned_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [(relative, line, field, what) for line, field, what in writes(tree, fields)]
    return sorted(found)


def test_the_status_fields_come_from_the_models() -> None:
    fields = status_fields()
    assert {"status", "confirmation"} <= fields
    assert all(f == "status" or f.endswith("_status") or f == "confirmation" for f in fields), fields


def test_the_scan_reads_the_source_tree_without_tests_and_demo_data() -> None:
    files = {relative for relative, _path in scanned_files()}
    assert {"notifications/services.py", "employers/services.py", "conftest.py"} <= files
    assert "settlement/services/payments.py" in files  # modules of a package below an app are read too
    assert "audit/lifecycle.py" not in files and "core/demo.py" not in files
    assert not [f for f in files if f.split("/")[0] == "bench" or "/tests/" in f or "/migrations/" in f]


def test_no_status_field_is_written_outside_the_lifecycle_helper() -> None:
    new = [f for f in findings() if (f[0], f[2]) not in ALLOWLIST]
    assert not new, "Write status fields through Lifecycle.advance / advance_many:\n" + "\n".join(
        f"  {file}:{line}: {what}" for file, line, _field, what in new
    )


def test_the_allowlist_only_shrinks() -> None:
    still = {(file, field) for file, _line, field, _what in findings()}
    gone = sorted(ALLOWLIST - still)
    assert not gone, f"Converted: remove from ALLOWLIST in {Path(__file__).name}: {gone}"


def test_the_scan_sees_each_kind_of_write() -> None:
    source = """
obj.status = "x"
a.b, obj.verification_status = 1, "y"
setattr(obj, "confirmation", "z")
Shift.objects.filter(pk=1).update(status="x", note="n")
Shift.objects.bulk_update(shifts, ["confirmation", "note"])
Shift.objects.create(status="x")
Shift(status="x")
status = "fine"
"""
    found = sorted(writes(ast.parse(source), {"status", "verification_status", "confirmation"}))
    assert found == [
        (2, "status", "assigns .status"),
        (3, "verification_status", "assigns .verification_status"),
        (4, "confirmation", 'setattr(..., "confirmation", ...)'),
        (5, "status", ".update(status=...)"),
        (6, "confirmation", 'bulk_update(..., ["confirmation"])'),
    ]
