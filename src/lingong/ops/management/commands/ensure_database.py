"""Create the configured PostgreSQL database if it does not exist yet (``scripts/serve --prod``).

Connects to the server's ``postgres`` maintenance database with the same user, host and port; SQLite
needs nothing (the file is created on first use).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named by DATABASE_URL when it is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("SQLite: nothing to create.")
            return
        import psycopg  # PostgreSQL only
        from psycopg import sql

        params: dict[str, Any] = {
            "dbname": "postgres",
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "connect_timeout": 5,
        }
        try:
            with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
                if exists:
                    self.stdout.write(f"Database {db['NAME']} exists.")
                    return
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        except psycopg.Error as exc:
            raise CommandError(f"PostgreSQL at {db.get('HOST')}:{db.get('PORT')} refused: {exc}") from exc
        self.stdout.write(f"Database {db['NAME']} created.")
