"""The audit listener: every counted state change adds its delta in its own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lingong.audit.models import AuditEntry
from lingong.stats import counters, live


@receiver(post_save, sender=AuditEntry, dispatch_uid="stats_count_audit_entry")
def count_audit_entry(
    sender: Any, instance: AuditEntry, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw or instance.action not in counters.COUNTED_ACTIONS:
        return
    fact = counters.fact_for(instance)
    if fact is None:
        return
    counters.record_fact(fact)
    live.on_fact(fact)
