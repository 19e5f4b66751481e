"""Concurrent offer accepts and contract signatures against a real server, with a slow insurer (issue 8).

    python -m lingong.bench.accepts --database postgres://postgres@127.0.0.1:5432/lingong_bench_accepts \\
        --requests 50 --insurer-delay-ms 200 [--mode distinct|same-job] [--repeat 3] --json out.json

Everything goes through the platform's HTTP API, so the script runs unchanged on code whose services are
reorganised. One run:

1. creates the database (its name must contain "bench"; an old one of that name is dropped), migrates it
   and loads the smallest demo market (``manage.py seed``) for the reference data and a market admin;
2. starts uvicorn (``lingong.asgi:application``, ``--server-workers`` processes) and a Huey consumer
   (``manage.py run_huey --workers N``, the queue in a scratch SQLite file as ``scripts/serve`` does), both
   with the insurer ``lingong.bench.slow_insurer.SlowInsuranceProvider`` (it sleeps ``--insurer-delay-ms``)
   and an SMS sender that writes the one-time codes to a file (``lingong.bench.file_sender.FileSender``);
3. over the API: registers and verifies employers, posts insured jobs (approved by the admin), registers
   workers with a complete profile, applies and makes the offers. ``--mode distinct``: N employers, each
   with one job of one place, each offered to its own worker. ``--mode same-job``: one employer, one job with
   N places, N offers;
4. phase **accept**: the N workers accept at once (N threads released by a barrier, each on a connection
   opened beforehand) and per-request latency is measured;
5. waits for each engagement's contract, has the employer sign each first (with a code) and requests the
   worker's code, all untimed;
6. phase **sign**: the N workers sign at once (the second signature completes the contract; the cover is
   bought after it), latency measured; then the database is polled (read-only, every 50 ms) until every
   engagement is insured, which shows whether the insurer delays the request or only the background cover;
7. stops the server and the consumer and drops the database.

The table printed at the end gives, per phase: requests, ok/failed, throughput (ok requests / time from the
first request sent to the last response), p50/p99/max latency and the server's CPU time per request (read
from /proc for the uvicorn processes; unlike latency it does not grow when other programs load the machine);
for the accept phase the time until every contract was rendered, for the sign phase the time until every
engagement was insured. The JSON adds p90, each latency, how the insurer calls overlapped (from the slow
insurer's trace) and what the database sessions waited on during each phase (pg_stat_activity sampled every
20 ms: the queries that waited on a lock, by their first 90 characters).

Paired figures (before/after a change) should be measured back to back under the same machine load: the
script needs only its three files, so it can be copied into a checkout of the older code and run from there.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from lingong.core.validators import make_resident_id, make_uscc

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/lingong
SRC_DIR = PACKAGE_DIR.parent
ROOT_DIR = SRC_DIR.parent
API = "/api/v1"
PASSWORD = "Bench-accepts-2026"  # noqa: S105 - accounts of a scratch database that is dropped afterwards
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "伟芳娜敏静强磊军洋勇"
STARTUP_TIMEOUT = 90.0


class BenchError(RuntimeError):
    pass


# --- Small helpers ------------------------------------------------------------------------------------


def deadline_loop(timeout: float, interval: float, what: str) -> Iterator[int]:
    """Yield until the caller breaks; raise BenchError after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    n = 0
    while True:
        yield n
        n += 1
        if time.monotonic() > end:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def git_commit() -> str:
    try:
        out = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(ROOT_DIR), "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- HTTP ---------------------------------------------------------------------------------------------


class Api:
    def __init__(self, port: int, timeout: float) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.timeout = timeout

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def raw(self, method: str, path: str, token: str | None = None, body: Any = None) -> tuple[int, bytes]:
        conn = self.connection()
        try:
            return send(conn, method, path, token, body)
        finally:
            conn.close()

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        ok: tuple[int, ...] = (200, 201),
    ) -> Any:
        status, data = self.raw(method, path, token, body)
        if status not in ok:
            raise BenchError(f"{method} {path} -> {status}: {data[:400].decode(errors='replace')}")
        return json.loads(data) if data else None


