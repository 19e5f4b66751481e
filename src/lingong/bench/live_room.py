"""Live-room fan-out: N viewers of one live room (直播带岗), M of them commenting (issue 12).

    python -m lingong.bench.live --room --viewers 2000 --rate 50 --duration 30 --json /tmp/room.json \\
        [--workers 2] [--commenters 100] [--clients 2]

One run:

1. prepares a database: a scratch SQLite file (or ``--database postgres://.../lingong_bench_room``, whose
   name must contain "bench"; it is dropped afterwards), migrated, with the smallest demo market
   (``manage.py seed``);
2. in a setup process (``django.setup()``) creates a live session hosted by the demo market admin, starts it
   through ``live.services.start_session`` (status LIVE), creates ``--viewers`` ``LiveViewer`` rows in one
   bulk insert and signs a token for each with ``live.services.viewer_token``;
3. starts the ASGI server as ``scripts/serve`` does (``uvicorn lingong.asgi:application``, ``--workers``
   processes) with ``REDIS_URL`` set (database 13 by default), so comments fan out over the Redis channel
   layer;
4. ``--clients`` load-generator processes open the viewers' sockets, ``ws/live/<code>/?v=<token>``, and
   wait until every one is accepted; then ``--commenters`` of them (the first sockets of each process)
   send ``--rate`` comments a second in total for ``--duration`` seconds, comment ``n`` by commenter
   ``n % commenters`` at ``start + n / rate``, each
   ``{"action": "comment", "text": ..., "ref": "b<n>:<sent>"}`` where ``sent`` is the sender's
   ``time.time()`` (the room limits a viewer to 1 comment a second, burst 3: ``rate / commenters`` must
   stay <= 1);
5. every viewer records, for each ``comment`` event carrying a bench ref, receipt time minus ``sent``; the
   commenters also record the time to their ``ack`` and count ``error`` answers by code. After a drain
   (``--drain`` seconds) the run reports latency over all (viewer, comment) pairs (p50 / p90 / p99 / max),
   pairs lost (viewers connected x comments acknowledged - pairs received), duplicates, errors and
   refusals, connect failures, sockets closed during the run, the server's CPU seconds and peak RSS, and
   the load generator's CPU seconds, printed and as ``--json PATH``.

The load generator does not use the ``websockets`` client: 100,000 messages a second would cost it more CPU
than the server it measures, on the same cores. ``lingong.bench.wsframes`` splits the stream into frames and
a regular expression picks ``type`` and ``ref`` out of each text frame (the generator answers pings, so
uvicorn's keep-alive does not close idle sockets).
"""

from __future__ import annotations

import argparse
import array
import asyncio
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import redis

from lingong.bench import wsframes
from lingong.bench.accepts import (
    ROOT_DIR,
    STARTUP_TIMEOUT,
    BenchError,
    Processes,
    create_database,
    deadline_loop,
    drop_database,
    free_port,
    git_commit,
    load_average,
    manage,
)
from lingong.bench.live import (
    DEFAULT_PHONE,
    MemorySampler,
    environment,
    group_memory,
    pid_cpu,
    raise_fd_limit,
)

DEFAULT_REDIS = "redis://127.0.0.1:6379/13"  # the room bench's own database (issue 10's bench uses 14)
CONNECT_CONCURRENCY = 64
# Per-viewer limit of the room (live.services.post_comment): 1 comment a second, burst 3.
VIEWER_RATE_LIMIT = 1.0
MAX_REF = 40
# What the commenters say: questions, no sign-up intent (扣1), no digits a mask would touch.
TEXTS = (
    "这个岗位包吃住吗",
    "工资怎么结算",
    "在哪里上班",
    "需要带什么证件",
    "主播好",
    "有没有夜班",
    "年龄有要求吗",
    "女生可以做吗",
    "离地铁站远不远",
    "要干多久",
)
TYPE_RE = re.compile(rb'"type":\s*"(\w+)"')
REF_RE = re.compile(rb'"ref":\s*"([^"]*)"')
CODE_RE = re.compile(rb'"code":\s*"([^"]*)"')
BENCH_REF_RE = re.compile(r"b(\d+):(\d+\.\d+)")


# --- Pure parts ---------------------------------------------------------------------------------------


def make_ref(n: int, sent: float) -> str:
    """The ref of comment ``n``: its number and the sender's clock, which every viewer reads back."""
    return f"b{n}:{sent:.4f}"


