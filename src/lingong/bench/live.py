"""Live fan-out: N WebSocket viewers in one channel-layer group, events from another process (issue 10).

    python -m lingong.bench.live --viewers 2000 --rate 5 --duration 30 --json /tmp/live.json [--workers 2]
    python -m lingong.bench.live --room --viewers 2000 --rate 50 --duration 30   # a live room (issue 12)

``--room`` runs ``lingong.bench.live_room`` instead: viewers of one live room (直播带岗) who comment.

One run:

1. prepares a database: a scratch SQLite file (or ``--database postgres://.../lingong_bench_live``, whose
   name must contain "bench"; it is dropped afterwards), migrated, with the smallest demo market
   (``manage.py seed``);
2. starts the ASGI server as ``scripts/serve`` does (``uvicorn lingong.asgi:application``, ``--workers``
   processes) with ``REDIS_URL`` set, so the Redis channel layer (channels_redis) carries the events;
3. logs in ONCE over HTTP as a demo staff user (``--phone``, the market admin by default) and reuses that
   session cookie for every viewer; ``--clients`` load-generator processes open the N WebSockets on
   ``--path`` (by default the market's big-data screen, ``/ws/screen/markets/<id>/``, group ``market.<id>``,
   events of type ``feed`` as the screen's feed lines) and wait until every one is accepted;
4. a SEPARATE process (``--role publish``: ``django.setup()`` with the same settings, as a Huey task worker)
   publishes ``--rate`` events a second for ``--duration`` seconds through the platform's own path,
   ``lingong.core.events._deliver`` (``--via layer`` sends with ``group_send`` on one event loop instead),
   each event carrying its sequence number and its send time (``time.time()``);
5. each viewer records, for every event it receives, receipt time minus send time; after a drain
   (``--drain`` seconds) the run reports latency over all (viewer, event) pairs (p50 / p90 / p99 / max),
   events lost (viewers x events published minus distinct (viewer, event) pairs received), duplicates,
   connect failures, sockets closed during the run, the server processes' peak RSS (VmHWM from /proc,
   and the largest sum of VmRSS sampled every 0.5 s) and the CPU seconds of the server and of the load
   generator (from /proc, like ``lingong.bench.accepts``).

Pointing it at another route: ``--path`` is formatted with ``{user_id}`` and ``{market_id}`` of the logged-in
user and ``--group`` likewise (default ``market.{market_id}``), e.g. a user's own inbox socket:
``--path /ws/events/ --group user.{user_id} --event-type bench.tick``. A route that takes a key instead of a
session: put the key in ``--path`` and add ``--no-login``; a route that forwards only some event types:
``--event-type``. A viewer takes from each JSON message it gets the fields ``seq`` and ``sent`` at the top
level or one level down (``{"event": {...}}``, ``{"data": {...}}``); other messages (a snapshot sent on
connect, say) are counted but not measured.

The load generator runs on the same machine as the server: its CPU time is in the report, and on a small
machine it competes with the server for the same cores (see docs/benchmarks.md).
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
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

from lingong.bench.accepts import (
    ROOT_DIR,
    SRC_DIR,
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
    percentile,
)

DEFAULT_PHONE = "13800000001"  # the demo market admin (lingong.demo.cast.ADMIN_PHONE)
DEFAULT_PASSWORD = "Lingong2026"  # noqa: S105 - the published password of the demo accounts
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"  # a database of its own: the bench's Huey tasks stay apart
CONNECT_CONCURRENCY = 64


# --- The server side -----------------------------------------------------------------------------------


def raise_fd_limit() -> int:
    """Soft limit on open files up to the hard limit (each viewer holds a socket on both ends)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else 1_048_576
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def environment(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HUEY_IMMEDIATE", "DEBUG")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(p for p in (str(SRC_DIR), os.environ.get("PYTHONPATH", "")) if p),
            "DJANGO_SETTINGS_MODULE": "lingong.settings",
            "DATABASE_URL": args.database or f"sqlite:///{var_dir / 'bench.sqlite3'}",
            "REDIS_URL": args.redis,
            "LINGONG_ENV": "development",
            "DEBUG": "0",  # DEBUG keeps every SQL query in memory
            "LINGONG_VAR_DIR": str(var_dir),
            "LINGONG_LOG_LEVEL": "WARNING",
            "LINGONG_LOGIN_LOCKOUT": "0",
            "LINGONG_MATCHING_WARMUP": "0",
        }
    )
    return env