def send(
    conn: http.client.HTTPConnection, method: str, path: str, token: str | None, body: Any
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "User-Agent": "lingong-bench-accepts"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = json.dumps(body).encode() if body is not None else None
    url = path if path == "/healthz" else f"{API}{path}"
    conn.request(method, url, body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


@dataclass
class Timed:
    status: int
    start: float  # wall clock (time.time) when the request was sent
    latency: float  # seconds
    error: str = ""


@dataclass
class Phase:
    name: str
    results: list[Timed] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ok = [r for r in self.results if 200 <= r.status < 300]
        lat = [r.latency * 1000 for r in ok]
        if self.results:
            first = min(r.start for r in self.results)
            last = max(r.start + r.latency for r in self.results)
            wall = last - first
        else:
            wall = float("nan")
        statuses: dict[str, int] = {}
        for r in self.results:
            key = str(r.status) if r.status else "error"
            statuses[key] = statuses.get(key, 0) + 1
        return {
            "requests": len(self.results),
            "ok": len(ok),
            "failed": len(self.results) - len(ok),
            "statuses": statuses,
            "errors": sorted({r.error for r in self.results if r.error})[:5],
            "wall_s": round(wall, 4),
            "throughput_rps": round(len(ok) / wall, 2) if wall > 0 else None,
            "p50_ms": round(percentile(lat, 50), 1),
            "p90_ms": round(percentile(lat, 90), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "max_ms": round(max(lat), 1) if lat else None,
            "min_ms": round(min(lat), 1) if lat else None,
            "latencies_ms": [round(x, 1) for x in lat],
        }


def fire(api: Api, name: str, requests: list[tuple[str, str, str, Any]], timeout: float) -> Phase:
    """Send the requests at once: one thread and one pre-opened connection each, released by a barrier."""
    phase = Phase(name)
    results: list[Timed | None] = [None] * len(requests)
    barrier = threading.Barrier(len(requests) + 1)

    def run(i: int, method: str, path: str, token: str, body: Any) -> None:
        conn = api.connection()
        try:
            conn.connect()
            barrier.wait(timeout=timeout)
            start, t0 = time.time(), time.perf_counter()
            try:
                status, data = send(conn, method, path, token, body)
                error = "" if 200 <= status < 300 else data[:200].decode(errors="replace")
            except (OSError, http.client.HTTPException) as exc:
                status, error = 0, f"{type(exc).__name__}: {exc}"
            results[i] = Timed(status, start, time.perf_counter() - t0, error)
        except threading.BrokenBarrierError:
            results[i] = Timed(0, time.time(), 0.0, "barrier broken")
        finally:
            conn.close()

    threads = [
        threading.Thread(target=run, args=(i, *req), daemon=True, name=f"{name}-{i}")
        for i, req in enumerate(requests)
    ]
    for t in threads:
        t.start()
    barrier.wait(timeout=timeout)
    for t in threads:
        t.join(timeout=timeout + 5)
    phase.results = [r if r is not None else Timed(0, time.time(), timeout, "no result") for r in results]
    return phase


# --- Processes ----------------------------------------------------------------------------------------


class Processes:
    """The server and the consumer, each in its own process group: stopping one stops its children."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        out = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            cmd, cwd=ROOT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        self.started.append((name, proc))
        return proc

    def check(self) -> None:
        for name, proc in self.started:
            if proc.poll() is not None:
                tail = (self.log_dir / f"{name}.log").read_text(errors="replace")[-2000:]
                raise BenchError(f"{name} exited with {proc.returncode}:\n{tail}")

    def cpu_seconds(self) -> dict[str, float]:
        """User + system CPU time so far of each started process group (the server's workers included)."""
        groups = {proc.pid: name for name, proc in self.started}
        totals = dict.fromkeys(groups.values(), 0.0)
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            pgrp = int(fields[2])
            if pgrp in groups:
                totals[groups[pgrp]] += (int(fields[11]) + int(fields[12])) / tick
        return totals

    def stop_all(self, timeout: float = 20.0) -> None:
        for _name, proc in self.started:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in self.started:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=timeout)
        self.started.clear()


def wait_queue_empty(var_dir: Path, timeout: float) -> None:
    """Wait until the Huey queue (SQLite, in the scratch directory) holds no task: a backlog of
    notification deliveries from the preparation would otherwise delay the timed phase's tasks."""
    path = var_dir / "huey.sqlite3"
    for _ in deadline_loop(timeout, 0.1, "the task queue to drain"):
        if not path.exists():
            return
        # The suppress covers a queue whose table is not created yet.
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as conn, contextlib.suppress(sqlite3.Error):
            if conn.execute("SELECT count(*) FROM task").fetchone()[0] == 0:
                return


def manage(args: list[str], env: dict[str, str], timeout: float = 600) -> str:
    out = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, str(ROOT_DIR / "manage.py"), *args],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    return out.stdout


# --- Database -----------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    name = conninfo_to_dict(url).get("dbname") or ""
    if "bench" not in str(name):
        raise BenchError(f"refusing to (re)create database {name!r}: its name must contain 'bench'")
    return str(name)


def create_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def epoch(value: Any) -> float | None:
    return value.timestamp() if isinstance(value, dt.datetime) else None


def engagement_rows(url: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Status and timestamps of the engagements, read straight from the database (one cheap query)."""
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'engagements_engagement'"
        )
        columns = {r[0] for r in cur.fetchall()}
        wanted = [c for c in ("id", "status", "created_at", "signed_at", "insured_at") if c in columns]
        query = sql.SQL("SELECT {} FROM engagements_engagement WHERE id = ANY(%s)").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in wanted)
        )
        rows = conn.execute(query, (ids,)).fetchall()
    return {int(r[0]): dict(zip(wanted, r, strict=True)) for r in rows}


def contract_times(url: str, ids: list[int]) -> dict[int, float | None]:
    """When version 1 of each engagement's contract was created (rendered)."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT engagement_id, min(created_at) FROM contracts_contract"
            " WHERE engagement_id = ANY(%s) GROUP BY engagement_id",
            (ids,),
        ).fetchall()
    return {int(r[0]): epoch(r[1]) for r in rows}


class LockSampler:
    """Samples pg_stat_activity during a timed phase: how many sessions run, and how many wait on a lock.

    Reads only; a query is kept by its first characters so the report shows which row lock they queue on.
    """

    def __init__(self, url: str, interval: float = 0.02) -> None:
        self.url = url
        self.interval = interval
        self.stop = threading.Event()
        self.samples: list[tuple[int, int]] = []
        self.waiting_on: dict[str, int] = {}
        self.thread = threading.Thread(target=self._run, daemon=True, name="lock-sampler")

    def _run(self) -> None:
        name = database_name(self.url)
        with psycopg.connect(make_conninfo(self.url, dbname="postgres"), autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 90)"
                    " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                ).fetchall()
                active = sum(1 for r in rows if r[0] == "active")
                waiting = [r[2] for r in rows if r[1] == "Lock"]
                self.samples.append((active, len(waiting)))
                for query in waiting:
                    self.waiting_on[query] = self.waiting_on.get(query, 0) + 1
                self.stop.wait(self.interval)

    def __enter__(self) -> LockSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)

    def summary(self) -> dict[str, Any]:
        if not self.samples:
            return {"samples": 0}
        top = sorted(self.waiting_on.items(), key=lambda kv: -kv[1])[:3]
        return {
            "samples": len(self.samples),
            "mean_active": round(statistics.mean(a for a, _w in self.samples), 2),
            "mean_waiting_on_lock": round(statistics.mean(w for _a, w in self.samples), 2),
            "max_waiting_on_lock": max(w for _a, w in self.samples),
            "top_waiting_queries": [{"query": q, "samples": c} for q, c in top],
        }


# --- Data through the API -----------------------------------------------------------------------------


@dataclass
class Party:
    phone: str
    token: str


@dataclass
class Offer:
    worker: Party
    employer: Party
    job_id: int
    application_id: int
    engagement_id: int = 0
    contract_id: int = 0
    pdf_sha256: str = ""
    code: str = ""


class Codes:
    """One-time codes from the FileSender's file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.touch()

    def mark(self) -> int:
        return self.path.stat().st_size

    def wait(self, phone: str, offset: int, timeout: float = 15.0) -> str:
        for _ in deadline_loop(timeout, 0.02, f"a one-time code for {phone}"):
            with open(self.path, "rb") as f:
                f.seek(offset)
                lines = f.read().decode().splitlines()
            found = ""
            for line in lines:
                msg = json.loads(line)
                if msg.get("phone") == phone and str(msg.get("template", "")).startswith("otp_"):
                    found = str(msg["params"]["code"])
            if found:
                return found
        raise AssertionError("unreachable")


def admin_login(env: dict[str, str]) -> tuple[str, str]:
    """The demo market admin's phone and password, as the ``demo_logins`` command prints them."""
    table = manage(["demo_logins"], env)
    for line in table.splitlines():
        if line.startswith("市场管理员"):
            match = re.search(r"\b(1\d{10})\s+(\S+)", line)
            if match:
                return match.group(1), match.group(2)
    raise BenchError(f"no market admin in demo_logins output:\n{table}")


def person_name(i: int) -> str:
    return SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i // 100 + i) % 10]


def register_employer(api: Api, admin: str, i: int) -> Party:
    phone = f"1770000{i:04d}"
    body = {
        "phone": phone,
        "password": PASSWORD,
        "enterprise": {
            "name": f"唐山压测第{i + 1}装卸服务有限公司",
            "credit_code": make_uscc(f"91130202MB{i + 1:07d}"),
            "industry": "construction",
            "address": "唐山市路南区建设南路88号",
            "division": "130202",
            "contact_name": person_name(i + 500),
            "contact_phone": phone,
        },
    }
    token = api.call("POST", "/auth/register/employer", body=body)["token"]
    enterprise = api.call("GET", "/employers/me", token)
    api.call("POST", f"/employers/{enterprise['id']}/verify", admin)
    return Party(phone, token)


def post_job(api: Api, admin: str, employer: Party, i: int, places: int) -> int:
    today = dt.date.today()
    body = {
        "title": f"压测仓库装卸工{i + 1}",
        "description": "负责仓库货物装卸、搬运和码放。",
        "occupations": ["loader_driver"],
        "headcount": places,
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "pay_amount": "300",
        "pay_unit": "day",
        "start_date": (today + dt.timedelta(days=2)).isoformat(),
        "end_date": (today + dt.timedelta(days=4)).isoformat(),
        "insurance_required": True,
    }
    job = api.call("POST", "/jobs", employer.token, body)
    if job["status"] != "open":
        job = api.call("POST", f"/jobs/{job['id']}/approve", admin)
    if job["status"] != "open":
        raise BenchError(f"job {job['id']} is {job['status']}, not open")
    return int(job["id"])


def register_worker(api: Api, i: int) -> Party:
    phone = f"1780000{i:04d}"
    token = api.call(
        "POST",
        "/auth/register/worker",
        body={"phone": phone, "password": PASSWORD, "display_name": person_name(i), "consent": True},
    )["token"]
    profile = {
        "real_name": person_name(i),
        "id_number": make_resident_id("130202", dt.date(1985, 1, 1) + dt.timedelta(days=97 * i), i % 1000),
        "home_division": "130202",
        "skills": [{"occupation": "loader_driver", "years": 5}],
        "expected_pay": "300",
        "expected_pay_unit": "day",
    }
    api.call("PUT", "/workers/me", token, profile)
    return Party(phone, token)


def prepare_offers(api: Api, admin: str, n: int, mode: str) -> list[Offer]:
    offers = []
    shared: tuple[Party, int] | None = None
    if mode == "same-job":
        employer = register_employer(api, admin, 0)
        shared = (employer, post_job(api, admin, employer, 0, n))
    for i in range(n):
        if shared is None:
            employer = register_employer(api, admin, i)
            job_id = post_job(api, admin, employer, i, 1)
        else:
            employer, job_id = shared
        worker = register_worker(api, i)
        application = api.call("POST", f"/jobs/{job_id}/apply", worker.token, {"message": ""})
        api.call("POST", f"/jobs/applications/{application['id']}/offer", employer.token, {})
        offers.append(Offer(worker, employer, job_id, int(application["id"])))
    return offers


def find_contracts(api: Api, offers: list[Offer], timeout: float) -> None:
    """Each accepted offer's engagement and its current contract (waits while they are being made)."""
    for offer in offers:
        for _ in deadline_loop(timeout, 0.05, f"the engagement of application {offer.application_id}"):
            items = api.call("GET", "/engagements?page_size=100", offer.worker.token)["items"]
            mine = [e for e in items if e["job_id"] == offer.job_id]
            if mine:
                offer.engagement_id = int(mine[0]["id"])
                break
        for _ in deadline_loop(timeout, 0.05, f"the contract of engagement {offer.engagement_id}"):
            status, data = api.raw(
                "GET", f"/contracts/by-engagement/{offer.engagement_id}", offer.worker.token
            )
            if status == 200:
                contract = json.loads(data)
                offer.contract_id, offer.pdf_sha256 = int(contract["id"]), contract["pdf_sha256"]
                break
            if status != 404:
                raise BenchError(f"contract of engagement {offer.engagement_id}: {status} {data[:300]!r}")


def signing_code(api: Api, codes: Codes, party: Party, contract_id: int) -> str:
    mark = codes.mark()
    api.call("POST", f"/contracts/{contract_id}/signing-code", party.token, {})
    return codes.wait(party.phone, mark)


def prepare_signatures(api: Api, codes: Codes, offers: list[Offer]) -> None:
    """The employer signs first; the worker gets a code for the (timed) second signature."""
    for offer in offers:
        code = signing_code(api, codes, offer.employer, offer.contract_id)
        api.call(
            "POST",
            f"/contracts/{offer.contract_id}/sign",
            offer.employer.token,
            {"code": code, "pdf_sha256": offer.pdf_sha256},
        )
    for offer in offers:
        offer.code = signing_code(api, codes, offer.worker, offer.contract_id)


# --- One run ------------------------------------------------------------------------------------------


def environment(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "HUEY_IMMEDIATE", "DEBUG")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(p for p in (str(SRC_DIR), os.environ.get("PYTHONPATH", "")) if p),
            "DJANGO_SETTINGS_MODULE": "lingong.settings",
            "DATABASE_URL": args.database,
            "LINGONG_ENV": "development",
            "DEBUG": "0",  # DEBUG keeps every SQL query in memory
            "LINGONG_VAR_DIR": str(var_dir),  # the Huey queue (SQLite) lives here
            "LINGONG_LOG_LEVEL": "WARNING",
            "LINGONG_INSURANCE_PROVIDER": "lingong.bench.slow_insurer.SlowInsuranceProvider",
            "LINGONG_BENCH_INSURER_DELAY_MS": str(args.insurer_delay_ms),
            "LINGONG_BENCH_TRACE_FILE": str(var_dir / "trace.jsonl"),
            "LINGONG_SMS_SENDER": "lingong.bench.file_sender.FileSender",
            "LINGONG_BENCH_SMS_FILE": str(var_dir / "sms.jsonl"),
            # The employer of a shared job signs N contracts in a row, each with its own code.
            "LINGONG_OTP_RESEND_SECONDS": "0",
            "LINGONG_OTP_MAX_PER_HOUR": "100",
            "LINGONG_OTP_TTL_SECONDS": "3600",
        }
    )
    return env


