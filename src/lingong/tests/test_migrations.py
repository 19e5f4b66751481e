"""The migrations build the schema the models describe.

The test databases are built from the models (``TEST["MIGRATE"]`` is off in settings: replaying the
migrations cost every test process 45 s). So the migrations are run here instead, once per database
kind: ``manage.py migrate`` on an empty database, as a fresh install does, and then its schema is
compared with the test database's, table by table: columns (type, size, null), keys, indexes, unique
and check constraints. A migration that fails on an empty database, or that leaves a column, index or
constraint different from the model's (a hand-written ``RunSQL``, a forgotten ``AlterField``), fails here.
``makemigrations --check`` (run by CI's lint) covers the other direction: models changed without a migration.
"""

from __future__ import annotations

import json
import pprint
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from lingong.ops.tests.servers import ROOT, empty_database, server_env


@pytest.fixture
def migrated_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the test database's kind, brought up to date by ``manage.py migrate``."""
    with empty_database(tmp_path, "migrated") as url:
        _migrate(url, tmp_path)
        yield url


def _child(args: list[str], url: str, tmp_path: Path) -> str:
    """Run our interpreter with ``args`` against the database at ``url``; its output (it must succeed)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**server_env(tmp_path, DATABASE_URL=url), "DJANGO_SETTINGS_MODULE": "lingong.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _migrate(url: str, tmp_path: Path) -> None:
    _child(["manage.py", "migrate", "--noinput"], url, tmp_path)


# Differences that come from Django itself. Its auth migrations create the group-permission link table
# with a bigint id on PostgreSQL, while the model (auth keeps AutoField) says integer; harmless either way.
DJANGOS_OWN = {("auth_group_permissions", "id")}


def _schema_of(url: str, tmp_path: Path) -> dict[str, Any]:
    """``schema`` of the database at ``url``, read by a child process (the test process may only touch
    its test database)."""
    code = (
        "import json, django; django.setup(); from django.db import connection; "
        "from lingong.tests.test_migrations import schema; print(json.dumps(schema(connection)))"
    )
    return dict(json.loads(_child(["-c", code], url, tmp_path)))


def schema(conn: BaseDatabaseWrapper) -> dict[str, Any]:
    """Every table's columns and constraints, by what they do rather than by name (a constraint's name
    depends on the order its table was built in)."""
    described: dict[str, Any] = {}
    with conn.cursor() as cursor:
        tables = sorted(
            t.name
            for t in conn.introspection.get_table_list(cursor)
            if t.type == "t" and t.name != "django_migrations"  # migrate's own record
        )
        for table in tables:
            columns = {
                c.name: (str(c.type_code), c.internal_size, c.precision, c.scale, c.null_ok, c.default)
                for c in conn.introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                (
                    tuple(info["columns"] or ()),
                    bool(info["primary_key"]),
                    bool(info["unique"]),
                    tuple(info["foreign_key"] or ()),
                    bool(info["check"]),
                    bool(info["index"]),
                    str(info.get("type") or ""),
                    tuple(info.get("orders") or ()),
                )
                for info in conn.introspection.get_constraints(cursor, table).values()
            )
            described[table] = {"columns": columns, "constraints": constraints}
    return described


def test_the_migrations_build_the_schema_the_models_describe(
    db: Any, migrated_url: str, tmp_path: Path
) -> None:
    from_models = schema(connection)
    from_models = json.loads(json.dumps(from_models))  # tuples as lists, as the child sends them
    from_migrations = _schema_of(migrated_url, tmp_path)

    assert len(from_models) > 90  # every app's tables, not an empty database
    assert sorted(from_migrations) == sorted(from_models)
    for table, column in DJANGOS_OWN:
        from_migrations[table]["columns"].pop(column, None)
        from_models[table]["columns"].pop(column, None)
    differences = {
        table: _difference(from_migrations[table], from_models[table])
        for table in from_models
        if from_migrations[table] != from_models[table]
    }
    shown = pprint.pformat(differences, width=110)
    assert differences == {}, (
        f"the migrations build another schema than the models (migrations, models):\n{shown}"
    )


def _difference(migrated: dict[str, Any], modelled: dict[str, Any]) -> dict[str, Any]:
    """Only what differs: the columns, and the constraints only one side has."""
    columns = {
        name: (migrated["columns"].get(name), modelled["columns"].get(name))
        for name in migrated["columns"].keys() | modelled["columns"].keys()
        if migrated["columns"].get(name) != modelled["columns"].get(name)
    }
    constraints = (
        [c for c in migrated["constraints"] if c not in modelled["constraints"]],
        [c for c in modelled["constraints"] if c not in migrated["constraints"]],
    )
    return {"columns": columns, "constraints": constraints}
