"""One audit chain per market: interleaved writes verify per chain, tampering is reported for its chain."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lingong.audit import trail
from lingong.audit.models import GENESIS_HASH, PLATFORM_CHAIN, AuditEntry, AuditHead
from lingong.org.models import Division, Market


def market(code: str, division: str = "130302") -> Market:
    d = Division.objects.get(code=division)
    return Market.objects.create(
        code=code, name=f"{code}市场", address="地址", division=d, lat=d.lat, lon=d.lon
    )


@pytest.fixture
def two(db: Any) -> tuple[Market, Market]:
    return market("chain-a", "130202"), market("chain-b")


def test_interleaved_writes_of_two_markets_each_verify(two: tuple[Market, Market]) -> None:
    a, b = two
    for i in range(5):
        trail.record(action="test.a", obj=a, data={"i": i})
        trail.record(action="test.b", object_type="x", object_id=str(i), market=b)
        trail.record(action="test.platform", object_type="x", object_id=str(i))
    for chain in (a.pk, b.pk, PLATFORM_CHAIN):
        seqs = list(AuditEntry.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True))
        assert seqs[-5:] == list(range(len(seqs) - 4, len(seqs) + 1))
        assert trail.verify_chain(chain) is None
    assert trail.verify_chain() is None
    # Structurally apart: each market has its own head row to lock.
    heads = {h.id: h for h in AuditHead.objects.filter(id__in=[a.pk, b.pk])}
    assert set(heads) == {a.pk, b.pk}
    assert heads[a.pk].last_seq == AuditEntry.objects.filter(chain=a.pk).count()
    first_b = AuditEntry.objects.get(chain=b.pk, seq=1)
    assert first_b.prev_hash == GENESIS_HASH


def test_the_chain_follows_the_object_then_the_actor(cast: Any) -> None:
    entry = trail.record(action="test.actor", object_type="x", object_id="1", actor=cast.station_staff)
    assert entry.chain == cast.market.pk
    entry = trail.record(action="test.obj", obj=cast.station)
    assert entry.chain == cast.market.pk
    assert trail.record(action="test.none", object_type="x", object_id="1").chain == PLATFORM_CHAIN


def test_tampering_in_one_chain_is_reported_for_that_chain(two: tuple[Market, Market]) -> None:
    a, b = two
    for i in range(3):
        trail.record(action="test.a", obj=a, data={"i": i})
        trail.record(action="test.b", obj=b, data={"i": i})
    AuditEntry.objects.filter(chain=b.pk, seq=2).update(data={"i": 99})
    assert trail.verify_chain(a.pk) is None
    problem = trail.verify_chain(b.pk)
    assert problem is not None and (problem.chain, problem.seq, problem.reason) == (b.pk, 2, "altered")
    results = trail.verify_all()
    assert results[a.pk] is None and results[b.pk] == problem
    err = StringIO()
    with pytest.raises(CommandError, match=f"Audit chain {b.pk} broken at entry #2: altered"):
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    assert f"Audit chain {b.pk} broken" in err.getvalue()


def test_an_entry_moved_to_another_chain_no_longer_verifies(two: tuple[Market, Market]) -> None:
    a, b = two
    trail.record(action="test.a", obj=a)
    trail.record(action="test.b", obj=b)
    # Relabel b's only entry as a's second one, keeping its hash and the link: the chain id is sealed.
    moved = AuditEntry.objects.get(chain=b.pk)
    first_a = AuditEntry.objects.get(chain=a.pk)
    AuditEntry.objects.filter(pk=moved.pk).update(chain=a.pk, seq=2, prev_hash=first_a.entry_hash)
    moved.refresh_from_db()
    assert trail.compute_hash(moved) != moved.entry_hash


def test_platform_chain_hashes_are_the_pre_chain_format(db: Any) -> None:
    """Entries written before chains existed are in the platform chain and still verify: its payload has no
    "chain" key, exactly as the single chain's had."""
    entry = trail.record(action="test.legacy", object_type="x", object_id="1", data={"k": "v"})
    payload = json.loads(trail._canonical(entry))
    assert "chain" not in payload
    assert set(payload) == {
        "seq", "created_at", "actor_label", "action", "object_type", "object_id", "data", "result",
        "prev_hash",
    }  # fmt: skip
    assert trail.verify_chain(PLATFORM_CHAIN) is None
