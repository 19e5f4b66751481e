from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain


class Command(BaseCommand):
    help = "Verify the hash-chained audit trail; exit non-zero naming the first bad entry."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Audit chain broken at entry #{problem.seq}: {problem.reason}")
        self.stdout.write(f"Audit chain intact: {AuditEntry.objects.count()} entries.")
