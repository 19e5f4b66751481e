"""Open-loop load on a running server: ``python -m lingong.bench.api --json PATH [--base-url URL]``.

Requests ARRIVE at a fixed rate (as from many people with think time), whether or not earlier ones have
been answered: request i is due at start + i / rate, and its latency is counted from that moment, so a
server that falls behind shows its queue in the latency instead of slowing the load down (no coordinated
omission). The rate steps up (``--rates``, ``--step-seconds`` each); per step and endpoint it reports p50,
p99 and errors, and finally the highest rate whose read mix kept p99 <= 100 ms with no error:

    {"steps": [{"rate": 50, "sent": 500, "all": {...}, "endpoints": {"job_list": {...}, ...}}, ...],
     "max_rate_within_target": 50, ...}

The read mix, in equal parts: the job list with filters (occupation and district), a job's detail, a
worker's recommendations, an employer's candidates for one of its jobs, a worker's notifications and the
worker's home page (``/jobs/``, where ``/`` sends a signed-in worker). It logs in as the demo logins
(``manage.py demo_logins``; password Lingong2026), so run it against a server with the demo market,
e.g. ``./scripts/serve --prod`` (docs/benchmarks.md, issue 15). With ``--read-workers N`` the worker's
reads come from N workers it registers first (each its own token and session, in turn), so nothing a
server keeps per worker is reused more often than N people would reuse it.

The write mix (``--mix write --sms-file PATH``), in equal parts: a worker applies for a job, a worker
accepts an offer, a worker checks in to a shift at its site. Each request changes state once, so each has
its own item, prepared over the API before the first step (``lingong.bench.writes``: bench workers, jobs of
the demo employer, offers, contracts signed with one-time codes read from the server's file sender). Its
steps report the same figures; its target figure is computed the same way, for reference.

Reads beside writes (``--mix read --writes-per-second W --sms-file PATH``): the read mix at each step's
rate while the write mix runs at W requests a second throughout; the step's figures and the target are the
reads', the writes' are reported beside them (``"writes"`` in each step). ``--settle SECONDS`` waits, after
the preparation and the warm-up, until the server's task queue is empty (``/readyz``), at most that long:
the write mix's preparation queues contracts and messages that would otherwise still be running (and
taking a core) during the first steps.

The floor (``--mix floor``), in equal parts: ``/healthz`` (no database, no session) and the signed-in
worker's ``/api/v1/auth/me`` (a token and one user read): the cheapest answers the server gives, so their
highest rate within the target bounds what any read mix can reach on the same machine and topology.

The client is a small asyncio HTTP/1.1 client with keep-alive connections (standard library only; at
several hundred requests a second a thread per request would take the CPU the server needs).
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import math
import os
import re
import statistics
import time
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lingong.bench import writes
from lingong.bench.accepts import git_commit, load_average, percentile

TARGET_P99_MS = 100.0
WORKER_PHONE, EMPLOYER_PHONE, ADMIN_PHONE = "13800000006", "13800000004", "13800000001"
PASSWORD = "Lingong2026"  # noqa: S105 - the demo logins' published password
DEFAULT_RATES = {
    "read": "10,25,50,100,150,200,300,400,500,600",
    "write": "5,10,20,30,40",
    "floor": "50,100,200,300,400,500,600,800",
}


@dataclass
class Endpoint:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def request(self, host: str, endpoint: Endpoint) -> int:
        head = f"{endpoint.method} {endpoint.path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in endpoint.headers.items())
        if endpoint.body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(endpoint.body)}\r\n"
        self.writer.write((head + "\r\n").encode() + (endpoint.body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            while (size := int((await self.reader.readline()).strip() or b"0", 16)) > 0:
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        elif length:
            await self.reader.readexactly(length)
        if close:
            raise ConnectionResetError("server closed the connection")
        return status


class Pool:
    def __init__(self, host: str, port: int, limit: int) -> None:
        self.host, self.port = host, port
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(limit)

    async def request(self, endpoint: Endpoint) -> int:
        async with self.slots:
            reused = self.idle.pop() if self.idle else None
            if reused is not None:
                try:
                    return await self._send(reused, endpoint)
                except (ConnectionError, asyncio.IncompleteReadError):
                    pass  # the server closed an idle connection as we reused it: a browser retries too
            fresh = Connection(*await asyncio.open_connection(self.host, self.port))
            return await self._send(fresh, endpoint)

    async def _send(self, conn: Connection, endpoint: Endpoint) -> int:
        try:
            status = await conn.request(f"{self.host}:{self.port}", endpoint)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            conn.writer.close()
            raise
        self.idle.append(conn)
        return status


def _session_cookie(base: str, phone: str, password: str) -> str:
    """Log in through the login page (CSRF cookie and token, then the form) and return the cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "phone": phone, "password": password}
    ).encode()
    url = base + "/accounts/login/"
    login = urllib.request.Request(url, data=form, headers={"Referer": base + "/"})  # noqa: S310
    with opener.open(login, timeout=30):
        pass
    pairs = {c.name: c.value for c in jar}
    assert "sessionid" in pairs, "login failed"
    return "; ".join(f"{k}={v}" for k, v in pairs.items())


