"""The write mix of ``lingong.bench.api``: applications, accepted offers and check-ins, prepared over the API.

Every timed write changes state once (an application can be made once, an offer accepted once, a shift
checked into once), so each request of the mix needs its own prepared item. Before the first step, untimed
and only through the platform's HTTP API:

* ``--bench-workers`` workers register (phones ``179`` + a random run number + their index) with a complete
  profile for the bench's occupation;
* the demo employer posts three groups of jobs (approved by the demo market admin), each with one place per
  bench worker and no certificate asked: the *apply* jobs (the timed request is the application), the
  *accept* jobs (each worker has applied and been offered the place; the timed request accepts it) and the
  *check-in* jobs, whose one three-hour shift starts 40-45 minutes after the preparation (check-in opens
  two hours before a shift; each worker has applied, been offered, accepted, and both sides have signed the
  contract with one-time codes; the timed request checks in at the site);
* the one-time signing codes are read back from the file the server's SMS sender writes, so the server must
  run with the bench's file sender and no resend wait, e.g.::

      LINGONG_SMS_SENDER=lingong.bench.file_sender.FileSender LINGONG_BENCH_SMS_FILE=/tmp/bench-sms.jsonl \\
      LINGONG_OTP_RESEND_SECONDS=0 LINGONG_OTP_MAX_PER_HOUR=100000 LINGONG_OTP_TTL_SECONDS=3600 \\
      ./scripts/serve --prod

The mix then sends apply, accept and check-in in turn, each from its own pool. The bench's jobs and
workers stay in the database (they are ordinary rows): run it against a benchmark database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from lingong.bench.accepts import Codes, deadline_loop
from lingong.core.validators import make_resident_id

API = "/api/v1"
MARKET_TZ = ZoneInfo("Asia/Shanghai")
OCCUPATION = "ground_promoter"  # 地推员: no certificate and no insurance by default, paid by the day
SITE = {"address": "唐山市路南区新华东道100号", "division": "130202", "lat": 39.6250, "lon": 118.2000}
WRITE_KINDS = ("apply", "accept", "check_in")
FIRST_SHIFT_AFTER = dt.timedelta(minutes=40)  # check-in opens two hours before a shift starts
SHIFT_LENGTH = dt.timedelta(hours=3)


class WriteMixError(RuntimeError):
    pass


@dataclass
class Write:
    """One prepared write: its path, body and the token that may send it."""

    kind: str
    path: str
    token: str
    body: dict[str, Any] = field(default_factory=dict)


class Client:
    """JSON over HTTP for the untimed preparation of both mixes (logins, fixtures)."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def call(
        self, method: str, path: str, token: str = "", body: Any = None, ok: Iterable[int] = (200, 201)
    ) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + API + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 - the server under test
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        if status not in tuple(ok):
            raise WriteMixError(f"{method} {path} -> {status}: {raw[:400].decode(errors='replace')}")
        return json.loads(raw) if raw else None

    def login(self, phone: str, password: str) -> str:
        token: str = self.call("POST", "/auth/login", body={"phone": phone, "password": password})["token"]
        return token


@dataclass
class Cast:
    admin: str
    employer: str
    employer_phone: str
    workers: list[tuple[str, str]]  # (phone, token)


def check_in_window(now: dt.datetime) -> tuple[dt.date, dt.time, dt.time]:
    """The check-in jobs' one shift: starts 40-45 minutes from now (on a 5-minute mark), lasts three hours
    (past midnight if need be: shifts may run overnight)."""
    start = now.astimezone(MARKET_TZ) + FIRST_SHIFT_AFTER
    start = start.replace(second=0, microsecond=0) + dt.timedelta(minutes=(5 - start.minute % 5) % 5)
    return start.date(), start.time(), (start + SHIFT_LENGTH).time()


def register_workers(client: Client, count: int, run: int, password: str) -> list[tuple[str, str]]:
    workers = []
    for i in range(count):
        phone = f"179{run:04d}{i:04d}"
        body = {"phone": phone, "password": password, "display_name": f"压测工{i + 1}", "consent": True}
        token: str = client.call("POST", "/auth/register/worker", body=body)["token"]
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=(run * 37 + i * 11) % 9000)
        profile = {
            "real_name": f"压测工{i + 1}",
            "id_number": make_resident_id("130202", birth, (run + i) % 1000),
            "home_division": SITE["division"],
            "skills": [{"occupation": OCCUPATION, "years": 2}],
            "expected_pay": "200",
            "expected_pay_unit": "day",
        }
        client.call("PUT", "/workers/me", token, profile)
        workers.append((phone, token))
    return workers


def post_job(client: Client, cast: Cast, title: str, day: dt.date, times: tuple[dt.time, dt.time]) -> int:
    start, end = times
    body = {
        "title": title,
        "description": "商场门口发放宣传单页，引导顾客扫码关注。",
        "occupations": [OCCUPATION],
        "headcount": len(cast.workers),
        **SITE,
        "pay_amount": "200",
        "pay_unit": "day",
        "start_date": day.isoformat(),
        "end_date": day.isoformat(),
        "daily_start_time": start.strftime("%H:%M"),
        "daily_end_time": end.strftime("%H:%M"),
        "daily_hours": "3",
        "insurance_required": False,
    }
    job = client.call("POST", "/jobs", cast.employer, body)
    if job["status"] != "open":
        job = client.call("POST", f"/jobs/{job['id']}/approve", cast.admin)
    if job["status"] != "open":
        raise WriteMixError(f"job {job['id']} is {job['status']}, not open")
    return int(job["id"])