def insurer_overlap(trace: Path, since: float) -> dict[str, Any]:
    calls = []
    if trace.exists():
        for line in trace.read_text().splitlines():
            rec = json.loads(line)
            if rec.get("event") == "insurer" and rec["start"] >= since:
                calls.append(rec)
    if not calls:
        return {"calls": 0}
    events = sorted([(c["start"], 1) for c in calls] + [(c["end"], -1) for c in calls])
    running = peak = 0
    for _t, step in events:
        running += step
        peak = max(peak, running)
    first, last = min(c["start"] for c in calls), max(c["end"] for c in calls)
    return {
        "calls": len(calls),
        "processes": len({c["pid"] for c in calls}),
        "max_concurrent": peak,
        "first_call_after_s": round(first - since, 3),
        "last_call_done_after_s": round(last - since, 3),
        "busy_fraction": round(sum(c["end"] - c["start"] for c in calls) / (last - first), 2),
    }


def wait_insured(url: str, offers: list[Offer], since: float, timeout: float) -> dict[str, Any]:
    ids = [o.engagement_id for o in offers]
    seen: dict[int, float] = {}
    rows: dict[int, dict[str, Any]] = {}
    with contextlib.suppress(BenchError):
        for _ in deadline_loop(timeout, 0.05, "every engagement to be insured"):
            rows = engagement_rows(url, ids)
            now = time.time()
            for eid, row in rows.items():
                if row.get("status") == "insured" and eid not in seen:
                    seen[eid] = now
            if len(seen) == len(ids):
                break
    insured_at = [epoch(r.get("insured_at")) for r in rows.values()]
    exact = sorted(t - since for t in insured_at if t is not None)
    observed = sorted(t - since for t in seen.values())
    times = exact if len(exact) == len(seen) else observed
    return {
        "insured": len(seen),
        "of": len(ids),
        "engagement_statuses": sorted({str(r.get("status")) for r in rows.values()}),
        "source": "engagement.insured_at" if times is exact else "observed by polling",
        "first_insured_s": round(times[0], 3) if times else None,
        "median_insured_s": round(statistics.median(times), 3) if times else None,
        "all_insured_s": round(times[-1], 3) if len(times) == len(ids) else None,
    }