def read_mix(base: str, logins: Logins, read_workers: int = 0) -> ReadMix:
    """The six reads; the worker's five as the demo worker, or in turn as ``read_workers`` new workers."""
    client = writes.Client(base)
    worker = client.login(logins.worker_phone, logins.password)
    boss = client.login(logins.employer_phone, logins.password)
    jobs = client.call("GET", "/jobs?page_size=20", worker)["items"]
    assert jobs, "the server has no open jobs: seed the demo market first"
    job = jobs[0]
    boss_jobs = [
        j for j in client.call("GET", "/jobs/mine?page_size=50", boss)["items"] if j["status"] == "open"
    ]
    assert boss_jobs, "the demo employer has no open job"
    candidate_job = boss_jobs[0]["id"]
    if read_workers > 0:
        run = int(time.time()) % 10000
        registered = writes.register_workers(client, read_workers, run, logins.password)
        people = [(token, _session_cookie(base, phone, logins.password)) for phone, token in registered]
    else:
        people = [(worker, _session_cookie(base, logins.worker_phone, logins.password))]
    as_boss = {"Authorization": f"Bearer {boss}"}
    occupation = urllib.parse.quote(job["occupations"][0]["code"])
    division = urllib.parse.quote(job["division"][:6])  # the job's district
    rounds = []
    for token, cookie in people:
        as_worker = {"Authorization": f"Bearer {token}"}
        rounds.append(
            [
                Endpoint(
                    "job_list",
                    f"/api/v1/jobs?occupation={occupation}&division={division}&page_size=20",
                    as_worker,
                ),
                Endpoint("job_detail", f"/api/v1/jobs/{job['id']}", as_worker),
                Endpoint("recommendations", "/api/v1/jobs/recommended?limit=20", as_worker),
                Endpoint("candidates", f"/api/v1/jobs/{candidate_job}/candidates?limit=20", as_boss),
                Endpoint("notifications", "/api/v1/notifications?page_size=20", as_worker),
                # "/" sends a signed-in worker here: the job list page with the to-do card, the picks for
                # them and the certificate panel (measured at its destination, not as the redirect).
                Endpoint("worker_home", "/jobs/", {"Cookie": cookie}),
            ]
        )
    return ReadMix(rounds)


def floor_mix(base: str, logins: Logins) -> ReadMix:
    """The server's cheapest answers: liveness (no database) and the signed-in user (one read)."""
    token = writes.Client(base).login(logins.worker_phone, logins.password)
    me = Endpoint("me", "/api/v1/auth/me", {"Authorization": f"Bearer {token}"})
    return ReadMix([[Endpoint("healthz", "/healthz"), me]], kind="floor")


