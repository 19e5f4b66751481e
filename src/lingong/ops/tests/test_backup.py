"""Backup and restore (issue 15): ``manage.py backup`` then ``manage.py restore`` into an empty database
gives a database whose audit chains verify and which a server serves with the same jobs and pages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from lingong.audit.models import AuditEntry
from lingong.ops.tests.servers import (
    ROOT,
    empty_database,
    free_port,
    open_job,
    request,
    server_env,
    small_market,
    start_server,
    stop,
)


def _restore(env: dict[str, str], path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "restore", str(path), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _without_urls(page: dict[str, Any]) -> dict[str, Any]:
    return {**page, "items": [{k: v for k, v in item.items() if k != "url"} for item in page["items"]]}


@pytest.fixture
def empty_target(transactional_db: Any, tmp_path: Path) -> Iterator[str]:
    """An empty database beside the test database, of the same kind."""
    with empty_database(tmp_path, "restore") as url:
        yield url


def test_a_restored_database_verifies_its_audit_chain_and_serves_the_same_pages(
    empty_target: str, tmp_path: Path
) -> None:
    job = open_job(small_market(), title="叉车司机2名（备份恢复测试）")
    entries = AuditEntry.objects.count()
    assert entries > 0
    client = Client()
    before = client.get("/api/v1/jobs").json()
    assert [item["id"] for item in before["items"]] == [job.pk]

    path = tmp_path / "lingong.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    env = server_env(tmp_path, DATABASE_URL=empty_target)
    done = _restore(env, path)
    assert done.returncode == 0, done.stderr
    assert f"Audit chains intact: 1 chains, {entries} entries." in done.stdout

    port = free_port()
    server = start_server(port, env, tmp_path / "restored-server.log")
    try:
        status, after, _ = request(port, "GET", "/api/v1/jobs")
        assert status == 200
        assert _without_urls(after) == _without_urls(before)  # the same jobs; only the host of links differs
        status, page, _ = request(port, "GET", "/jobs/")
        assert status == 200 and "叉车司机2名（备份恢复测试）" in page
        assert client.get("/jobs/").content.decode().count(job.title) == page.count(job.title)
    finally:
        stop(server)

    # A database with data is not overwritten by mistake.
    again = _restore(env, path)
    assert again.returncode != 0 and "--replace" in again.stderr


def test_restore_refuses_a_missing_file(db: Any, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a file"):
        call_command("restore", str(tmp_path / "nothing.backup"), "--replace")
