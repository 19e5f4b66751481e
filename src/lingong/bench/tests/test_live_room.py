"""The pure parts of the live-room fan-out benchmark (lingong.bench.live_room): refs, the commenting
schedule, argument checks, message classification, the delivery arithmetic and the report. The benchmark
itself is a script (docs/benchmarks.md), not a test."""

from __future__ import annotations

import argparse
import itertools
import json
import re
from types import SimpleNamespace

import numpy as np
import pytest

from lingong.bench import live, live_room
from lingong.bench import wsframes as ws
from lingong.live.intent import is_signup_intent


def args(**overrides):
    values = {"viewers": 2000, "rate": 50.0, "commenters": 100, "duration": 30.0, "clients": 2, "workers": 1}
    return argparse.Namespace(**{**values, **overrides})


def test_ref_round_trip_and_length():
    sent = 1796432000.123456
    ref = live_room.make_ref(1499, sent)
    assert ref == "b1499:1796432000.1235"
    n, back = live_room.parse_ref(ref)
    assert n == 1499 and back == pytest.approx(sent, abs=1e-4)
    assert len(live_room.make_ref(10**7, sent)) <= live_room.MAX_REF
    assert live_room.parse_ref("client-7") is None
    assert live_room.parse_ref("b12:") is None


def test_comment_frame_is_the_room_protocol():
    frame = live_room.comment_frame(7, 1796432000.5, key=b"\x00\x00\x00\x00")
    body = json.loads(frame[6:].decode())  # 2 header bytes + a zero mask
    assert body == {"action": "comment", "text": live_room.comment_text(7), "ref": "b7:1796432000.5000"}


@pytest.mark.parametrize("text", live_room.TEXTS)
def test_bench_comments_are_not_signup_intents(text):
    assert not is_signup_intent(text)
    assert not any(ch.isdigit() for ch in text)  # nothing a phone-number mask could change


def test_classify_compact_and_spaced_json():
    compact = json.dumps(
        {"type": "comment", "id": 5, "nick": "观众0001", "text": "主播好", "host": False, "job": None,
         "ref": "b3:1796432000.2500", "at": "2026-12-05T08:00:00+08:00"},
        ensure_ascii=False, separators=(",", ":"),
    ).encode()  # fmt: skip
    assert live_room.classify(compact) == ("comment", (3, 1796432000.25), "")
    spaced = json.dumps({"type": "ack", "ref": "b4:1796432000.5000", "id": 9}).encode()
    assert live_room.classify(spaced) == ("ack", (4, 1796432000.5), "")
    error = json.dumps({"type": "error", "code": "rate_limited", "message": "太快了", "ref": "b5:1.0"})
    assert live_room.classify(error.encode()) == ("error", (5, 1.0), "rate_limited")
    assert live_room.classify(b'{"type":"viewers","count":2000}') == ("viewers", None, "")
    assert live_room.classify(b'{"type":"comment","id":1,"ref":""}') == ("comment", None, "")


def test_schedule_sends_every_comment_once_at_its_time():
    total, rate, commenters, clients = 1500, 50.0, 100, 3
    plans = [live_room.schedule(total, rate, commenters, clients, p) for p in range(clients)]
    numbers = sorted(n for plan in plans for n, _, _ in plan)
    assert numbers == list(range(total))
    per_commenter: dict[tuple[int, int], list[float]] = {}
    for p, plan in enumerate(plans):
        offsets = [offset for _, offset, _ in plan]
        assert offsets == sorted(offsets)
        for n, offset, local in plan:
            assert offset == pytest.approx(n / rate)
            assert live_room.commenter_owner(n % commenters, clients) == (p, local)
            per_commenter.setdefault((p, local), []).append(offset)
    assert len(per_commenter) == commenters
    gaps = {round(b - a, 6) for times in per_commenter.values() for a, b in itertools.pairwise(times)}
    assert gaps == {commenters / rate}  # 2 s apart: under the room's 1 comment a second


def test_shares():
    assert live_room.shares(2000, 3) == [667, 667, 666]
    assert sum(live_room.shares(7, 7)) == 7


def test_validate():
    assert live_room.validate(args()) == []
    assert live_room.validate(args(commenters=60)) == []
    assert "limit" in live_room.validate(args(commenters=40))[0]
    assert live_room.validate(args(viewers=50, commenters=60))
    assert live_room.validate(args(viewers=3, clients=2, commenters=3, rate=2.0)) == []
    assert live_room.validate(args(rate=0))
    assert live_room.validate(args(duration=10**9, rate=10**9))  # refs too long


def test_latency_summary():
    values = np.arange(1, 101, dtype=np.float32)
    summary = live_room.latency_summary(values)
    assert summary["p50_ms"] == 50.5
    assert summary["p99_ms"] == pytest.approx(99.0, abs=0.1)
    assert summary["max_ms"] == 100.0
    assert live_room.latency_summary(np.array([], dtype=np.float32))["p99_ms"] is None


def part(**kw):
    return live_room.Part(**kw)