def offer_each(client: Client, cast: Cast, job_id: int) -> list[tuple[str, str, int]]:
    """Every bench worker applies and is offered the job: (worker phone, token, application id)."""
    offered = []
    for phone, token in cast.workers:
        application = client.call("POST", f"/jobs/{job_id}/apply", token, {"message": ""})
        client.call("POST", f"/jobs/applications/{application['id']}/offer", cast.employer, {})
        offered.append((phone, token, int(application["id"])))
    return offered


def engagement_of(client: Client, token: str, job_id: int) -> int:
    for _ in deadline_loop(60, 0.05, f"the engagement of job {job_id}"):
        items = client.call("GET", "/engagements?page_size=100", token)["items"]
        mine = [e["id"] for e in items if e["job_id"] == job_id]
        if mine:
            return int(mine[0])
    raise AssertionError("unreachable")


def current_contract(client: Client, token: str, engagement_id: int) -> tuple[int, str]:
    for _ in deadline_loop(120, 0.1, f"the contract of engagement {engagement_id}"):
        contract = client.call("GET", f"/contracts/by-engagement/{engagement_id}", token, ok=(200, 404))
        if contract and "id" in contract:
            return int(contract["id"]), str(contract["pdf_sha256"])
    raise AssertionError("unreachable")


def sign(client: Client, codes: Codes, phone: str, token: str, contract: tuple[int, str]) -> None:
    contract_id, sha = contract
    mark = codes.mark()
    client.call("POST", f"/contracts/{contract_id}/signing-code", token, {})
    code = codes.wait(phone, mark)
    client.call("POST", f"/contracts/{contract_id}/sign", token, {"code": code, "pdf_sha256": sha})


def ready_shift_today(client: Client, token: str, engagement_id: int, today: dt.date) -> int:
    """Today's shift, once the engagement may start (signed, and insured where the job asks for cover)."""
    for _ in deadline_loop(120, 0.1, f"engagement {engagement_id} to be ready for work"):
        detail = client.call("GET", f"/engagements/{engagement_id}", token)
        ready = detail["status"] == "insured" or (
            detail["status"] == "signed" and not detail.get("insurance_required", False)
        )
        if ready:
            shifts = [s["id"] for s in detail["shifts"] if s["date"] == today.isoformat()]
            if not shifts:
                raise WriteMixError(f"engagement {engagement_id} has no shift on {today}")
            return int(shifts[0])
    raise AssertionError("unreachable")


def signed_for_today(client: Client, cast: Cast, codes: Codes, job_id: int, today: dt.date) -> list[Write]:
    """Every bench worker holds a signed engagement of the job: one check-in each."""
    writes = []
    for phone, token, application_id in offer_each(client, cast, job_id):
        client.call("POST", f"/jobs/applications/{application_id}/accept", token, {})
        engagement_id = engagement_of(client, token, job_id)
        contract = current_contract(client, token, engagement_id)
        sign(client, codes, cast.employer_phone, cast.employer, contract)
        sign(client, codes, phone, token, contract)
        shift_id = ready_shift_today(client, token, engagement_id, today)
        position = {"lat": SITE["lat"], "lon": SITE["lon"]}
        writes.append(Write("check_in", f"/engagements/shifts/{shift_id}/check-in", token, position))
    return writes


@dataclass
class WriteLogins:
    admin_phone: str
    employer_phone: str
    password: str


def prepare(
    base: str,
    per_kind: int,
    logins: WriteLogins,
    sms_file: Path,
    workers: int = 20,
    log: Callable[[str], None] = print,
) -> dict[str, deque[Write]]:
    """Pools of at least ``per_kind`` prepared writes of each kind (see the module's docstring)."""
    client = Client(base)
    now = dt.datetime.now(MARKET_TZ)
    shift_day, *shift_times = check_in_window(now)
    codes = Codes(sms_file)
    run = random.randrange(10000)  # noqa: S311 - a phone-number range for this run, not a secret
    count = max(1, min(workers, per_kind))
    cast = Cast(
        admin=client.login(logins.admin_phone, logins.password),
        employer=client.login(logins.employer_phone, logins.password),
        employer_phone=logins.employer_phone,
        workers=[],
    )
    cast.workers = register_workers(client, count, run, logins.password + "-bench")
    jobs_per_kind = math.ceil(per_kind / count)
    log(f"write mix: {count} workers, {jobs_per_kind} jobs of each kind, {count * jobs_per_kind} writes each")
    tomorrow, day_times = now.date() + dt.timedelta(days=1), (dt.time(8, 0), dt.time(11, 0))
    by_job: dict[str, list[list[Write]]] = {kind: [] for kind in WRITE_KINDS}
    for j in range(jobs_per_kind):
        job_id = post_job(client, cast, f"压测地推报名{run}-{j + 1}", tomorrow, day_times)
        by_job["apply"].append(
            [Write("apply", f"/jobs/{job_id}/apply", t, {"message": ""}) for _p, t in cast.workers]
        )
        job_id = post_job(client, cast, f"压测地推录用{run}-{j + 1}", tomorrow, day_times)
        by_job["accept"].append(
            [
                Write("accept", f"/jobs/applications/{a}/accept", t)
                for _p, t, a in offer_each(client, cast, job_id)
            ]
        )
        job_id = post_job(
            client, cast, f"压测地推签到{run}-{j + 1}", shift_day, (shift_times[0], shift_times[1])
        )
        by_job["check_in"].append(signed_for_today(client, cast, codes, job_id, shift_day))
        log(f"write mix: prepared {j + 1}/{jobs_per_kind}")
    # Consecutive writes of a kind go to different jobs, as many people's would (one job's row lock
    # serialises the writes to it).
    return {kind: deque(interleave(lists)) for kind, lists in by_job.items()}


def interleave(lists: list[list[Write]]) -> list[Write]:
    return [w for row in itertools.zip_longest(*lists) for w in row if w is not None]