def contracts_ready(url: str, offers: list[Offer], since: float) -> dict[str, Any]:
    times = sorted(t - since for t in contract_times(url, [o.engagement_id for o in offers]).values() if t)
    return {
        "contracts": len(times),
        "all_contracts_ready_s": round(times[-1], 3) if times else None,
    }


def cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds the server and the consumer spent during a timed phase (PostgreSQL not included)."""
    return {name: round(after.get(name, 0.0) - spent, 2) for name, spent in before.items()}


def run_once(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    n = args.requests
    var_dir = Path(tempfile.mkdtemp(prefix="lingong-bench-accepts-"))
    env = environment(args, var_dir)
    procs = Processes(var_dir)
    create_database(args.database)
    try:
        log(f"scratch directory {var_dir}; migrating and loading the smallest demo market")
        manage(["migrate", "--noinput"], env)
        # The demo market is built with tasks run inline and the built-in insurer: it is not measured.
        seed_env = {k: v for k, v in env.items() if k != "LINGONG_INSURANCE_PROVIDER"}
        seed_env["HUEY_IMMEDIATE"] = "1"
        manage(
            ["seed", "--stations", "1", "--enterprises", "10", "--workers", "20", "--jobs", "20", "--quiet"],
            seed_env,
        )
        admin_phone, admin_password = admin_login(env)

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
            str(args.server_workers),
            "--log-level",
            "warning",
        ]
        procs.start("server", server_cmd, env)
        procs.start(
            "huey",
            [sys.executable, str(ROOT_DIR / "manage.py"), "run_huey", "--workers", str(args.huey_workers)],
            env,
        )
        api = Api(port, args.timeout)
        for _ in deadline_loop(STARTUP_TIMEOUT, 0.25, "/healthz"):
            procs.check()
            with contextlib.suppress(OSError, http.client.HTTPException):
                if api.raw("GET", "/healthz")[0] == 200:
                    break
        log(f"server up on port {port}; preparing {n} offers ({args.mode}) through the API")
        admin = api.call("POST", "/auth/login", body={"phone": admin_phone, "password": admin_password})[
            "token"
        ]
        offers = prepare_offers(api, admin, n, args.mode)
        codes = Codes(var_dir / "sms.jsonl")
        wait_queue_empty(var_dir, args.timeout)
        time.sleep(args.settle)
        procs.check()

        log("phase accept")
        load_accept = load_average()
        cpu_before = procs.cpu_seconds()
        with LockSampler(args.database) as accept_locks:
            accept = fire(
                api,
                "accept",
                [
                    ("POST", f"/jobs/applications/{o.application_id}/accept", o.worker.token, None)
                    for o in offers
                ],
                args.timeout,
            )
        accept_start = min(r.start for r in accept.results)
        accept_cpu = cpu_delta(cpu_before, procs.cpu_seconds())
        find_contracts(api, offers, args.timeout)
        ready = contracts_ready(args.database, offers, accept_start)
        log("contracts ready; first signatures (employer) and codes for the workers")
        prepare_signatures(api, codes, offers)
        wait_queue_empty(var_dir, args.timeout)
        time.sleep(args.settle)
        procs.check()

        log("phase sign")
        load_sign = load_average()
        cpu_before = procs.cpu_seconds()
        with LockSampler(args.database) as sign_locks:
            sign = fire(
                api,
                "sign",
                [
                    (
                        "POST",
                        f"/contracts/{o.contract_id}/sign",
                        o.worker.token,
                        {"code": o.code, "pdf_sha256": o.pdf_sha256},
                    )
                    for o in offers
                ],
                args.timeout,
            )
        sign_start = min(r.start for r in sign.results)
        sign_cpu = cpu_delta(cpu_before, procs.cpu_seconds())
        insured = wait_insured(args.database, offers, sign_start, args.insure_timeout)
        overlap = insurer_overlap(var_dir / "trace.jsonl", sign_start)
        procs.check()
        return {
            "accept": {
                **accept.summary(),
                **ready,
                "locks": accept_locks.summary(),
                "cpu_s": accept_cpu,
                "server_cpu_ms": round(accept_cpu["server"] * 1000 / n),
                "load_before": load_accept,
            },
            "sign": {
                **sign.summary(),
                **insured,
                "insurer": overlap,
                "locks": sign_locks.summary(),
                "cpu_s": sign_cpu,
                "server_cpu_ms": round(sign_cpu["server"] * 1000 / n),
                "load_before": load_sign,
            },
        }
    except BaseException:
        log(f"failed; the server and consumer logs are kept in {var_dir}")
        raise
    finally:
        procs.stop_all()
        if args.keep_database:
            log(f"kept database {args.database} and {var_dir}")
        else:
            drop_database(args.database)
            if sys.exc_info()[0] is None:
                shutil.rmtree(var_dir, ignore_errors=True)


# --- Report -------------------------------------------------------------------------------------------

COLUMNS = (
    ("requests", "req"),
    ("ok", "ok"),
    ("failed", "fail"),
    ("throughput_rps", "req/s"),
    ("p50_ms", "p50 ms"),
    ("p99_ms", "p99 ms"),
    ("max_ms", "max ms"),
    ("server_cpu_ms", "cpu ms"),  # the server's CPU time per request: unlike latency, not inflated by load
)


def median_of(runs: list[dict[str, Any]], phase: str, key: str) -> Any:
    values = [r[phase].get(key) for r in runs]
    numbers = [v for v in values if isinstance(v, int | float)]
    if len(numbers) != len(values) or not numbers:
        return None
    return round(statistics.median(numbers), 3)


def table(runs: list[dict[str, Any]]) -> str:
    lines = []
    head = f"{'phase':<8} {'run':<6} " + " ".join(f"{label:>8}" for _k, label in COLUMNS)
    head += f" {'all contracts s':>15} {'all insured s':>13}"
    lines.append(head)
    lines.append("-" * len(head))
    labelled = [(str(i + 1), r) for i, r in enumerate(runs)]
    if len(runs) > 1:
        labelled.append(
            (
                "median",
                {
                    p: {
                        k: median_of(runs, p, k)
                        for k in [c[0] for c in COLUMNS] + ["all_contracts_ready_s", "all_insured_s"]
                    }
                    for p in ("accept", "sign")
                },
            )
        )
    for phase in ("accept", "sign"):
        for label, run in labelled:
            s = run[phase]
            cells = " ".join(f"{'' if s.get(k) is None else s.get(k):>8}" for k, _l in COLUMNS)
            extra = s.get("all_contracts_ready_s") if phase == "accept" else None
            insured = s.get("all_insured_s") if phase == "sign" else None
            lines.append(
                f"{phase:<8} {label:<6} {cells} {'' if extra is None else extra:>15} "
                f"{'' if insured is None else insured:>13}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database", required=True, help="postgres://user@host:port/NAME (NAME must contain 'bench')"
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--insurer-delay-ms", type=int, default=200)
    parser.add_argument("--mode", choices=("distinct", "same-job"), default="distinct")
    parser.add_argument("--server-workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument(
        "--huey-workers", type=int, default=1, help="Huey consumer workers (default 1, as scripts/serve)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="independent runs (fresh database each)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120.0, help="per request and per wait, seconds")
    parser.add_argument("--insure-timeout", type=float, default=300.0)
    parser.add_argument("--settle", type=float, default=2.0, help="pause before each timed phase, seconds")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 5000:
        parser.error("--requests must be between 1 and 5000")
    database_name(args.database)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # runs the clean-up: stop the server and the consumer, drop the database

    signal.signal(signal.SIGTERM, on_sigterm)
    commit = git_commit()
    runs = []
    for i in range(args.repeat):
        log(f"run {i + 1}/{args.repeat} (commit {commit}, load {load_average()})")
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result = run_once(args, log)
        result["started_utc"] = started
        runs.append(result)
        log(
            f"accept p99 {result['accept']['p99_ms']} ms, {result['accept']['throughput_rps']} req/s; "
            f"sign p99 {result['sign']['p99_ms']} ms; all insured after {result['sign']['all_insured_s']} s"
        )
    report = {
        "benchmark": "lingong.bench.accepts",
        "commit": commit,
        "mode": args.mode,
        "requests": args.requests,
        "insurer_delay_ms": args.insurer_delay_ms,
        "server_workers": args.server_workers,
        "huey_workers": args.huey_workers,
        "database": "postgresql",
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "runs": runs,
    }
    if args.repeat > 1:
        report["median"] = {
            p: {
                k: median_of(runs, p, k)
                for k in (
                    "throughput_rps",
                    "p50_ms",
                    "p99_ms",
                    "max_ms",
                    "all_contracts_ready_s",
                    "all_insured_s",
                    "server_cpu_ms",
                    "failed",
                )
            }
            for p in ("accept", "sign")
        }
    print(table(runs))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    failed = sum(r[p]["failed"] for r in runs for p in ("accept", "sign"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