def test_aggregate_counts_lost_pairs_against_acknowledged_comments():
    # 4 comments; 0, 1 and 3 acknowledged, 2 refused. 3 viewers in all.
    a = part(connected=2, sent=2, acks={0: 10.0, 1: 30.0}, counts=[2, 1, 0, 0], per_viewer_min=0)
    b = part(
        connected=1,
        failed=1,
        failures={"BenchError: HTTP 403": 1},
        sent=2,
        acks={3: 20.0},
        errors={"rate_limited": 1},
        error_refs=[2],
        counts=[1, 1, 1, 1],
        duplicates=2,
        per_viewer_min=3,
    )
    out = live_room.aggregate([a, b], total=4)
    assert out["connected"] == 3 and out["connect_failures"] == 1
    assert out["acked"] == 3 and out["refused"] == 1 and out["unanswered"] == 0
    assert out["expected"] == 9
    assert out["received"] == 3 + 2 + 1  # comments 0, 1 and 3
    assert out["lost"] == 3
    assert out["received_unacked"] == 1  # comment 2 reached one viewer without an ack
    assert out["errors"] == {"rate_limited": 1} and out["duplicates"] == 2
    assert out["failures"] == {"BenchError: HTTP 403": 1}
    assert out["per_viewer_min_received"] == 0
    assert out["ack"]["max_ms"] == 30.0


def test_part_survives_its_files(tmp_path):
    p = part(connected=3, acks={5: 1.5}, errors={"muted": 2}, error_refs=[1], counts=[0, 3, 1])
    path = tmp_path / "viewers-0.bin"
    (tmp_path / "viewers-0.bin.json").write_text(json.dumps(p.to_json()))
    import array

    (tmp_path / "viewers-0.bin.counts").write_bytes(array.array("I", p.counts).tobytes())
    assert live_room.read_part(path) == p


def test_generator_measures_each_viewer_and_comment_once():
    gen = live_room.Generator(SimpleNamespace(port=1, rate=2.0, duration=2.0), tokens=[])
    viewers = [SimpleNamespace(seen=bytearray(gen.total), received=0) for _ in range(2)]

    def comment(n, sent):
        return json.dumps(
            {"type": "comment", "id": n, "text": "主播好", "ref": live_room.make_ref(n, sent)}
        ).encode()

    gen.message(viewers[0], comment(0, 100.0), 100.25)
    gen.message(viewers[1], comment(0, 100.0), 100.5)
    gen.message(viewers[1], comment(0, 100.0), 100.75)  # a duplicate
    gen.message(viewers[0], comment(9, 100.0), 101.0)  # not one of this run's
    gen.message(viewers[0], b'{"type":"comment","id":1,"ref":"","text":"x"}', 101.0)  # a person's
    gen.message(viewers[0], json.dumps({"type": "ack", "ref": "b1:100.0000", "id": 3}).encode(), 100.125)
    gen.message(viewers[0], b'{"type":"error","code":"muted","ref":"b2:100.0"}', 100.0)
    gen.message(viewers[0], b'{"type":"pin","card":{}}', 100.0)
    assert gen.part.counts == [2, 0, 0, 0]
    assert [round(x) for x in gen.latencies] == [250, 500]
    assert gen.part.duplicates == 1 and gen.part.foreign_comments == 2
    assert gen.part.acks == {1: 125.0}
    assert gen.part.errors == {"muted": 1} and gen.part.error_refs == [2]
    assert gen.part.other_messages == 1
    assert [v.received for v in viewers] == [1, 1]


def test_table_has_the_figures():
    delivery = live_room.aggregate([part(connected=2, sent=1, acks={0: 4.0}, counts=[2])], total=1)
    result = {
        "viewers": 2,
        "commenters": 1,
        "server_workers": 1,
        "viewer_processes": 1,
        "rate_per_s": 1.0,
        "latency": live_room.latency_summary(np.array([10.0, 20.0], dtype=np.float32)),
        "delivery": delivery,
        "deliveries_per_s": 2.0,
        "server_memory": {"peak_rss_total_mb": 250.0, "processes": [{"peak_rss_mb": 250.0}]},
        "cpu_s": {"server": 1.0, "viewers": 0.5, "window_s": 7.5},
        "load_average": {"before": [0.1], "after": [0.2]},
    }
    text = live_room.table(result)
    assert re.search(r"comment-to-viewer p50 / p90 / p99 / max ms +15.0 / 19.0 / 19.9 / 20.0\n", text)
    assert "pairs expected / received" in text and "2 / 2" in text
    assert re.search(r"CPU s server / load generator \(window s\) +1.0 / 0.5 \(7.5\)\n", text)


def test_live_dispatches_room(monkeypatch):
    seen = {}
    monkeypatch.setattr(live_room, "main", lambda argv: seen.setdefault("argv", argv) and 0)
    live.main(["--viewers", "5", "--room", "--rate", "2"])
    assert seen["argv"] == ["--viewers", "5", "--rate", "2"]


def test_server_frames_from_the_generator_side_are_parsed_by_the_codec():
    payload = json.dumps({"type": "ack", "ref": "b0:1.0000", "id": 1}).encode()
    assert ws.FrameParser().feed(ws.server_frame(payload)) == [(ws.OP_TEXT, payload)]
