"""Back up and restore the platform's database: the SQLite backup API (an online, consistent copy) or
pg_dump / pg_restore (custom format). ``manage.py backup PATH`` and ``manage.py restore PATH``."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

PG_TIMEOUT_SECONDS = 3600


class BackupError(RuntimeError):
    pass


def _pg_env_and_args(db: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres")]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    binary = shutil.which(command[0])
    if binary is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(  # noqa: S603 - a PostgreSQL client with our own arguments
        [binary, *command[1:]], env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_SECONDS
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def backup(path: Path) -> int:
    """Write a consistent copy of the configured database to ``path``; returns its size in bytes."""
    db = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # pages copied under SQLite's own locking: consistent
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(path), str(db["NAME"])], env)
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return path.stat().st_size


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(path: Path) -> None:
    """Replace the configured database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # no session of ours holds a lock on what pg_restore drops
        env, args = _pg_env_and_args(db)
        command = ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
        _run([*command, "--dbname", str(db["NAME"]), str(path)], env)
    else:
        raise BackupError(f"no restore for {connection.vendor}")
