"""``manage.py restore PATH``: load a backup made by ``manage.py backup`` into the configured database, then
verify every audit chain (a restore that does not verify exits non-zero)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lingong.ops.backup import BackupError, database_is_empty, restore


class Command(BaseCommand):
    help = "Restore the database from PATH (made by manage.py backup), then verify the audit chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a database that already has tables (its data is lost)",
        )

    def handle(self, *args: Any, path: Path, replace: bool, **options: Any) -> None:
        if not database_is_empty() and not replace:
            raise CommandError("The database is not empty: add --replace to overwrite it with the backup.")
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        out = StringIO()
        call_command("audit_verify", stdout=out)  # raises CommandError naming a broken chain
        self.stdout.write(f"Restored from {path}. {out.getvalue().strip()}")
