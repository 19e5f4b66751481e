"""A row lock takes only the rows its transaction changes.

On PostgreSQL ``select_for_update()`` without ``of`` locks a row of every table in the query: the rows
``select_related`` joins and the rows a filter across a relation joins. A transition that locks its
application and, with it, the employer's enterprise row blocks every other transaction that checks a foreign
key to that row at commit; with the audit chain's head row in between, the write mix deadlocked this way
(docs/benchmarks.md, "the write mix"). The scan below finds every ``select_for_update()`` chained with
``select_related()`` or a filter across a relation, and requires ``of=(...)`` naming what it means to lock.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # src/lingong
# Lookups that do not join another table: "created_at__lt" is a column and a comparison.
COLUMN_LOOKUPS = {"lt", "lte", "gt", "gte", "in", "isnull", "exact", "iexact", "range", "date", "year"}
QUERY_METHODS = {"filter", "exclude", "get", "order_by"}


def _chain(call: ast.Call) -> list[ast.Call]:
    calls: list[ast.Call] = []
    node: ast.expr = call
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls


def _joins(calls: list[ast.Call]) -> bool:
    for call in calls:
        assert isinstance(call.func, ast.Attribute)
        if call.func.attr == "select_related":
            return True
        if call.func.attr in QUERY_METHODS:
            for keyword in call.keywords:
                parts = (keyword.arg or "").split("__")
                if len(parts) > 2 or (len(parts) == 2 and parts[1] not in COLUMN_LOOKUPS):
                    return True
    return False


def unscoped_locks(source: str) -> set[int]:
    """Lines of ``select_for_update()`` without ``of`` in a query that joins other tables."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        calls = _chain(node)
        if not _joins(calls):
            continue
        for call in calls:
            assert isinstance(call.func, ast.Attribute)
            if call.func.attr == "select_for_update" and not any(k.arg == "of" for k in call.keywords):
                found.add(call.lineno)
    return found


def test_every_lock_on_a_joined_query_names_its_rows():
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.relative_to(ROOT).parts
        for line in sorted(unscoped_locks(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "select_for_update() without of= on a joined query: " + ", ".join(offenders)


def test_the_scan_finds_joined_locks_and_passes_scoped_ones():
    assert unscoped_locks("A.objects.select_for_update().select_related('b').get(pk=1)") == {1}
    assert unscoped_locks("A.objects.select_related('b').select_for_update().first()") == {1}
    assert unscoped_locks("A.objects.select_for_update().filter(b__c=1)") == {1}
    assert unscoped_locks("A.objects.select_for_update().filter(b__market__id=1)") == {1}
    assert unscoped_locks("A.objects.select_for_update(of=('self',)).select_related('b').get(pk=1)") == set()
    assert unscoped_locks("A.objects.select_for_update().filter(pk=1, created_at__lt=2)") == set()
    assert unscoped_locks("A.objects.select_for_update().get(pk=1)") == set()
