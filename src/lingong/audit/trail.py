"""Append-only, hash-chained audit trail (全程留痕): append an entry, verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from lingong.audit.models import GENESIS_HASH, AuditEntry, AuditHead


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        # The actor's FK may be nulled when an account is deleted (PIPL); the label is what is sealed.
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
        "result": entry.result,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def record(
    *,
    action: str,
    obj: Model | None = None,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    result: str = "ok",
) -> AuditEntry:
    """Append one entry. Must be called inside the transaction that made the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor=actor_obj,
            actor_label=f"user:{actor_obj.pk}:{actor_obj.role}" if actor_obj else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=json.loads(json.dumps(data or {}, default=str)),
            result=result,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
        head.last_seq = entry.seq
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(batch_size: int = 5000) -> ChainProblem | None:
    """Walk the chain in order; return the first altered, missing or reordered entry, or None."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            return ChainProblem(expected_seq, "missing")
        if entry.prev_hash != expected_prev:
            return ChainProblem(entry.seq, "broken link (entry removed, reordered or altered before it)")
        if compute_hash(entry) != entry.entry_hash:
            return ChainProblem(entry.seq, "altered")
        expected_prev = entry.entry_hash
        expected_seq += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.last_seq != expected_seq - 1:
        return ChainProblem(expected_seq, "missing (chain is shorter than its head records)")
    return None