class MemorySampler:
    """Largest sum of VmRSS over the server's process group, sampled every ``interval`` seconds."""

    def __init__(self, pgid: int, interval: float = 0.5) -> None:
        self.pgid = pgid
        self.interval = interval
        self.peak_total_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(p["rss_kb"] for p in group_memory(self.pgid))
            self.peak_total_kb = max(self.peak_total_kb, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def group_memory(pgid: int) -> list[dict[str, Any]]:
    """VmRSS and VmHWM (peak RSS) of every process in a process group."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pgid:
                continue
            status = (entry / "status").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kb = {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM") if k in fields}
        out.append({"pid": int(entry.name), "rss_kb": kb.get("VmRSS", 0), "hwm_kb": kb.get("VmHWM", 0)})
    return out


def login_cookie(port: int, phone: str, password: str) -> str:
    """Log in through the login page once; return the ``Cookie`` header every viewer sends."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read().decode()
        cookies = _cookies(response)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not match or "csrftoken" not in cookies:
            raise BenchError(f"login page: status {response.status}, no CSRF token")
        body = f"csrfmiddlewaretoken={match[1]}&phone={phone}&password={password}"
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken']}",
                "Referer": f"http://127.0.0.1:{port}/accounts/login/",
            },
        )
        response = conn.getresponse()
        response.read()
        session = _cookies(response).get("sessionid")
        if response.status != 302 or not session:
            raise BenchError(f"login as {phone} failed: status {response.status}")
        return f"sessionid={session}"
    finally:
        conn.close()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def resolve_ids(env: dict[str, str], phone: str) -> dict[str, int]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "lingong.bench.live", "--role", "resolve", "--phone", phone],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode != 0:
        raise BenchError(f"could not resolve the ids of {phone}:\n{out.stderr[-2000:]}")
    ids: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
    return ids


def role_resolve(args: argparse.Namespace) -> int:
    import django  # the role runs in its own process; settings come from its environment

    django.setup()
    from lingong.accounts.access import market_id_of  # needs django.setup() first
    from lingong.accounts.models import User  # needs django.setup() first

    user = User.objects.get(phone=args.phone)
    try:
        market_id = market_id_of(user)
    except Exception:  # a user without a market: only {user_id} can be used
        market_id = 0
    print(json.dumps({"user_id": user.pk, "market_id": market_id}))
    return 0


# --- The publisher (a separate process, as a task worker) ------------------------------------------------


def role_publish(args: argparse.Namespace) -> int:
    import django  # the role runs in its own process; settings come from its environment

    django.setup()
    from channels.layers import get_channel_layer  # needs django.setup() first

    from lingong.core.events import _deliver  # needs django.setup() first

    total = round(args.rate * args.duration)
    interval = 1.0 / args.rate
    call_ms: list[float] = []
    behind = 0

    def event(seq: int) -> dict[str, Any]:
        return {"type": args.event_type, "seq": seq, "sent": time.time(), "pad": "x" * args.payload}

    if args.via == "deliver":
        start = time.monotonic() + 0.05
        for seq in range(total):
            delay = start + seq * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                behind += 1
            t0 = time.perf_counter()
            _deliver([args.group], event(seq))
            call_ms.append((time.perf_counter() - t0) * 1000)
    else:
        layer = get_channel_layer()
        assert layer is not None

        async def publish() -> int:
            late = 0
            start = time.monotonic() + 0.05
            for seq in range(total):
                delay = start + seq * interval - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                else:
                    late += 1
                t0 = time.perf_counter()
                await layer.group_send(args.group, {"type": "lingong.event", "event": event(seq)})
                call_ms.append((time.perf_counter() - t0) * 1000)
            return late

        behind = asyncio.run(publish())
    print(
        json.dumps(
            {
                "published": total,
                "behind_schedule": behind,
                "call_ms_p50": round(percentile(call_ms, 50), 3),
                "call_ms_p99": round(percentile(call_ms, 99), 3),
                "call_ms_max": round(max(call_ms), 3) if call_ms else None,
            }
        ),
        flush=True,
    )
    return 0


