"""``python -m lingong.bench.api`` against a real server process: both mixes run without errors, and the write
mix really applies, accepts and checks in (the rows the server wrote are there afterwards)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password

from lingong import testing as t
from lingong.accounts.models import Role
from lingong.bench import api as bench_api
from lingong.engagements.models import Shift, ShiftStatus
from lingong.jobs.models import Application, ApplicationStatus
from lingong.ops.tests.servers import NEAR_LUNAN, free_port, server_env, start_server, stop
from lingong.workers.models import WorkerProfile


@pytest.fixture
def market(transactional_db: Any) -> dict[str, str]:
    """A market with the three logins the bench uses and one open job near the worker."""
    market = t.make_market()
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    worker = t.make_worker(market, name="江小军")
    employer = t.make_employer(market, admin=admin)
    t.make_job(employer, admin=admin, lat=NEAR_LUNAN[0], lon=NEAR_LUNAN[1])
    for user in (admin, employer, worker.user):  # the server does not know the tests' fast hasher
        user.password = make_password(t.PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
    return {"admin": admin.phone, "employer": employer.phone, "worker": worker.user.phone}


@pytest.fixture
def server(market: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    sms = tmp_path / "sms.jsonl"
    env = server_env(
        tmp_path,
        LINGONG_SMS_SENDER="lingong.bench.file_sender.FileSender",
        LINGONG_BENCH_SMS_FILE=str(sms),
        LINGONG_OTP_RESEND_SECONDS="0",
        LINGONG_OTP_MAX_PER_HOUR="100000",
        HUEY_IMMEDIATE="1",  # contracts are rendered in the request: no task worker here
    )
    port = free_port()
    proc = start_server(port, env, tmp_path / "server.log")
    try:
        yield f"http://127.0.0.1:{port}", sms
    finally:
        stop(proc)


READ_ENDPOINTS = {"job_list", "job_detail", "recommendations", "candidates", "notifications", "worker_home"}


def _bench(args: list[str], market: dict[str, str], out: Path) -> dict[str, Any]:
    logins = ["--worker-phone", market["worker"], "--employer-phone", market["employer"]]
    logins += ["--admin-phone", market["admin"], "--password", t.PASSWORD, "--pause", "0", "--warmup", "1"]
    assert bench_api.main([*args, *logins, "--json", str(out)]) == 0
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_the_write_mix_applies_accepts_and_checks_in(
    server: tuple[str, Path], market: dict[str, str], tmp_path: Path
) -> None:
    base, sms = server
    args = [
        "--base-url",
        base,
        "--mix",
        "write",
        "--sms-file",
        str(sms),
        "--rates",
        "3",
        "--step-seconds",
        "2",
    ]
    result = _bench([*args, "--bench-workers", "3"], market, tmp_path / "write.json")

    assert result["mix"] == "write" and result["endpoints"] == ["apply", "accept", "check_in"]
    (step,) = result["steps"]
    assert step["all"]["errors"] == 0, step
    assert {name: s["count"] for name, s in step["endpoints"].items()} == {
        "apply": 2,
        "accept": 2,
        "check_in": 2,
    }
    # One of each was the warm-up: three of each reached the database.
    bench_applications = Application.objects.filter(job__title__startswith="压测地推报名")
    assert bench_applications.count() == 3
    accepted = Application.objects.filter(
        job__title__startswith="压测地推录用", status=ApplicationStatus.ACCEPTED
    )
    assert accepted.count() == 3
    assert Shift.objects.filter(status=ShiftStatus.CHECKED_IN).count() == 3


def test_the_read_mix_answers_every_endpoint(
    server: tuple[str, Path], market: dict[str, str], tmp_path: Path
) -> None:
    base, _sms = server
    result = _bench(
        ["--base-url", base, "--rates", "6", "--step-seconds", "1"], market, tmp_path / "read.json"
    )

    (step,) = result["steps"]
    assert step["all"]["errors"] == 0, step
    assert set(step["endpoints"]) == READ_ENDPOINTS
    assert all(s["count"] == 1 for s in step["endpoints"].values())


def test_the_read_mix_can_read_as_many_workers_in_turn(
    server: tuple[str, Path], market: dict[str, str], tmp_path: Path
) -> None:
    """``--read-workers 2``: two workers are registered, and the worker's reads come from each in turn."""
    base, _sms = server
    before = set(WorkerProfile.objects.values_list("user__phone", flat=True))
    result = _bench(
        ["--base-url", base, "--rates", "12", "--step-seconds", "1", "--read-workers", "2"],
        market,
        tmp_path / "read.json",
    )

    (step,) = result["steps"]
    assert step["all"]["errors"] == 0, step
    assert all(s["count"] == 2 for s in step["endpoints"].values())
    new = set(WorkerProfile.objects.values_list("user__phone", flat=True)) - before
    assert len(new) == 2


def test_the_read_mix_beside_writes_reports_both_and_the_writes_land(
    server: tuple[str, Path], market: dict[str, str], tmp_path: Path
) -> None:
    """``--writes-per-second 3``: the reads at the step's rate, three writes a second beside them, each
    reported apart (the target is the reads'); the writes reach the database; ``--settle`` waits for an
    empty task queue first."""
    base, sms = server
    args = ["--base-url", base, "--rates", "6", "--step-seconds", "2", "--sms-file", str(sms)]
    args += ["--writes-per-second", "3", "--bench-workers", "3", "--settle", "30"]
    result = _bench(args, market, tmp_path / "mixed.json")

    assert result["mix"] == "read" and result["writes_per_second"] == 3
    assert result["settled_seconds"] is not None
    (step,) = result["steps"]
    assert step["all"]["errors"] == 0 and step["all"]["count"] == 12, step
    assert set(step["endpoints"]) == READ_ENDPOINTS
    writes_step = step["writes"]
    assert writes_step["all"]["errors"] == 0 and writes_step["all"]["count"] == 6, writes_step
    assert {name: w["count"] for name, w in writes_step["endpoints"].items()} == {
        "apply": 2,
        "accept": 2,
        "check_in": 2,
    }
    assert Application.objects.filter(job__title__startswith="压测地推报名").count() == 2
    assert Shift.objects.filter(status=ShiftStatus.CHECKED_IN).count() == 2


def test_each_round_of_the_read_mix_is_the_next_worker() -> None:
    def round_of(who: str) -> list[bench_api.Endpoint]:
        return [bench_api.Endpoint(name, f"/{name}", {"Cookie": who}) for name in ("a", "b", "c")]

    mix = bench_api.ReadMix([round_of("first"), round_of("second")])
    taken = [(mix.take(i).name, mix.take(i).headers["Cookie"]) for i in range(7)]
    assert taken == [
        ("a", "first"), ("b", "first"), ("c", "first"),
        ("a", "second"), ("b", "second"), ("c", "second"),
        ("a", "first"),
    ]  # fmt: skip