def parse_ref(ref: str) -> tuple[int, float] | None:
    match = BENCH_REF_RE.fullmatch(ref)
    if match is None:
        return None
    return int(match[1]), float(match[2])


def comment_text(n: int) -> str:
    return TEXTS[n % len(TEXTS)]


def comment_frame(n: int, sent: float, key: bytes | None = None) -> bytes:
    body = {"action": "comment", "text": comment_text(n), "ref": make_ref(n, sent)}
    return wsframes.client_frame(json.dumps(body, ensure_ascii=False).encode(), key=key)


def classify(payload: bytes) -> tuple[str, tuple[int, float] | None, str]:
    """(type, (n, sent) of a bench ref or None, error code) of one server message, without parsing JSON.

    Room events are small flat objects; the first ``"type"`` and ``"ref"`` keys are the event's own (a
    comment's job card, if any, has neither)."""
    match = TYPE_RE.search(payload)
    kind = match[1].decode() if match else ""
    ref_match = REF_RE.search(payload)
    ref = parse_ref(ref_match[1].decode()) if ref_match else None
    code = ""
    if kind == "error":
        code_match = CODE_RE.search(payload)
        code = code_match[1].decode() if code_match else "?"
    return kind, ref, code


def shares(total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` as evenly as possible, the first parts taking the remainder."""
    return [total // parts + (i < total % parts) for i in range(parts)]


def commenter_owner(commenter: int, clients: int) -> tuple[int, int]:
    """(process, local socket index) of a commenter: commenters go round-robin over the processes and
    are the first sockets of each."""
    return commenter % clients, commenter // clients


def schedule(
    total: int, rate: float, commenters: int, clients: int, process: int
) -> list[tuple[int, float, int]]:
    """(comment number, seconds after the start, local socket index) of every comment ``process`` sends.

    Comment ``n`` is due at ``n / rate`` and sent by commenter ``n % commenters``."""
    out = []
    for n in range(total):
        owner, local = commenter_owner(n % commenters, clients)
        if owner == process:
            out.append((n, n / rate, local))
    return out


def validate(args: argparse.Namespace) -> list[str]:
    """What is wrong with a run's arguments (empty: nothing)."""
    problems = []
    if args.viewers < 1 or args.clients < 1 or args.workers < 1:
        problems.append("--viewers, --clients and --workers must be at least 1")
    if args.rate <= 0 or args.duration <= 0:
        problems.append("--rate and --duration must be positive")
    if args.commenters < 1 or args.commenters > args.viewers:
        problems.append("--commenters must be between 1 and --viewers")
    elif args.rate / args.commenters > VIEWER_RATE_LIMIT:
        problems.append(
            f"{args.rate}/s over {args.commenters} commenters is over the room's limit of"
            f" {VIEWER_RATE_LIMIT:g} comment a second per viewer:"
            f" use --commenters >= {args.rate / VIEWER_RATE_LIMIT:.0f}"
        )
    if args.clients > 0 and args.commenters >= 1:
        per_process = shares(args.viewers, args.clients)
        owned = [0] * args.clients
        for c in range(args.commenters):
            owned[commenter_owner(c, args.clients)[0]] += 1
        if any(o > v for o, v in zip(owned, per_process, strict=True)):
            problems.append("more commenters in a load-generator process than viewers in it")
    last_ref = make_ref(max(round(args.rate * args.duration) - 1, 0), time.time() + 10 * 365 * 86400)
    if len(last_ref) > MAX_REF:
        problems.append(f"refs would be longer than {MAX_REF} characters: shorten the run")
    return problems


def latency_summary(values: np.ndarray) -> dict[str, float | None]:
    """Percentiles (linear interpolation, as ``accepts.percentile``), max and mean, in ms."""
    if values.size == 0:
        return {"p50_ms": None, "p90_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    p50, p90, p99 = np.percentile(values, [50, 90, 99])
    return {
        "p50_ms": round(float(p50), 1),
        "p90_ms": round(float(p90), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(float(values.max()), 1),
        "mean_ms": round(float(values.mean()), 1),
    }


@dataclass
class Part:
    """What one load-generator process reports."""

    connected: int = 0
    failed: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    closed_during_run: int = 0
    close_codes: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    other_messages: int = 0
    foreign_comments: int = 0
    sent: int = 0
    behind_schedule: int = 0
    acks: dict[int, float] = field(default_factory=dict)  # comment number -> ms from send to ack
    errors: dict[str, int] = field(default_factory=dict)
    error_refs: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # viewers of this process that received comment n
    per_viewer_min: int = 0

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["acks"] = {str(k): v for k, v in self.acks.items()}
        data.pop("counts")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], counts: list[int]) -> Part:
        data = dict(data)
        data["acks"] = {int(k): v for k, v in data["acks"].items()}
        return cls(**data, counts=counts)


def aggregate(parts: Iterable[Part], total: int) -> dict[str, Any]:
    """Delivery over all processes: a comment counts as published once acknowledged to its sender; every
    connected viewer should then receive it (its sender too)."""
    parts = list(parts)
    acks: dict[int, float] = {}
    counts = [0] * total
    out: dict[str, Any] = {
        "connected": 0,
        "connect_failures": 0,
        "failures": {},
        "closed_during_run": 0,
        "close_codes": {},
        "duplicates": 0,
        "other_messages": 0,
        "foreign_comments": 0,
        "sent": 0,
        "behind_schedule": 0,
        "errors": {},
    }
    error_refs: set[int] = set()
    for part in parts:
        out["connected"] += part.connected
        out["connect_failures"] += part.failed
        for key in ("closed_during_run", "duplicates", "other_messages", "foreign_comments", "sent"):
            out[key] += getattr(part, key)
        out["behind_schedule"] += part.behind_schedule
        for target, source in (
            (out["failures"], part.failures),
            (out["close_codes"], part.close_codes),
            (out["errors"], part.errors),
        ):
            for k, v in source.items():
                target[k] = target.get(k, 0) + v
        acks.update(part.acks)
        error_refs.update(part.error_refs)
        for n, c in enumerate(part.counts[:total]):
            counts[n] += c
    acked = sorted(acks)
    received = sum(counts[n] for n in acked)
    expected = out["connected"] * len(acked)
    ack_ms = np.array(list(acks.values()), dtype=np.float64)
    out.update(
        {
            "acked": len(acked),
            "refused": len(error_refs),
            "unanswered": out["sent"] - len(acked) - len(error_refs - set(acks)),
            "expected": expected,
            "received": received,
            "received_unacked": sum(c for n, c in enumerate(counts) if n not in acks),
            "lost": expected - received,
            "per_viewer_min_received": min((p.per_viewer_min for p in parts if p.connected), default=0),
            "ack": latency_summary(ack_ms),
        }
    )
    return out


def table(result: dict[str, Any]) -> str:
    lat, dlv, mem = result["latency"], result["delivery"], result["server_memory"]
    ack = dlv["ack"]
    rows = [
        ("viewers connected / asked", f"{dlv['connected']} / {result['viewers']}"),
        ("connect failures", f"{dlv['connect_failures']} {dlv['failures'] or ''}".strip()),
        ("server workers / load processes", f"{result['server_workers']} / {result['viewer_processes']}"),
        (
            "comments sent / acked (rate x duration)",
            f"{dlv['sent']} / {dlv['acked']} ({result['rate_per_s']}/s by {result['commenters']} viewers)",
        ),
        (
            "refused (error answers) / unanswered",
            f"{dlv['refused']} {dlv['errors'] or ''} / {dlv['unanswered']}",
        ),
        ("sends behind schedule", str(dlv["behind_schedule"])),
        ("pairs expected / received", f"{dlv['expected']} / {dlv['received']}"),
        ("lost / duplicates", f"{dlv['lost']} / {dlv['duplicates']}"),
        ("closed during run", f"{dlv['closed_during_run']} {dlv['close_codes'] or ''}".strip()),
        (
            "comment-to-viewer p50 / p90 / p99 / max ms",
            f"{lat['p50_ms']} / {lat['p90_ms']} / {lat['p99_ms']} / {lat['max_ms']}",
        ),
        ("send-to-ack p50 / p99 / max ms", f"{ack['p50_ms']} / {ack['p99_ms']} / {ack['max_ms']}"),
        ("deliveries per second", str(result["deliveries_per_s"])),
        ("server peak RSS total MB", str(mem["peak_rss_total_mb"])),
        ("server peak RSS per process MB", ", ".join(str(p["peak_rss_mb"]) for p in mem["processes"])),
        (
            "CPU s server / load generator (window s)",
            f"{result['cpu_s']['server']} / {result['cpu_s']['viewers']} ({result['cpu_s']['window_s']})",
        ),
        (
            "load average before / after",
            f"{result['load_average']['before']} / {result['load_average']['after']}",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


# --- Setup (a process with django.setup()) ---------------------------------------------------------------


def role_setup(args: argparse.Namespace) -> int:
    import django  # the role runs in its own process; settings come from its environment

    django.setup()
    from django.utils import timezone  # needs django.setup() first

    from lingong.accounts.access import market_id_of  # needs django.setup() first
    from lingong.accounts.models import User  # needs django.setup() first
    from lingong.live import services  # needs django.setup() first
    from lingong.live.models import LiveSession, LiveViewer  # needs django.setup() first
    from lingong.org.models import Station  # needs django.setup() first

    host = User.objects.get(phone=args.phone)
    market_id = market_id_of(host)
    session = LiveSession.objects.create(
        market_id=market_id,
        station=Station.objects.filter(market_id=market_id).order_by("pk").first(),
        code=secrets.token_urlsafe(8)[:16],
        title="压测直播间",
        host=host,
        host_name="压测主播",
        starts_at=timezone.now(),
        created_by=host,
    )
    services.start_session(actor=host, session_id=session.pk)
    viewers = LiveViewer.objects.bulk_create(
        [
            LiveViewer(session=session, key=secrets.token_hex(16), nickname=f"观众{i % 10000:04d}")
            for i in range(args.viewers)
        ],
        batch_size=500,
    )
    if any(v.pk is None for v in viewers):  # a backend without RETURNING: read them back
        viewers = list(LiveViewer.objects.filter(session=session).order_by("pk"))
    tokens = [services.viewer_token(v) for v in viewers]
    Path(args.out).write_text(json.dumps({"session_id": session.pk, "code": session.code, "tokens": tokens}))
    return 0


# --- The load generator ----------------------------------------------------------------------------------


class Viewer(asyncio.Protocol):
    """One viewer's socket: the handshake, then frames; the measuring is done by ``Generator``."""

    def __init__(self, gen: Generator, index: int, path: str) -> None:
        self.gen = gen
        self.index = index
        self.path = path
        self.key = wsframes.new_key()
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.head = bytearray()
        self.parser = wsframes.FrameParser()
        self.seen = bytearray(gen.total)
        self.received = 0
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        origin = f"http://127.0.0.1:{self.gen.port}"
        self.transport.write(
            wsframes.handshake_request("127.0.0.1", self.gen.port, self.path, self.key, origin)
        )

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if not self.opened.done():
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            _status, error = wsframes.parse_handshake(bytes(self.head[:end]), self.key)
            rest = bytes(self.head[end + 4 :])
            self.head = bytearray()
            if error:
                self.opened.set_exception(BenchError(error))
                assert self.transport is not None
                self.transport.close()
                return
            self.opened.set_result(None)
            data = rest
            if not data:
                return
        try:
            messages = self.parser.feed(data)
        except wsframes.FrameError:
            assert self.transport is not None
            self.transport.close()
            return
        for opcode, payload in messages:
            if opcode == wsframes.OP_TEXT:
                self.gen.message(self, payload, now)
            elif opcode == wsframes.OP_PING:
                self.write(wsframes.client_frame(payload, wsframes.OP_PONG))
            elif opcode == wsframes.OP_CLOSE:
                self.gen.closed_by_server(wsframes.close_code(payload))
                self.write(wsframes.client_frame(payload[:2], wsframes.OP_CLOSE))
                assert self.transport is not None
                self.transport.close()

    def write(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(BenchError(f"connection lost during the handshake ({exc})"))
        self.gen.lost(self)


class Generator:
    """One load-generator process: its share of the viewers and of the commenters."""

    def __init__(self, args: argparse.Namespace, tokens: list[str]) -> None:
        self.args = args
        self.port = args.port
        self.tokens = tokens
        self.total = round(args.rate * args.duration)
        self.part = Part(counts=[0] * self.total)
        self.latencies = array.array("f")
        self.sockets: list[Viewer] = []
        self.running = False  # between connecting and STOP: a socket lost then is "closed during run"
        self.sent_at: dict[int, float] = {}

    def message(self, viewer: Viewer, payload: bytes, now: float) -> None:
        kind, ref, code = classify(payload)
        if kind == "comment":
            if ref is None:
                self.part.foreign_comments += 1
                return
            n, sent = ref
            if n >= self.total:
                self.part.foreign_comments += 1
            elif viewer.seen[n]:
                self.part.duplicates += 1
            else:
                viewer.seen[n] = 1
                viewer.received += 1
                self.part.counts[n] += 1
                self.latencies.append((now - sent) * 1000)
        elif kind == "ack" and ref is not None:
            self.part.acks[ref[0]] = round((now - ref[1]) * 1000, 2)
        elif kind == "error":
            self.part.errors[code] = self.part.errors.get(code, 0) + 1
            if ref is not None:
                self.part.error_refs.append(ref[0])
        else:
            self.part.other_messages += 1

    def closed_by_server(self, code: int) -> None:
        self.part.close_codes[str(code)] = self.part.close_codes.get(str(code), 0) + 1

    def lost(self, viewer: Viewer) -> None:
        if self.running and viewer.opened.done() and not viewer.opened.exception():
            self.part.closed_during_run += 1

    async def open_all(self) -> None:
        loop = asyncio.get_running_loop()
        limit = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def open_one(i: int, token: str) -> Viewer | None:
            path = self.args.path.format(code=self.args.code, token=token)
            async with limit:
                try:
                    _transport, viewer = await loop.create_connection(
                        lambda: Viewer(self, i, path), "127.0.0.1", self.port
                    )
                    await asyncio.wait_for(viewer.opened, 60)
                except Exception as exc:
                    self.part.failed += 1
                    key = f"{type(exc).__name__}: {str(exc)[:80]}"
                    self.part.failures[key] = self.part.failures.get(key, 0) + 1
                    return None
            return viewer

        opened = await asyncio.gather(*(open_one(i, t) for i, t in enumerate(self.tokens)))
        self.sockets = [v for v in opened if v is not None]
        self.part.connected = len(self.sockets)
        self.running = True

    async def comment(self, start: float) -> None:
        """Send this process's comments on schedule (``start`` is an epoch time shared by all processes)."""
        plan = schedule(
            self.total, self.args.rate, self.args.commenters, self.args.clients, self.args.process
        )
        for n, offset, local in plan:
            delay = start + offset - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.05:
                self.part.behind_schedule += 1
            if local >= len(self.sockets):
                continue  # that commenter could not connect
            sent = time.time()
            self.sockets[local].write(comment_frame(n, sent))
            self.part.sent += 1

    async def run(self) -> None:
        started = time.monotonic()
        await self.open_all()
        print(
            json.dumps(
                {"ready": self.part.connected, "failed": self.part.failed, "s": time.monotonic() - started}
            ),
            flush=True,
        )
        loop = asyncio.get_running_loop()
        line = await loop.run_in_executor(None, sys.stdin.readline)  # GO <epoch>
        commenting = asyncio.ensure_future(self.comment(float(line.split()[1])))
        await loop.run_in_executor(None, sys.stdin.readline)  # STOP
        self.running = False
        commenting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await commenting
        for viewer in self.sockets:
            viewer.write(wsframes.client_frame(b"\x03\xe8", wsframes.OP_CLOSE))
            if viewer.transport is not None:
                viewer.transport.close()
        self.part.per_viewer_min = min((v.received for v in self.sockets), default=0)
        out = Path(self.args.out)
        out.write_bytes(self.latencies.tobytes())
        Path(f"{out}.counts").write_bytes(array.array("I", self.part.counts).tobytes())
        Path(f"{out}.json").write_text(json.dumps(self.part.to_json()))


def role_viewers(args: argparse.Namespace) -> int:
    raise_fd_limit()
    setup = json.loads(Path(args.tokens).read_text())
    start, count = (int(x) for x in args.slice.split(":"))
    args.code = setup["code"]
    generator = Generator(args, setup["tokens"][start : start + count])
    with contextlib.suppress(ImportError):
        import uvloop  # optional, as uvicorn[standard] installs it

        uvloop.run(generator.run())
        return 0
    asyncio.run(generator.run())
    return 0


def read_part(out: Path) -> Part:
    counts = array.array("I")
    counts.frombytes(Path(f"{out}.counts").read_bytes())
    return Part.from_json(json.loads(Path(f"{out}.json").read_text()), counts.tolist())


# --- One run --------------------------------------------------------------------------------------------


def forget_groups(url: str, session_id: int) -> None:
    """Delete the room's two group keys (this run's, or a scratch database's earlier run with the same id)."""
    with contextlib.closing(redis.Redis.from_url(url)) as store:
        store.delete(f"asgi:group:live.{session_id}", f"asgi:group:live_staff.{session_id}")


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="lingong-bench-room-"))
    env = environment(args, var_dir)
    procs = Processes(var_dir)
    session_id = 0
    clients: list[subprocess.Popen[str]] = []
    if args.database:
        create_database(args.database)
    try:
        log(f"scratch directory {var_dir}; migrating and loading the smallest demo market")
        manage(["migrate", "--noinput"], env)
        seed_env = {**env, "HUEY_IMMEDIATE": "1"}
        manage(
            ["seed", "--stations", "1", "--enterprises", "10", "--workers", "20", "--jobs", "20", "--quiet"],
            seed_env,
        )
        tokens_file = var_dir / "room.json"
        out = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [
                *(sys.executable, "-m", "lingong.bench.live_room", "--role", "setup"),
                *("--phone", args.phone, "--viewers", str(args.viewers), "--out", str(tokens_file)),
            ],
            cwd=ROOT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if out.returncode != 0:
            raise BenchError(f"setting up the live session failed:\n{out.stderr[-3000:]}")
        setup = json.loads(tokens_file.read_text())
        session_id = setup["session_id"]
        forget_groups(args.redis, session_id)
        log(f"live session {setup['code']} (id {session_id}) with {args.viewers} viewer tokens")

        port = args.port or free_port()
        server_cmd = [sys.executable, "-m", "uvicorn", "lingong.asgi:application", "--host", "127.0.0.1"]
        server_cmd += ["--port", str(port), "--workers", str(args.workers), "--log-level", "warning"]
        server_cmd += ["--backlog", "4096", *args.uvicorn_arg]
        server = procs.start("server", server_cmd, env)
        for _ in deadline_loop(STARTUP_TIMEOUT, 0.25, "/healthz"):
            procs.check()
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
        log(f"server up on port {port} ({args.workers} worker(s)); opening {args.viewers} viewers")

        outs = [var_dir / f"viewers-{i}.bin" for i in range(args.clients)]
        offset = 0
        for i, share in enumerate(shares(args.viewers, args.clients)):
            cmd = [sys.executable, "-m", "lingong.bench.live_room", "--role", "viewers", "--port", str(port)]
            cmd += ["--tokens", str(tokens_file), "--slice", f"{offset}:{share}", "--out", str(outs[i])]
            cmd += ["--process", str(i), "--clients", str(args.clients), "--path", args.path]
            cmd += ["--rate", str(args.rate), "--duration", str(args.duration)]
            cmd += ["--commenters", str(args.commenters), "--viewers", str(share)]
            offset += share
            clients.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                    cmd,
                    cwd=ROOT_DIR,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=open(var_dir / f"viewers-{i}.log", "wb"),  # noqa: SIM115 - the child keeps it
                    text=True,
                    start_new_session=True,
                )
            )
        ready = failed = 0
        connect_s = 0.0
        for client in clients:
            assert client.stdout is not None
            line = client.stdout.readline()
            if not line:
                raise BenchError(f"a viewer process exited: see {var_dir}/viewers-*.log")
            hello = json.loads(line)
            ready += hello["ready"]
            failed += hello["failed"]
            connect_s = max(connect_s, hello["s"])
        log(f"{ready} viewers connected in {connect_s:.1f} s ({failed} failed); settling {args.settle} s")
        time.sleep(args.settle)
        procs.check()

        log(f"{args.commenters} viewers comment {args.rate}/s in total for {args.duration} s")
        cpu_before = procs.cpu_seconds()
        client_cpu_before = sum(pid_cpu(c.pid) for c in clients)
        load_before = load_average()
        start = time.time() + 0.5
        with MemorySampler(server.pid) as memory:
            for client in clients:
                assert client.stdin is not None
                client.stdin.write(f"GO {start}\n")
                client.stdin.flush()
            time.sleep(max(0.0, start + args.duration - time.time()) + args.drain)
            server_cpu = procs.cpu_seconds()["server"] - cpu_before["server"]
            client_cpu = sum(pid_cpu(c.pid) for c in clients) - client_cpu_before
            load_after = load_average()
            processes = group_memory(server.pid)
        for client in clients:
            assert client.stdin is not None
            client.stdin.write("STOP\n")
            client.stdin.flush()
        for client in clients:
            client.wait(timeout=120)
            if client.returncode != 0:
                raise BenchError(f"a viewer process failed: see {var_dir}/viewers-*.log")
        procs.check()
        total = round(args.rate * args.duration)
        delivery = aggregate((read_part(o) for o in outs), total)
        values = np.concatenate([np.fromfile(o, dtype=np.float32) for o in outs])
        return {
            "viewers": args.viewers,
            "commenters": args.commenters,
            "connect_s": round(connect_s, 2),
            "session": setup["code"],
            "server_workers": args.workers,
            "viewer_processes": args.clients,
            "rate_per_s": args.rate,
            "duration_s": args.duration,
            "latency": latency_summary(values),
            "delivery": delivery,
            "deliveries_per_s": round(delivery["received"] / args.duration, 1),
            "server_memory": {
                "peak_rss_total_mb": round(memory.peak_total_kb / 1024, 1),
                "processes": [
                    {
                        "pid": p["pid"],
                        "peak_rss_mb": round(p["hwm_kb"] / 1024, 1),
                        "rss_mb": round(p["rss_kb"] / 1024, 1),
                    }
                    for p in sorted(processes, key=lambda p: p["pid"])
                ],
            },
            "cpu_s": {
                "server": round(server_cpu, 2),
                "viewers": round(client_cpu, 2),
                "window_s": round(args.duration + args.drain + 0.5, 1),
            },
            "load_average": {"before": load_before, "after": load_after},
        }
    finally:
        for client in clients:
            if client.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(client.pid, signal.SIGTERM)
        procs.stop_all()
        if session_id:
            with contextlib.suppress(redis.RedisError):
                forget_groups(args.redis, session_id)
        if args.database:
            drop_database(args.database)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(var_dir)], check=False)  # noqa: S603, S607 - our scratch dir


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m lingong.bench.live --room",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--viewers", type=int, default=2000, help="sockets in the room (2000)")
    p.add_argument("--rate", type=float, default=50.0, help="comments a second, all commenters together (50)")
    p.add_argument(
        "--commenters", type=int, default=100, help="viewers who comment (100; rate/commenters <= 1)"
    )
    p.add_argument("--duration", type=float, default=30.0, help="seconds of commenting (30)")
    p.add_argument("--json", help="write the result here")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (1)")
    p.add_argument("--clients", type=int, default=2, help="load-generator processes (2)")
    p.add_argument("--phone", default=DEFAULT_PHONE, help="the demo staff user who hosts the session")
    p.add_argument("--path", default="/ws/live/{code}/?v={token}", help="WebSocket route ({code}, {token})")
    p.add_argument("--database", help="postgres://.../NAME (NAME contains 'bench'); default: SQLite file")
    p.add_argument("--redis", default=DEFAULT_REDIS, help=f"REDIS_URL for the run ({DEFAULT_REDIS})")
    p.add_argument("--settle", type=float, default=2.0, help="seconds between connecting and commenting")
    p.add_argument("--drain", type=float, default=5.0, help="seconds to wait after the last comment")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--uvicorn-arg", action="append", default=[], help="extra uvicorn argument")
    p.add_argument("--keep", action="store_true", help="keep the scratch directory (logs)")
    # Roles of the child processes.
    p.add_argument("--role", choices=("run", "setup", "viewers"), default="run", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--tokens", help=argparse.SUPPRESS)
    p.add_argument("--slice", default="0:0", help=argparse.SUPPRESS)
    p.add_argument("--process", type=int, default=0, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.role == "setup":
        return role_setup(args)
    if args.role == "viewers":
        return role_viewers(args)
    problems = validate(args)
    if problems:
        parser().error("; ".join(problems))

    def log(message: str) -> None:
        print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    limit = raise_fd_limit()
    if limit < args.viewers * 2 + 256:
        log(f"warning: open-file limit {limit} may be too low for {args.viewers} viewers")
    result = run(args, log)
    result.update(
        {
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        }
    )
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