# --- The load generator (viewers) -----------------------------------------------------------------------


def extract(message: Any) -> tuple[int, float] | None:
    """(seq, sent) from a bench event, at the top level or one level down."""
    if not isinstance(message, dict):
        return None
    for candidate in (message, *(v for v in message.values() if isinstance(v, dict))):
        seq, sent = candidate.get("seq"), candidate.get("sent")
        if isinstance(seq, int) and isinstance(sent, int | float):
            return seq, float(sent)
    return None


async def viewers(args: argparse.Namespace) -> int:
    """Open ``--viewers`` sockets, say READY, record until STOP arrives on stdin, write the results."""
    from websockets.asyncio.client import connect  # only the viewer processes need it

    url = f"ws://127.0.0.1:{args.port}{args.path}"
    headers = {"Cookie": args.cookie} if args.cookie else {}
    origin = f"http://127.0.0.1:{args.port}"
    latencies = array.array("f")
    seen: list[set[int]] = []
    state = {"failed": 0, "closed": 0, "other": 0, "duplicates": 0, "received": 0}
    failures: dict[str, int] = {}
    sockets: list[Any] = []
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def reader(ws: Any, mine: set[int]) -> None:
        try:
            async for raw in ws:
                now = time.time()
                found = extract(json.loads(raw))
                if found is None:
                    state["other"] += 1
                    continue
                seq, sent = found
                if seq in mine:
                    state["duplicates"] += 1
                    continue
                mine.add(seq)
                state["received"] += 1
                latencies.append((now - sent) * 1000)
        except Exception:  # the socket closed under us: counted, the run goes on
            state["closed"] += 1
        else:
            state["closed"] += 1

    async def open_one() -> None:
        async with limit:
            try:
                ws = await connect(
                    url,
                    additional_headers=headers,
                    origin=origin,  # type: ignore[arg-type]
                    open_timeout=60,
                    ping_interval=None,
                    max_queue=None,
                    compression=None,
                )
            except Exception as exc:
                state["failed"] += 1
                key = f"{type(exc).__name__}: {str(exc)[:80]}"
                failures[key] = failures.get(key, 0) + 1
                return
        mine: set[int] = set()
        seen.append(mine)
        sockets.append(ws)
        tasks.append(asyncio.ensure_future(reader(ws, mine)))

    tasks: list[asyncio.Future[None]] = []
    started = time.monotonic()
    await asyncio.gather(*(open_one() for _ in range(args.viewers)))
    print(
        json.dumps({"ready": len(sockets), "failed": state["failed"], "s": time.monotonic() - started}),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)  # STOP
    connected_at_stop = len(sockets) - state["closed"]
    for ws in sockets:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(), 5)
    latencies.tofile(open(args.out, "wb"))  # noqa: SIM115 - written and closed at once
    summary = {
        "connected": len(sockets),
        "failed": state["failed"],
        "failures": failures,
        "closed_during_run": len(sockets) - connected_at_stop,
        "received": state["received"],
        "duplicates": state["duplicates"],
        "other_messages": state["other"],
        "per_viewer_min": min((len(s) for s in seen), default=0),
    }
    Path(args.out + ".json").write_text(json.dumps(summary))
    return 0


def role_viewers(args: argparse.Namespace) -> int:
    raise_fd_limit()
    with contextlib.suppress(ImportError):
        import uvloop  # optional, as uvicorn[standard] installs it

        return uvloop.run(viewers(args))
    return asyncio.run(viewers(args))


# --- One run --------------------------------------------------------------------------------------------


