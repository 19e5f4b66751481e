from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_all


class Command(BaseCommand):
    help = "Verify every hash-chained audit chain (one per market); exit non-zero naming each bad entry."

    def handle(self, *args: Any, **options: Any) -> None:
        results = verify_all()
        broken = {chain: problem for chain, problem in results.items() if problem is not None}
        for chain, problem in broken.items():
            self.stderr.write(f"Audit chain {chain} broken at entry #{problem.seq}: {problem.reason}")
        if broken:
            chain, problem = next(iter(broken.items()))
            more = f" ({len(broken) - 1} more chains broken)" if len(broken) > 1 else ""
            raise CommandError(f"Audit chain {chain} broken at entry #{problem.seq}: {problem.reason}{more}")
        self.stdout.write(
            f"Audit chains intact: {len(results)} chains, {AuditEntry.objects.count()} entries."
        )
