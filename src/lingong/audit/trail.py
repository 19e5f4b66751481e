"""Append-only, hash-chained audit trail (全程留痕): append an entry, verify the chains.

One chain per market (plus the platform chain, 0, for entries that belong to no market), each with its own
head row, so writes in two markets never wait on one lock. ``record`` picks the chain from an explicit
``market``, else the object's ``market_id``, else the acting user's market, else the platform chain.

Hashing across the change to per-market chains: every entry written before it is in the platform chain, and
the platform chain's canonical payload is exactly the old one (no "chain" key), so those hashes still verify
without re-sealing anything. Market chains add ``"chain": <id>`` to the payload, so an entry copied or moved
into another chain no longer matches its hash. (Re-sealing old entries was rejected: a trail that is rewritten
when the software changes proves less than one that never is.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from lingong.audit.models import GENESIS_HASH, PLATFORM_CHAIN, AuditEntry, AuditHead


def _canonical(entry: AuditEntry) -> bytes:
    payload: dict[str, Any] = {
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
    if entry.chain != PLATFORM_CHAIN:
        payload["chain"] = entry.chain
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def chain_of(obj: Model | None = None, actor: Any = None, market: Any = None) -> int:
    """The chain an entry belongs to: the explicit market, the object's market, the actor's, or none."""
    if market is not None:
        return int(market if isinstance(market, int) else market.pk)
    market_id = getattr(obj, "market_id", None)
    if market_id is None and obj is not None and obj._meta.label_lower == "org.market":
        market_id = obj.pk
    if market_id is None and getattr(actor, "is_authenticated", False):
        market_id = getattr(actor, "market_id", None)
    return int(market_id) if market_id else PLATFORM_CHAIN


def record(
    *,
    action: str,
    obj: Model | None = None,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    result: str = "ok",
    market: Any = None,
) -> AuditEntry:
    """Append one entry to its market's chain. Must be called inside the transaction that made the change.

    ``market`` (a Market or its id) names the chain when neither the object nor the actor carries it.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    chain = chain_of(obj, actor, market)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=chain)
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            chain=chain,
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
    chain: int = PLATFORM_CHAIN


def chains() -> list[int]:
    """Every chain that has a head or an entry."""
    ids = set(AuditHead.objects.values_list("id", flat=True))
    ids |= set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    return sorted(ids)


def verify_chain(chain: int | None = None, batch_size: int = 5000) -> ChainProblem | None:
    """Walk one chain (all chains when None) in order; return the first altered, missing or reordered
    entry, or None."""
    if chain is None:
        for one in chains():
            problem = verify_chain(one, batch_size)
            if problem is not None:
                return problem
        return None
    expected_prev = GENESIS_HASH
    expected_seq = 1
    entries = AuditEntry.objects.filter(chain=chain).order_by("seq")
    for entry in entries.iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            return ChainProblem(expected_seq, "missing", chain)
        if entry.prev_hash != expected_prev:
            return ChainProblem(
                entry.seq, "broken link (entry removed, reordered or altered before it)", chain
            )
        if compute_hash(entry) != entry.entry_hash:
            return ChainProblem(entry.seq, "altered", chain)
        expected_prev = entry.entry_hash
        expected_seq += 1
    head = AuditHead.objects.filter(id=chain).first()
    if head is not None and head.last_seq != expected_seq - 1:
        return ChainProblem(expected_seq, "missing (chain is shorter than its head records)", chain)
    return None


def verify_all(batch_size: int = 5000) -> dict[int, ChainProblem | None]:
    """Each chain and its first problem (None when intact)."""
    return {chain: verify_chain(chain, batch_size) for chain in chains()}