def summarise(
    files: list[Path], published: int, ready: int, failed: int
) -> tuple[dict[str, Any], list[float]]:
    values: list[float] = []
    totals: dict[str, Any] = {
        "connected": 0,
        "received": 0,
        "duplicates": 0,
        "closed_during_run": 0,
        "other_messages": 0,
        "failures": {},
    }
    per_viewer_min = None
    for path in files:
        data = array.array("f")
        with open(path, "rb") as fh:
            data.frombytes(fh.read())
        values.extend(data.tolist())
        summary = json.loads(Path(str(path) + ".json").read_text())
        for key in ("connected", "received", "duplicates", "closed_during_run", "other_messages"):
            totals[key] += summary[key]
        for key, count in summary["failures"].items():
            totals["failures"][key] = totals["failures"].get(key, 0) + count
        low = summary["per_viewer_min"]
        per_viewer_min = low if per_viewer_min is None else min(per_viewer_min, low)
    expected = ready * published
    totals.update(
        {
            "connect_failures": failed,
            "expected": expected,
            "lost": expected - totals["received"],
            "per_viewer_min_received": per_viewer_min,
        }
    )
    return totals, values


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="lingong-bench-live-"))
    env = environment(args, var_dir)
    procs = Processes(var_dir)
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
        ids = resolve_ids(env, args.phone)
        group = args.group.format(**ids)
        path = args.path.format(**ids)
        # Members left in the group by an earlier run (the scratch database numbers users the same way)
        # would each cost a message per event: start from an empty group.
        with contextlib.closing(redis.Redis.from_url(args.redis)) as store:
            store.delete(f"asgi:group:{group}")

        port = args.port or free_port()
        server_cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "lingong.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "--backlog",
            "4096",
            *args.uvicorn_arg,
        ]
        server = procs.start("server", server_cmd, env)
        for _ in deadline_loop(STARTUP_TIMEOUT, 0.25, "/healthz"):
            procs.check()
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
        cookie = "" if args.no_login else login_cookie(port, args.phone, args.password)
        log(f"server up on port {port} ({args.workers} worker(s)); opening {args.viewers} viewers on {path}")

        shares = [
            args.viewers // args.clients + (i < args.viewers % args.clients) for i in range(args.clients)
        ]
        outs = [var_dir / f"viewers-{i}.bin" for i in range(args.clients)]
        clients = []
        for i, share in enumerate(shares):
            cmd = [sys.executable, "-m", "lingong.bench.live", "--role", "viewers", "--port", str(port)]
            cmd += ["--path", path, "--viewers", str(share), "--out", str(outs[i]), "--cookie", cookie]
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

        log(f"publishing {args.rate}/s for {args.duration} s to {group} from a separate process ({args.via})")
        cpu_before = procs.cpu_seconds()
        client_cpu_before = sum(pid_cpu(c.pid) for c in clients)
        load_before = load_average()
        with MemorySampler(server.pid) as memory:
            publisher = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "lingong.bench.live",
                    "--role",
                    "publish",
                    "--group",
                    group,
                    "--rate",
                    str(args.rate),
                    "--duration",
                    str(args.duration),
                    "--via",
                    args.via,
                    "--payload",
                    str(args.payload),
                    "--event-type",
                    args.event_type,
                ],
                cwd=ROOT_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=args.duration * 5 + 120,
            )
            if publisher.returncode != 0:
                raise BenchError(f"the publisher failed:\n{publisher.stderr[-3000:]}")
            pub = json.loads(publisher.stdout.strip().splitlines()[-1])
            time.sleep(args.drain)
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
        procs.check()
        totals, values = summarise(outs, pub["published"], ready, failed)
        latency = {
            "p50_ms": round(percentile(values, 50), 1),
            "p90_ms": round(percentile(values, 90), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "max_ms": round(max(values), 1) if values else None,
            "mean_ms": round(statistics.fmean(values), 1) if values else None,
        }
        return {
            "viewers": args.viewers,
            "connected": ready,
            "connect_s": round(connect_s, 2),
            "path": path,
            "group": group,
            "server_workers": args.workers,
            "viewer_processes": args.clients,
            "rate_per_s": args.rate,
            "duration_s": args.duration,
            "via": args.via,
            "payload_bytes": args.payload,
            "publisher": pub,
            "latency": latency,
            "delivery": totals,
            "deliveries_per_s": round(totals["received"] / args.duration, 1),
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
                "window_s": round(args.duration + args.drain, 1),
            },
            "load_average": {"before": load_before, "after": load_after},
        }
    finally:
        procs.stop_all()
        if args.database:
            drop_database(args.database)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(var_dir)], check=False)  # noqa: S603, S607 - our scratch dir


