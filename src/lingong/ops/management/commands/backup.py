"""``manage.py backup PATH``: a consistent copy of the database (SQLite backup API or pg_dump -Fc)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lingong.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the configured database to PATH (restore it with manage.py restore PATH)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            size = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up to {path} ({size / 1_000_000:.1f} MB).")