class ReadMix:
    """The same reads in turn, each round of them as the next worker."""

    def __init__(self, rounds: list[list[Endpoint]], kind: str = "read") -> None:
        self.kind = kind
        self.rounds = rounds
        self.names = [e.name for e in rounds[0]]

    def take(self, i: int) -> Endpoint:
        parts = len(self.names)
        return self.rounds[(i // parts) % len(self.rounds)][i % parts]


class WriteMix:
    """Apply, accept and check-in in turn, each request a prepared write of its own (``bench.writes``)."""

    kind = "write"
    names = list(writes.WRITE_KINDS)

    def __init__(self, pools: dict[str, deque[writes.Write]]) -> None:
        self.pools = pools

    def take(self, i: int) -> Endpoint:
        kind = self.names[i % len(self.names)]
        if not self.pools[kind]:
            raise writes.WriteMixError(f"no prepared {kind} left: prepare more (--write-pool)")
        w = self.pools[kind].popleft()
        headers = {"Authorization": f"Bearer {w.token}"}
        return Endpoint(kind, writes.API + w.path, headers, "POST", json.dumps(w.body).encode())


Mix = ReadMix | WriteMix


@dataclass(frozen=True)
class Logins:
    worker_phone: str = WORKER_PHONE
    employer_phone: str = EMPLOYER_PHONE
    admin_phone: str = ADMIN_PHONE
    password: str = PASSWORD


def summarise(samples: list[tuple[float, int]]) -> dict[str, Any]:
    """Latency percentiles and errors; a status of 0 is a connection failure or a timeout."""
    latencies = sorted(ms for ms, _status in samples)
    failed = [status for _ms, status in samples if not 0 < status < 400]
    return {
        "count": len(samples),
        "errors": len(failed),
        "error_statuses": {str(code): failed.count(code) for code in sorted(set(failed))},
        "p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


async def run_step(
    pool: Pool,
    mix: Mix,
    rate: float,
    seconds: float,
    timeout: float,
    beside: tuple[WriteMix, float] | None = None,
) -> dict[str, Any]:
    """One step of ``mix`` at ``rate``; with ``beside`` (a write mix and its rate), those writes arrive at
    their own fixed rate during the same seconds and are reported apart (``"writes"``)."""
    total = int(rate * seconds)
    plan = [mix.take(i) for i in range(total)]  # before the clock starts: a write mix pops its pools
    writes_mix, write_rate = beside if beside is not None else (None, 0.0)
    write_plan = [writes_mix.take(i) for i in range(int(write_rate * seconds))] if writes_mix else []
    by_endpoint: dict[str, list[tuple[float, int]]] = {name: [] for name in mix.names}
    by_write: dict[str, list[tuple[float, int]]] = {name: [] for name in WriteMix.names}
    start = time.perf_counter() + 0.05

    async def one(due: float, endpoint: Endpoint, into: dict[str, list[tuple[float, int]]]) -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        try:
            status = await asyncio.wait_for(pool.request(endpoint), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = 0  # no answer: refused, reset or timed out
        into[endpoint.name].append(((time.perf_counter() - due) * 1000, status))

    await asyncio.gather(
        *(one(start + i / rate, plan[i], by_endpoint) for i in range(total)),
        *(one(start + i / write_rate, e, by_write) for i, e in enumerate(write_plan)),
    )
    elapsed = time.perf_counter() - start
    everything = [s for samples in by_endpoint.values() for s in samples]
    step: dict[str, Any] = {
        "rate": rate,
        "seconds": seconds,
        "sent": total,
        "achieved_rate": round(total / elapsed, 1),
        "all": summarise(everything),
        "endpoints": {name: summarise(samples) for name, samples in by_endpoint.items()},
    }
    if write_plan:
        written = [s for samples in by_write.values() for s in samples]
        step["writes"] = {
            "rate": write_rate,
            "sent": len(write_plan),
            "all": summarise(written),
            "endpoints": {name: summarise(samples) for name, samples in by_write.items()},
        }
    return step


def settle(base: str, seconds: float) -> float:
    """Wait until the server's task queue is empty (``/readyz``), at most ``seconds``; the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=10) as response:  # noqa: S310
                pending = json.load(response)["checks"]["task_queue"].get("pending")
        except (OSError, ValueError, KeyError):
            pending = None
        if pending == 0:
            break
        time.sleep(1.0)
    return round(time.monotonic() - started, 1)


def write_mix(base: str, logins: Logins, args: argparse.Namespace, rates: list[float]) -> WriteMix:
    if args.sms_file is None:
        raise SystemExit(
            "--mix write and --writes-per-second need --sms-file: the file the server's SMS sender writes"
            " (bench.writes)"
        )
    needed = sum(int(rate * args.step_seconds) for rate in rates) + args.warmup * len(writes.WRITE_KINDS)
    per_kind = args.write_pool or math.ceil(needed / len(writes.WRITE_KINDS))
    write_logins = writes.WriteLogins(logins.admin_phone, logins.employer_phone, logins.password)
    return WriteMix(writes.prepare(base, per_kind, write_logins, args.sms_file, workers=args.bench_workers))


def within_target(step: dict[str, Any]) -> bool:
    overall = step["all"]
    return overall["errors"] == 0 and overall["p99_ms"] is not None and overall["p99_ms"] <= TARGET_P99_MS


async def run(args: argparse.Namespace) -> dict[str, Any]:
    base = args.base_url.rstrip("/")
    parsed = urllib.parse.urlsplit(base)
    logins = Logins(args.worker_phone, args.employer_phone, args.admin_phone, args.password)
    rates = [float(r) for r in (args.rates or DEFAULT_RATES[args.mix]).split(",")]
    mix: Mix
    beside: tuple[WriteMix, float] | None = None
    if args.mix == "read":
        mix = read_mix(base, logins, args.read_workers)
        if args.writes_per_second:
            # Prepared for every step at the write rate (the warm-up takes none of them).
            prepared = write_mix(base, logins, args, [args.writes_per_second] * len(rates))
            beside = (prepared, args.writes_per_second)
    elif args.mix == "floor":
        mix = floor_mix(base, logins)
    else:
        mix = write_mix(base, logins, args, rates)
    pool = Pool(parsed.hostname or "127.0.0.1", parsed.port or 80, args.connections)
    for i in range(
        args.warmup * len(mix.names)
    ):  # warm: every process builds its matching index on first use
        await pool.request(mix.take(i))
    settled = settle(base, args.settle) if args.settle else None
    if settled is not None:
        print(f"task queue settled after {settled} s", flush=True)
    steps: list[dict[str, Any]] = []
    for rate in rates:
        step = await run_step(pool, mix, rate, args.step_seconds, args.timeout, beside)
        steps.append(step)
        a = step["all"]
        line = (
            f"rate {rate:>6.0f}/s  achieved {step['achieved_rate']:>6.1f}/s  p50 {a['p50_ms']:>7.1f} ms  "
            f"p99 {a['p99_ms']:>8.1f} ms  errors {a['errors']}"
        )
        if "writes" in step:
            w, w_rate = step["writes"]["all"], step["writes"]["rate"]
            line += f"  | writes {w_rate:.0f}/s p50 {w['p50_ms']} p99 {w['p99_ms']} errors {w['errors']}"
        print(line, flush=True)
        if a["errors"] > a["count"] * 0.05 or (a["p99_ms"] or 0) > 10 * TARGET_P99_MS:
            break  # far past the target: more load only queues
        await asyncio.sleep(args.pause)
    passing = [s["rate"] for s in steps if within_target(s)]
    return {
        "server": base,
        "mix": mix.kind,
        "writes_per_second": beside[1] if beside else 0,
        "settled_seconds": settled,
        "endpoints": mix.names,
        "target": {"p99_ms": TARGET_P99_MS, "errors": 0},
        "steps": steps,
        "max_rate_within_target": max(passing) if passing else 0,
        "commit": git_commit(),
        "load_average_after": load_average(),
        "cpus": os.cpu_count(),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lingong.bench.api", description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:8000", help="the running server (default :8000)")
    ap.add_argument("--json", type=Path, help="write the result here")
    ap.add_argument(
        "--mix", choices=("read", "write", "floor"), default="read", help="which mix (default read)"
    )
    ap.add_argument("--rates", help=f"requests/s per step (default {DEFAULT_RATES})")
    ap.add_argument("--step-seconds", type=float, default=10.0, help="length of each step (default 10)")
    ap.add_argument(
        "--connections", type=int, default=256, help="most connections open at once (default 256)"
    )
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a request counts as failed")
    ap.add_argument(
        "--warmup", type=int, default=3, help="requests per endpoint before measuring (default 3)"
    )
    ap.add_argument("--pause", type=float, default=2.0, help="seconds between steps (default 2)")
    ap.add_argument("--sms-file", type=Path, help="write mix: the server's FileSender file (bench.writes)")
    ap.add_argument("--write-pool", type=int, default=0, help="write mix: writes to prepare of each kind")
    ap.add_argument("--bench-workers", type=int, default=20, help="write mix: workers to register (20)")
    ap.add_argument(
        "--writes-per-second",
        type=float,
        default=0.0,
        help="read mix: run the write mix at this rate beside it, at every step (needs --sms-file)",
    )
    ap.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="after preparing and warming up, wait at most this long for the task queue to empty",
    )
    ap.add_argument(
        "--read-workers",
        type=int,
        default=0,
        help="read mix: register this many workers and read as each in turn",
    )
    ap.add_argument("--worker-phone", default=WORKER_PHONE, help="a worker's login (the demo's)")
    ap.add_argument("--employer-phone", default=EMPLOYER_PHONE, help="an employer's login (the demo's)")
    ap.add_argument("--admin-phone", default=ADMIN_PHONE, help="the market admin's login (the demo's)")
    ap.add_argument("--password", default=PASSWORD, help="the password of those logins")
    args = ap.parse_args(argv)
    result = asyncio.run(run(args))
    print(f"max_rate_within_target: {result['max_rate_within_target']} requests/s (p99 <= 100 ms, no errors)")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