def pid_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def table(result: dict[str, Any]) -> str:
    lat, dlv, mem = result["latency"], result["delivery"], result["server_memory"]
    rows = [
        ("viewers connected / asked", f"{result['connected']} / {result['viewers']}"),
        ("connect failures", str(dlv["connect_failures"])),
        ("server workers / viewer processes", f"{result['server_workers']} / {result['viewer_processes']}"),
        (
            "events published (rate x duration)",
            f"{result['publisher']['published']} ({result['rate_per_s']}/s)",
        ),
        ("deliveries expected / received", f"{dlv['expected']} / {dlv['received']}"),
        ("lost / duplicates", f"{dlv['lost']} / {dlv['duplicates']}"),
        ("closed during run", str(dlv["closed_during_run"])),
        (
            "latency p50 / p90 / p99 / max ms",
            f"{lat['p50_ms']} / {lat['p90_ms']} / {lat['p99_ms']} / {lat['max_ms']}",
        ),
        (
            "publish call p50 / p99 ms",
            f"{result['publisher']['call_ms_p50']} / {result['publisher']['call_ms_p99']}",
        ),
        ("server peak RSS total MB", str(mem["peak_rss_total_mb"])),
        ("server peak RSS per process MB", ", ".join(str(p["peak_rss_mb"]) for p in mem["processes"])),
        ("CPU s server / viewers", f"{result['cpu_s']['server']} / {result['cpu_s']['viewers']}"),
        (
            "load average before / after",
            f"{result['load_average']['before']} / {result['load_average']['after']}",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--room" in argv:
        # Only the room benchmark needs it (and it imports this module): loaded on demand.
        from lingong.bench import live_room

        return live_room.main([a for a in argv if a != "--room"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--viewers", type=int, default=2000, help="WebSocket clients in the group (2000)")
    parser.add_argument("--rate", type=float, default=5.0, help="events published per second (5)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of publishing (30)")
    parser.add_argument("--json", help="write the result here")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (1)")
    parser.add_argument("--clients", type=int, default=2, help="load-generator processes (2)")
    parser.add_argument(
        "--path", default="/ws/screen/markets/{market_id}/", help="WebSocket route ({user_id}, {market_id})"
    )
    parser.add_argument(
        "--group", default="market.{market_id}", help="group the events go to ({user_id}, {market_id})"
    )
    parser.add_argument("--phone", default=DEFAULT_PHONE, help="the demo user every viewer is signed in as")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--no-login", action="store_true", help="no session cookie (a route with a key)")
    parser.add_argument("--via", choices=("deliver", "layer"), default="deliver", help="publishing path")
    parser.add_argument("--payload", type=int, default=200, help="bytes of padding in each event (200)")
    parser.add_argument(
        "--event-type", default="feed", help="the events' type (the screen forwards feed, figures, campaign)"
    )
    parser.add_argument(
        "--database", help="postgres://.../NAME (NAME contains 'bench'); default: SQLite file"
    )
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"REDIS_URL for the run ({DEFAULT_REDIS})")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds between connecting and publishing")
    parser.add_argument("--drain", type=float, default=5.0, help="seconds to wait after the last event")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--uvicorn-arg", action="append", default=[], help="extra uvicorn argument")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (logs)")
    # Roles of the child processes.
    parser.add_argument(
        "--role", choices=("run", "publish", "viewers", "resolve"), default="run", help=argparse.SUPPRESS
    )
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--cookie", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role == "publish":
        return role_publish(args)
    if args.role == "viewers":
        return role_viewers(args)
    if args.role == "resolve":
        return role_resolve(args)

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
